// How a point to verify (疑点) reads to the signed-in user: the labels from the active rulebook's
// crossCheck section, the steps the viewer may take now, its history from the change log, and
// the list row it came from, all masked as the viewer must see them (src/domain/mask.ts).
import type { PointView } from '../contract/checks.js';
import { NATIONAL_FIELD_LABELS } from '../domain/crossCheck/rules.js';
import { HIDDEN, maskEmbedded, masker } from '../domain/mask.js';
import { can } from '../domain/roles.js';
import type { Rulebook } from '../domain/rulebook.js';
import { LIST_PROFILES, type ListKind } from '../io/lists/profiles.js';
import type { Change, Point, StoredRow } from '../store/index.js';
import type { Access } from './access.js';
import { chinaDate } from './history.js';

type Step = PointView['steps'][number];
export type CorrectionView = PointView['correction'];

const DAY_MS = 86_400_000;
/** Whole China-time days from `from` (a timestamp or date) to `today` (a date). */
export function daysSince(from: string, today: string): number {
  return Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${chinaDate(from)}T00:00:00Z`)) / DAY_MS));
}

/** The first instant (UTC ISO) of a China-time day `days` after `date`. */
export function chinaDayStart(date: string, days = 0): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS - 8 * 3_600_000).toISOString();
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  ...NATIONAL_FIELD_LABELS,
  schoolStatus: '在校生状况',
  basicMedical: '基本医疗保险',
  'housing.grade': '危房等级',
  'housing.renovation': '危房改造',
  disabilityGrade: '残疾等级',
  fourKind: '四类人员',
  pension: '养老保险',
  move: '户籍迁移',
};

/** Fields whose values are health details (hidden where the viewer's mask hides them). */
const HEALTH_FIELDS = new Set(['health', 'disabilityGrade']);

/** Whether a point's finding needs a second person (rulebook crossCheck.verifyFindings). */
export function needsSecondPerson(p: Pick<Point, 'finding'>, rb: Rulebook): boolean {
  return p.finding !== null && (rb.crossCheck.verifyFindings as readonly string[]).includes(p.finding);
}

/** Closing an open point without a site visit is the county office's (roles.ts check.close). */
export const closesWithoutVisit = (viewer: Access) => can(viewer.role, 'check.close');

/**
 * The steps the viewer may take on the point now: the role's permission, the point's status,
 * and for a finding that needs a second person, not the checker.
 */
export function pointSteps(p: Point, viewer: Access, rb: Rulebook): Step[] {
  const steps: Step[] = [];
  const checker = p.checkedBy?.id === viewer.userId;
  const secondOk = !checker || !needsSecondPerson(p, rb);
  if (p.status === 'open' && can(viewer.role, 'check.finding')) steps.push('finding');
  if (p.status === 'checked' && can(viewer.role, 'check.verify') && secondOk) steps.push('verify', 'return');
  if ((p.status === 'open' && closesWithoutVisit(viewer)) || (p.status === 'checked' && can(viewer.role, 'check.verify') && !needsSecondPerson(p, rb)))
    steps.push('close');
  if (p.status !== 'closed' && can(viewer.role, 'check.assign')) steps.push('assign');
  if (p.status !== 'closed' && can(viewer.role, 'check.finding')) steps.push('evidence');
  return steps;
}

export function pointView(p: Point, viewer: Access, rb: Rulebook, today: string, correction: CorrectionView): PointView {
  const cc = rb.crossCheck;
  const m = masker(viewer.mask);
  const shown = (v: string | null): string | null => {
    if (v === null) return null;
    const t = maskEmbedded(v, viewer.mask);
    return p.field !== null && HEALTH_FIELDS.has(p.field) ? m.healthText(t, HIDDEN) : t;
  };
  return {
    id: p.id,
    kind: p.kind,
    kindLabel: cc.pointKinds[p.kind]?.label ?? p.kind,
    status: p.status,
    statusLabel: cc.statuses[p.status],
    runId: p.listId,
    listKind: p.listKind,
    listKindLabel: cc.listKinds[p.listKind]?.label ?? p.listKind,
    source: p.source,
    asOf: p.asOf,
    row: p.row,
    householdId: p.householdId,
    memberId: p.memberId,
    memberName: p.memberName,
    headName: p.headName,
    villageCode: p.villageCode,
    villageName: p.villageName,
    townshipCode: p.townshipCode,
    townshipName: p.townshipName,
    field: p.field,
    fieldLabel: p.field === null ? null : (FIELD_LABELS[p.field] ?? p.field),
    ours: shown(p.ours),
    theirs: shown(p.theirs),
    rule: p.rule,
    ruleText: p.ruleText,
    openedAt: p.openedAt,
    ageDays: daysSince(p.openedAt, today),
    assignee: p.assignee,
    dueDate: p.dueDate,
    finding: (p.finding as PointView['finding']) ?? null,
    findingLabel: p.finding === null ? null : (cc.findings[p.finding as keyof typeof cc.findings] ?? p.finding),
    note: p.note === null ? null : m.healthText(maskEmbedded(p.note, viewer.mask), '（含健康信息，已隐藏）'),
    evidence: p.evidenceIds.length,
    checkedBy: p.checkedBy,
    checkedAt: p.checkedAt,
    verifiedBy: p.verifiedBy,
    verifiedAt: p.verifiedAt,
    closedAt: p.closedAt,
    correction,
    steps: pointSteps(p, viewer, rb),
  };
}

// ------------------------------------------------------------------ the list row

const cell = (v: unknown): string => (v === true ? '是' : v === false ? '否' : v === null || v === undefined ? '' : String(v));

/** The list row as the list gave it, in the profile's column order and labels. */
export function listRecord(p: Point, row: StoredRow | null, viewer: Access): { label: string; value: string }[] {
  if (row === null || row.data === null) return [];
  const profile = LIST_PROFILES[p.listKind as ListKind];
  if (profile === undefined) return [];
  const m = masker(viewer.mask);
  const health = p.listKind === 'disability';
  const out: { label: string; value: string }[] = [];
  for (const c of profile.columns) {
    const v = row.data[c.key];
    if (v === undefined || v === null || v === '') continue;
    // Enum cells are stored as our codes: shown in the list's first word for the code (辍学, 未参保).
    const word = c.kind === 'enum' && c.values !== undefined ? Object.entries(c.values).find(([, code]) => code === v)?.[0] : undefined;
    let value = word ?? cell(v);
    if (c.kind === 'idNumber') value = m.idNumber(value);
    else if (health && c.kind !== 'name' && c.kind !== 'villageCode' && c.kind !== 'key') value = m.healthText(value, HIDDEN);
    else value = maskEmbedded(value, viewer.mask);
    out.push({ label: c.label, value });
  }
  return out;
}

/** How the row was linked to the member, in one Chinese line. */
export function linkExplanation(row: StoredRow | null): string | null {
  if (row === null) return null;
  if (row.review === 'confirmed') return `可能匹配，经 ${row.reviewedBy?.name ?? '—'} 人工确认为同一人`;
  if (row.review === 'rejected') return `可能匹配，经 ${row.reviewedBy?.name ?? '—'} 人工确认不是同一人`;
  if (row.outcome === 'match' && row.method === 'id') return '按身份证号（规范化后）匹配';
  const summary = (row.explanation as { summary?: unknown } | null)?.summary;
  if (typeof summary === 'string') return summary;
  return row.outcome === 'none' ? '花名册中没有找到对应的人' : null;
}

// ------------------------------------------------------------------ history

export interface HistoryEntry {
  at: string;
  actor: string;
  action: string;
  text: string;
}

const STEP_ACTIONS: Readonly<Record<string, string>> = { finding: 'finding', verified: 'verified', returned: 'returned', closed: 'closed' };

/** One history line per change row of the point (and its evidence), oldest first. */
export function historyOf(changes: readonly Change[], rb: Rulebook, viewer: Access): HistoryEntry[] {
  const cc = rb.crossCheck;
  const m = masker(viewer.mask);
  const free = (t: string | null | undefined) => (t === null || t === undefined || t === '' ? '' : maskEmbedded(t, viewer.mask));
  const finding = (f: unknown) => (typeof f === 'string' ? (cc.findings[f as keyof typeof cc.findings] ?? f) : '');
  return changes.map((c) => {
    const a = (c.after ?? {}) as Record<string, unknown>;
    const b = (c.before ?? {}) as Record<string, unknown>;
    const base = { at: c.at, actor: c.actor.name };
    if (c.entity === 'check-evidence') return { ...base, action: 'evidence', text: `上传佐证材料“${cell(a['fileName'])}”` };
    if (c.action === 'create') return { ...base, action: 'opened', text: `比对发现疑点：${cell(a['ruleText'])}` };
    const reason = free(c.reason);
    const tail = reason === '' ? '' : `（${reason}）`;
    if (a['finding'] === 'list-agrees') return { ...base, action: 'closed', text: `自动销号：${reason || finding('list-agrees')}` };
    if ('assignee' in a || 'dueDate' in a) {
      const due = a['dueDate'] ?? null;
      return { ...base, action: 'assigned', text: `分派核实责任人 ${cell(a['assignee'] ?? '')}${due === null ? '' : `，${cell(due)}前完成`}` };
    }
    const kind =
      a['status'] === 'checked'
        ? 'finding'
        : a['status'] === 'open' && b['status'] === 'checked'
          ? 'returned'
          : a['status'] === 'closed'
            ? 'verifiedBy' in a
              ? 'verified'
              : 'closed'
            : 'updated';
    const texts: Record<string, string> = {
      finding: `入户核实：${finding(a['finding'])}`,
      verified: `审核通过，销号${tail}`,
      returned: `审核退回，重新核实${tail}`,
      closed: `销号${tail}`,
      updated: `更新疑点${tail}`,
    };
    // A site note may name an illness: hidden with the other health details where the mask says so.
    const note = a['note'] ? `：${m.healthText(free(String(a['note'])), '（含健康信息，已隐藏）')}` : '';
    return { ...base, action: STEP_ACTIONS[kind] ?? kind, text: kind === 'finding' ? `${texts.finding}${note}` : texts[kind]! };
  });
}
