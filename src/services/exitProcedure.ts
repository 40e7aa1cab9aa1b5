// Use cases of the exit procedure (退出程序): what a village's pre-exit households and the village
// itself have done so far, recording a step for several households at once (all or nothing),
// objections during the notice and their handling, and the final 销号 that marks a household
// exited and re-assesses it.
import { randomUUID } from 'node:crypto';
import type { HouseholdAssessment } from '../domain/assessment.js';
import {
  EXIT_STEP_LABELS, STEP_ROLES, canStart, currentProcedure, isStepOf, nextStep, noticeEarliestEnd, refuseObjection, refuseResolution, refuseStep,
  type ExitKind, type ExitRules, type ExitStep, type Objection, type Procedure, type StepInput, type StepRecord,
} from '../domain/exitProcedure.js';
import type { Rulebook } from '../domain/rulebook.js';
import { ALL, diffRecords, inScope, isEmptyPlan, regionsScope, type Store, type Trx } from '../store/index.js';
import { AccessError, notAllowed, notFound, outOfScope, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { chinaDate } from './history.js';
import { withReassessment } from './reassess.js';
import { activeRulebook } from './rulebooks.js';

/** One subject (household or village) a batch could not record, and why. */
export interface ExitFailure {
  subjectId: string;
  name: string | null;
  reasons: string[];
}

/** A refused batch: nothing was stored; `failures` lists every subject that failed and why. */
export class ExitRefused extends AccessError {
  constructor(readonly failures: ExitFailure[], what: string) {
    super(409, 'exit-refused', `${what}未保存（全部未记录）：${failures.map((f) => `${f.name ?? f.subjectId}（${f.subjectId}）：${f.reasons.join('；')}`).join('。')}`);
  }
}

export function exitRules(rb: Rulebook, kind: ExitKind): ExitRules {
  return { noticeDays: kind === 'household' ? rb.notice.householdDays : rb.notice.villageDays, backdateDays: rb.notice.backdateDays };
}

export interface ExitHouseholdRow {
  householdId: string;
  headName: string | null;
  group: string | null;
  size: number;
  class: string | null;
  classLabel: string | null;
  procedure: Procedure | null;
  /** Earlier procedures that were sent back, newest last. */
  earlier: Procedure[];
  next: ExitStep | null;
  /** When the notice runs: the earliest day it may end. */
  noticeEarliestEnd: string | null;
}

export interface VillageExitView {
  village: { code: string; name: string; townshipCode: string | null; preExit: boolean | null; exited: boolean };
  today: string;
  rules: { household: ExitRules; village: ExitRules };
  households: ExitHouseholdRow[];
  procedure: Procedure | null;
  next: ExitStep | null;
  noticeEarliestEnd: string | null;
}

const STEP_ROLE_LABEL = { village: '村级账号', township: '乡镇账号', county: '县扶贫办' } as const;

function assertStepRole(viewer: Access, kind: ExitKind, step: string): asserts step is ExitStep {
  if (!isStepOf(kind, step)) throw new AccessError(400, 'unknown-step', `“${step}”不是${kind === 'household' ? '农户' : '村'}退出程序的步骤`);
  const role = STEP_ROLES[kind][step]!;
  if (viewer.role !== role) throw notAllowed(`“${EXIT_STEP_LABELS[step]}”由${STEP_ROLE_LABEL[role]}记录`);
}

/** The village region, checked to be in the viewer's scope. */
async function villageInScope(store: Store, viewer: Access, code: string, trx?: Trx) {
  const [region] = (await store.regions.list(regionsScope([code]), trx === undefined ? {} : { trx })).filter((r) => r.code === code && r.level === 'village');
  if (region === undefined) throw notFound('该村');
  const visible = (await store.regions.list(viewer.scope, trx === undefined ? {} : { trx })).some((r) => r.code === code);
  if (!visible) throw outOfScope('该村');
  return region;
}

function today(ctx: { clock: () => string }): string {
  return chinaDate(ctx.clock());
}

function rowFor(a: HouseholdAssessment | null, householdId: string, group: string | null, procs: Procedure[], rules: ExitRules): ExitHouseholdRow {
  const current = currentProcedure(procs);
  const shown = current !== null && current.status !== 'sent-back' ? current : null;
  return {
    householdId,
    headName: a?.headName ?? null,
    group,
    size: a?.size ?? 0,
    class: a?.class ?? null,
    classLabel: a?.classLabel ?? null,
    procedure: shown,
    earlier: procs.filter((p) => p !== shown),
    next: shown === null ? nextStep(null, 'household') : nextStep(shown, 'household'),
    noticeEarliestEnd: shown !== null && shown.steps.some((s) => s.step === 'notice-start') && !shown.steps.some((s) => s.step === 'notice-end') ? noticeEarliestEnd(shown, rules) : null,
  };
}

/** A village's exit page: its pre-exit households (and any with a procedure) and its own procedure. */
export async function villageExit(ctx: ServiceContext, viewer: Access, code: string): Promise<VillageExitView> {
  const { store } = ctx;
  const region = await villageInScope(store, viewer, code);
  const rb = await activeRulebook(store);
  const rules = { household: exitRules(rb, 'household'), village: exitRules(rb, 'village') };
  const results = await store.assessments.latestResults(viewer.scope, { villageCode: code });
  const procs = await store.exits.list(viewer.scope, { villageCode: code });
  const byHousehold = new Map<string, Procedure[]>();
  for (const p of procs.filter((x) => x.kind === 'household')) {
    const list = byHousehold.get(p.subjectId) ?? [];
    list.push(p);
    byHousehold.set(p.subjectId, list);
  }
  const ids = new Set([...results.filter((r) => r.class === 'A' || r.class === 'B').map((r) => r.householdId), ...byHousehold.keys()]);
  const records = await store.registry.loadRecords(viewer.scope, { householdIds: [...ids] });
  const groupOf = new Map(records.map((r) => [r.household.id, r.household.group]));
  const resultOf = new Map(results.map((r) => [r.householdId, r]));
  const households = [...ids].sort().map((id) => rowFor(resultOf.get(id) ?? null, id, groupOf.get(id) ?? null, byHousehold.get(id) ?? [], rules.household));
  const [village] = (await store.assessments.latestVillages(viewer.scope)).filter((v) => v.code === code);
  const villageProcs = procs.filter((p) => p.kind === 'village');
  const current = currentProcedure(villageProcs);
  const shown = current !== null && current.status !== 'sent-back' ? current : null;
  return {
    village: { code, name: region.name, townshipCode: region.parentCode, preExit: village?.preExit ?? null, exited: region.exitYear !== null },
    today: today(ctx),
    rules,
    households,
    procedure: shown,
    next: nextStep(shown, 'village'),
    noticeEarliestEnd: shown !== null && shown.steps.some((s) => s.step === 'notice-start') && !shown.steps.some((s) => s.step === 'notice-end') ? noticeEarliestEnd(shown, rules.village) : null,
  };
}

export interface HouseholdExitView {
  householdId: string;
  villageCode: string;
  class: string | null;
  today: string;
  rules: ExitRules;
  procedure: Procedure | null;
  earlier: Procedure[];
  next: ExitStep | null;
  noticeEarliestEnd: string | null;
}

export async function householdExit(ctx: ServiceContext, viewer: Access, householdId: string): Promise<HouseholdExitView> {
  const { store } = ctx;
  const a = await store.search.result(viewer.scope, householdId);
  const [record] = await store.registry.loadRecords(viewer.scope, { householdIds: [householdId] });
  if (record === undefined) {
    const exists = await store.db.selectFrom('households').select('id').where('id', '=', householdId).executeTakeFirst();
    throw exists === undefined ? notFound('该户') : outOfScope('该户');
  }
  const rules = exitRules(await activeRulebook(store), 'household');
  const procs = await store.exits.list(viewer.scope, { kind: 'household', subjectIds: [householdId] });
  const row = rowFor(a?.result ?? null, householdId, record.household.group, procs, rules);
  return {
    householdId, villageCode: record.household.villageCode, class: row.class, today: today(ctx), rules,
    procedure: row.procedure, earlier: row.earlier, next: row.next, noticeEarliestEnd: row.noticeEarliestEnd,
  };
}

export interface StepRequest extends StepInput {
  /** Households of the village (household steps); ignored for the village's own step. */
  householdIds?: string[];
}

function stepRecord(viewer: Access, input: StepInput, recordedAt: string): StepRecord {
  const trim = (s: string | null | undefined) => (s === undefined || s === null || s.trim() === '' ? null : s.trim());
  return {
    step: input.step, date: input.date, recordedAt, by: { id: viewer.userId, name: viewer.name }, document: input.document.trim(),
    minutes: input.step === 'appraisal' ? trim(input.minutes) : null,
    votesFor: input.step === 'appraisal' ? input.votesFor ?? null : null,
    votesAgainst: input.step === 'appraisal' ? input.votesAgainst ?? null : null,
    backdateReason: trim(input.backdateReason),
  };
}

/**
 * Records one step for several households of a village in one transaction: every household is
 * checked first; if any fails, nothing is stored and the error lists each failure.
 */
export async function recordHouseholdSteps(ctx: ServiceContext, viewer: Access, villageCode: string, input: StepRequest): Promise<{ recorded: string[] }> {
  const { store } = ctx;
  assertStepRole(viewer, 'household', input.step);
  const ids = [...new Set(input.householdIds ?? [])];
  if (ids.length === 0) throw new AccessError(400, 'no-households', '请至少选择一户');
  await villageInScope(store, viewer, villageCode);
  const rb = await activeRulebook(store);
  const rules = exitRules(rb, 'household');
  const now = ctx.clock();
  const day = chinaDate(now);
  const label = EXIT_STEP_LABELS[input.step];

  const body = async (trx: Trx, reassess: ((id: string) => Promise<void>) | null) => {
    const results = await store.assessments.latestResults(viewer.scope, { villageCode, trx });
    const resultOf = new Map(results.map((r) => [r.householdId, r]));
    const procs = await store.exits.list(viewer.scope, { kind: 'household', subjectIds: ids, trx });
    const failures: ExitFailure[] = [];
    const plan: { id: string; current: Procedure | null }[] = [];
    const inVillage = new Set((await store.registry.loadRecords(viewer.scope, { householdIds: ids, trx })).filter((r) => r.household.villageCode === villageCode).map((r) => r.household.id));
    for (const id of ids) {
      const a = resultOf.get(id) ?? null;
      if (!inVillage.has(id)) {
        failures.push({ subjectId: id, name: null, reasons: ['不是本村（或不在您管辖范围内）的农户'] });
        continue;
      }
      const current = currentProcedure(procs.filter((p) => p.subjectId === id));
      const reasons = refuseStep(current, 'household', input, { today: day, rules, householdClass: a?.class ?? null });
      if (reasons.length > 0) failures.push({ subjectId: id, name: a?.headName ?? null, reasons });
      else plan.push({ id, current });
    }
    if (failures.length > 0) throw new ExitRefused(failures, `“${label}”`);
    const record = stepRecord(viewer, input, now);
    const reason = record.backdateReason === null ? null : `补录：${record.backdateReason}`;
    for (const { id, current } of plan) {
      if (current === null || canStart(current)) {
        await store.exits.start(trx, { id: `exit-${randomUUID()}`, kind: 'household', subjectId: id, villageCode }, record, { id: viewer.userId, name: viewer.name }, reason, now);
      } else {
        await store.exits.addStep(trx, current.id, record, reason, now);
      }
      if (reassess !== null) await reassess(id);
    }
    return plan.map((p) => p.id);
  };

  if (input.step !== 'deregistered') return { recorded: await store.transaction((trx) => body(trx, null)) };
  // 销号: the registry says 已脱贫 (exit year = the rulebook's year) and the household is re-assessed, in the same transaction.
  const { value } = await withReassessment(ctx, (trx, r) =>
    body(trx, async (id) => {
      const [rec] = await store.registry.loadRecords(viewer.scope, { year: r.year, householdIds: [id], trx });
      if (rec === undefined) throw outOfScope('该户');
      const updated = { ...rec, household: { ...rec.household, status: 'exited' as const, exitYear: r.year } };
      const plan = diffRecords([rec], [updated]);
      if (!isEmptyPlan(plan)) await store.registry.applyImport(trx, plan, ctx.actor, `退出程序：国家系统销号（${input.document.trim()}）`, null, now);
      await r.reassess(updated, '退出程序：国家系统销号');
    }),
  );
  return { recorded: value };
}

/** Records a step of the village's own exit procedure. */
export async function recordVillageStep(ctx: ServiceContext, viewer: Access, villageCode: string, input: StepInput): Promise<Procedure> {
  const { store } = ctx;
  assertStepRole(viewer, 'village', input.step);
  const region = await villageInScope(store, viewer, villageCode);
  const rb = await activeRulebook(store);
  const rules = exitRules(rb, 'village');
  const now = ctx.clock();
  const [village] = (await store.assessments.latestVillages(viewer.scope)).filter((v) => v.code === villageCode);
  return store.transaction(async (trx) => {
    const procs = await store.exits.list(viewer.scope, { kind: 'village', subjectIds: [villageCode], trx });
    const current = currentProcedure(procs);
    const reasons = refuseStep(current, 'village', input, { today: chinaDate(now), rules, villagePreExit: village?.preExit ?? null });
    if (reasons.length > 0) throw new ExitRefused([{ subjectId: villageCode, name: region.name, reasons }], `“${EXIT_STEP_LABELS[input.step]}”`);
    const record = stepRecord(viewer, input, now);
    const reason = record.backdateReason === null ? null : `补录：${record.backdateReason}`;
    let id: string;
    if (current === null || canStart(current)) {
      id = `exit-${randomUUID()}`;
      await store.exits.start(trx, { id, kind: 'village', subjectId: villageCode, villageCode }, record, { id: viewer.userId, name: viewer.name }, reason, now);
    } else {
      id = current.id;
      await store.exits.addStep(trx, id, record, reason, now);
    }
    if (input.step === 'deregistered') {
      await store.regions.upsertMany(trx, [{ ...region, exitYear: rb.year }], ctx.actor, `贫困村退出：国家系统销号（${record.document}）`, null, now);
    }
    const [after] = await store.exits.list(viewer.scope, { procedureIds: [id], trx });
    return after!;
  });
}

/** The procedure, in the viewer's scope; objections are handled by the role that runs its notice. */
async function procedureFor(store: Store, viewer: Access, procedureId: string, trx?: Trx): Promise<Procedure> {
  const [p] = await store.exits.list(viewer.scope, { procedureIds: [procedureId], ...(trx === undefined ? {} : { trx }) });
  if (p === undefined) {
    const [any] = await store.exits.list(ALL, { procedureIds: [procedureId], ...(trx === undefined ? {} : { trx }) });
    throw any === undefined ? notFound('该退出程序') : outOfScope('该退出程序');
  }
  const role = STEP_ROLES[p.kind]['notice-start']!;
  if (viewer.role !== role) throw notAllowed(`公示异议由${STEP_ROLE_LABEL[role]}登记和处理`);
  return p;
}

export async function recordObjection(ctx: ServiceContext, viewer: Access, procedureId: string, input: { receivedOn: string; content: string }): Promise<Objection> {
  const { store } = ctx;
  const rb = await activeRulebook(store);
  return store.transaction(async (trx) => {
    const p = await procedureFor(store, viewer, procedureId, trx);
    const reasons = refuseObjection(p, input.receivedOn, input.content, { today: today(ctx), rules: exitRules(rb, p.kind) });
    if (reasons.length > 0) throw new ExitRefused([{ subjectId: p.subjectId, name: null, reasons }], '异议');
    const o: Objection = { id: `obj-${randomUUID()}`, receivedOn: input.receivedOn, content: input.content.trim(), recordedBy: { id: viewer.userId, name: viewer.name }, resolution: null };
    await store.exits.addObjection(trx, p.id, o, ctx.clock());
    return o;
  });
}

/** Handles an objection: dismissed (不属实) lets the notice end; upheld (属实) sends the household back. */
export async function resolveObjection(
  ctx: ServiceContext, viewer: Access, procedureId: string, objectionId: string, input: { outcome: 'dismissed' | 'upheld'; date: string; note: string },
): Promise<Procedure> {
  const { store } = ctx;
  const rb = await activeRulebook(store);
  return store.transaction(async (trx) => {
    const p = await procedureFor(store, viewer, procedureId, trx);
    const o = p.objections.find((x) => x.id === objectionId);
    if (o === undefined) throw notFound('该异议');
    const reasons = refuseResolution(p, o, input.date, input.note, { today: today(ctx), rules: exitRules(rb, p.kind) });
    if (reasons.length > 0) throw new ExitRefused([{ subjectId: p.subjectId, name: null, reasons }], '异议处理');
    await store.exits.resolveObjection(trx, o.id, { outcome: input.outcome, date: input.date, note: input.note.trim(), by: { id: viewer.userId, name: viewer.name } }, ctx.clock());
    const [after] = await store.exits.list(viewer.scope, { procedureIds: [p.id], trx });
    return after!;
  });
}
