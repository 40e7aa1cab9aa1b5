// 推演 for the weekly analysis: with a chosen set of open tasks taken as done and accepted (a
// township's, a sector's, or all due this month), which households would become exit-ready, which
// villages could exit and whether the county would meet its criteria; and before a rulebook
// switch, how many households would change class. Reads only: the pure assessment runs on copies.
import { RulebookPreviewQuery, WhatIfRequest, type RulebookPreviewResponse, type WhatIfResponse } from '../contract/supervision.js';
import type { CountyAssessment } from '../domain/assessment.js';
import { assessHouseholds } from '../domain/classify.js';
import { can } from '../domain/roles.js';
import { classChanges, isClosable, whatIf } from '../domain/whatIf.js';
import { RulebookError } from '../rulebooks/loader.js';
import { AccessError, notAllowed, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { activeRulebook, activeRulebookId, classLabeler, rulebookById } from './rulebooks.js';
import { inScopeCodes } from './scopeCheck.js';
import { bad, parse, regionMap, todayOf } from './supervisionCommon.js';

const side = (c: CountyAssessment) => ({
  ready: c.ready,
  incidenceAfter: c.incidenceAfter,
  criteria: c.criteria.map((k) => ({ key: k.key, label: k.label, met: k.met, value: k.value, threshold: k.threshold })),
});

async function referenceDate(ctx: ServiceContext, fallback: string): Promise<string> {
  return (await ctx.store.assessments.latestRun())?.referenceDate ?? fallback;
}

export async function runWhatIf(ctx: ServiceContext, viewer: Access, input: unknown): Promise<WhatIfResponse> {
  if (!can(viewer.role, 'weekly.read')) throw notAllowed('您的账号不能使用测算推演');
  const q = parse(WhatIfRequest, input, '推演条件');
  if (q.township === undefined && q.sector === undefined && q.dueThisMonth !== true) throw bad('invalid-input', '请至少选择一个条件：乡镇、行业部门或本月到期');
  const rb = await activeRulebook(ctx.store);
  const all = await regionMap(ctx.store);
  if (q.township !== undefined) {
    const t = all.get(q.township);
    if (t?.level !== 'township' || !inScopeCodes(viewer.scope, t, all)) throw bad('invalid-input', `乡镇“${q.township}”不在您的范围内`);
  }
  const month = todayOf(ctx).slice(0, 7);
  const [regions, records] = await Promise.all([ctx.store.regions.list(viewer.scope), ctx.store.registry.loadRecords(viewer.scope, { year: rb.year })]);
  const chosen = new Set<string>();
  for (const r of records) {
    if (q.township !== undefined && all.get(r.household.villageCode)?.parentCode !== q.township) continue;
    for (const t of r.tasks) {
      if (!isClosable(t)) continue;
      if (q.sector !== undefined && t.sector !== q.sector) continue;
      if (q.dueThisMonth === true && t.dueDate.slice(0, 7) !== month) continue;
      chosen.add(t.id);
    }
  }
  const r = whatIf(regions, records, rb, await referenceDate(ctx, rb.assessmentDate), chosen);
  const label = classLabeler(rb);
  return {
    tasks: r.tasks,
    households: r.moves.map((m) => ({
      id: m.householdId,
      villageName: all.get(m.villageCode)?.name ?? m.villageCode,
      from: m.from,
      to: m.to,
      fromLabel: label(m.from) ?? m.from,
      toLabel: label(m.to) ?? m.to,
    })),
    becomeReady: r.becomeReady.length,
    villages: r.villages.map((v) => ({ code: v.code, name: v.name, before: v.before, after: v.after })),
    county: r.county === null ? null : { before: side(r.county.before), after: side(r.county.after) },
  };
}

/** Before a rulebook switch is confirmed: the county assessed under both, the class pairs that move. */
export async function previewRulebookSwitch(ctx: ServiceContext, viewer: Access, query: unknown): Promise<RulebookPreviewResponse> {
  if (!can(viewer.role, 'rulebook.switch')) throw notAllowed('只有县扶贫办可以更换规则库');
  const q = parse(RulebookPreviewQuery, query);
  let next;
  try {
    next = rulebookById(q.id);
  } catch (e) {
    if (e instanceof RulebookError) throw new AccessError(400, 'unknown-rulebook', e.message);
    throw e;
  }
  const fromId = await activeRulebookId(ctx.store);
  const current = rulebookById(fromId);
  const records = await ctx.store.registry.loadRecords(viewer.scope, { year: next.year });
  const before = assessHouseholds(
    await ctx.store.registry.loadRecords(viewer.scope, { year: current.year }),
    current,
    await referenceDate(ctx, current.assessmentDate),
  );
  const after = assessHouseholds(records, next, next.assessmentDate);
  const movements = classChanges(before, after);
  const fromLabel = classLabeler(current);
  const toLabel = classLabeler(next);
  return {
    from: fromId,
    to: next.id,
    households: before.length,
    changed: movements.reduce((s, m) => s + m.households, 0),
    movements: movements.map((m) => ({ ...m, fromLabel: fromLabel(m.from) ?? m.from, toLabel: toLabel(m.to) ?? m.to })),
  };
}
