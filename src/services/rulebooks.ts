// The active rulebook (settings table, key ACTIVE_RULEBOOK_KEY) and a cache of loaded rulebooks:
// the JSON is read and validated once per id per process.
import { DEFAULT_RULEBOOK_ID, listRulebookIds, loadRulebook } from '../rulebooks/loader.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { Store, Trx } from '../store/index.js';

export const ACTIVE_RULEBOOK_KEY = 'activeRulebookId';

const cache = new Map<string, Rulebook>();

export function rulebookById(id: string): Rulebook {
  let rb = cache.get(id);
  if (rb === undefined) {
    rb = loadRulebook(id);
    cache.set(id, rb);
  }
  return rb;
}

/** The rulebook a stored run names, or null when its file is gone (labels then fall back to codes). */
export function tryRulebookById(id: string): Rulebook | null {
  try {
    return rulebookById(id);
  } catch {
    return null;
  }
}

export function availableRulebooks(): Rulebook[] {
  return listRulebookIds().map(rulebookById);
}

export async function activeRulebookId(store: Store, trx?: Trx): Promise<string> {
  return (await store.settings.get(ACTIVE_RULEBOOK_KEY, trx === undefined ? {} : { trx })) ?? DEFAULT_RULEBOOK_ID;
}

export async function activeRulebook(store: Store, trx?: Trx): Promise<Rulebook> {
  return rulebookById(await activeRulebookId(store, trx));
}

/** Class code -> label under a rulebook, with the out-of-scope label. */
export function classLabeler(rb: Rulebook | null): (code: string | null) => string | null {
  const labels = new Map<string, string>((rb?.classes ?? []).map((c) => [c.code, c.label]));
  labels.set('out-of-scope', '不在筛查范围');
  return (code) => (code === null ? null : (labels.get(code) ?? code));
}
