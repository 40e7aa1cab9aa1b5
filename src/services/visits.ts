// 督查走访: a county leader (or a township cadre, or the county office on an unannounced visit)
// records a visit to villages of the area: the date, the households called on (picked from the
// list), what was checked, what was found, photos. A finding can be raised as a problem
// (problems.ts). The compliance view counts each leader's visits week by week against the
// rulebook's minimum so that missed weeks stand out.
import {
  ComplianceQuery,
  FindingProblemRequest,
  VisitListQuery,
  VisitRequest,
  type ComplianceResponse,
  type VisitView,
  type VisitsResponse,
} from '../contract/supervision.js';
import { can } from '../domain/roles.js';
import { isoWeek, missedWeeks, visitCompliance, weekRange, weeksBetween, addDays } from '../domain/supervision.js';
import type { Region } from '../domain/types.js';
import { inScopeCodes } from './scopeCheck.js';
import type { Visit } from '../store/index.js';
import { AccessError, notAllowed, notFound, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { recordProblemIn } from './problems.js';
import { sniffType, ATTACHMENT_MAX_BYTES } from './tasks.js';
import { bad, conflict, parse, regionMap, supervisionSettings, todayOf, townshipOf } from './supervisionCommon.js';

async function views(ctx: ServiceContext, viewer: Access, visits: Visit[], regions: Map<string, Region>): Promise<VisitView[]> {
  const ids = [...new Set(visits.flatMap((v) => v.households))];
  const heads = new Map<string, string | null>();
  if (ids.length > 0) {
    for (const r of await ctx.store.registry.loadRecords(viewer.scope, { householdIds: ids }))
      heads.set(r.household.id, r.members.find((m) => m.relation === 'head')?.name ?? null);
  }
  return visits.map((v) => ({
    id: v.id,
    visitorId: v.visitorId,
    visitorName: v.visitorName,
    visitorRole: v.visitorRole,
    date: v.date,
    week: isoWeek(v.date),
    checked: v.checked,
    villages: v.villages.map((c) => ({ code: c, name: regions.get(c)?.name ?? c })),
    // A household outside the viewer's scope is not named (a visit may cross townships).
    households: v.households.filter((h) => heads.has(h)).map((h) => ({ id: h, headName: heads.get(h) ?? null })),
    findings: v.findings,
    photos: v.photos,
  }));
}

function assertReader(viewer: Access): void {
  if (!can(viewer.role, 'weekly.read')) throw notAllowed('您的账号不能查看督查走访记录');
}

export async function listVisits(ctx: ServiceContext, viewer: Access, query: unknown = {}): Promise<VisitsResponse> {
  assertReader(viewer);
  const q = parse(VisitListQuery, query);
  const range = q.week === undefined ? null : weekRange(q.week);
  if (q.week !== undefined && range === null) throw bad('invalid-week', `周次“${q.week}”不存在`);
  const visits = await ctx.store.supervision.listVisits(viewer.scope, {
    ownerId: viewer.userId,
    ...(q.visitor !== undefined ? { visitorId: q.visitor } : {}),
    ...(range !== null ? { from: range.start, to: range.end } : {}),
  });
  return {
    items: await views(ctx, viewer, visits, await regionMap(ctx.store)),
    canRecord: can(viewer.role, 'visit.record'),
    canRaise: can(viewer.role, 'problem.record'),
  };
}

export async function readVisit(ctx: ServiceContext, viewer: Access, id: string): Promise<VisitView> {
  assertReader(viewer);
  const v = await ctx.store.supervision.getVisit(viewer.scope, id, { ownerId: viewer.userId });
  if (v === null) throw notFound('该走访记录');
  return (await views(ctx, viewer, [v], await regionMap(ctx.store)))[0]!;
}

export async function recordVisit(ctx: ServiceContext, viewer: Access, input: unknown): Promise<VisitView> {
  if (!can(viewer.role, 'visit.record')) throw notAllowed('只有县级领导、乡镇干部和县扶贫办可以记录督查走访');
  const body = parse(VisitRequest, input, '走访记录');
  const today = todayOf(ctx);
  const id = await ctx.store.transaction(async (trx) => {
    const regions = await regionMap(ctx.store, trx);
    const problems: string[] = [];
    if (body.date > today) problems.push(`走访日期 ${body.date} 晚于今天 ${today}`);
    const villages = [...new Set(body.villages)];
    for (const c of villages) {
      const r = regions.get(c);
      // Out of the viewer's area answers like an unknown village.
      if (r?.level !== 'village' || !inScopeCodes(viewer.scope, r, regions)) problems.push(`行政村“${c}”不在您联系的范围内`);
    }
    const households = [...new Set(body.households)];
    const homeOf = new Map<string, string>();
    for (const h of households) {
      const codes = await ctx.store.registry.householdCodes(h, { trx });
      if (codes === null || !villages.includes(codes.village ?? '')) problems.push(`户 ${h} 不在所选的村内`);
      else homeOf.set(h, codes.village!);
    }
    body.findings.forEach((f, i) => {
      if (!villages.includes(f.villageCode)) problems.push(`第 ${i + 1} 条发现的村不是本次走访的村`);
      if (f.householdId && !households.includes(f.householdId)) problems.push(`第 ${i + 1} 条发现的户 ${f.householdId} 不是本次走访的户`);
    });
    if (problems.length > 0) throw bad('invalid-visit', problems.join('；'));
    return ctx.store.supervision.createVisit(
      trx,
      {
        visitor: { id: viewer.userId, name: viewer.name, role: viewer.role },
        date: body.date,
        villages,
        households,
        checked: body.checked,
        findings: body.findings.map((f) => ({ villageCode: f.villageCode, householdId: f.householdId ?? null, text: f.text })),
      },
      ctx.actor,
      ctx.clock(),
    );
  });
  return readVisit(ctx, viewer, id);
}

/** A finding made a problem: source 督查走访, against the finding's village (or its township). */
export async function raiseFinding(ctx: ServiceContext, viewer: Access, visitId: string, findingId: string, input: unknown) {
  if (!can(viewer.role, 'problem.record')) throw notAllowed('只有县级领导和县扶贫办可以把发现的问题登记为问题');
  const body = parse(FindingProblemRequest, input, '问题登记');
  const settings = await supervisionSettings(ctx.store);
  return ctx.store.transaction(async (trx) => {
    const visit = await ctx.store.supervision.getVisit(viewer.scope, visitId, { ownerId: viewer.userId, trx });
    if (visit === null) throw notFound('该走访记录');
    const finding = visit.findings.find((f) => f.id === findingId);
    if (finding === undefined) throw notFound('该条发现');
    if (finding.problemId !== null) throw conflict(`这条发现已登记为问题 ${finding.problemId}`);
    const source = Object.keys(settings.problemSources).find((k) => k === 'visit');
    if (source === undefined) throw bad('invalid-source', '规则库的问题来源中没有“督查走访”（visit）');
    const regions = await regionMap(ctx.store, trx);
    const unit = body.unitKind === 'township' ? townshipOf(regions, finding.villageCode) : regions.get(finding.villageCode);
    if (unit === undefined || unit === null) throw notFound('该村');
    const id = await recordProblemIn(ctx, viewer, trx, {
      source,
      sourceRef: finding.id,
      category: body.category,
      severity: body.severity,
      unitKind: unit.level === 'township' ? 'township' : 'village',
      unitCode: unit.code,
      householdId: finding.householdId,
      people: body.people,
      description: finding.text,
      foundOn: visit.date,
      deadline: body.deadline ?? null,
    });
    await ctx.store.supervision.linkFinding(trx, visit, finding.id, id, ctx.actor, ctx.clock());
    return { problemId: id };
  });
}

export const PHOTO_MAX_BYTES = ATTACHMENT_MAX_BYTES;

export async function addVisitPhoto(ctx: ServiceContext, viewer: Access, visitId: string, file: { fileName: string; data: Uint8Array }) {
  if (file.data.byteLength === 0) throw bad('invalid-input', '上传的照片是空的');
  if (file.data.byteLength > PHOTO_MAX_BYTES) throw new AccessError(413, 'too-large', `照片不能超过 ${PHOTO_MAX_BYTES / 1024 / 1024} MB`);
  const type = sniffType(file.data);
  if (type !== 'image/jpeg' && type !== 'image/png') throw bad('invalid-input', `“${file.fileName}”不是 JPG 或 PNG 照片`);
  return ctx.store.transaction(async (trx) => {
    const visit = await ctx.store.supervision.getVisit(viewer.scope, visitId, { ownerId: viewer.userId, trx });
    if (visit === null) throw notFound('该走访记录');
    // Photos are the visitor's own record of what was seen.
    if (visit.visitorId !== viewer.userId) throw notAllowed('只有走访人可以为走访记录添加照片');
    return ctx.store.supervision.addPhoto(trx, visit, { fileName: file.fileName, contentType: type, data: file.data }, ctx.actor, ctx.clock());
  });
}

export async function visitPhoto(ctx: ServiceContext, viewer: Access, visitId: string, photoId: string) {
  assertReader(viewer);
  const visit = await ctx.store.supervision.getVisit(viewer.scope, visitId, { ownerId: viewer.userId });
  const photo = visit === null ? null : await ctx.store.supervision.photo(visitId, photoId);
  if (photo === null) throw notFound('该照片');
  return photo;
}

/**
 * Leader by leader (the county office sees all, a leader itself), week by week from `from` (default:
 * eight weeks back) to `to` (default today): visits made and whether the minimum was met.
 */
export async function visitComplianceView(ctx: ServiceContext, viewer: Access, query: unknown = {}): Promise<ComplianceResponse> {
  if (viewer.role !== 'leader' && !can(viewer.role, 'leader.assign')) throw notAllowed('只有县扶贫办和县级领导可以查看走访达标情况');
  const q = parse(ComplianceQuery, query);
  const today = todayOf(ctx);
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -7 * 7);
  if (from > to) throw bad('invalid-range', `开始日期 ${from} 晚于结束日期 ${to}`);
  const settings = await supervisionSettings(ctx.store);
  const regions = await regionMap(ctx.store);
  const leaders = (await ctx.store.users.list()).filter((u) => u.role === 'leader' && !u.disabled && (viewer.role !== 'leader' || u.id === viewer.userId));
  const weeks = weeksBetween(from, to);
  const first = weekRange(weeks[0] ?? isoWeek(from))!.start;
  const dates = await ctx.store.supervision.visitDates(
    leaders.map((l) => l.id),
    first,
    to,
  );
  return {
    minPerWeek: settings.minVisitsPerWeek,
    weeks,
    leaders: leaders.map((l) => {
      const rows = visitCompliance(
        dates.filter((d) => d.visitorId === l.id).map((d) => d.date),
        weeks,
        today,
        settings.minVisitsPerWeek,
      );
      return { id: l.id, name: l.name, areas: l.scopeCodes.map((c) => regions.get(c)?.name ?? c), rows, missed: missedWeeks(rows) };
    }),
  };
}
