// Use case: the county office selects another rulebook. The whole county is re-assessed with it;
// the setting and the new run are stored in one transaction (a failed assessment leaves the old
// rulebook active), and the answer says how households moved between classes compared with the
// previous run.
import { RulebookError } from '../rulebooks/loader.js';
import type { Rulebook } from '../domain/rulebook.js';
import { can } from '../domain/roles.js';
import { AccessError, notAllowed, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { reassess, type ClassMovement } from './reassess.js';
import { activeRulebookId, rulebookById } from './rulebooks.js';

export interface RulebookSwitchResult {
  previous: string;
  active: string;
  runId: number;
  previousRunId: number | null;
  households: number;
  unchanged: number;
  /** Pairs with from ≠ to, largest first. */
  movements: ClassMovement[];
}

function loadOrReject(id: string): Rulebook {
  try {
    return rulebookById(id);
  } catch (e) {
    if (e instanceof RulebookError) throw new AccessError(400, 'unknown-rulebook', e.message);
    throw e;
  }
}

export async function switchRulebook(ctx: ServiceContext, viewer: Access, id: string, reason?: string): Promise<RulebookSwitchResult> {
  if (!can(viewer.role, 'rulebook.switch')) throw notAllowed('只有县扶贫办可以更换规则库');
  const rulebook = loadOrReject(id);
  const previous = await activeRulebookId(ctx.store);
  const r = await reassess(ctx, { rulebook, setActive: true, ...(reason !== undefined && reason !== '' ? { reason } : {}) });
  return {
    previous,
    active: rulebook.id,
    runId: r.runId,
    previousRunId: r.previousRunId,
    households: r.results.length,
    unchanged: r.unchanged,
    movements: r.movements,
  };
}
