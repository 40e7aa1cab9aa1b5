// Use cases of the exit procedure (退出程序): what a village's pre-exit households and the village
// itself have done so far, recording a step for several households at once (all or nothing),
// objections during the notice and their handling, and the final 销号 that marks a household
// exited and re-assesses it.
import { randomUUID } from 'node:crypto';
import type { HouseholdAssessment } from '../domain/assessment.js';
import { classInfo, isPreExitClass } from '../domain/classes.js';
import {
  canStart,
  currentProcedure,
  exitRules,
  isLastStep,
  nextStep,
  noticeEarliestEnd,
  noticeSteps,
  procedureDef,
  refuseObjection,
  refuseResolution,
  refuseStep,
  stepDef,
  stepName,
  type ExitKind,
  type ExitRules,
  type ExitStep,
  type Objection,
  type Procedure,
  type ProcedureDef,
  type StepInput,
  type StepRecord,
} from '../domain/exitProcedure.js';
import type { ExitStepRole, Rulebook } from '../domain/rulebook.js';
import type { Role } from '../contract/api.js';
import { villageExited } from '../domain/village.js';
import { can } from '../domain/roles.js';
import type { Household } from '../domain/types.js';
import { diffRecords, isEmptyPlan, regionsScope, type StepMeta, type Store, type Trx } from '../store/index.js';
import { AccessError, notAllowed, notFound, type Access } from './access.js';
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
  constructor(
    readonly failures: ExitFailure[],
    what: string,
  ) {
    super(
      409,
      'exit-refused',
      `${what}未保存（全部未记录）：${failures.map((f) => `${f.name ?? f.subjectId}（${f.subjectId}）：${f.reasons.join('；')}`).join('。')}`,
    );
  }
}

export { exitRules };

// The rulebook's step roles are the contract's roles; a role added to one must be added to the other.
type SameRoles<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const rolesAgree: SameRoles<ExitStepRole, Role> = true;
void rolesAgree;

/** A procedure as the pages render it: its name, the notice list's title and its steps. */
export interface ProcedureDefView {
  kind: ExitKind;
  name: string;
  noticeTitle: string;
  steps: { code: string; name: string; role: ExitStepRole; document: string; minDays: number; objections: boolean; votes: boolean }[];
}

function defView(def: ProcedureDef): ProcedureDefView {
  return {
    kind: def.kind,
    name: def.name,
    noticeTitle: def.noticeTitle,
    steps: def.steps.map((s) => ({
      code: s.code,
      name: s.name,
      role: s.role,
      document: s.document,
      minDays: s.minDays,
      objections: s.objections,
      votes: s.votes,
    })),
  };
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
  procedures: { household: ProcedureDefView; village: ProcedureDefView };
  households: ExitHouseholdRow[];
  procedure: Procedure | null;
  next: ExitStep | null;
  noticeEarliestEnd: string | null;
}

const STEP_ROLE_LABEL: Readonly<Record<ExitStepRole, string>> = {
  village: '村级账号',
  township: '乡镇账号',
  county: '县扶贫办',
  leader: '县级领导',
  sector: '行业部门',
};

/** The step must be one of the active rulebook's procedure, recorded by the role the rulebook names. */
function assertStepRole(viewer: Access, def: ProcedureDef, step: string): void {
  const d = stepDef(def, step);
  if (d === undefined) throw new AccessError(400, 'unknown-step', `“${step}”不是${def.name}的步骤`);
  if (viewer.role !== d.role) throw notAllowed(`“${d.name}”由${STEP_ROLE_LABEL[d.role]}记录`);
}

/** What the store logs with a step: its name, whether it completes the procedure, its place in the notice. */
function stepMeta(def: ProcedureDef, step: string): StepMeta {
  const n = noticeSteps(def);
  return {
    name: stepName(def, step),
    completes: isLastStep(def, step),
    notice:
      n === null
        ? null
        : n.start.code === step
          ? { opens: true }
          : n.end.code === step
            ? { opens: false, startStep: n.start.code, noticeName: n.start.name }
            : null,
  };
}

/** The village region, checked to be in the viewer's scope. */
async function villageInScope(store: Store, viewer: Access, code: string, trx?: Trx) {
  const [region] = (await store.regions.list(regionsScope([code]), trx === undefined ? {} : { trx })).filter((r) => r.code === code && r.level === 'village');
  if (region === undefined) throw notFound('该村');
  const visible = (await store.regions.list(viewer.scope, trx === undefined ? {} : { trx })).some((r) => r.code === code);
  if (!visible) throw notFound('该村');
  return region;
}

function today(ctx: { clock: () => string }): string {
  return chinaDate(ctx.clock());
}

function rowFor(a: HouseholdAssessment | null, householdId: string, group: string | null, procs: Procedure[], def: ProcedureDef): ExitHouseholdRow {
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
    next: nextStep(shown, def),
    noticeEarliestEnd: noticeEarliestEnd(shown, def),
  };
}

/** A village's exit page: its pre-exit households (and any with a procedure) and its own procedure. */
export async function villageExit(ctx: ServiceContext, viewer: Access, code: string): Promise<VillageExitView> {
  const { store } = ctx;
  const region = await villageInScope(store, viewer, code);
  const rb = await activeRulebook(store);
  const rules = { household: exitRules(rb, 'household'), village: exitRules(rb, 'village') };
  const defs = { household: procedureDef(rb, 'household'), village: procedureDef(rb, 'village') };
  const results = await store.assessments.latestResults(viewer.scope, { villageCode: code });
  const procs = await store.exits.list(viewer.scope, { villageCode: code });
  const byHousehold = new Map<string, Procedure[]>();
  for (const p of procs.filter((x) => x.kind === 'household')) {
    const list = byHousehold.get(p.subjectId) ?? [];
    list.push(p);
    byHousehold.set(p.subjectId, list);
  }
  const ids = new Set([...results.filter((r) => isPreExitClass(rb, r.class)).map((r) => r.householdId), ...byHousehold.keys()]);
  const records = await store.registry.loadRecords(viewer.scope, { householdIds: [...ids] });
  const groupOf = new Map(records.map((r) => [r.household.id, r.household.group]));
  const resultOf = new Map(results.map((r) => [r.householdId, r]));
  const households = [...ids].sort().map((id) => rowFor(resultOf.get(id) ?? null, id, groupOf.get(id) ?? null, byHousehold.get(id) ?? [], defs.household));
  const [village] = (await store.assessments.latestVillages(viewer.scope)).filter((v) => v.code === code);
  const villageProcs = procs.filter((p) => p.kind === 'village');
  const current = currentProcedure(villageProcs);
  const shown = current !== null && current.status !== 'sent-back' ? current : null;
  return {
    village: { code, name: region.name, townshipCode: region.parentCode, preExit: village?.preExit ?? null, exited: villageExited(region, rb.year) },
    today: today(ctx),
    rules,
    procedures: { household: defView(defs.household), village: defView(defs.village) },
    households,
    procedure: shown,
    next: nextStep(shown, defs.village),
    noticeEarliestEnd: noticeEarliestEnd(shown, defs.village),
  };
}

export interface HouseholdExitView {
  householdId: string;
  villageCode: string;
  class: string | null;
  today: string;
  rules: ExitRules;
  definition: ProcedureDefView;
  /** The latest class is pre-exit under the rulebook (the procedure may start). */
  preExit: boolean;
  procedure: Procedure | null;
  earlier: Procedure[];
  next: ExitStep | null;
  noticeEarliestEnd: string | null;
}

export async function householdExit(ctx: ServiceContext, viewer: Access, householdId: string): Promise<HouseholdExitView> {
  const { store } = ctx;
  const a = await store.assessments.result(viewer.scope, householdId);
  const [record] = await store.registry.loadRecords(viewer.scope, { householdIds: [householdId] });
  if (record === undefined) {
    throw notFound('该户');
  }
  const rb = await activeRulebook(store);
  const def = procedureDef(rb, 'household');
  const procs = await store.exits.list(viewer.scope, { kind: 'household', subjectIds: [householdId] });
  const row = rowFor(a?.result ?? null, householdId, record.household.group, procs, def);
  return {
    householdId,
    villageCode: record.household.villageCode,
    class: row.class,
    today: today(ctx),
    rules: exitRules(rb, 'household'),
    definition: defView(def),
    preExit: isPreExitClass(rb, row.class),
    procedure: row.procedure,
    earlier: row.earlier,
    next: row.next,
    noticeEarliestEnd: row.noticeEarliestEnd,
  };
}

export interface StepRequest extends StepInput {
  /** Households of the village (household steps); ignored for the village's own step. */
  householdIds?: string[];
}

function stepRecord(viewer: Access, def: ProcedureDef, input: StepInput, recordedAt: string): StepRecord {
  const trim = (s: string | null | undefined) => (s === undefined || s === null || s.trim() === '' ? null : s.trim());
  const votes = stepDef(def, input.step)?.votes ?? false;
  return {
    step: input.step,
    date: input.date,
    recordedAt,
    by: { id: viewer.userId, name: viewer.name },
    document: input.document.trim(),
    minutes: votes ? trim(input.minutes) : null,
    votesFor: votes ? (input.votesFor ?? null) : null,
    votesAgainst: votes ? (input.votesAgainst ?? null) : null,
    backdateReason: trim(input.backdateReason),
  };
}

/**
 * Records one step for several households of a village in one transaction: every household is
 * checked first; if any fails, nothing is stored and the error lists each failure.
 */
export async function recordHouseholdSteps(ctx: ServiceContext, viewer: Access, villageCode: string, input: StepRequest): Promise<{ recorded: string[] }> {
  const { store } = ctx;
  const rb = await activeRulebook(store);
  const def = procedureDef(rb, 'household');
  assertStepRole(viewer, def, input.step);
  const ids = [...new Set(input.householdIds ?? [])];
  if (ids.length === 0) throw new AccessError(400, 'no-households', '请至少选择一户');
  await villageInScope(store, viewer, villageCode);
  const now = ctx.clock();
  const day = chinaDate(now);
  const label = stepName(def, input.step);
  const meta = stepMeta(def, input.step);

  const body = async (trx: Trx, reassess: ((id: string) => Promise<void>) | null) => {
    const results = await store.assessments.latestResults(viewer.scope, { villageCode, trx });
    const resultOf = new Map(results.map((r) => [r.householdId, r]));
    const procs = await store.exits.list(viewer.scope, { kind: 'household', subjectIds: ids, trx });
    const failures: ExitFailure[] = [];
    const plan: { id: string; current: Procedure | null }[] = [];
    const inVillage = new Set(
      (await store.registry.loadRecords(viewer.scope, { householdIds: ids, trx }))
        .filter((r) => r.household.villageCode === villageCode)
        .map((r) => r.household.id),
    );
    for (const id of ids) {
      const a = resultOf.get(id) ?? null;
      if (!inVillage.has(id)) {
        failures.push({ subjectId: id, name: null, reasons: ['不是本村（或不在您管辖范围内）的农户'] });
        continue;
      }
      const current = currentProcedure(procs.filter((p) => p.subjectId === id));
      const reasons = refuseStep(current, def, input, { today: day, backdateDays: rb.notice.backdateDays, householdClass: classInfo(rb, a?.class ?? null) });
      if (reasons.length > 0) failures.push({ subjectId: id, name: a?.headName ?? null, reasons });
      else plan.push({ id, current });
    }
    if (failures.length > 0) throw new ExitRefused(failures, `“${label}”`);
    const record = stepRecord(viewer, def, input, now);
    const reason = record.backdateReason === null ? null : `补录：${record.backdateReason}`;
    for (const { id, current } of plan) {
      if (current === null || canStart(current)) {
        await store.exits.start(
          trx,
          { id: `exit-${randomUUID()}`, kind: 'household', subjectId: id, villageCode },
          record,
          meta,
          { id: viewer.userId, name: viewer.name },
          reason,
          now,
        );
      } else {
        await store.exits.addStep(trx, current.id, record, meta, reason, now);
      }
      if (reassess !== null) await reassess(id);
    }
    return plan.map((p) => p.id);
  };

  if (!(meta.completes && def.onComplete === 'exit')) return { recorded: await store.transaction((trx) => body(trx, null)) };
  // The last step (销号) of an 'exit' procedure: the registry says 已脱贫 (exit year = the rulebook's
  // year) and the household is re-assessed, in the same transaction.
  const { value } = await withReassessment(ctx, (trx, r) =>
    body(trx, async (id) => {
      const [rec] = await store.registry.loadRecords(viewer.scope, { year: r.year, householdIds: [id], trx });
      if (rec === undefined) throw notFound('该户');
      const updated = { ...rec, household: { ...rec.household, status: 'exited' as const, exitYear: r.year } };
      const plan = diffRecords([rec], [updated]);
      if (!isEmptyPlan(plan)) await store.registry.applyImport(trx, plan, ctx.actor, `退出程序：${label}（${input.document.trim()}）`, null, now);
      await r.reassess(updated, `退出程序：${label}`);
    }),
  );
  return { recorded: value };
}

/** Records a step of the village's own exit procedure. */
export async function recordVillageStep(ctx: ServiceContext, viewer: Access, villageCode: string, input: StepInput): Promise<Procedure> {
  const { store } = ctx;
  const rb = await activeRulebook(store);
  const def = procedureDef(rb, 'village');
  assertStepRole(viewer, def, input.step);
  const region = await villageInScope(store, viewer, villageCode);
  const meta = stepMeta(def, input.step);
  const now = ctx.clock();
  const [village] = (await store.assessments.latestVillages(viewer.scope)).filter((v) => v.code === villageCode);
  return store.transaction(async (trx) => {
    const procs = await store.exits.list(viewer.scope, { kind: 'village', subjectIds: [villageCode], trx });
    const current = currentProcedure(procs);
    const reasons = refuseStep(current, def, input, { today: chinaDate(now), backdateDays: rb.notice.backdateDays, villagePreExit: village?.preExit ?? null });
    if (reasons.length > 0) throw new ExitRefused([{ subjectId: villageCode, name: region.name, reasons }], `“${meta.name}”`);
    const record = stepRecord(viewer, def, input, now);
    const reason = record.backdateReason === null ? null : `补录：${record.backdateReason}`;
    let id: string;
    if (current === null || canStart(current)) {
      id = `exit-${randomUUID()}`;
      await store.exits.start(
        trx,
        { id, kind: 'village', subjectId: villageCode, villageCode },
        record,
        meta,
        { id: viewer.userId, name: viewer.name },
        reason,
        now,
      );
    } else {
      id = current.id;
      await store.exits.addStep(trx, id, record, meta, reason, now);
    }
    if (meta.completes && def.onComplete === 'exit') {
      await store.regions.upsertMany(
        trx,
        [{ ...region, exitYear: rb.year, exited: true }],
        ctx.actor,
        `贫困村退出：${meta.name}（${record.document}）`,
        null,
        now,
      );
    }
    const [after] = await store.exits.list(viewer.scope, { procedureIds: [id], trx });
    return after!;
  });
}

/** The procedure, in the viewer's scope; objections are handled by the role that runs its notice. */
async function procedureFor(store: Store, rb: Rulebook, viewer: Access, procedureId: string, trx?: Trx): Promise<Procedure> {
  const [p] = await store.exits.list(viewer.scope, { procedureIds: [procedureId], ...(trx === undefined ? {} : { trx }) });
  if (p === undefined) {
    throw notFound('该退出程序');
  }
  const notice = noticeSteps(procedureDef(rb, p.kind));
  if (notice === null) throw new AccessError(409, 'no-notice', `${procedureDef(rb, p.kind).name}没有公示，不能登记或处理异议`);
  if (viewer.role !== notice.end.role) throw notAllowed(`公示异议由${STEP_ROLE_LABEL[notice.end.role]}登记和处理`);
  return p;
}

export async function recordObjection(
  ctx: ServiceContext,
  viewer: Access,
  procedureId: string,
  input: { receivedOn: string; content: string },
): Promise<Objection> {
  const { store } = ctx;
  const rb = await activeRulebook(store);
  return store.transaction(async (trx) => {
    const p = await procedureFor(store, rb, viewer, procedureId, trx);
    const reasons = refuseObjection(p, procedureDef(rb, p.kind), input.receivedOn, input.content, { today: today(ctx), backdateDays: rb.notice.backdateDays });
    if (reasons.length > 0) throw new ExitRefused([{ subjectId: p.subjectId, name: null, reasons }], '异议');
    const o: Objection = {
      id: `obj-${randomUUID()}`,
      receivedOn: input.receivedOn,
      content: input.content.trim(),
      recordedBy: { id: viewer.userId, name: viewer.name },
      resolution: null,
    };
    await store.exits.addObjection(trx, p.id, o, ctx.clock());
    return o;
  });
}

/** Handles an objection: dismissed (不属实) lets the notice end; upheld (属实) sends the household back. */
export async function resolveObjection(
  ctx: ServiceContext,
  viewer: Access,
  procedureId: string,
  objectionId: string,
  input: { outcome: 'dismissed' | 'upheld'; date: string; note: string },
): Promise<Procedure> {
  const { store } = ctx;
  const rb = await activeRulebook(store);
  return store.transaction(async (trx) => {
    const p = await procedureFor(store, rb, viewer, procedureId, trx);
    const o = p.objections.find((x) => x.id === objectionId);
    if (o === undefined) throw notFound('该异议');
    const reasons = refuseResolution(p, o, input.date, input.note, { today: today(ctx) });
    if (reasons.length > 0) throw new ExitRefused([{ subjectId: p.subjectId, name: null, reasons }], '异议处理');
    await store.exits.resolveObjection(
      trx,
      o.id,
      { outcome: input.outcome, date: input.date, note: input.note.trim(), by: { id: viewer.userId, name: viewer.name } },
      ctx.clock(),
    );
    const [after] = await store.exits.list(viewer.scope, { procedureIds: [p.id], trx });
    return after!;
  });
}

/** A county decision on a household's status (县级决定): what it sets, on which document, and why. */
export interface ExitDecisionInput {
  status: Household['status'];
  exitYear: number | null;
  document: string;
  reason: string;
}

/**
 * The one way besides the procedure's 销号 to change a household's status or exit year: the county
 * office decides (a returned household, a correction of a wrong exit), names the document and the
 * reason, and the change row says 县级决定 so the log tells it from a procedure. Re-assessed in the
 * same transaction.
 */
export async function decideHouseholdExit(ctx: ServiceContext, viewer: Access, householdId: string, input: ExitDecisionInput) {
  if (!can(viewer.role, 'household.exitDecision')) throw notAllowed('只有县扶贫办可以作出县级决定，其他账号请走退出程序');
  const document = input.document.trim();
  const reason = input.reason.trim();
  if (document === '' || reason === '') throw new AccessError(400, 'reason-required', '县级决定须填写文件编号和原因');
  if (input.status === 'exited' && input.exitYear === null) throw new AccessError(400, 'exit-year-required', '标记为已脱贫时须填写脱贫年度');
  const { store } = ctx;
  const why = `县级决定（${document}）：${reason}`;
  const { value, runId } = await withReassessment(ctx, async (trx, r) => {
    const [rec] = await store.registry.loadRecords(viewer.scope, { year: r.year, householdIds: [householdId], trx });
    if (rec === undefined) throw notFound('该户');
    const updated = { ...rec, household: { ...rec.household, status: input.status, exitYear: input.exitYear } };
    const plan = diffRecords([rec], [updated]);
    if (isEmptyPlan(plan)) return { status: 'unchanged' as const, message: '内容与现有记录相同，未作修改', previous: null, assessment: null };
    await store.registry.applyImport(trx, plan, ctx.actor, why, null, ctx.clock());
    const out = await r.reassess(updated, why);
    return { status: 'applied' as const, message: '县级决定已记录并重新评估', ...out };
  });
  return { ...value, request: null, runId: value.status === 'applied' ? runId : null };
}
