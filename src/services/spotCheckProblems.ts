// 抽查 → 问题: a spot-check form that finds the record wrong becomes a problem of the household's
// village, in the form's own transaction (so a refused problem refuses the form too). The kinds
// are the rulebook's (supervision.spotCheckProblem); the form's filler is who recorded it. A form
// saved again is the same finding: it does not make a second problem.
import { maskFor } from '../domain/mask.js';
import { ALL, type Clock, type Store } from '../store/index.js';
import type { Access } from './access.js';
import { recordProblemIn } from './problems.js';
import { onSpotCheckFinding } from './spotChecks.js';
import { supervisionSettings } from './supervisionCommon.js';

/** Registers the link; returns its removal (the app removes it when it closes). */
export function linkSpotChecksToProblems(deps: { store: Store; clock: Clock }): () => void {
  return onSpotCheckFinding(async (trx, f, actor) => {
    const s = await supervisionSettings(deps.store, trx);
    const rule = s.spotCheckProblem;
    // A rulebook without the source has chosen not to turn spot checks into problems.
    if (!(rule.source in s.problemSources)) return;
    const ref = `${f.checkId}/${f.householdId}`;
    const earlier = await deps.store.supervision.listProblems(
      { scope: ALL, sector: null },
      { source: rule.source, unitKind: 'village', unitCode: f.villageCode, trx },
    );
    if (earlier.some((p) => p.sourceRef === ref)) return;
    // The office records on the form's behalf: township checkers may find, not register, problems.
    const office: Access = { userId: actor.id, name: actor.name, role: 'county', scope: ALL, sector: null, mask: maskFor('office') };
    await recordProblemIn({ store: deps.store, actor, clock: deps.clock }, office, trx, {
      source: rule.source,
      sourceRef: ref,
      category: rule.category,
      severity: rule.severity,
      unitKind: 'village',
      unitCode: f.villageCode,
      householdId: f.householdId,
      people: [],
      description: `抽查 ${f.checkId} 核查户 ${f.householdId}：${f.wrong.join('、')}与记录不符${f.note ? `（${f.note}）` : ''}`.slice(0, 1000),
      foundOn: f.checkedOn,
    });
  });
}
