// Use cases of 项目库 and its money: record and edit projects, move them through the rulebook's
// status flow, allocate and disburse (never more than allocated: refused with the amounts named,
// nothing stored), post notices (never ended before the rulebook's days), record and handle
// objections, link the households a project reaches; progress and warnings for the pages.
//
// Who: the county office and the responsible sector department record projects and money (a sector
// account only the projects of its own sector); townships and villages read the projects reaching
// their area and post and answer notices there. Scope is the store's (a project is seen through its villages).
import { z } from 'zod';
import { ProjectInput, MoneyRequest, NoticeRequest, StatusChangeRequest } from '../contract/projects.js';
import type { ProgressResponse, ProjectDetailResponse, ProjectView } from '../contract/projects.js';
import {
  balances,
  checkDisbursement,
  checkNoticeEnd,
  checkStatusChange,
  moneyWarnings,
  noticeEarliestEnd,
  type MoneyWarning,
  type Project,
  type ProjectSettings,
  type StoredMoney,
} from '../domain/projects.js';
import { can } from '../domain/roles.js';
import type { Region } from '../domain/types.js';
import { ALL, type Store, type Trx, type ProjectDetail } from '../store/index.js';
import { AccessError, notAllowed, notFound, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { chinaDate } from './history.js';
import { activeRulebook } from './rulebooks.js';

export async function projectSettings(store: Store, trx?: Trx): Promise<ProjectSettings> {
  return (await activeRulebook(store, trx)).projects;
}

const bad = (code: string, message: string) => new AccessError(400, code, message);

function parse<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  throw bad('invalid-project', `输入有误：${first?.path.join('.') || '请求'} ${first?.message ?? ''}`.trim());
}

const nul = <T>(v: T | null | undefined): T | null => (v === undefined || v === '' ? null : v);

function statusLabel(settings: ProjectSettings, code: string): string {
  return settings.statuses.find((s) => s.code === code)?.label ?? code;
}

const sum = (xs: readonly { fen: number }[]) => xs.reduce((s, x) => s + x.fen, 0);

function toView(p: Project, money: { allocations: StoredMoney[]; disbursements: StoredMoney[] }, settings: ProjectSettings, today: string): ProjectView {
  const warnings: MoneyWarning[] = moneyWarnings(p.year, money.allocations, money.disbursements, today, settings);
  return {
    ...p,
    typeLabel: settings.types[p.type] ?? p.type,
    statusLabel: statusLabel(settings, p.status),
    allocatedFen: sum(money.allocations),
    disbursedFen: sum(money.disbursements),
    warnings,
  };
}

function byProject<T extends { projectId: string }>(rows: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const a = m.get(r.projectId);
    if (a) a.push(r);
    else m.set(r.projectId, [r]);
  }
  return m;
}

export interface ProjectListQuery {
  year?: number;
  status?: string;
  type?: string;
  region?: string;
  household?: string;
}

/** In-scope projects with their money totals and warnings at today. */
export async function listProjects(ctx: ServiceContext, viewer: Access, q: ProjectListQuery = {}): Promise<{ today: string; items: ProjectView[] }> {
  const settings = await projectSettings(ctx.store);
  const today = chinaDate(ctx.clock());
  const projects = await ctx.store.projects.list(viewer.scope, {
    ...(q.year !== undefined ? { year: q.year } : {}),
    ...(q.status !== undefined ? { status: q.status } : {}),
    ...(q.type !== undefined ? { type: q.type } : {}),
    ...(q.region !== undefined ? { regionCode: q.region } : {}),
    ...(q.household !== undefined ? { householdId: q.household } : {}),
  });
  const money = await ctx.store.projects.money(projects.map((p) => p.id));
  const a = byProject(money.allocations);
  const d = byProject(money.disbursements);
  return { today, items: projects.map((p) => toView(p, { allocations: a.get(p.id) ?? [], disbursements: d.get(p.id) ?? [] }, settings, today)) };
}

function mayEdit(viewer: Access, p: { sector: string | null }, action: 'project.edit' | 'project.money'): boolean {
  if (!can(viewer.role, action)) return false;
  return viewer.role !== 'sector' || (viewer.sector !== null && p.sector === viewer.sector);
}

function detailView(d: ProjectDetail, viewer: Access, settings: ProjectSettings, today: string): ProjectDetailResponse {
  const { allocations, disbursements, statusChanges, notices, objections, ...p } = d;
  return {
    ...toView(p, { allocations, disbursements }, settings, today),
    allocations,
    disbursements,
    balances: balances(allocations, disbursements),
    statusChanges,
    notices: notices.map((n) => ({ ...n, earliestEnd: noticeEarliestEnd(n.postedOn, settings.noticeDays) })),
    objections,
    canEdit: mayEdit(viewer, p, 'project.edit'),
    canMoney: mayEdit(viewer, p, 'project.money'),
    canNotice: can(viewer.role, 'project.notice'),
  };
}

async function visible(store: Store, viewer: Access, id: string, trx?: Trx): Promise<ProjectDetail> {
  const d = await store.projects.get(viewer.scope, id, trx ? { trx } : {});
  if (d !== null) return d;
  // Out of scope answers like missing, so a user cannot learn which ids exist elsewhere.
  throw notFound('该项目');
}

export async function readProject(ctx: ServiceContext, viewer: Access, id: string): Promise<ProjectDetailResponse> {
  const settings = await projectSettings(ctx.store);
  return detailView(await visible(ctx.store, viewer, id), viewer, settings, chinaDate(ctx.clock()));
}

function assertMay(viewer: Access, p: { sector: string | null }, action: 'project.edit' | 'project.money'): void {
  if (!can(viewer.role, action))
    throw notAllowed(action === 'project.edit' ? '只有县扶贫办和行业部门可以录入、修改项目' : '只有县扶贫办和行业部门可以录入项目资金');
  if (!mayEdit(viewer, p, action)) throw notAllowed(`行业部门只能录入本行业（${viewer.sector ?? '未设置'}）负责的项目`);
}

/** Checks a project's codes, villages and households against the rulebook and the store; the problems in Chinese. */
async function projectProblems(store: Store, trx: Trx, p: Project, settings: ProjectSettings, regions: Map<string, Region>): Promise<string[]> {
  const problems: string[] = [];
  if (!(p.type in settings.types)) problems.push(`项目类型“${p.type}”不在规则库中（可选：${Object.values(settings.types).join('、')}）`);
  for (const s of Object.keys(p.fundSources)) if (!(s in settings.fundSources)) problems.push(`资金来源“${s}”不在规则库中`);
  if (p.startDate !== null && p.endDate !== null && p.endDate < p.startDate) problems.push(`完成日期 ${p.endDate} 早于开工日期 ${p.startDate}`);
  for (const v of p.villages) if (regions.get(v)?.level !== 'village') problems.push(`行政村“${v}”不存在`);
  if (p.households.length > 0) {
    const homes = await store.projects.householdVillages(p.households, { trx });
    const villages = new Set(p.villages);
    for (const h of p.households) {
      const v = homes.get(h);
      if (v === undefined) problems.push(`户 ${h} 不存在`);
      else if (!villages.has(v)) problems.push(`户 ${h} 不在项目覆盖的行政村内`);
    }
  }
  return problems;
}

async function regionMap(store: Store, trx?: Trx): Promise<Map<string, Region>> {
  return new Map((await store.regions.list(ALL, trx ? { trx } : {})).map((r) => [r.code, r]));
}

function fromInput(input: z.infer<typeof ProjectInput>, id: string, status: string, countyCode: string | null): Project {
  return {
    id,
    countyCode,
    name: input.name,
    type: input.type,
    year: input.year,
    startDate: nul(input.startDate),
    endDate: nul(input.endDate),
    content: input.content,
    implementer: nul(input.implementer),
    responsibleName: nul(input.responsibleName),
    responsibleUnit: nul(input.responsibleUnit),
    sector: nul(input.sector),
    tenderMethod: nul(input.tenderMethod),
    tenderWinner: nul(input.tenderWinner),
    contractFen: nul(input.contractFen),
    qualityTarget: nul(input.qualityTarget),
    benefitHouseholds: nul(input.benefitHouseholds),
    benefitPeople: nul(input.benefitPeople),
    incomeGainFen: nul(input.incomeGainFen),
    status,
    villages: [...new Set(input.villages)].sort(),
    households: [...new Set(input.households)].sort(),
    fundSources: input.fundSources,
  };
}

function countyOf(regions: Map<string, Region>, villages: readonly string[]): string | null {
  const county = [...regions.values()].find((r) => r.level === 'county');
  const first = villages[0] === undefined ? undefined : regions.get(villages[0]);
  const parent = first?.parentCode === null || first?.parentCode === undefined ? undefined : regions.get(first.parentCode);
  return parent?.parentCode ?? county?.code ?? null;
}

/** A project id not yet used: `XM<year>-<nnnn>`. */
async function nextId(store: Store, trx: Trx, year: number): Promise<string> {
  let n = (await store.projects.list(ALL, { year, trx })).length + 1;
  for (;;) {
    const id = `XM${year}-${String(n).padStart(4, '0')}`;
    if (!(await store.projects.exists(trx, id))) return id;
    n += 1;
  }
}

export async function createProject(ctx: ServiceContext, viewer: Access, input: unknown): Promise<ProjectDetailResponse> {
  const body = parse(ProjectInput, input);
  assertMay(viewer, { sector: nul(body.sector) }, 'project.edit');
  const settings = await projectSettings(ctx.store);
  const first = settings.statuses[0]!.code;
  const out = await ctx.store.transaction(async (trx) => {
    const regions = await regionMap(ctx.store, trx);
    if (body.id !== undefined && (await ctx.store.projects.exists(trx, body.id))) throw new AccessError(409, 'project-exists', `项目编号 ${body.id} 已存在`);
    const id = body.id ?? (await nextId(ctx.store, trx, body.year));
    const p = fromInput(body, id, first, countyOf(regions, body.villages));
    const problems = await projectProblems(ctx.store, trx, p, settings, regions);
    if (problems.length > 0) throw bad('invalid-project', problems.join('；'));
    await ctx.store.projects.create(trx, p, ctx.actor, nul(body.reason) ?? '录入项目', ctx.clock());
    return visible(ctx.store, viewer, id, trx);
  });
  return detailView(out, viewer, settings, chinaDate(ctx.clock()));
}

export async function updateProject(
  ctx: ServiceContext,
  viewer: Access,
  id: string,
  input: unknown,
): Promise<{ project: ProjectDetailResponse; changed: boolean }> {
  const body = parse(ProjectInput, input);
  const settings = await projectSettings(ctx.store);
  const { detail, changed } = await ctx.store.transaction(async (trx) => {
    const before = await visible(ctx.store, viewer, id, trx);
    assertMay(viewer, before, 'project.edit');
    // A sector account cannot hand its project to another sector.
    if (viewer.role === 'sector' && nul(body.sector) !== before.sector) throw notAllowed('行业部门不能改动项目的负责行业');
    const regions = await regionMap(ctx.store, trx);
    const p = fromInput(body, id, before.status, before.countyCode);
    const problems = await projectProblems(ctx.store, trx, p, settings, regions);
    if (problems.length > 0) throw bad('invalid-project', problems.join('；'));
    const changed = await ctx.store.projects.update(trx, p, ctx.actor, nul(body.reason), ctx.clock());
    return { detail: await visible(ctx.store, viewer, id, trx), changed };
  });
  return { project: detailView(detail, viewer, settings, chinaDate(ctx.clock())), changed };
}

/** Adds households reached by the project (到户); they must live in its villages. */
export async function linkHouseholds(
  ctx: ServiceContext,
  viewer: Access,
  id: string,
  households: readonly string[],
  reason?: string | null,
): Promise<ProjectDetailResponse> {
  const settings = await projectSettings(ctx.store);
  const out = await ctx.store.transaction(async (trx) => {
    const before = await visible(ctx.store, viewer, id, trx);
    assertMay(viewer, before, 'project.edit');
    const { allocations: _a, disbursements: _d, statusChanges: _s, notices: _n, objections: _o, ...p } = before;
    const next: Project = { ...p, households: [...new Set([...p.households, ...households])].sort() };
    const problems = await projectProblems(ctx.store, trx, next, settings, await regionMap(ctx.store, trx));
    if (problems.length > 0) throw bad('invalid-households', problems.join('；'));
    await ctx.store.projects.update(trx, next, ctx.actor, nul(reason ?? null) ?? '关联受益户', ctx.clock());
    return visible(ctx.store, viewer, id, trx);
  });
  return detailView(out, viewer, settings, chinaDate(ctx.clock()));
}

export async function changeProjectStatus(ctx: ServiceContext, viewer: Access, id: string, input: unknown): Promise<ProjectDetailResponse> {
  const body = parse(StatusChangeRequest, input);
  const settings = await projectSettings(ctx.store);
  const today = chinaDate(ctx.clock());
  const out = await ctx.store.transaction(async (trx) => {
    const before = await visible(ctx.store, viewer, id, trx);
    assertMay(viewer, before, 'project.edit');
    const why = checkStatusChange(before.status, body.to, settings);
    if (why !== null) throw bad('invalid-status', why);
    if (body.date > today) throw bad('invalid-status', `状态变更日期 ${body.date} 晚于今天 ${today}`);
    const last = before.statusChanges.at(-1)?.date;
    if (last !== undefined && body.date < last) throw bad('invalid-status', `状态变更日期 ${body.date} 早于上次变更 ${last}`);
    await ctx.store.projects.changeStatus(trx, id, body.to, body.date, nul(body.note), ctx.actor, ctx.clock());
    return visible(ctx.store, viewer, id, trx);
  });
  return detailView(out, viewer, settings, today);
}

/** 资金下达: from a source of the rulebook, in a status that takes money. */
export async function allocate(ctx: ServiceContext, viewer: Access, id: string, input: unknown): Promise<ProjectDetailResponse> {
  const m = parse(MoneyRequest, input);
  const settings = await projectSettings(ctx.store);
  const out = await ctx.store.transaction(async (trx) => {
    const before = await visible(ctx.store, viewer, id, trx);
    assertMay(viewer, before, 'project.money');
    const problems: string[] = [];
    if (!(m.source in settings.fundSources)) problems.push(`资金来源“${m.source}”不在规则库中`);
    const st = settings.statuses.find((s) => s.code === before.status);
    if (!st?.disbursable) problems.push(`项目处于“${statusLabel(settings, before.status)}”状态，不能下达资金`);
    if (problems.length > 0) throw bad('allocation-refused', problems.join('；'));
    await ctx.store.projects.addMoney(trx, 'allocation', id, m, ctx.actor, ctx.clock());
    return visible(ctx.store, viewer, id, trx);
  });
  return detailView(out, viewer, settings, chinaDate(ctx.clock()));
}

/** 拨付: checked against what remains allocated from the source; refused, nothing is stored. */
export async function disburse(ctx: ServiceContext, viewer: Access, id: string, input: unknown): Promise<ProjectDetailResponse> {
  const m = parse(MoneyRequest, input);
  const settings = await projectSettings(ctx.store);
  const out = await ctx.store.transaction(async (trx) => {
    const before = await visible(ctx.store, viewer, id, trx);
    assertMay(viewer, before, 'project.money');
    const problems = checkDisbursement(m, before.allocations, before.disbursements, before.status, settings);
    if (problems.length > 0) throw bad('disbursement-refused', problems.join('；'));
    await ctx.store.projects.addMoney(trx, 'disbursement', id, m, ctx.actor, ctx.clock());
    return visible(ctx.store, viewer, id, trx);
  });
  return detailView(out, viewer, settings, chinaDate(ctx.clock()));
}

async function assertNoticeWriter(store: Store, viewer: Access, villageCode: string, trx: Trx): Promise<void> {
  if (!can(viewer.role, 'project.notice')) throw notAllowed('您的账号不能张贴项目公示');
  if (viewer.scope.kind === 'all') return;
  const r = (await regionMap(store, trx)).get(villageCode);
  const township = r?.parentCode ?? null;
  const county = township === null ? null : ((await regionMap(store, trx)).get(township)?.parentCode ?? null);
  if (!viewer.scope.codes.some((c) => c === villageCode || c === township || c === county)) throw notFound('该村');
}

export async function postNotice(ctx: ServiceContext, viewer: Access, id: string, input: unknown): Promise<ProjectDetailResponse> {
  const n = parse(NoticeRequest, input);
  const settings = await projectSettings(ctx.store);
  const today = chinaDate(ctx.clock());
  const out = await ctx.store.transaction(async (trx) => {
    const p = await visible(ctx.store, viewer, id, trx);
    await assertNoticeWriter(ctx.store, viewer, n.villageCode, trx);
    if (!p.villages.includes(n.villageCode)) throw bad('invalid-notice', `项目不覆盖村 ${n.villageCode}，不能在该村公示`);
    if (n.postedOn > today) throw bad('invalid-notice', `公示日期 ${n.postedOn} 晚于今天 ${today}`);
    if (p.notices.some((x) => x.kind === n.kind && x.villageCode === n.villageCode && x.endedOn === null))
      throw new AccessError(409, 'notice-open', '该村的同类公示尚未结束');
    await ctx.store.projects.postNotice(trx, id, n.kind, n.villageCode, n.postedOn, ctx.actor, ctx.clock());
    return visible(ctx.store, viewer, id, trx);
  });
  return detailView(out, viewer, settings, today);
}

async function noticeOf(store: Store, trx: Trx, projectId: string, noticeId: string) {
  const n = await store.projects.notice(trx, noticeId);
  if (n === null || n.projectId !== projectId) throw notFound('该公示');
  return n;
}

/** Takes a notice down: never before the rulebook's days have passed, never in the future. */
export async function endNotice(ctx: ServiceContext, viewer: Access, id: string, noticeId: string, endedOn: string): Promise<ProjectDetailResponse> {
  const settings = await projectSettings(ctx.store);
  const today = chinaDate(ctx.clock());
  const out = await ctx.store.transaction(async (trx) => {
    await visible(ctx.store, viewer, id, trx);
    const n = await noticeOf(ctx.store, trx, id, noticeId);
    await assertNoticeWriter(ctx.store, viewer, n.villageCode, trx);
    if (n.endedOn !== null) throw new AccessError(409, 'notice-ended', `该公示已于 ${n.endedOn} 结束`);
    const early = checkNoticeEnd(n.postedOn, endedOn, settings.noticeDays);
    if (early !== null) throw bad('notice-too-early', early);
    if (endedOn > today) throw bad('notice-too-early', `结束日期 ${endedOn} 晚于今天 ${today}`);
    await ctx.store.projects.endNotice(trx, noticeId, endedOn, ctx.actor, ctx.clock());
    return visible(ctx.store, viewer, id, trx);
  });
  return detailView(out, viewer, settings, today);
}

export async function recordObjection(
  ctx: ServiceContext,
  viewer: Access,
  id: string,
  noticeId: string,
  receivedOn: string,
  content: string,
): Promise<ProjectDetailResponse> {
  const settings = await projectSettings(ctx.store);
  const today = chinaDate(ctx.clock());
  const out = await ctx.store.transaction(async (trx) => {
    await visible(ctx.store, viewer, id, trx);
    const n = await noticeOf(ctx.store, trx, id, noticeId);
    await assertNoticeWriter(ctx.store, viewer, n.villageCode, trx);
    if (receivedOn < n.postedOn || (n.endedOn !== null && receivedOn > n.endedOn) || receivedOn > today)
      throw bad('invalid-objection', `异议日期 ${receivedOn} 不在公示期内（${n.postedOn} 起${n.endedOn === null ? '' : `，${n.endedOn} 止`}）`);
    await ctx.store.projects.addObjection(trx, noticeId, receivedOn, content.trim(), ctx.actor, ctx.clock());
    return visible(ctx.store, viewer, id, trx);
  });
  return detailView(out, viewer, settings, today);
}

export async function handleObjection(
  ctx: ServiceContext,
  viewer: Access,
  id: string,
  objectionId: string,
  handledOn: string,
  handling: string,
): Promise<ProjectDetailResponse> {
  const settings = await projectSettings(ctx.store);
  const today = chinaDate(ctx.clock());
  const out = await ctx.store.transaction(async (trx) => {
    await visible(ctx.store, viewer, id, trx);
    const o = await ctx.store.projects.objection(trx, objectionId);
    if (o === null || o.projectId !== id) throw notFound('该异议');
    const n = await noticeOf(ctx.store, trx, id, o.noticeId);
    await assertNoticeWriter(ctx.store, viewer, n.villageCode, trx);
    if (o.handledOn !== null) throw new AccessError(409, 'objection-handled', `该异议已于 ${o.handledOn} 处理`);
    if (handledOn < o.receivedOn || handledOn > today) throw bad('invalid-objection', `处理日期 ${handledOn} 应在收到异议（${o.receivedOn}）之后、今天之前`);
    await ctx.store.projects.handleObjection(trx, objectionId, handledOn, handling.trim(), ctx.actor, ctx.clock());
    return visible(ctx.store, viewer, id, trx);
  });
  return detailView(out, viewer, settings, today);
}

type Row = ProgressResponse['total'];

function tally(): Map<string, { label: string; projects: Set<string>; allocated: number; disbursed: number }> {
  return new Map();
}

function rows(m: ReturnType<typeof tally>): Row[] {
  return [...m.entries()]
    .map(([key, v]) => ({
      key,
      label: v.label,
      projects: v.projects.size,
      allocatedFen: v.allocated,
      disbursedFen: v.disbursed,
      share: v.allocated === 0 ? 0 : v.disbursed / v.allocated,
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The township a project counts under: its villages' one township, or 跨乡镇 when they span several. */
export function projectTownship(p: Pick<Project, 'villages'>, regions: ReadonlyMap<string, Region>): { code: string; name: string } {
  const towns = [...new Set(p.villages.map((v) => regions.get(v)?.parentCode ?? ''))];
  if (towns.length === 1 && towns[0] !== '') return { code: towns[0]!, name: regions.get(towns[0]!)?.name ?? towns[0]! };
  return towns.length === 0 ? { code: '-', name: '县级' } : { code: '*', name: '跨乡镇' };
}

/** Allocated and disbursed by project, fund source, township and sector; each breakdown sums to the total. */
export async function projectProgress(ctx: ServiceContext, viewer: Access, q: ProjectListQuery = {}): Promise<ProgressResponse> {
  const settings = await projectSettings(ctx.store);
  const { today, items } = await listProjects(ctx, viewer, q);
  const money = await ctx.store.projects.money(items.map((p) => p.id));
  const regions = await regionMap(ctx.store);
  const ofProject = new Map(items.map((p) => [p.id, p]));
  const total = tally();
  const project = tally();
  const source = tally();
  const township = tally();
  const sector = tally();
  const add = (m: ReturnType<typeof tally>, key: string, label: string, pid: string, a: number, d: number) => {
    let e = m.get(key);
    if (!e) m.set(key, (e = { label, projects: new Set(), allocated: 0, disbursed: 0 }));
    e.projects.add(pid);
    e.allocated += a;
    e.disbursed += d;
  };
  for (const p of items) {
    add(total, 'total', '合计', p.id, 0, 0);
    add(project, p.id, p.name, p.id, 0, 0);
    const t = projectTownship(p, regions);
    add(township, t.code, t.name, p.id, 0, 0);
    add(sector, p.sector ?? '-', p.sector ?? '未指定', p.id, 0, 0);
  }
  const put = (m: StoredMoney, a: number, d: number) => {
    const p = ofProject.get(m.projectId)!;
    const t = projectTownship(p, regions);
    add(total, 'total', '合计', p.id, a, d);
    add(project, p.id, p.name, p.id, a, d);
    add(source, m.source, settings.fundSources[m.source] ?? m.source, p.id, a, d);
    add(township, t.code, t.name, p.id, a, d);
    add(sector, p.sector ?? '-', p.sector ?? '未指定', p.id, a, d);
  };
  for (const m of money.allocations) put(m, m.fen, 0);
  for (const m of money.disbursements) put(m, 0, m.fen);
  return {
    today,
    total: rows(total)[0] ?? { key: 'total', label: '合计', projects: 0, allocatedFen: 0, disbursedFen: 0, share: 0 },
    byProject: rows(project),
    bySource: rows(source),
    byTownship: rows(township),
    bySector: rows(sector),
    late: items.filter((p) => p.warnings.length > 0).length,
  };
}
