// 动态调整: the changes a household's record goes through after the roster import — members added
// (birth, marriage), removed (death, moving out) and corrected, household facts corrected, the
// income form edited — each with a reason, and which of them need a second person's approval.
//
// Pure: given the stored record and a proposed change, says what the record becomes, which
// fields it touches, whether that is sensitive, and what is wrong with it (in Chinese). The
// service (src/services/changeRequests.ts) does the I/O.
import { parseIdNumber } from './idNumber.js';
import { Household, IncomeForm, Member, type HouseholdRecord } from './types.js';

// The kinds and reason categories live in a module without Zod, so the web bundle shows the same
// words. Which fields wait for approval is the rulebook's changeApproval (docs/rulebooks.md).
export { CHANGE_KIND_LABELS, REMOVE_CATEGORIES, type AddCategory, type RemoveCategory } from './changeKinds.js';
import { ADD_CATEGORIES, REMOVE_CATEGORIES, type AddCategory, type RemoveCategory } from './changeKinds.js';
import { DEFAULT_CHANGE_APPROVAL } from './rulebook.js';

/** The rulebook's changeApproval: which paths of each kind of record wait for the township. */
export type ApprovalPaths = Readonly<Record<'member' | 'household' | 'income', readonly string[]>>;

/** Member fields a correction may set (the number and the household are the record's identity). */
export const MEMBER_CORRECTABLE = (Object.keys(Member.shape) as (keyof Member)[]).filter((k) => k !== 'id' && k !== 'householdId');
/** Status and exit year change only through the exit procedure or a county decision (services/exitProcedure.ts). */
export const EXIT_FIELDS: readonly (keyof Household)[] = ['status', 'exitYear'];
/** Household fields a correction may set (moving to another village is not a correction, nor an exit). */
export const HOUSEHOLD_CORRECTABLE = (Object.keys(Household.shape) as (keyof Household)[]).filter(
  (k) => k !== 'id' && k !== 'villageCode' && !EXIT_FIELDS.includes(k),
);

export type ProposedChange =
  | { kind: 'member-add'; member: Omit<Member, 'id' | 'householdId'>; category: AddCategory; note: string | null }
  | { kind: 'member-remove'; memberId: string; category: RemoveCategory; note: string | null; newHeadId: string | null }
  | { kind: 'member-correct'; memberId: string; fields: Partial<Member> }
  | { kind: 'household-correct'; fields: Partial<Household> }
  | { kind: 'income-edit'; year: number; items: IncomeForm['items']; note: string | null };

/** A refusal of a change, in Chinese, naming the field and the value. */
export class ChangeInvalid extends Error {
  override name = 'ChangeInvalid';
}

/** Who already holds an ID number elsewhere in the registry (looked up by the service). */
export interface IdHolder {
  memberId: string;
  householdId: string;
  name: string;
}

export interface ChangeCheck {
  /** The record after the change. */
  next: HouseholdRecord;
  /** Field values the change was based on (stale check at approval) and what it proposes. */
  basedOn: Record<string, unknown>;
  proposed: Record<string, unknown>;
  /** Sensitive paths the change sets, e.g. ['idNumber']: non-empty = needs approval. */
  sensitive: string[];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The approval paths a change touches: `water` when any water fact changes, `housing.grade` only
 * when the grade itself does (an area correction of the same house applies at once).
 */
function touched(paths: readonly string[], basedOn: Record<string, unknown>, proposed: Record<string, unknown>): string[] {
  return paths.filter((p) => {
    const dot = p.indexOf('.');
    if (dot < 0) return Object.hasOwn(proposed, p);
    const top = p.slice(0, dot);
    if (!Object.hasOwn(proposed, top)) return false;
    const part = (v: unknown) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p.slice(dot + 1)] : undefined);
    return !same(part(basedOn[top]), part(proposed[top]));
  });
}

function memberOf(record: HouseholdRecord, memberId: string): Member {
  const m = record.members.find((x) => x.id === memberId);
  if (m === undefined) throw new ChangeInvalid(`户 ${record.household.id} 没有人编号为 ${memberId} 的成员`);
  return m;
}

/**
 * Normalises and checks a member as it will be stored: the ID number per GB 11643 (normalised to
 * 18 characters), birth date and sex consistent with it, not held by another member.
 */
export function checkMember(m: Member, holderOf: (idNumber: string) => IdHolder | null): Member {
  const out: Member = { ...m, name: m.name.trim() };
  if (out.name === '') throw new ChangeInvalid('成员姓名不能为空');
  if (out.idNumber !== null && out.idNumber.trim() !== '') {
    const parsed = parseIdNumber(out.idNumber);
    if (!parsed.ok) throw new ChangeInvalid(`${out.name}的证件号码有误：${parsed.message}`);
    out.idNumber = parsed.value.normalized;
    if (out.birthDate === null) out.birthDate = parsed.value.birthDate;
    else if (out.birthDate !== parsed.value.birthDate) {
      throw new ChangeInvalid(`${out.name}的出生日期 ${out.birthDate} 与证件号码中的出生日期 ${parsed.value.birthDate} 不一致`);
    }
    if (out.sex === null) out.sex = parsed.value.sex;
    else if (out.sex !== parsed.value.sex) {
      throw new ChangeInvalid(`${out.name}的性别与证件号码不一致（证件号码第17位表示${parsed.value.sex === 'M' ? '男' : '女'}）`);
    }
    const holder = holderOf(out.idNumber);
    if (holder !== null && holder.memberId !== out.id) {
      throw new ChangeInvalid(`证件号码已登记在户 ${holder.householdId} 的成员 ${holder.name}（人编号 ${holder.memberId}）名下，同一证件号码不能重复登记`);
    }
  } else {
    out.idNumber = null;
  }
  const parsed = Member.safeParse(out);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ChangeInvalid(`成员${out.name}的“${String(issue?.path.join('.') ?? '')}”填写有误：${issue?.message ?? ''}`);
  }
  return parsed.data;
}

function heads(members: readonly Member[]): Member[] {
  return members.filter((m) => m.relation === 'head');
}

function checkOneHead(record: HouseholdRecord): void {
  const h = heads(record.members);
  if (h.length > 1) throw new ChangeInvalid(`一户只能有一位户主（现为 ${h.map((m) => m.name).join('、')}），请先更正原户主的与户主关系`);
}

/**
 * Applies `change` to `record` (not mutated). `newMemberId` is used for an added member;
 * `holderOf` finds who else holds an ID number.
 */
export function planChange(
  record: HouseholdRecord,
  change: ProposedChange,
  opts: { newMemberId: string; holderOf: (idNumber: string) => IdHolder | null; approval?: ApprovalPaths },
): ChangeCheck {
  const hid = record.household.id;
  const approval: ApprovalPaths = opts.approval ?? DEFAULT_CHANGE_APPROVAL;
  switch (change.kind) {
    case 'member-add': {
      const member = checkMember({ ...change.member, id: opts.newMemberId, householdId: hid } as Member, opts.holderOf);
      if (change.category === 'birth' && member.relation === 'head') throw new ChangeInvalid('因出生增加的成员不能是户主');
      const next = { ...record, members: [...record.members, member] };
      checkOneHead(next);
      const { id: _id, householdId: _h, ...proposed } = member;
      // Another member added meanwhile does not make this one stale; a duplicate ID is caught again.
      // A new member's facts are the first ones recorded; an ID number still waits (it identifies a person).
      return { next, basedOn: {}, proposed, sensitive: member.idNumber !== null && approval.member.includes('idNumber') ? ['idNumber'] : [] };
    }
    case 'member-remove': {
      const gone = memberOf(record, change.memberId);
      let members = record.members.filter((m) => m.id !== gone.id);
      if (gone.relation === 'head' && members.length > 0) {
        if (change.newHeadId === null) throw new ChangeInvalid(`${gone.name}是户主，户内还有其他成员：请指定新户主`);
        const head = members.find((m) => m.id === change.newHeadId);
        if (head === undefined) throw new ChangeInvalid(`指定的新户主（人编号 ${change.newHeadId}）不是本户的其他成员`);
        members = members.map((m) => (m.id === head.id ? { ...m, relation: 'head' as const } : m));
      } else if (change.newHeadId !== null && gone.relation !== 'head') {
        throw new ChangeInvalid(`${gone.name}不是户主，不需要指定新户主`);
      }
      const basedOn: Record<string, unknown> = { member: gone };
      return { next: { ...record, members }, basedOn, proposed: { removed: gone.id, newHeadId: change.newHeadId }, sensitive: [] };
    }
    case 'member-correct': {
      const current = memberOf(record, change.memberId);
      for (const k of Object.keys(change.fields)) {
        if (!(MEMBER_CORRECTABLE as string[]).includes(k)) throw new ChangeInvalid(`成员信息“${k}”不能在此更正`);
      }
      const member = checkMember({ ...current, ...change.fields }, opts.holderOf);
      const basedOn: Record<string, unknown> = {};
      const proposed: Record<string, unknown> = {};
      for (const k of MEMBER_CORRECTABLE) {
        if (!same(current[k], member[k])) {
          basedOn[k] = current[k];
          proposed[k] = member[k];
        }
      }
      const next = { ...record, members: record.members.map((m) => (m.id === member.id ? member : m)) };
      checkOneHead(next);
      return { next, basedOn, proposed, sensitive: touched(approval.member, basedOn, proposed) };
    }
    case 'household-correct': {
      for (const k of Object.keys(change.fields)) {
        if ((EXIT_FIELDS as string[]).includes(k)) {
          throw new ChangeInvalid('脱贫属性和脱贫年度不能在更正户信息中修改：须走完退出程序（由县扶贫办录入销号），或由县扶贫办作出县级决定并说明原因');
        }
        if (!(HOUSEHOLD_CORRECTABLE as string[]).includes(k)) throw new ChangeInvalid(`户信息“${k}”不能在此更正`);
      }
      const parsed = Household.safeParse({ ...record.household, ...change.fields });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ChangeInvalid(`户信息“${String(issue?.path.join('.') ?? '')}”填写有误：${issue?.message ?? ''}`);
      }
      const household = parsed.data;
      const basedOn: Record<string, unknown> = {};
      const proposed: Record<string, unknown> = {};
      for (const k of HOUSEHOLD_CORRECTABLE) {
        if (!same(record.household[k], household[k])) {
          basedOn[k] = record.household[k];
          proposed[k] = household[k];
        }
      }
      return {
        next: { ...record, household },
        basedOn,
        proposed,
        sensitive: touched(approval.household, basedOn, proposed),
      };
    }
    case 'income-edit': {
      const form = IncomeForm.parse({ householdId: hid, year: change.year, items: change.items, note: change.note });
      const before = record.income !== null && record.income.year === change.year ? record.income : null;
      const basedOn: Record<string, unknown> = {};
      const proposed: Record<string, unknown> = {};
      if (!same(before?.items ?? null, form.items)) {
        basedOn['items'] = before?.items ?? null;
        proposed['items'] = form.items;
      }
      if (!same(before?.note ?? null, form.note)) {
        basedOn['note'] = before?.note ?? null;
        proposed['note'] = form.note;
      }
      return {
        next: { ...record, income: form },
        basedOn,
        proposed,
        sensitive: touched(approval.income, basedOn, proposed),
      };
    }
  }
}

/**
 * What a request was based on that no longer holds: field → [then, now]. Empty = still current.
 * `current` is `planChange`'s basedOn computed against the record as it stands now.
 */
export function staleFields(then: Record<string, unknown>, now: Record<string, unknown>): { field: string; then: unknown; now: unknown }[] {
  const out: { field: string; then: unknown; now: unknown }[] = [];
  for (const k of Object.keys(then)) if (!same(then[k], now[k])) out.push({ field: k, then: then[k], now: now[k] });
  return out;
}

/** The reason text for an add or remove: the category, with the note after it (required for 其他). */
export function categoryReason(change: Extract<ProposedChange, { kind: 'member-add' | 'member-remove' }>): string {
  const label = change.kind === 'member-add' ? ADD_CATEGORIES[change.category] : REMOVE_CATEGORIES[change.category];
  const note = change.note?.trim() ?? '';
  if (change.category === 'other' && note === '') throw new ChangeInvalid(`${change.kind === 'member-add' ? '增员' : '减员'}原因为“其他”时请填写说明`);
  return note === '' ? label : `${label}：${note}`;
}

/**
 * The record's current values of the fields a change was based on (the keys of its `basedOn`),
 * so an approval can compare them with what the requester saw.
 */
export function currentValues(record: HouseholdRecord, change: ProposedChange, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  switch (change.kind) {
    case 'member-add':
      return out;
    case 'member-remove':
      out['member'] = record.members.find((m) => m.id === change.memberId) ?? null;
      return out;
    case 'member-correct': {
      const m = record.members.find((x) => x.id === change.memberId) as Record<string, unknown> | undefined;
      for (const k of keys) out[k] = m === undefined ? null : m[k];
      return out;
    }
    case 'household-correct':
      for (const k of keys) out[k] = (record.household as Record<string, unknown>)[k];
      return out;
    case 'income-edit': {
      const f = record.income !== null && record.income.year === change.year ? record.income : null;
      for (const k of keys) out[k] = f === null ? null : (f as Record<string, unknown>)[k];
      return out;
    }
  }
}
