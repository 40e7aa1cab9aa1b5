// Supervision (督查): the rulebook's settings for leaders' weekly visits, problems and
// accountability, and the pure rules over them: ISO weeks in China time, visit compliance week by
// week, a problem's state, which units and people reach the repeated-major-failure threshold, and
// the weekly dispatch's week-over-week change and ranking. No I/O and no clock: callers pass today.
import { z } from 'zod';
import { TEXT_LIMITS as L, text } from './textLimits.js';

const label = text(L.label, '名称').min(1);
const code = text(L.code, '代码').min(1);
const kinds = z.record(code, label);

export const SupervisionSettings = z.object({
  /** Visits a leader must make to the area in each ISO week (每周至少一次). */
  minVisitsPerWeek: z.number().int().nonnegative(),
  /** Where a problem was found (考核, 巡视巡察, 督查走访, 暗访, 抽查, 比对, 群众举报 ...). */
  problemSources: kinds,
  /** 搞形式走过场, 工作不细不实, 弄虚作假, 数据不准确 ... */
  problemCategories: kinds,
  /** 一般 / 重大; `major` ones count towards removal or transfer. */
  severities: z.array(z.object({ code, label, major: z.boolean() })).min(1),
  /** Days from finding to the rectification deadline when none is given. */
  rectificationDays: z.number().int().positive(),
  /** Organisational handling (组织处理): 约谈, 诫勉谈话, 通报批评 ... */
  organisational: kinds,
  /** Disciplinary sanctions (纪律处分): 警告, 严重警告, 撤职 ... */
  disciplinary: kinds,
  /** Major failures within `windowDays` that make the ledger propose removal or transfer (免职或调离). */
  repeatedFailure: z.object({ count: z.number().int().min(2), windowDays: z.number().int().positive() }),
  /**
   * How much each weekly figure counts in the ranking of townships (周调度排名); a negative weight
   * counts against (late tasks). Figures not listed count nothing.
   */
  rankingWeights: z
    .partialRecord(
      z.enum(['householdsVerified', 'incomeForms', 'tasksOpened', 'tasksDone', 'tasksVerified', 'tasksLate', 'visits', 'movesBtoA', 'requestsWaiting']),
      z.number().finite(),
    )
    .default({ tasksVerified: 3, tasksDone: 2, householdsVerified: 1, incomeForms: 1, movesBtoA: 3, visits: 2, tasksLate: -2 }),
  /** A spot-check form that finds the record wrong becomes a problem of the village with these kinds. */
  spotCheckProblem: z.object({ source: code, category: code, severity: code }).default({ source: 'spot-check', category: 'bad-data', severity: 'ordinary' }),
});
export type SupervisionSettings = z.infer<typeof SupervisionSettings>;

/** For rulebooks written before supervision existed; the rulebooks in use set it explicitly. */
export const DEFAULT_SUPERVISION_SETTINGS: SupervisionSettings = {
  minVisitsPerWeek: 1,
  problemSources: {
    assessment: '考核评估',
    inspection: '巡视巡察',
    visit: '督查走访',
    unannounced: '暗访',
    'spot-check': '抽查',
    'cross-check': '数据比对',
    objection: '群众举报',
  },
  problemCategories: {
    formalism: '搞形式走过场',
    careless: '工作不细不实',
    fraud: '弄虚作假',
    'bad-data': '数据不准确',
    policy: '政策落实不到位',
    funds: '资金使用不规范',
    conduct: '作风问题',
  },
  severities: [
    { code: 'ordinary', label: '一般', major: false },
    { code: 'major', label: '重大', major: true },
  ],
  rectificationDays: 15,
  organisational: {
    talk: '约谈',
    admonish: '诫勉谈话',
    criticise: '通报批评',
    'self-examine': '责令检查',
    apologise: '责令公开道歉',
    transfer: '调离岗位',
    remove: '免职',
  },
  disciplinary: {
    warning: '警告',
    'serious-warning': '严重警告',
    demerit: '记过',
    'major-demerit': '记大过',
    demote: '降级',
    dismiss: '撤职',
    'party-post': '撤销党内职务',
    probation: '留党察看',
    expel: '开除',
  },
  repeatedFailure: { count: 2, windowDays: 365 },
  rankingWeights: { tasksVerified: 3, tasksDone: 2, householdsVerified: 1, incomeForms: 1, movesBtoA: 3, visits: 2, tasksLate: -2 },
  spotCheckProblem: { source: 'spot-check', category: 'bad-data', severity: 'ordinary' },
};

// ---------------------------------------------------------------- weeks

const DAY = 86_400_000;
const utc = (d: string) => Date.parse(`${d}T00:00:00Z`);
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

export const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

/** The ISO week ('2018-W40') of a date (Monday first; the week belongs to the year of its Thursday). */
export function isoWeek(date: string): string {
  const t = utc(date);
  const dow = (new Date(t).getUTCDay() + 6) % 7;
  const thursday = t + (3 - dow) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const jan4 = Date.UTC(year, 0, 4);
  const week1Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
  const n = Math.floor((thursday - week1Monday) / (7 * DAY)) + 1;
  return `${year}-W${String(n).padStart(2, '0')}`;
}

/** Monday and Sunday of an ISO week; null for a malformed or non-existent week. */
export function weekRange(week: string): { start: string; end: string } | null {
  const m = WEEK_PATTERN.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > 53) return null;
  const jan4 = Date.UTC(year, 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY + (n - 1) * 7 * DAY;
  const start = day(monday);
  if (isoWeek(start) !== week) return null;
  return { start, end: day(monday + 6 * DAY) };
}

export function shiftWeek(week: string, by: number): string {
  const r = weekRange(week);
  if (r === null) throw new Error(`周次“${week}”格式应为 YYYY-Www`);
  return isoWeek(day(utc(r.start) + by * 7 * DAY));
}

/** The weeks from `from` to `to`, both included, oldest first. */
export function weeksBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let w = isoWeek(from); ; w = shiftWeek(w, 1)) {
    const r = weekRange(w)!;
    if (r.start > to) break;
    out.push(w);
    if (out.length > 520) break;
  }
  return out;
}

export const addDays = (date: string, n: number): string => day(utc(date) + n * DAY);

// ---------------------------------------------------------------- visit compliance

export interface WeekCompliance {
  week: string;
  visits: number;
  /** At least the rulebook's minimum. */
  met: boolean;
  /** The week is not over yet: a shortfall is not (yet) a miss. */
  current: boolean;
}

/**
 * Week by week, how many visits a leader made and whether the minimum was met. `visitDates` are
 * the leader's visit dates; weeks after today are left out, today's week is marked current.
 */
export function visitCompliance(visitDates: readonly string[], weeks: readonly string[], today: string, min: number): WeekCompliance[] {
  const counts = new Map<string, number>();
  for (const d of visitDates) counts.set(isoWeek(d), (counts.get(isoWeek(d)) ?? 0) + 1);
  const now = isoWeek(today);
  return weeks
    .filter((w) => weekRange(w)!.start <= today)
    .map((week) => {
      const visits = counts.get(week) ?? 0;
      return { week, visits, met: visits >= min, current: week === now };
    });
}

/** Weeks over and below the minimum: the ones that stand out. */
export const missedWeeks = (rows: readonly WeekCompliance[]): string[] => rows.filter((r) => !r.met && !r.current).map((r) => r.week);

// ---------------------------------------------------------------- problems

export type ProblemState = 'open' | 'overdue' | 'rectified' | 'verified';

export const PROBLEM_STATE_LABELS: Readonly<Record<ProblemState, string>> = {
  open: '整改中',
  overdue: '逾期未整改',
  rectified: '已整改待核实',
  verified: '已核实销号',
};

/** A rectification recorded and not yet verified is 已整改; a verified one closes the problem. */
export function problemState(p: { deadline: string; rectifiedOn: string | null; verifiedOn: string | null }, today: string): ProblemState {
  if (p.verifiedOn !== null) return 'verified';
  if (p.rectifiedOn !== null) return 'rectified';
  return p.deadline < today ? 'overdue' : 'open';
}

export interface FailureInput {
  id: string;
  foundOn: string;
  severity: string;
  unitKind: string;
  unitCode: string;
  unitName: string;
  people: readonly string[];
}

export interface RepeatedFailure {
  kind: 'unit' | 'person';
  /** The unit's code, or the person's name with the unit (a name alone is not unique). */
  key: string;
  name: string;
  unitName: string;
  problemIds: string[];
}

/**
 * Units and people with at least `count` major problems found within any `windowDays` window
 * ending on or before today: the ledger proposes removal or transfer (免职或调离) for them.
 */
export function repeatedFailures(problems: readonly FailureInput[], s: SupervisionSettings, today: string): RepeatedFailure[] {
  const major = new Set(s.severities.filter((x) => x.major).map((x) => x.code));
  const groups = new Map<string, { kind: 'unit' | 'person'; name: string; unitName: string; items: FailureInput[] }>();
  const put = (key: string, kind: 'unit' | 'person', name: string, unitName: string, p: FailureInput) => {
    const g = groups.get(key) ?? { kind, name, unitName, items: [] };
    g.items.push(p);
    groups.set(key, g);
  };
  for (const p of problems) {
    if (!major.has(p.severity) || p.foundOn > today) continue;
    put(`unit:${p.unitKind}:${p.unitCode}`, 'unit', p.unitName, p.unitName, p);
    for (const person of new Set(p.people)) put(`person:${p.unitCode}:${person}`, 'person', person, p.unitName, p);
  }
  const out: RepeatedFailure[] = [];
  for (const [key, g] of groups) {
    const items = [...g.items].sort((a, b) => a.foundOn.localeCompare(b.foundOn) || a.id.localeCompare(b.id));
    let best: FailureInput[] = [];
    for (let i = 0, j = 0; j < items.length; j++) {
      while (utc(items[j]!.foundOn) - utc(items[i]!.foundOn) >= s.repeatedFailure.windowDays * DAY) i++;
      if (j - i + 1 > best.length) best = items.slice(i, j + 1);
    }
    if (best.length >= s.repeatedFailure.count)
      out.push({ kind: g.kind, key: key.slice(key.indexOf(':') + 1), name: g.name, unitName: g.unitName, problemIds: best.map((p) => p.id) });
  }
  return out.sort((a, b) => a.kind.localeCompare(b.kind) || b.problemIds.length - a.problemIds.length || a.key.localeCompare(b.key));
}

// ---------------------------------------------------------------- weekly dispatch

/** One township's (or the county's) figures for one week. */
export interface WeeklyFigures {
  householdsVerified: number;
  incomeForms: number;
  tasksOpened: number;
  tasksDone: number;
  tasksVerified: number;
  /** Unfinished tasks past their due date at the end of the week. */
  tasksLate: number;
  visits: number;
  movesBtoA: number;
  requestsWaiting: number;
}

export const WEEKLY_FIGURE_LABELS: Readonly<Record<keyof WeeklyFigures, string>> = {
  householdsVerified: '核实户数',
  incomeForms: '收入测算表',
  tasksOpened: '新开整改任务',
  tasksDone: '完成整改任务',
  tasksVerified: '验收整改任务',
  tasksLate: '逾期任务',
  visits: '督查走访',
  movesBtoA: 'B→A',
  requestsWaiting: '待审批申请',
};

export const FIGURE_KEYS = Object.keys(WEEKLY_FIGURE_LABELS) as (keyof WeeklyFigures)[];

export const emptyFigures = (): WeeklyFigures => Object.fromEntries(FIGURE_KEYS.map((k) => [k, 0])) as unknown as WeeklyFigures;

/** This week minus last week, figure by figure (null when there is no last week to compare with). */
export function weekChange(now: WeeklyFigures, before: WeeklyFigures | null): WeeklyFigures | null {
  if (before === null) return null;
  return Object.fromEntries(FIGURE_KEYS.map((k) => [k, now[k] - before[k]])) as unknown as WeeklyFigures;
}

/**
 * Townships ranked by the week's work, each figure weighted as the rulebook says (rankingWeights).
 * Ties keep the code order, so ranks are stable.
 */
export function weeklyScore(f: WeeklyFigures, weights: SupervisionSettings['rankingWeights']): number {
  return FIGURE_KEYS.reduce((sum, k) => sum + (weights[k] ?? 0) * f[k], 0);
}

export function rankTownships<T extends { code: string; figures: WeeklyFigures }>(
  rows: readonly T[],
  weights: SupervisionSettings['rankingWeights'],
): (T & { rank: number; score: number })[] {
  const scored = rows.map((r) => ({ ...r, score: weeklyScore(r.figures, weights) }));
  scored.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
  let rank = 0;
  let last: number | null = null;
  return scored.map((r, i) => {
    if (r.score !== last) rank = i + 1;
    last = r.score;
    return { ...r, rank };
  });
}
