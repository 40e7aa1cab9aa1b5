// The exit procedure (退出程序) for a household or a village — one engine over the rulebook's
// steps (rb.exit): which steps, in which order, what each records and why a step is refused. Pure:
// the caller passes "today", the rulebook's procedure and the household's class as the rulebook
// defines it, so the same inputs always give the same answer.
//
// The public notice (公示) is two steps, its start and its end (the step marked `objections`), so
// every step is one dated record made once and never edited: closing a notice is recording its
// end, with its own checks (minimum days, no open objection).

import type { ClassInfo } from './classes.js';
import type { ExitProcedureDefinition, ExitStepDefinition, Rulebook } from './rulebook.js';

export type ExitKind = 'household' | 'village';
/** A step code of the active rulebook's procedure (e.g. appraisal, notice-end, system-entry). */
export type ExitStep = string;

/** The rulebook's procedure for a household or a village, with its kind. */
export type ProcedureDef = ExitProcedureDefinition & { kind: ExitKind };

export function procedureDef(rb: Pick<Rulebook, 'exit'>, kind: ExitKind): ProcedureDef {
  return { ...rb.exit[kind], kind };
}

export function stepDef(def: ExitProcedureDefinition, code: string): ExitStepDefinition | undefined {
  return def.steps.find((s) => s.code === code);
}

/** The step's name; a code the rulebook does not know (recorded under another rulebook) reads as itself. */
export function stepName(def: ExitProcedureDefinition, code: string): string {
  return stepDef(def, code)?.name ?? code;
}

/** The step that closes the public notice (objections run until it), with the one that opens it. */
export function noticeSteps(def: ExitProcedureDefinition): { start: ExitStepDefinition; end: ExitStepDefinition } | null {
  const i = def.steps.findIndex((s) => s.objections);
  return i <= 0 ? null : { start: def.steps[i - 1]!, end: def.steps[i]! };
}

/** Recording this step completes the procedure. */
export function isLastStep(def: ExitProcedureDefinition, code: string): boolean {
  return def.steps.at(-1)?.code === code;
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
  /** Minimum notice length in days (the notice end's minDays; 0 when the procedure has no notice). */
  noticeDays: number;
  /** A step dated more than this many days before it is entered needs a reason (补录). */
  backdateDays: number;
}

export function exitRules(rb: Pick<Rulebook, 'exit' | 'notice'>, kind: ExitKind): ExitRules {
  return { noticeDays: noticeSteps(rb.exit[kind])?.end.minDays ?? 0, backdateDays: rb.notice.backdateDays };
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
  /** A step dated more than this many days before it is entered needs a reason (补录). */
  backdateDays: number;
  /** Households only: the class of the latest assessment as the rulebook defines it, null when not assessed. */
  householdClass?: ClassInfo | null;
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
export function nextStep(p: Procedure | null, def: ExitProcedureDefinition): ExitStep | null {
  if (p === null) return def.steps[0]!.code;
  if (p.status !== 'open') return null;
  const done = new Set(p.steps.map((s) => s.step));
  return def.steps.find((s) => !done.has(s.code))?.code ?? null;
}

/** Whether a new procedure may begin (none yet, or the last one was sent back). */
export function canStart(p: Procedure | null): boolean {
  return p === null || p.status === 'sent-back';
}

export function openObjections(p: Procedure): Objection[] {
  return p.objections.filter((o) => o.resolution === null);
}

/** While the notice runs (opened, not yet closed): the earliest day it may end; null otherwise. */
export function noticeEarliestEnd(p: Procedure | null, def: ExitProcedureDefinition): string | null {
  const n = noticeSteps(def);
  if (p === null || p.status !== 'open' || n === null) return null;
  const start = p.steps.find((s) => s.step === n.start.code);
  if (start === undefined || p.steps.some((s) => s.step === n.end.code)) return null;
  return addDays(start.date, n.end.minDays);
}

/**
 * Why `input` cannot be recorded on `p` (null = no procedure yet, the input must be its first
 * step), as Chinese sentences; empty = allowed.
 */
export function refuseStep(p: Procedure | null, def: ProcedureDef, input: StepInput, s: Situation): string[] {
  const out: string[] = [];
  const kind = def.kind;
  const step = stepDef(def, input.step);
  if (step === undefined) return [`“${input.step}”不是${def.name}的步骤`];
  const label = step.name;
  if (p !== null && p.status === 'completed') return [`${def.name}已完成，不能再记录步骤`];
  const current = p !== null && p.status === 'open' ? p : null;
  const expected = nextStep(current, def);
  if (expected !== input.step) {
    const done = current?.steps.some((x) => x.step === input.step) ?? false;
    if (done) out.push(`${label}已经记录过，不能重复记录`);
    else out.push(`不能跳过步骤：下一步应为“${stepName(def, expected!)}”，不能直接记录“${label}”`);
    return out;
  }

  // Who may start and who may be approved: the rulebook's classes say what a class means.
  const cls = s.householdClass ?? null;
  if (current === null && kind === 'household' && !(cls?.preExit ?? false)) {
    out.push(`该户不是预脱贫户（最新测算为${cls === null ? '未测算' : cls.label}），不能启动${def.name}`);
  }
  if (current === null && kind === 'village' && s.villagePreExit === false) out.push('该村最新测算未达到退出标准（贫困发生率或村级指标），不能申请退出');
  if (kind === 'household' && step.requiresExitReady && !(cls !== null && cls.preExit && !cls.needsRemediation)) {
    out.push(
      cls !== null && cls.needsRemediation
        ? `该户为${cls.label}（仍有未达标指标），须先完成整改任务并验收、重新测算达标后才能${label}`
        : `该户最新测算为${cls === null ? '未测算' : cls.label}，不能${label}`,
    );
  }

  // The record itself.
  if (input.document.trim() === '') out.push(`请填写${label}的${step.document}`);
  if (!isIsoDate(input.date)) {
    out.push(`${label}日期“${input.date}”不是有效日期（格式：2018-11-20）`);
    return out;
  }
  if (input.date > s.today) out.push(`${label}日期 ${input.date} 晚于今天（${s.today}），不能预先记录`);
  const previous = current?.steps.at(-1);
  if (previous !== undefined && input.date < previous.date) {
    out.push(`${label}日期 ${input.date} 早于上一步“${stepName(def, previous.step)}”的日期 ${previous.date}`);
  }
  const lag = daysBetween(input.date, s.today);
  if (lag > s.backdateDays && (input.backdateReason ?? '').trim() === '') {
    out.push(`${label}日期 ${input.date} 距今已 ${lag} 天（超过 ${s.backdateDays} 天），属于补录，须填写补录原因`);
  }
  if (step.votes) {
    const { votesFor, votesAgainst } = input;
    if ((input.minutes ?? '').trim() === '') out.push(`${label}须填写会议记录摘要`);
    if (!Number.isInteger(votesFor) || !Number.isInteger(votesAgainst) || (votesFor ?? -1) < 0 || (votesAgainst ?? -1) < 0) {
      out.push(`${label}须填写赞成票和反对票（非负整数）`);
    } else if ((votesFor ?? 0) <= (votesAgainst ?? 0)) {
      out.push(`${label}赞成 ${votesFor} 票、反对 ${votesAgainst} 票，未获通过，不能进入下一步`);
    }
  }
  if (step.minDays > 0 && previous !== undefined) {
    const earliest = addDays(previous.date, step.minDays);
    const prevName = stepName(def, previous.step);
    if (input.date < earliest) {
      out.push(
        step.objections
          ? `${prevName}须满 ${step.minDays} 天：${previous.date} 开始，最早 ${earliest} 结束，不能以 ${input.date} 提前结束`
          : `${label}须在“${prevName}”（${previous.date}）满 ${step.minDays} 天后记录，最早 ${earliest}`,
      );
    }
    if (s.today < earliest && input.date >= earliest) out.push(`${prevName}尚未期满（最早 ${earliest} 结束，今天是 ${s.today}）`);
  }
  if (step.objections && current !== null) {
    const open = openObjections(current);
    if (open.length > 0) out.push(`${stepName(def, previous?.step ?? '')}期间有 ${open.length} 条异议尚未处理，处理完毕后才能${label}`);
  }
  return out;
}

/** Whether an objection may be recorded now: only while the notice runs. */
export function refuseObjection(p: Procedure | null, def: ExitProcedureDefinition, receivedOn: string, content: string, s: Situation): string[] {
  if (p === null || p.status !== 'open') return [`没有进行中的${def.name}，不能登记异议`];
  const n = noticeSteps(def);
  if (n === null) return [`${def.name}没有公示，不能登记异议`];
  const start = p.steps.find((x) => x.step === n.start.code);
  if (start === undefined || p.steps.some((x) => x.step === n.end.code)) return [`只能在${n.start.name}期间登记异议`];
  const out: string[] = [];
  if (content.trim() === '') out.push('请填写异议内容');
  if (!isIsoDate(receivedOn)) out.push(`收到异议日期“${receivedOn}”不是有效日期`);
  else {
    if (receivedOn < start.date) out.push(`收到异议日期 ${receivedOn} 早于${n.start.name}开始日期 ${start.date}`);
    if (receivedOn > s.today) out.push(`收到异议日期 ${receivedOn} 晚于今天（${s.today}）`);
  }
  return out;
}

export function refuseResolution(p: Procedure, objection: Objection, date: string, note: string, s: Pick<Situation, 'today'>): string[] {
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
