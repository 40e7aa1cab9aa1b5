// Poverty-alleviation projects and their money (项目库, 资金下达与拨付), as pure rules. The kinds
// of project, the fund sources, the status flow, the notice days and the disbursement schedule
// are rulebook settings passed in; nothing here names a policy value.
import { z } from 'zod';
import { IndicatorCode, isoDate } from './types.js';

export const ProjectSettings = z
  .object({
    /** Project types (产业, 基础设施, 饮水, 危房改造 ...), code -> label. */
    types: z.record(z.string().min(1).max(40), z.string().min(1).max(40)),
    /** Fund sources (中央财政专项扶贫资金 ...), code -> label. */
    fundSources: z.record(z.string().min(1).max(40), z.string().min(1).max(60)),
    /** Statuses in order with the statuses each may move to (储备 -> 批复 -> ... / 终止). */
    statuses: z
      .array(
        z.object({
          code: z.string().min(1).max(40),
          label: z.string().min(1).max(20),
          next: z.array(z.string().min(1).max(40)),
          /** Money may be disbursed in this status. */
          disbursable: z.boolean(),
          /** A completed project: it may stand as evidence for the tasks it solves once accepted. */
          accepted: z.boolean().default(false),
        }),
      )
      .min(1),
    /** Minimum days a project notice stays posted (10 in the seed county). */
    noticeDays: z.number().int().positive(),
    /** Disbursement schedule: by each date (MM-DD of the project year), at least this share of the allocation is disbursed. */
    schedule: z.array(
      z.object({
        by: z
          .string()
          .max(5)
          .regex(/^\d{2}-\d{2}$/),
        minShare: z.number().min(0).max(1),
      }),
    ),
    /** A project with money allocated and none disbursed for longer than this is idle (沉淀). */
    idleDays: z.number().int().positive(),
    /** Which task indicators a completed and accepted project of each type can stand as evidence for (饮水 -> water). */
    solves: z.record(z.string().min(1).max(40), z.array(IndicatorCode)).default({}),
  })
  .superRefine((s, ctx) => {
    for (const t of Object.keys(s.solves)) if (!(t in s.types)) ctx.addIssue({ code: 'custom', path: ['solves', t], message: `项目类型“${t}”未定义` });
    const codes = new Set(s.statuses.map((x) => x.code));
    s.statuses.forEach((st, i) =>
      st.next.forEach((n, j) => {
        if (!codes.has(n)) ctx.addIssue({ code: 'custom', path: ['statuses', i, 'next', j], message: `状态“${n}”未定义` });
      }),
    );
  });
export type ProjectSettings = z.infer<typeof ProjectSettings>;

/** Amounts are integer fen (分), so sums reconcile to the cent. */
export interface Allocation {
  source: string;
  fen: number;
  date: string;
  voucher: string;
}
export interface Disbursement {
  source: string;
  fen: number;
  date: string;
  voucher: string;
}

export class ProjectRuleError extends Error {
  override name = 'ProjectRuleError';
}

/** Yuan as typed (up to two decimals) to integer fen; refuses anything else. */
export function yuanToFen(yuan: number): number {
  if (!Number.isFinite(yuan) || yuan < 0) throw new ProjectRuleError(`金额应为非负数，收到 ${yuan}`);
  const fen = Math.round(yuan * 100);
  if (Math.abs(fen - yuan * 100) > 1e-6 * Math.max(1, yuan)) throw new ProjectRuleError(`金额最多两位小数，收到 ${yuan}`);
  return fen;
}

export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100).toLocaleString('zh-CN')}.${String(abs % 100).padStart(2, '0')} 元`;
}

export interface SourceBalance {
  source: string;
  allocated: number;
  disbursed: number;
  available: number;
}

/** Allocated, disbursed and available per fund source, in fen. */
export function balances(allocations: readonly Allocation[], disbursements: readonly Disbursement[]): SourceBalance[] {
  const by = new Map<string, SourceBalance>();
  const get = (s: string) => {
    let b = by.get(s);
    if (!b) by.set(s, (b = { source: s, allocated: 0, disbursed: 0, available: 0 }));
    return b;
  };
  for (const a of allocations) get(a.source).allocated += a.fen;
  for (const d of disbursements) get(d.source).disbursed += d.fen;
  for (const b of by.values()) b.available = b.allocated - b.disbursed;
  return [...by.values()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

/**
 * Checks a new disbursement before anything is stored: positive, from a source with money
 * allocated, dated, in a status that allows paying, and never more than what remains allocated.
 */
export function checkDisbursement(
  d: Disbursement,
  allocations: readonly Allocation[],
  disbursements: readonly Disbursement[],
  status: string,
  settings: ProjectSettings,
): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(d.fen) || d.fen <= 0) problems.push('拨付金额应大于 0');
  if (!isoDate.safeParse(d.date).success) problems.push(`拨付日期“${d.date}”无效，应为 YYYY-MM-DD`);
  if (d.voucher.trim() === '') problems.push('请填写拨付凭证号');
  const st = settings.statuses.find((s) => s.code === status);
  if (!st?.disbursable) problems.push(`项目处于“${st?.label ?? status}”状态，不能拨付资金`);
  const b = balances(allocations, disbursements).find((x) => x.source === d.source);
  const label = settings.fundSources[d.source] ?? d.source;
  if (!b || b.allocated === 0) {
    problems.push(`“${label}”尚未下达资金，不能拨付`);
  } else if (d.fen > b.available) {
    problems.push(
      `拨付 ${formatYuan(d.fen)} 超过“${label}”已下达未拨付的 ${formatYuan(b.available)}（已下达 ${formatYuan(b.allocated)}，已拨付 ${formatYuan(b.disbursed)}）`,
    );
  }
  const firstAllocation = allocations
    .filter((a) => a.source === d.source)
    .map((a) => a.date)
    .sort()[0];
  if (firstAllocation !== undefined && d.date < firstAllocation) problems.push(`拨付日期 ${d.date} 早于该资金首次下达日期 ${firstAllocation}`);
  return problems;
}

/** A status change allowed by the rulebook's flow, or the reason it is not. */
export function checkStatusChange(from: string, to: string, settings: ProjectSettings): string | null {
  const st = settings.statuses.find((s) => s.code === from);
  const target = settings.statuses.find((s) => s.code === to);
  if (!target) return `未知的项目状态“${to}”`;
  if (!st) return `未知的项目状态“${from}”`;
  if (!st.next.includes(to))
    return `项目不能从“${st.label}”改为“${target.label}”（可改为：${st.next.map((n) => settings.statuses.find((s) => s.code === n)?.label ?? n).join('、') || '无'}）`;
  return null;
}

export type MoneyWarningKind = 'behind-schedule' | 'idle';

export interface MoneyWarning {
  kind: MoneyWarningKind;
  text: string;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Warnings for a project's money at `today`: behind the rulebook's schedule, or allocated and idle too long. */
export function moneyWarnings(
  year: number,
  allocations: readonly Allocation[],
  disbursements: readonly Disbursement[],
  today: string,
  settings: ProjectSettings,
): MoneyWarning[] {
  const out: MoneyWarning[] = [];
  const allocated = allocations.reduce((s, a) => s + a.fen, 0);
  if (allocated === 0) return out;
  const disbursed = disbursements.filter((d) => d.date <= today).reduce((s, d) => s + d.fen, 0);
  const share = disbursed / allocated;
  let due: { by: string; minShare: number } | null = null;
  for (const step of settings.schedule) {
    const date = `${year}-${step.by}`;
    if (date <= today && (due === null || step.minShare > due.minShare)) due = { by: date, minShare: step.minShare };
  }
  if (due !== null && share + 1e-12 < due.minShare) {
    out.push({ kind: 'behind-schedule', text: `拨付进度 ${(share * 100).toFixed(1)}%，低于 ${due.by} 前应达到的 ${(due.minShare * 100).toFixed(0)}%` });
  }
  const last = [...allocations.map((a) => a.date), ...disbursements.filter((d) => d.date <= today).map((d) => d.date)].sort().at(-1);
  if (last !== undefined && disbursed < allocated) {
    const idle = daysBetween(last, today);
    if (idle > settings.idleDays)
      out.push({ kind: 'idle', text: `资金已 ${idle} 天无拨付（超过 ${settings.idleDays} 天），尚有 ${formatYuan(allocated - disbursed)} 未拨付` });
  }
  return out;
}

/** A notice may end only after its minimum days: the first day it may be taken down. */
export function noticeEarliestEnd(postedOn: string, days: number): string {
  const d = new Date(`${postedOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function checkNoticeEnd(postedOn: string, endOn: string, days: number): string | null {
  const earliest = noticeEarliestEnd(postedOn, days);
  return endOn < earliest ? `公示不少于 ${days} 天：${postedOn} 张贴的公示最早 ${earliest} 结束` : null;
}

/** A project of the library (项目库) as the store keeps it; amounts in fen. */
export interface Project {
  id: string;
  countyCode: string | null;
  name: string;
  /** A code of the rulebook's `projects.types`. */
  type: string;
  year: number;
  startDate: string | null;
  endDate: string | null;
  content: string;
  implementer: string | null;
  responsibleName: string | null;
  responsibleUnit: string | null;
  /** The responsible sector department, whose accounts may record the project's money. */
  sector: string | null;
  tenderMethod: string | null;
  tenderWinner: string | null;
  contractFen: number | null;
  qualityTarget: string | null;
  benefitHouseholds: number | null;
  benefitPeople: number | null;
  incomeGainFen: number | null;
  /** A code of the rulebook's `projects.statuses`. */
  status: string;
  /** Village codes the project reaches, sorted. */
  villages: string[];
  /** Households it reaches (到户项目), sorted; empty for a village-wide project. */
  households: string[];
  /** Planned amount per fund source code, in fen. */
  fundSources: Record<string, number>;
}

export type NoticeKind = 'plan' | 'completion';

export interface StatusChange {
  id: string;
  from: string | null;
  to: string;
  date: string;
  note: string | null;
}

export interface ProjectNotice {
  id: string;
  projectId: string;
  kind: NoticeKind;
  villageCode: string;
  postedOn: string;
  endedOn: string | null;
}

export interface NoticeObjection {
  id: string;
  noticeId: string;
  projectId: string;
  receivedOn: string;
  content: string;
  handledOn: string | null;
  handling: string | null;
}

export interface StoredMoney extends Allocation {
  id: string;
  projectId: string;
}

/** A project that may stand as evidence for a household's task: what it is and when it was accepted. */
export interface ProjectEvidence {
  projectId: string;
  name: string;
  typeLabel: string;
  acceptedOn: string;
  note: string;
}

/**
 * Whether `p` can stand as evidence for a task on `indicator` of `householdId`: its type solves the
 * indicator (rulebook `solves`), it reaches the household, and it has reached an accepted status.
 * The date is that of its first accepted status change.
 */
export function projectEvidence(
  p: Pick<Project, 'id' | 'name' | 'type' | 'status' | 'households'>,
  statusChanges: readonly Pick<StatusChange, 'to' | 'date'>[],
  indicator: string,
  householdId: string,
  settings: ProjectSettings,
): ProjectEvidence | null {
  if (!(settings.solves[p.type] ?? []).some((i) => i === indicator)) return null;
  if (!p.households.includes(householdId)) return null;
  const accepted = new Set(settings.statuses.filter((s) => s.accepted).map((s) => s.code));
  if (!accepted.has(p.status)) return null;
  const on = statusChanges.find((c) => accepted.has(c.to))?.date;
  if (on === undefined) return null;
  const typeLabel = settings.types[p.type] ?? p.type;
  return { projectId: p.id, name: p.name, typeLabel, acceptedOn: on, note: `${typeLabel}项目 ${p.id}“${p.name}”已于 ${on} 验收，受益户含本户` };
}
