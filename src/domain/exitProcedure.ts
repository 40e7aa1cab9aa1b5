// The exit procedure (退出程序) for a household or a village: which steps, in which order, what
// each records and why a step is refused. Pure: the caller passes "today" and the rulebook's
// numbers, so the same inputs always give the same answer.
//
// The public notice (公示) is two steps, its start and its end, so every step is one dated record
// made once and never edited: closing a notice is recording its end, with its own checks.

export type ExitKind = 'household' | 'village';

export const HOUSEHOLD_STEPS = [
  'appraisal', 'check', 'agreement', 'notice-start', 'notice-end', 'township-review', 'county-approval', 'deregistered',
] as const;
export const VILLAGE_STEPS = [
  'application', 'township-review', 'county-check', 'notice-start', 'notice-end', 'announcement', 'deregistered',
] as const;

export type HouseholdStep = (typeof HOUSEHOLD_STEPS)[number];
export type VillageStep = (typeof VILLAGE_STEPS)[number];
export type ExitStep = HouseholdStep | VillageStep;

export const EXIT_STEP_LABELS: Readonly<Record<ExitStep, string>> = {
  appraisal: '民主评议',
  check: '村委会和驻村工作队核实',
  agreement: '农户签字认可',
  'notice-start': '公示',
  'notice-end': '公示结束',
  'township-review': '乡镇审核',
  'county-approval': '县级审定并公告',
  deregistered: '国家系统销号',
  application: '村申请退出',
  'county-check': '县级核查',
  announcement: '县级公告',
};

/** Which role records a step. Objections are recorded and resolved by whoever runs the notice. */
export type StepRole = 'village' | 'township' | 'county';

export const STEP_ROLES: Readonly<Record<ExitKind, Readonly<Partial<Record<ExitStep, StepRole>>>>> = {
  household: {
    appraisal: 'village', check: 'village', agreement: 'village', 'notice-start': 'village', 'notice-end': 'village',
    'township-review': 'township', 'county-approval': 'county', deregistered: 'county',
  },
  village: {
    application: 'village', 'township-review': 'township', 'county-check': 'county', 'notice-start': 'county',
    'notice-end': 'county', announcement: 'county', deregistered: 'county',
  },
};

export function stepsOf(kind: ExitKind): readonly ExitStep[] {
  return kind === 'household' ? HOUSEHOLD_STEPS : VILLAGE_STEPS;
}

export function isStepOf(kind: ExitKind, step: string): step is ExitStep {
  return (stepsOf(kind) as readonly string[]).includes(step);
}

export interface StepRecord {
  step: ExitStep;
  /** The day the step happened (yyyy-mm-dd), as recorded by the user. */
  date: string;
  /** When it was entered (ISO timestamp). */
  recordedAt: string;
  by: { id: string; name: string };
  /** Document reference: minutes number, notice number, approval file number. */
  document: string;
  /** 民主评议: minutes summary and votes. */
  minutes: string | null;
  votesFor: number | null;
  votesAgainst: number | null;
  /** Given when the date lies further back than the rulebook allows: shown as 补录. */
  backdateReason: string | null;
}

export interface Objection {
  id: string;
  /** Day received (yyyy-mm-dd). */
  receivedOn: string;
  content: string;
  recordedBy: { id: string; name: string };
  resolution: null | { outcome: 'dismissed' | 'upheld'; date: string; note: string; by: { id: string; name: string } };
}

export type ProcedureStatus = 'open' | 'completed' | 'sent-back';

export interface Procedure {
  id: string;
  kind: ExitKind;
  /** Household id or village code. */
  subjectId: string;
  villageCode: string;
  status: ProcedureStatus;
  /** Why it was closed without exit (an upheld objection). */
  closedReason: string | null;
  startedAt: string;
  steps: StepRecord[];
  objections: Objection[];
}

export interface ExitRules {
  /** Minimum notice length in days (rb.notice.householdDays / villageDays). */
  noticeDays: number;
  /** A step dated more than this many days before it is entered needs a reason (补录). */
  backdateDays: number;
}

export interface StepInput {
  step: ExitStep;
  date: string;
  document: string;
  minutes?: string | null;
  votesFor?: number | null;
  votesAgainst?: number | null;
  backdateReason?: string | null;
}

export interface Situation {
  /** Today in China time (yyyy-mm-dd). */
  today: string;
  rules: ExitRules;
  /** Household class in the latest assessment ('A' | 'B' | 'C' | 'out-of-scope'), null when not assessed. Households only. */
  householdClass?: string | null;
  /** Village kind only: whether the village's latest figures make it pre-exit. */
  villagePreExit?: boolean | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The step to record next, or null when the procedure is over (completed or sent back). */
export function nextStep(p: Procedure | null, kind: ExitKind): ExitStep | null {
  if (p === null) return stepsOf(kind)[0]!;
  if (p.status !== 'open') return null;
  const done = new Set(p.steps.map((s) => s.step));
  return stepsOf(p.kind).find((s) => !done.has(s)) ?? null;
}

/** Whether a new procedure may begin (none yet, or the last one was sent back). */
export function canStart(p: Procedure | null): boolean {
  return p === null || p.status === 'sent-back';
}

export function openObjections(p: Procedure): Objection[] {
  return p.objections.filter((o) => o.resolution === null);
}

/** The earliest day the notice may end: start + notice days. */
export function noticeEarliestEnd(p: Procedure, rules: ExitRules): string | null {
  const start = p.steps.find((s) => s.step === 'notice-start');
  return start === undefined ? null : addDays(start.date, rules.noticeDays);
}

/**
 * Why `input` cannot be recorded on `p` (null = no procedure yet, the input must be its first
 * step), as Chinese sentences; empty = allowed.
 */
export function refuseStep(p: Procedure | null, kind: ExitKind, input: StepInput, s: Situation): string[] {
  const out: string[] = [];
  const label = EXIT_STEP_LABELS[input.step] ?? input.step;
  if (!isStepOf(kind, input.step)) return [`“${input.step}”不是${kind === 'household' ? '农户' : '村'}退出程序的步骤`];
  if (p !== null && p.status === 'completed') return ['退出程序已完成（已销号），不能再记录步骤'];
  const current = p !== null && p.status === 'open' ? p : null;
  const expected = nextStep(current, kind);
  if (expected !== input.step) {
    const done = current?.steps.some((x) => x.step === input.step) ?? false;
    if (done) out.push(`${label}已经记录过，不能重复记录`);
    else out.push(`不能跳过步骤：下一步应为“${EXIT_STEP_LABELS[expected!]}”，不能直接记录“${label}”`);
    return out;
  }

  // Who may start and who may be approved.
  if (current === null && kind === 'household') {
    const c = s.householdClass ?? null;
    if (c !== 'A' && c !== 'B') out.push(`该户不是预脱贫户（最新测算为${c === null ? '未测算' : c === 'out-of-scope' ? '不在筛查范围' : `${c}类`}），不能启动退出程序`);
  }
  if (current === null && kind === 'village' && s.villagePreExit === false) out.push('该村最新测算未达到退出标准（贫困发生率或村级指标），不能申请退出');
  if (kind === 'household' && input.step === 'county-approval' && s.householdClass !== 'A') {
    out.push(s.householdClass === 'B'
      ? '该户为B类（仍有未达标指标），须先完成整改任务并验收、转为A类后才能县级审定'
      : `该户最新测算为${s.householdClass ?? '未测算'}类，不能县级审定退出`);
  }

  // The record itself.
  if (input.document.trim() === '') out.push(`请填写${label}的文件或记录编号`);
  if (!isIsoDate(input.date)) {
    out.push(`${label}日期“${input.date}”不是有效日期（格式：2018-11-20）`);
    return out;
  }
  if (input.date > s.today) out.push(`${label}日期 ${input.date} 晚于今天（${s.today}），不能预先记录`);
  const previous = current?.steps.at(-1);
  if (previous !== undefined && input.date < previous.date) {
    out.push(`${label}日期 ${input.date} 早于上一步“${EXIT_STEP_LABELS[previous.step]}”的日期 ${previous.date}`);
  }
  const lag = daysBetween(input.date, s.today);
  if (lag > s.rules.backdateDays && (input.backdateReason ?? '').trim() === '') {
    out.push(`${label}日期 ${input.date} 距今已 ${lag} 天（超过 ${s.rules.backdateDays} 天），属于补录，须填写补录原因`);
  }
  if (input.step === 'appraisal') {
    const { votesFor, votesAgainst } = input;
    if ((input.minutes ?? '').trim() === '') out.push('民主评议须填写会议记录摘要');
    if (!Number.isInteger(votesFor) || !Number.isInteger(votesAgainst) || (votesFor ?? -1) < 0 || (votesAgainst ?? -1) < 0) {
      out.push('民主评议须填写赞成票和反对票（非负整数）');
    } else if ((votesFor ?? 0) <= (votesAgainst ?? 0)) {
      out.push(`民主评议赞成 ${votesFor} 票、反对 ${votesAgainst} 票，未获通过，不能进入下一步`);
    }
  }
  if (input.step === 'notice-end' && current !== null) {
    const earliest = noticeEarliestEnd(current, s.rules)!;
    if (input.date < earliest) {
      out.push(`公示须满 ${s.rules.noticeDays} 天：${current.steps.find((x) => x.step === 'notice-start')!.date} 开始，最早 ${earliest} 结束，不能以 ${input.date} 提前结束`);
    }
    if (s.today < earliest && input.date >= earliest) out.push(`公示尚未期满（最早 ${earliest} 结束，今天是 ${s.today}）`);
    const open = openObjections(current);
    if (open.length > 0) out.push(`公示期间有 ${open.length} 条异议尚未处理，处理完毕后才能结束公示`);
  }
  return out;
}

/** Whether an objection may be recorded now: only while the notice runs. */
export function refuseObjection(p: Procedure | null, receivedOn: string, content: string, s: Situation): string[] {
  if (p === null || p.status !== 'open') return ['没有进行中的退出程序，不能登记异议'];
  const start = p.steps.find((x) => x.step === 'notice-start');
  if (start === undefined || p.steps.some((x) => x.step === 'notice-end')) return ['只能在公示期间登记异议'];
  const out: string[] = [];
  if (content.trim() === '') out.push('请填写异议内容');
  if (!isIsoDate(receivedOn)) out.push(`收到异议日期“${receivedOn}”不是有效日期`);
  else {
    if (receivedOn < start.date) out.push(`收到异议日期 ${receivedOn} 早于公示开始日期 ${start.date}`);
    if (receivedOn > s.today) out.push(`收到异议日期 ${receivedOn} 晚于今天（${s.today}）`);
  }
  return out;
}

export function refuseResolution(p: Procedure, objection: Objection, date: string, note: string, s: Situation): string[] {
  const out: string[] = [];
  if (p.status !== 'open') out.push('退出程序已结束，不能再处理异议');
  if (objection.resolution !== null) out.push('该异议已经处理过');
  if (note.trim() === '') out.push('请填写核实处理情况');
  if (!isIsoDate(date)) out.push(`处理日期“${date}”不是有效日期`);
  else {
    if (date < objection.receivedOn) out.push(`处理日期 ${date} 早于收到异议的日期 ${objection.receivedOn}`);
    if (date > s.today) out.push(`处理日期 ${date} 晚于今天（${s.today}）`);
  }
  return out;
}

/**
 * The household's (or village's) procedure that counts now: the one not sent back (there is at
 * most one, since a new one starts only after a send-back), else the latest sent-back one.
 */
export function currentProcedure<P extends { startedAt: string; id: string; status: ProcedureStatus }>(procedures: readonly P[]): P | null {
  const live = procedures.find((p) => p.status !== 'sent-back');
  if (live !== undefined) return live;
  let best: P | null = null;
  for (const p of procedures) if (best === null || p.startedAt > best.startedAt || (p.startedAt === best.startedAt && p.id > best.id)) best = p;
  return best;
}
