// Use case: the county office selects another rulebook. The whole county is re-assessed with it;
// the setting and the new run are stored in one transaction (a failed assessment leaves the old
// rulebook active), and the answer says how households moved between classes compared with the
// previous run.
import { RulebookError } from '../rulebooks/loader.js';
import type { Rulebook } from '../domain/rulebook.js';
import { can } from '../domain/roles.js';
import { AccessError, notAllowed, type Access } from './access.js';
import { assessCounty } from './assessCounty.js';
import type { ServiceContext } from './context.js';
import { writeProposals } from './taskProposals.js';
import { ACTIVE_RULEBOOK_KEY, activeRulebookId, classLabeler, rulebookById } from './rulebooks.js';

export interface ClassMovement {
  /** Class in the previous run; null for households the previous run did not have. */
  from: string | null;
  fromLabel: string | null;
  to: string;
  toLabel: string;
  households: number;
  people: number;
}

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

/** Re-assesses the county with `rulebook`, stores the run (and optionally the active setting) in one transaction. */
export async function reassessCounty(ctx: ServiceContext, rulebook: Rulebook, opts: { setActive?: boolean; reason?: string } = {}): Promise<{ runId: number; previousRunId: number | null; movements: ClassMovement[]; households: number; unchanged: number }> {
  const { store } = ctx;
  const previousRun = await store.assessments.latestRun();
  const before = new Map<string, string>();
  if (previousRun !== null) {
    const rows = await store.db.selectFrom('assessment_results').select(['household_id', 'class']).where('run_id', '=', previousRun.id).execute();
    for (const r of rows) before.set(r.household_id, r.class);
  }
  const report = await assessCounty(ctx, { rulebook, save: false, propose: true });
  const run = await store.transaction(async (trx) => {
    await writeProposals(ctx, trx, report.proposals);
    if (opts.setActive === true) await store.settings.set(trx, ACTIVE_RULEBOOK_KEY, rulebook.id, ctx.actor, opts.reason ?? `更换规则库为“${rulebook.name}”`);
    return store.assessments.saveRun(trx, {
      rulebookId: rulebook.id, referenceDate: report.referenceDate, at: ctx.clock(), actor: ctx.actor,
      results: report.results, villages: report.villages, county: report.county,
    });
  });

  let prevLabel: (c: string | null) => string | null = classLabeler(null);
  if (previousRun !== null) {
    try {
      prevLabel = classLabeler(rulebookById(previousRun.rulebookId));
    } catch {
      // A rulebook file removed since: codes stand for themselves.
    }
  }
  const newLabel = classLabeler(rulebook);
  const moves = new Map<string, ClassMovement>();
  let unchanged = 0;
  for (const r of report.results) {
    const from = before.get(r.householdId) ?? null;
    if (from === r.class) {
      unchanged++;
      continue;
    }
    const key = `${from ?? ''}\u0000${r.class}`;
    let m = moves.get(key);
    if (m === undefined) moves.set(key, (m = { from, fromLabel: prevLabel(from), to: r.class, toLabel: newLabel(r.class) ?? r.class, households: 0, people: 0 }));
    m.households++;
    m.people += r.size;
  }
  return {
    runId: run.id,
    previousRunId: previousRun?.id ?? null,
    households: report.results.length,
    unchanged,
    movements: [...moves.values()].sort((a, b) => b.households - a.households || (a.from ?? '').localeCompare(b.from ?? '') || a.to.localeCompare(b.to)),
  };
}

export async function switchRulebook(ctx: ServiceContext, viewer: Access, id: string, reason?: string): Promise<RulebookSwitchResult> {
  if (!can(viewer.role, 'rulebook.switch')) throw notAllowed('只有县扶贫办可以更换规则库');
  const rulebook = loadOrReject(id);
  const previous = await activeRulebookId(ctx.store);
  const r = await reassessCounty(ctx, rulebook, { setActive: true, ...(reason !== undefined && reason !== '' ? { reason } : {}) });
  return { previous, active: rulebook.id, ...r };
}
