// 问题与问责: a problem from any source (考核, 巡察, 督查走访, 暗访, 抽查, 比对, 举报) against a unit
// (township, village or sector department) and its people, with category, severity and a
// rectification deadline; the unit records its rectification, the county office verifies it (or
// returns it) and records the accountability decisions (组织处理, 纪律处分). The ledger flags units
// and people who reach the rulebook's count of major failures within its window (免职或调离).
//
// recordProblem is the door for other features (spot checks, cross-checks): they call it with
// their source code and a reference to their own record, in their own transaction if they like.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DecisionRequest,
  ProblemListQuery,
  ProblemRequest,
  RectifyRequest,
  VerifyRequest,
  type ProblemView,
  type ProblemsResponse,
  type SupervisionKinds,
} from '../contract/supervision.js';
import { can, SECTORS } from '../domain/roles.js';
import { addDays, PROBLEM_STATE_LABELS, problemState, repeatedFailures, type RepeatedFailure, type SupervisionSettings } from '../domain/supervision.js';
import type { Region } from '../domain/types.js';
import { writeProblemLedger } from '../io/ledger/problems.js';
import type { Decision, NewProblem, Problem, ProblemDetail, Store, Trx } from '../store/index.js';
import { notAllowed, notFound, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { inScopeCodes } from './scopeCheck.js';
import { bad, conflict, countyRegion, parse, regionMap, supervisionSettings, todayOf, townshipOf } from './supervisionCommon.js';

export const problemScope = (viewer: Access) => ({ scope: viewer.scope, sector: viewer.role === 'sector' ? (viewer.sector ?? '') : null });

function kindsOf(s: SupervisionSettings): SupervisionKinds {
  return {
    sources: s.problemSources,
    categories: s.problemCategories,
    severities: s.severities,
    organisational: s.organisational,
    disciplinary: s.disciplinary,
    rectificationDays: s.rectificationDays,
    repeatedFailure: s.repeatedFailure,
  };
}

function decisionLabel(s: SupervisionSettings, d: Decision): string {
  return (d.group === 'organisational' ? s.organisational : s.disciplinary)[d.kind] ?? d.kind;
}

function flaggedBy(flags: readonly RepeatedFailure[]): (p: Problem) => boolean {
  const units = new Set(flags.filter((f) => f.kind === 'unit').map((f) => f.key));
  const people = new Set(flags.filter((f) => f.kind === 'person').map((f) => f.key));
  return (p) => units.has(`${p.unitKind}:${p.unitCode}`) || p.people.some((n) => people.has(`${p.unitCode}:${n}`));
}

function toView(
  p: Problem,
  extra: { decisions: Decision[]; actions: ProblemDetail['actions'] },
  s: SupervisionSettings,
  today: string,
  regions: Map<string, Region>,
  viewer: Access,
  flagged: boolean,
): ProblemView {
  const state = problemState(p, today);
  const sev = s.severities.find((x) => x.code === p.severity);
  return {
    id: p.id,
    source: p.source,
    sourceLabel: s.problemSources[p.source] ?? p.source,
    sourceRef: p.sourceRef,
    category: p.category,
    categoryLabel: s.problemCategories[p.category] ?? p.category,
    severity: p.severity,
    severityLabel: sev?.label ?? p.severity,
    major: sev?.major ?? false,
    unitKind: p.unitKind,
    unitCode: p.unitCode,
    unitName: p.unitName,
    townshipName: p.codes.township === null ? null : (regions.get(p.codes.township)?.name ?? null),
    householdId: p.householdId,
    people: p.people,
    description: p.description,
    foundOn: p.foundOn,
    deadline: p.deadline,
    recordedByName: p.recordedByName,
    state,
    stateLabel: PROBLEM_STATE_LABELS[state],
    rectifiedOn: p.rectifiedOn,
    rectification: p.rectification,
    rectifiedByName: p.rectifiedByName,
    verifiedOn: p.verifiedOn,
    verification: p.verification,
    verifiedByName: p.verifiedByName,
    decisions: extra.decisions.map((d) => ({ ...d, kindLabel: decisionLabel(s, d) })),
    actions: extra.actions,
    flagged,
    canRectify: can(viewer.role, 'problem.rectify') && (state === 'open' || state === 'overdue'),
  };
}

/** The unit a problem is recorded against, with the region codes its scope is read by. */
function resolveUnit(kind: NewProblem['unitKind'], code: string, regions: Map<string, Region>): { name: string; codes: NewProblem['codes'] } | string {
  const county = countyRegion(regions);
  if (kind === 'department') {
    if (!(SECTORS as readonly string[]).includes(code)) return `行业部门“${code}”不存在（可选：${SECTORS.join('、')}）`;
    return { name: `县${code}部门`, codes: { village: null, township: null, county: county?.code ?? null } };
  }
  const r = regions.get(code);
  if (r === undefined || r.level !== kind) return `${kind === 'township' ? '乡镇' : '行政村'}“${code}”不存在`;
  const township = townshipOf(regions, code);
  const name = kind === 'village' && township !== null ? `${township.name}${r.name}` : r.name;
  return { name, codes: { village: kind === 'village' ? r.code : null, township: township?.code ?? null, county: county?.code ?? null } };
}

/**
 * Records a problem inside `trx`: checks the kinds against the rulebook, the unit and household
 * against the registry and the viewer's scope; throws a Chinese 400 naming every fault, storing nothing.
 */
export async function recordProblemIn(ctx: ServiceContext, viewer: Access, trx: Trx, input: unknown): Promise<string> {
  if (!can(viewer.role, 'problem.record')) throw notAllowed('只有县扶贫办和县级领导可以登记问题');
  const body = parse(ProblemRequest, input, '问题登记');
  const s = await supervisionSettings(ctx.store, trx);
  const today = todayOf(ctx);
  const regions = await regionMap(ctx.store, trx);
  const faults: string[] = [];
  if (!(body.source in s.problemSources)) faults.push(`问题来源“${body.source}”不在规则库中（可选：${Object.values(s.problemSources).join('、')}）`);
  if (!(body.category in s.problemCategories)) faults.push(`问题类别“${body.category}”不在规则库中（可选：${Object.values(s.problemCategories).join('、')}）`);
  if (!s.severities.some((x) => x.code === body.severity))
    faults.push(`严重程度“${body.severity}”不在规则库中（可选：${s.severities.map((x) => x.label).join('、')}）`);
  if (body.foundOn > today) faults.push(`发现日期 ${body.foundOn} 晚于今天 ${today}`);
  const deadline = body.deadline ?? addDays(body.foundOn, s.rectificationDays);
  if (deadline < body.foundOn) faults.push(`整改时限 ${deadline} 早于发现日期 ${body.foundOn}`);
  const unit = resolveUnit(body.unitKind, body.unitCode, regions);
  if (typeof unit === 'string') faults.push(unit);
  else if (body.unitKind !== 'department' && !inScopeCodes(viewer.scope, regions.get(body.unitCode)!, regions)) faults.push(`“${unit.name}”不在您联系的范围内`);
  else if (body.unitKind === 'department' && viewer.scope.kind !== 'all') faults.push('只有县扶贫办可以登记行业部门的问题');
  let householdId: string | null = null;
  if (body.householdId) {
    const codes = await ctx.store.registry.householdCodes(body.householdId, { trx });
    const within =
      codes !== null &&
      typeof unit !== 'string' &&
      (unit.codes.village === null ? unit.codes.township === null || codes.township === unit.codes.township : codes.village === unit.codes.village);
    if (!within) faults.push(`户 ${body.householdId} 不在“${typeof unit === 'string' ? body.unitCode : unit.name}”内`);
    else householdId = body.householdId;
  }
  if (faults.length > 0 || typeof unit === 'string') throw bad('invalid-problem', faults.join('；'));
  return ctx.store.supervision.createProblem(
    trx,
    {
      source: body.source,
      sourceRef: body.sourceRef ?? null,
      category: body.category,
      severity: body.severity,
      unitKind: body.unitKind,
      unitCode: body.unitCode,
      unitName: unit.name,
      codes: unit.codes,
      householdId,
      people: [...new Set(body.people)],
      description: body.description,
      foundOn: body.foundOn,
      deadline,
    },
    ctx.actor,
    ctx.clock(),
  );
}

/** Records a problem (its own transaction unless `trx` is given) and answers it as the viewer sees it. */
export async function recordProblem(ctx: ServiceContext, viewer: Access, input: unknown, trx?: Trx): Promise<{ id: string }> {
  if (trx !== undefined) return { id: await recordProblemIn(ctx, viewer, trx, input) };
  return { id: await ctx.store.transaction((t) => recordProblemIn(ctx, viewer, t, input)) };
}

async function visible(store: Store, viewer: Access, id: string, trx?: Trx): Promise<ProblemDetail> {
  const p = await store.supervision.getProblem(problemScope(viewer), id, trx ? { trx } : {});
  if (p === null) throw notFound('该问题');
  return p;
}

interface Ledger {
  today: string;
  settings: SupervisionSettings;
  items: ProblemView[];
  flags: RepeatedFailure[];
}

async function ledger(ctx: ServiceContext, viewer: Access, query: unknown): Promise<Ledger> {
  const q = parse(ProblemListQuery, query);
  const settings = await supervisionSettings(ctx.store);
  const today = todayOf(ctx);
  const problems = await ctx.store.supervision.listProblems(problemScope(viewer), {
    ...(q.source !== undefined ? { source: q.source } : {}),
    ...(q.township !== undefined ? { township: q.township } : {}),
  });
  const decisions = await ctx.store.supervision.decisions(problems.map((p) => p.id));
  const regions = await regionMap(ctx.store);
  const flags = repeatedFailures(
    problems.map((p) => ({
      id: p.id,
      foundOn: p.foundOn,
      severity: p.severity,
      unitKind: p.unitKind,
      unitCode: p.unitCode,
      unitName: p.unitName,
      people: p.people,
    })),
    settings,
    today,
  );
  const isFlagged = flaggedBy(flags);
  const items = problems.map((p) =>
    toView(p, { decisions: decisions.filter((d) => d.problemId === p.id), actions: [] }, settings, today, regions, viewer, isFlagged(p)),
  );
  return { today, settings, items, flags };
}

export async function listProblems(ctx: ServiceContext, viewer: Access, query: unknown = {}): Promise<ProblemsResponse> {
  const l = await ledger(ctx, viewer, query);
  return {
    today: l.today,
    items: l.items,
    flags: l.flags,
    kinds: kindsOf(l.settings),
    canRecord: can(viewer.role, 'problem.record'),
    canVerify: can(viewer.role, 'problem.verify'),
    canDecide: can(viewer.role, 'accountability.decide'),
  };
}

export async function readProblem(ctx: ServiceContext, viewer: Access, id: string): Promise<ProblemView> {
  const p = await visible(ctx.store, viewer, id);
  const settings = await supervisionSettings(ctx.store);
  const l = await ledger(ctx, viewer, {});
  const flagged = l.items.find((x) => x.id === id)?.flagged ?? false;
  return toView(p, p, settings, todayOf(ctx), await regionMap(ctx.store), viewer, flagged);
}

/** 整改: the unit concerned (its township, village or department) records what it did. */
export async function rectifyProblem(ctx: ServiceContext, viewer: Access, id: string, input: unknown): Promise<ProblemView> {
  if (!can(viewer.role, 'problem.rectify')) throw notAllowed('只有问题所在的乡镇、村或行业部门可以记录整改情况');
  const body = parse(RectifyRequest, input, '整改情况');
  const today = todayOf(ctx);
  await ctx.store.transaction(async (trx) => {
    const p = await visible(ctx.store, viewer, id, trx);
    const state = problemState(p, today);
    if (state === 'verified') throw conflict('该问题已核实销号，不能再记录整改');
    if (state === 'rectified') throw conflict('整改情况已提交，正等待县扶贫办核实');
    if (body.date > today) throw bad('invalid-date', `整改日期 ${body.date} 晚于今天 ${today}`);
    if (body.date < p.foundOn) throw bad('invalid-date', `整改日期 ${body.date} 早于发现日期 ${p.foundOn}`);
    await ctx.store.supervision.act(trx, p, 'rectify', body.date, body.text, ctx.actor, ctx.clock());
  });
  return readProblem(ctx, viewer, id);
}

/** 核实: the county office accepts a rectification (销号) or returns it to be done again. */
export async function verifyProblem(ctx: ServiceContext, viewer: Access, id: string, input: unknown): Promise<ProblemView> {
  if (!can(viewer.role, 'problem.verify')) throw notAllowed('只有县扶贫办可以核实问题整改');
  const body = parse(VerifyRequest, input, '核实情况');
  const today = todayOf(ctx);
  await ctx.store.transaction(async (trx) => {
    const p = await visible(ctx.store, viewer, id, trx);
    if (problemState(p, today) !== 'rectified') throw conflict('该问题还没有提交整改情况，或已核实销号');
    if (body.date > today) throw bad('invalid-date', `核实日期 ${body.date} 晚于今天 ${today}`);
    if (p.rectifiedOn !== null && body.date < p.rectifiedOn) throw bad('invalid-date', `核实日期 ${body.date} 早于整改日期 ${p.rectifiedOn}`);
    await ctx.store.supervision.act(trx, p, body.accepted ? 'verify' : 'return', body.date, body.text, ctx.actor, ctx.clock());
  });
  return readProblem(ctx, viewer, id);
}

/** 问责: organisational handling or a disciplinary sanction of a person of the problem's unit. */
export async function decideAccountability(ctx: ServiceContext, viewer: Access, id: string, input: unknown): Promise<ProblemView> {
  if (!can(viewer.role, 'accountability.decide')) throw notAllowed('只有县扶贫办可以记录组织处理和纪律处分');
  const body = parse(DecisionRequest, input, '问责决定');
  const settings = await supervisionSettings(ctx.store);
  const today = todayOf(ctx);
  await ctx.store.transaction(async (trx) => {
    const p = await visible(ctx.store, viewer, id, trx);
    const kinds = body.group === 'organisational' ? settings.organisational : settings.disciplinary;
    const faults: string[] = [];
    if (!(body.kind in kinds))
      faults.push(`${body.group === 'organisational' ? '组织处理' : '纪律处分'}方式“${body.kind}”不在规则库中（可选：${Object.values(kinds).join('、')}）`);
    if (body.decidedOn > today) faults.push(`决定日期 ${body.decidedOn} 晚于今天 ${today}`);
    if (body.decidedOn < p.foundOn) faults.push(`决定日期 ${body.decidedOn} 早于发现日期 ${p.foundOn}`);
    if (p.people.length > 0 && !p.people.includes(body.person)) faults.push(`“${body.person}”不是该问题的责任人（${p.people.join('、')}）`);
    if (faults.length > 0) throw bad('invalid-decision', faults.join('；'));
    await ctx.store.supervision.addDecision(
      trx,
      p,
      { person: body.person, group: body.group, kind: body.kind, decidedOn: body.decidedOn, document: body.document, note: body.note ?? null },
      ctx.actor,
      ctx.clock(),
    );
  });
  return readProblem(ctx, viewer, id);
}

export interface ExportedProblemLedger {
  path: string;
  fileName: string;
  cleanup: () => void;
}

/** 问题整改台账 of the problems the viewer sees, with the repeated-failure flags on a second sheet. */
export async function exportProblemLedger(ctx: ServiceContext, viewer: Access, query: unknown = {}): Promise<ExportedProblemLedger> {
  const l = await ledger(ctx, viewer, query);
  const county = countyRegion(await regionMap(ctx.store));
  const dir = mkdtempSync(join(tmpdir(), 'tuopin-problems-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const fileName = `问题整改台账_${l.today}.xlsx`;
  try {
    await writeProblemLedger(join(dir, fileName), {
      countyName: county?.name ?? '',
      generatedAt: l.today,
      items: l.items,
      flags: l.flags,
      repeatedFailure: l.settings.repeatedFailure,
    });
    return { path: join(dir, fileName), fileName, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
