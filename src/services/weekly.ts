// 周调度: every week, per township and for the county, what the push did (households checked,
// income forms, tasks opened / done / verified / late by sector, visits, B→A moves, requests
// waiting), the change on the week before and a ranking of townships; the county office adds its
// analysis and the weekly meeting's record (例会). A week that has ended is written once as a
// snapshot the first time it is asked for (by the system), and read from there ever after, so
// last week's report never changes; the week still running is computed as it stands.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WeeklyNotesRequest, type WeeklyResponse } from '../contract/supervision.js';
import { exitReadyCodes, remediationCodes } from '../domain/classes.js';
import { can } from '../domain/roles.js';
import { addDays, emptyFigures, isoWeek, rankTownships, shiftWeek, weekChange, weekRange, type WeeklyFigures } from '../domain/supervision.js';
import { writeWeeklyReport } from '../io/ledger/weekly.js';
import { notAllowed, type Access } from './access.js';
import { SYSTEM_ACTOR, type ServiceContext } from './context.js';
import { pointSummary } from './checkRuns.js';
import { chinaDate } from './history.js';
import { activeRulebook } from './rulebooks.js';
import { listSpotChecks } from './spotChecks.js';
import { inScopeCodes } from './scopeCheck.js';
import { bad, countyRegion, parse, regionMap, supervisionSettings, todayOf } from './supervisionCommon.js';

interface SectorRow {
  sector: string;
  opened: number;
  done: number;
  verified: number;
  late: number;
}

/** What a snapshot stores: the figures only; change and ranking are derived from two snapshots. */
interface WeekBody {
  countyName: string;
  townships: { code: string; name: string; figures: WeeklyFigures; sectors: SectorRow[] }[];
  county: { figures: WeeklyFigures; sectors: SectorRow[] };
}

const SECTOR_METRIC = { tasksOpened: 'opened', tasksDone: 'done', tasksVerified: 'verified', tasksLate: 'late' } as const;

/** 00:00 China time of a date, as the change log's UTC timestamps. */
const chinaMidnight = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`)).toISOString();

async function compute(ctx: ServiceContext, week: string, today: string): Promise<WeekBody> {
  const range = weekRange(week)!;
  const rb = await activeRulebook(ctx.store);
  const regions = await regionMap(ctx.store);
  const counts = await ctx.store.supervision.periodCounts(
    { fromIso: chinaMidnight(range.start), toIso: chinaMidnight(addDays(range.end, 1)), fromDate: range.start, toDate: range.end, today },
    { from: remediationCodes(rb), to: exitReadyCodes(rb) },
  );
  const townships = [...regions.values()].filter((r) => r.level === 'township').sort((a, b) => a.code.localeCompare(b.code));
  const rows = new Map(townships.map((t) => [t.code, { code: t.code, name: t.name, figures: emptyFigures(), sectors: new Map<string, SectorRow>() }]));
  const county = { figures: emptyFigures(), sectors: new Map<string, SectorRow>() };
  const bump = (sectors: Map<string, SectorRow>, sector: string, key: keyof SectorRow, n: number) => {
    const s = sectors.get(sector) ?? { sector, opened: 0, done: 0, verified: 0, late: 0 };
    (s[key] as number) += n;
    sectors.set(sector, s);
  };
  for (const c of counts) {
    const row = c.townshipCode === null ? undefined : rows.get(c.townshipCode);
    // Visits crossing two townships count in each, but once for the county.
    if (row !== undefined) row.figures[c.metric] += c.n;
    if (c.metric !== 'visits') county.figures[c.metric] += c.n;
    if (c.metric in SECTOR_METRIC) {
      const key = SECTOR_METRIC[c.metric as keyof typeof SECTOR_METRIC];
      const sector = c.sector ?? '未定';
      if (row !== undefined) bump(row.sectors, sector, key, c.n);
      bump(county.sectors, sector, key, c.n);
    }
  }
  county.figures.visits = (await ctx.store.supervision.listVisits({ kind: 'all' }, { from: range.start, to: range.end })).length;
  const sorted = (m: Map<string, SectorRow>) => [...m.values()].sort((a, b) => a.sector.localeCompare(b.sector));
  return {
    countyName: countyRegion(regions)?.name ?? '',
    townships: [...rows.values()].map((r) => ({ code: r.code, name: r.name, figures: r.figures, sectors: sorted(r.sectors) })),
    county: { figures: county.figures, sectors: sorted(county.sectors) },
  };
}

interface Week {
  body: WeekBody;
  snapshot: boolean;
  createdAt: string | null;
  analysis: string | null;
  meeting: string | null;
}

/** A closed week from its snapshot (written now if this is the first time); the running week live. */
async function weekOf(ctx: ServiceContext, week: string, today: string): Promise<Week> {
  const range = weekRange(week)!;
  const stored = await ctx.store.supervision.weekly(week);
  if (stored !== null)
    return { body: stored.body as WeekBody, snapshot: true, createdAt: stored.createdAt, analysis: stored.analysis, meeting: stored.meeting };
  const body = await compute(ctx, week, today);
  if (range.end >= today) return { body, snapshot: false, createdAt: null, analysis: null, meeting: null };
  const at = ctx.clock();
  await ctx.store.transaction((trx) => ctx.store.supervision.saveWeekly(trx, week, body, SYSTEM_ACTOR, at));
  // Two readers may race to write the same week: the first one's figures are the week's.
  const back = (await ctx.store.supervision.weekly(week))!;
  return { body: back.body as WeekBody, snapshot: true, createdAt: back.createdAt, analysis: back.analysis, meeting: back.meeting };
}

function checkWeek(week: string | undefined, today: string): string {
  const w = week ?? shiftWeek(isoWeek(today), -1);
  const range = weekRange(w);
  if (range === null) throw bad('invalid-week', `周次“${w}”不存在（格式 YYYY-Www，例如 2018-W41）`);
  if (range.start > today) throw bad('invalid-week', `第 ${w} 周还没有开始（今天是 ${today}）`);
  return w;
}

async function pointFigures(ctx: ServiceContext, viewer: Access): Promise<WeeklyResponse['pointsToVerify']> {
  const s = await pointSummary(ctx, viewer);
  return { open: s.open, checked: s.checked, overdue: s.overdue };
}

/** Checks drawn within the week (China dates), newest first. */
async function spotChecksOfWeek(ctx: ServiceContext, viewer: Access, range: { start: string; end: string }): Promise<WeeklyResponse['spotChecks']> {
  const { items } = await listSpotChecks(ctx, viewer);
  return items
    .filter((c) => chinaDate(c.createdAt) >= range.start && chinaDate(c.createdAt) <= range.end)
    .map((c) => ({ id: c.id, kind: c.kind, populationLabel: c.populationLabel, sampleSize: c.sampleSize, checked: c.checked, createdAt: c.createdAt }));
}

export async function weeklyReport(ctx: ServiceContext, viewer: Access, week?: string): Promise<WeeklyResponse> {
  if (!can(viewer.role, 'weekly.read')) throw notAllowed('您的账号不能查看周调度');
  const today = todayOf(ctx);
  const w = checkWeek(week, today);
  const range = weekRange(w)!;
  const now = await weekOf(ctx, w, today);
  const prevWeek = shiftWeek(w, -1);
  const prev = (await ctx.store.supervision.weekly(prevWeek))?.body as WeekBody | undefined;
  const before = prev ?? (await compute(ctx, prevWeek, today));
  const prevOf = new Map(before.townships.map((t) => [t.code, t.figures]));
  const ranked = rankTownships(now.body.townships, (await supervisionSettings(ctx.store)).rankingWeights);
  const regions = await regionMap(ctx.store);
  const visible = ranked.filter((t) => {
    const r = regions.get(t.code);
    return r !== undefined && inScopeCodes(viewer.scope, r, regions);
  });
  const countyWide = viewer.scope.kind === 'all';
  return {
    week: w,
    start: range.start,
    end: range.end,
    snapshot: now.snapshot,
    createdAt: now.createdAt,
    countyName: now.body.countyName,
    townships: visible.map((t) => ({ ...t, change: weekChange(t.figures, prevOf.get(t.code) ?? null) })),
    county: countyWide
      ? { figures: now.body.county.figures, change: weekChange(now.body.county.figures, before.county.figures), sectors: now.body.county.sectors }
      : null,
    analysis: now.analysis,
    meeting: now.meeting,
    pointsToVerify: can(viewer.role, 'check.read') ? await pointFigures(ctx, viewer) : null,
    spotChecks: can(viewer.role, 'spotCheck.read') ? await spotChecksOfWeek(ctx, viewer, range) : null,
    stored: await ctx.store.supervision.weeks(),
    canNotes: can(viewer.role, 'weekly.notes') && now.snapshot,
  };
}

export async function setWeeklyNotes(ctx: ServiceContext, viewer: Access, week: string, input: unknown): Promise<WeeklyResponse> {
  if (!can(viewer.role, 'weekly.notes')) throw notAllowed('只有县扶贫办可以填写周调度分析和例会记录');
  const body = parse(WeeklyNotesRequest, input, '分析和例会记录');
  const today = todayOf(ctx);
  const w = checkWeek(week, today);
  const now = await weekOf(ctx, w, today);
  if (!now.snapshot) throw bad('week-open', `第 ${w} 周还没有结束，结束后才能填写分析和例会记录`);
  await ctx.store.transaction((trx) =>
    ctx.store.supervision.setWeeklyNotes(trx, w, { analysis: body.analysis ?? null, meeting: body.meeting ?? null }, ctx.actor, ctx.clock()),
  );
  return weeklyReport(ctx, viewer, w);
}

export interface ExportedWeekly {
  path: string;
  fileName: string;
  report: WeeklyResponse;
  cleanup: () => void;
}

export async function exportWeekly(ctx: ServiceContext, viewer: Access, week: string | undefined, path?: string): Promise<ExportedWeekly> {
  const report = await weeklyReport(ctx, viewer, week);
  const fileName = `${report.countyName}周调度_${report.week}.xlsx`;
  const dir = path === undefined ? mkdtempSync(join(tmpdir(), 'tuopin-weekly-')) : null;
  const cleanup = () => (dir === null ? undefined : rmSync(dir, { recursive: true, force: true }));
  const out = path ?? join(dir!, fileName);
  try {
    await writeWeeklyReport(out, report, { generatedAt: todayOf(ctx), minVisits: (await supervisionSettings(ctx.store)).minVisitsPerWeek });
    return { path: out, fileName, report, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
