// Use cases of 动态调整: submit a change to a household (members added, removed, corrected; household
// facts corrected; the income form edited), and approve, reject or withdraw a change that waits
// for a second person.
//
// A change that sets a field of the active rulebook's changeApproval list (the facts that decide an
// indicator, the ID number, the poverty attribute, income amounts; docs/rulebooks.md) is stored as a
// pending request; any other applies at once. Applying goes through the registry (diffRecords +
// applyImport: the change rows carry who, when, before, after and why) and re-assesses the
// household in the same transaction (withReassessment: a class move is logged).
import type { HouseholdAssessment } from '../domain/assessment.js';
import {
  CHANGE_KIND_LABELS,
  ChangeInvalid,
  REMOVE_CATEGORIES,
  categoryReason,
  currentValues,
  planChange,
  staleFields,
  type ChangeCheck,
  type IdHolder,
  type ProposedChange,
} from '../domain/memberChange.js';
import { parseIdNumber } from '../domain/idNumber.js';
import type { HouseholdRecord, Member } from '../domain/types.js';
import { diffRecords, fieldChanges, isEmptyPlan, type ChangeRequest, type Json, type Store, type Trx } from '../store/index.js';
import { can, type Action } from '../domain/roles.js';
import { AccessError, notAllowed, notFound, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { fieldChangeParts, fieldChangeTexts, memberPhrase } from './history.js';
import { withReassessment, type ClassBefore, type Reassessor } from './reassess.js';
import { checkBaseVersion } from './baseVersion.js';

/** The permission each kind of change needs (the roles are domain/roles.ts's). */
const CHANGE_ACTION: Readonly<Record<ProposedChange['kind'], Action>> = {
  'member-add': 'member.edit',
  'member-remove': 'member.edit',
  'member-correct': 'member.edit',
  'household-correct': 'household.edit',
  'income-edit': 'income.edit',
};

export type OutcomeStatus = 'applied' | 'pending' | 'unchanged';

export interface ChangeOutcome {
  status: OutcomeStatus;
  /** What happened, as the page says it. */
  message: string;
  request: ChangeRequest | null;
  previous: ClassBefore | null;
  /** The re-assessment when the change was applied. */
  assessment: HouseholdAssessment | null;
  runId: number | null;
}

/** What the store keeps in a request's payload. */
interface Payload {
  change: ProposedChange;
  basedOn: Record<string, unknown>;
  proposed: Record<string, unknown>;
  sensitive: string[];
}

export const staleError = (message: string) => new AccessError(409, 'stale', message);

function invalid(e: unknown): never {
  if (e instanceof ChangeInvalid) throw new AccessError(400, 'invalid-change', e.message);
  throw e;
}

async function codesOf(store: Store, trx: Trx, householdId: string) {
  const codes = await store.registry.householdCodes(householdId, { trx });
  if (codes === null) throw notFound('该户');
  return codes;
}

async function loadRecord(store: Store, trx: Trx, viewer: Access, householdId: string, year: number): Promise<HouseholdRecord> {
  const [record] = await store.registry.loadRecords(viewer.scope, { year, householdIds: [householdId], trx });
  if (record !== undefined) return record;
  throw notFound('该户');
}

/** The ID number a change sets, normalised, or null. */
function idNumberOf(change: ProposedChange): string | null {
  const raw = change.kind === 'member-add' ? change.member.idNumber : change.kind === 'member-correct' ? (change.fields.idNumber ?? null) : null;
  if (raw === null || raw === undefined) return null;
  const p = parseIdNumber(raw);
  return p.ok ? p.value.normalized : null;
}

/**
 * Who else in the whole registry holds the ID number. A holder outside the viewer's scope is
 * named only as that, so the check does not tell a village user who lives in another township.
 */
async function holderLookup(store: Store, trx: Trx, viewer: Access, change: ProposedChange): Promise<(id: string) => IdHolder | null> {
  const id = idNumberOf(change);
  if (id === null) return () => null;
  const found = await store.registry.idNumberHolder(viewer.scope, id, {
    trx,
    ...(change.kind === 'member-correct' ? { exceptMemberId: change.memberId } : {}),
  });
  if (found === null) return () => null;
  const holder: IdHolder = found.visible
    ? { memberId: found.memberId, householdId: found.householdId, name: found.name }
    : { memberId: '（管辖范围外）', householdId: '（管辖范围外）', name: '（不在您的管辖范围内，请与县扶贫办核实）' };
  return (x) => (x === id ? holder : null);
}

/**
 * A person number not used by any member now or in the change log: the last number plus one.
 * Person numbers are usually the household number plus a short sequence (…0101 → …0102); only
 * that sequence is counted, since the whole 19-digit number is beyond a double's precision.
 */
async function nextMemberId(store: Store, trx: Trx, record: HouseholdRecord): Promise<string> {
  const hid = record.household.id;
  const last =
    [...record.members]
      .map((m) => m.id)
      .sort()
      .at(-1) ?? `${hid}00`;
  const rest = last.startsWith(hid) ? last.slice(hid.length) : null;
  const match = rest !== null ? /^(\D*)(\d{1,6})$/.exec(rest) : null;
  const fallback = /^(.*?)(\d{1,6})$/.exec(last);
  const prefix = match !== null ? hid + (match[1] ?? '') : (fallback?.[1] ?? `${last}-`);
  const digits = match?.[2] ?? fallback?.[2] ?? '00';
  let n = Number(digits);
  for (let tries = 0; tries < 1000; tries++) {
    n += 1;
    const id = `${prefix}${String(n).padStart(digits.length, '0')}`;
    if (!(await store.registry.memberIdUsed(id, { trx }))) return id;
  }
  throw new Error(`无法为户 ${hid} 生成新的人编号`);
}

function subjectOf(record: HouseholdRecord, change: ProposedChange): { entity: 'member' | 'household' | 'income'; subject: string } {
  switch (change.kind) {
    case 'member-add':
    case 'member-remove':
      return { entity: 'member', subject: '成员' };
    case 'member-correct': {
      const m = record.members.find((x) => x.id === change.memberId);
      return { entity: 'member', subject: `成员 ${m?.name ?? change.memberId}` };
    }
    case 'household-correct':
      return { entity: 'household', subject: '户档案' };
    case 'income-edit':
      return { entity: 'income', subject: `${change.year}年收入测算表` };
  }
}

/** The request's change row carries enough to print “申请修改 成员 张三 证件号码 A → B” without the payload. */
function summaryOf(record: HouseholdRecord, change: ProposedChange, check: ChangeCheck): Record<string, unknown> {
  const s = subjectOf(record, change);
  if (change.kind === 'member-add') return { ...s, member: check.proposed };
  if (change.kind === 'member-remove') return { ...s, member: check.basedOn['member'] };
  return { ...s, fields: fieldChanges(check.basedOn, check.proposed) };
}

async function applyChecked(ctx: ServiceContext, trx: Trx, r: Reassessor, record: HouseholdRecord, next: HouseholdRecord, reason: string, cause: string) {
  const plan = diffRecords([record], [next]);
  if (!isEmptyPlan(plan)) await ctx.store.registry.applyImport(trx, plan, ctx.actor, reason, null, ctx.clock());
  return r.reassess(next, cause);
}

function requesterCheck(viewer: Access, kind: ProposedChange['kind']): void {
  if (!can(viewer.role, CHANGE_ACTION[kind])) throw notAllowed('只有县扶贫办、乡镇和村级账号可以修改农户信息');
}

/**
 * Proposes `change` to a household. `reason` is required for corrections and income edits; an
 * add or remove takes its reason from the category (and note).
 */
export async function submitChange(
  ctx: ServiceContext,
  viewer: Access,
  householdId: string,
  change: ProposedChange,
  reason: string | null,
  /** The version of the record part the change was made on (offline capture); null: no check. */
  expectedVersion: string | null = null,
): Promise<ChangeOutcome> {
  requesterCheck(viewer, change.kind);
  let why: string;
  try {
    why = change.kind === 'member-add' || change.kind === 'member-remove' ? categoryReason(change) : (reason ?? '').trim();
  } catch (e) {
    invalid(e);
  }
  if (why === '') throw new AccessError(400, 'reason-required', '请填写修改原因');
  const { value, runId } = await withReassessment(ctx, (trx, r) => submitChangeIn(ctx, trx, r, viewer, householdId, change, why, expectedVersion));
  return { ...value, runId: value.status === 'applied' ? runId : null };
}

/**
 * `submitChange` inside the caller's `withReassessment` transaction, with the reason decided:
 * a verified 疑点 (checkPoints.ts) starts its correction in the same transaction as its closing.
 */
export async function submitChangeIn(
  ctx: ServiceContext,
  trx: Trx,
  r: Reassessor,
  viewer: Access,
  householdId: string,
  change: ProposedChange,
  why: string,
  /** The version of the record part the change was made on (offline capture); null: no check. */
  expectedVersion: string | null = null,
): Promise<Omit<ChangeOutcome, 'runId'>> {
  requesterCheck(viewer, change.kind);
  const { store } = ctx;
  const c: ProposedChange = change.kind === 'income-edit' ? { ...change, year: r.year } : change;
  const record = await loadRecord(store, trx, viewer, householdId, r.year);
  checkBaseVersion(record, c, expectedVersion);
  let check: ChangeCheck;
  try {
    check = planChange(record, c, {
      newMemberId: await nextMemberId(store, trx, record),
      holderOf: await holderLookup(store, trx, viewer, c),
      approval: r.rulebook.changeApproval,
    });
  } catch (e) {
    invalid(e);
  }
  if (Object.keys(check.proposed).length === 0) {
    return { status: 'unchanged' as const, message: '内容与现有记录相同，未作修改', request: null, previous: null, assessment: null };
  }
  if (check.sensitive.length > 0) {
    const payload: Payload = { change: c, basedOn: check.basedOn, proposed: check.proposed, sensitive: check.sensitive };
    const request = await store.changeRequests.create(
      trx,
      {
        householdId,
        codes: await codesOf(store, trx, householdId),
        kind: c.kind,
        payload: payload as unknown as Record<string, unknown>,
        reason: why,
        summary: summaryOf(record, c, check),
      },
      ctx.actor,
      ctx.clock(),
    );
    return { status: 'pending' as const, message: '已提交，待乡镇审核', request, previous: null, assessment: null };
  }
  const out = await applyChecked(ctx, trx, r, record, check.next, why, `${CHANGE_KIND_LABELS[c.kind]}：${why}`);
  return { status: 'applied' as const, message: '已保存并重新评估', request: null, ...out };
}

async function pendingRequest(store: Store, trx: Trx, viewer: Access, id: string): Promise<ChangeRequest> {
  const req = await store.changeRequests.get(viewer.scope, id, { trx });
  if (req === null) throw notFound('该变更申请');
  if (req.status !== 'pending') throw new AccessError(409, 'decided', `该申请已${STATUS_LABELS[req.status]}，不能再处理`);
  return req;
}

export const STATUS_LABELS: Record<ChangeRequest['status'], string> = { pending: '待审核', approved: '批准', rejected: '驳回', withdrawn: '撤回' };

function approverCheck(viewer: Access, req: ChangeRequest | null): void {
  if (!can(viewer.role, 'change.approve')) throw notAllowed('只有乡镇或县扶贫办账号可以审批变更申请');
  if (req !== null && req.requestedBy.id === viewer.userId) throw notAllowed('不能审批自己提交的申请，须由另一位乡镇或县扶贫办工作人员审批');
}

/** Field labels for the stale message, from the history's wording. */
function staleText(req: ChangeRequest, stale: { field: string; then: unknown; now: unknown }[], viewer: Access): string {
  const entity = req.kind === 'income-edit' ? 'income' : req.kind === 'household-correct' ? 'household' : 'member';
  const parts = stale.flatMap((s) => {
    if (s.field === 'member') return [s.now === null ? '该成员已不在户内' : `成员 ${(s.now as Member).name} 的信息已被修改`];
    const fields = fieldChanges({ [s.field]: s.then ?? null }, { [s.field]: s.now ?? null }) as Record<string, { before: Json; after: Json }>;
    return fieldChangeParts(entity, fields, viewer.mask).map((x) => `${x.label}：提交时 ${x.before}，现为 ${x.after}`);
  });
  return `申请已过期：提交后该户记录已被修改（${parts.join('；')}），请驳回后按现有记录重新提交`;
}

/** Approves a pending request: applies it and re-assesses the household, in one transaction. */
export async function approveRequest(ctx: ServiceContext, viewer: Access, id: string, reason: string | null = null): Promise<ChangeOutcome> {
  approverCheck(viewer, null);
  const { store } = ctx;
  const { value, runId } = await withReassessment(ctx, async (trx, r) => {
    const req = await pendingRequest(store, trx, viewer, id);
    approverCheck(viewer, req);
    const payload = req.payload as unknown as Payload;
    const change = payload.change;
    const record = await loadRecord(store, trx, viewer, req.householdId, r.year);
    const stale = staleFields(payload.basedOn, currentValues(record, change, Object.keys(payload.basedOn)));
    if (stale.length > 0) throw staleError(staleText(req, stale, viewer));
    let check: ChangeCheck;
    try {
      check = planChange(record, change, {
        newMemberId: await nextMemberId(store, trx, record),
        holderOf: await holderLookup(store, trx, viewer, change),
        approval: r.rulebook.changeApproval,
      });
    } catch (e) {
      if (e instanceof ChangeInvalid) throw staleError(`申请已过期：${e.message}`);
      throw e;
    }
    const note = reason?.trim() || null;
    const decided = await store.changeRequests.decide(trx, id, 'approved', ctx.actor, note, ctx.clock());
    const out = await applyChecked(
      ctx,
      trx,
      r,
      record,
      check.next,
      `${req.reason}（${req.requestedBy.name}申请，经审批）`,
      `批准${CHANGE_KIND_LABELS[change.kind]}：${req.reason}`,
    );
    return { request: decided, ...out };
  });
  return { status: 'applied', message: '已批准，变更已生效并重新评估', ...value, runId };
}

/** Rejects a pending request with a reason; nothing in the record changes. */
export async function rejectRequest(ctx: ServiceContext, viewer: Access, id: string, reason: string): Promise<ChangeRequest> {
  approverCheck(viewer, null);
  const why = reason.trim();
  if (why === '') throw new AccessError(400, 'reason-required', '驳回须填写原因');
  return ctx.store.transaction(async (trx) => {
    const req = await pendingRequest(ctx.store, trx, viewer, id);
    if (req.requestedBy.id === viewer.userId) throw notAllowed('不能驳回自己提交的申请，如需取消请撤回');
    return ctx.store.changeRequests.decide(trx, id, 'rejected', ctx.actor, why, ctx.clock());
  });
}

/** The requester takes back a request still pending. */
export async function withdrawRequest(ctx: ServiceContext, viewer: Access, id: string): Promise<ChangeRequest> {
  return ctx.store.transaction(async (trx) => {
    const req = await pendingRequest(ctx.store, trx, viewer, id);
    if (req.requestedBy.id !== viewer.userId) throw notAllowed('只有提交人可以撤回申请');
    return ctx.store.changeRequests.decide(trx, id, 'withdrawn', ctx.actor, '申请人撤回', ctx.clock());
  });
}

export interface RequestView {
  id: string;
  householdId: string;
  villageCode: string;
  kind: ChangeRequest['kind'];
  kindLabel: string;
  /** Before → after in plain Chinese, masked for the viewer. */
  lines: string[];
  reason: string;
  requestedBy: string;
  requestedAt: string;
  status: ChangeRequest['status'];
  statusLabel: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  /** The viewer may approve or reject it. */
  canDecide: boolean;
  /** The viewer may withdraw it. */
  canWithdraw: boolean;
}

const VIEW_STATUS: Record<ChangeRequest['status'], string> = { pending: '待审核', approved: '已批准', rejected: '已驳回', withdrawn: '已撤回' };

export function requestLines(req: ChangeRequest, viewer: Access): string[] {
  const p = req.payload as unknown as Payload;
  const c = p.change;
  // The kind label (新增成员 / 减少成员) is shown next to the lines: the member alone here.
  if (c.kind === 'member-add') return [memberPhrase(p.proposed as Record<string, Json>, viewer.mask)];
  if (c.kind === 'member-remove') return [`${memberPhrase(p.basedOn['member'] as Record<string, Json>, viewer.mask)}（${REMOVE_CATEGORIES[c.category]}）`];
  const entity = c.kind === 'income-edit' ? 'income' : c.kind === 'household-correct' ? 'household' : 'member';
  return fieldChangeTexts(entity, fieldChanges(p.basedOn, p.proposed), viewer.mask);
}

export function requestView(req: ChangeRequest, viewer: Access): RequestView {
  const pending = req.status === 'pending';
  const mine = req.requestedBy.id === viewer.userId;
  return {
    id: req.id,
    householdId: req.householdId,
    villageCode: req.codes.village ?? '',
    kind: req.kind,
    kindLabel: CHANGE_KIND_LABELS[req.kind],
    lines: requestLines(req, viewer),
    reason: req.reason,
    requestedBy: req.requestedBy.name,
    requestedAt: req.requestedAt,
    status: req.status,
    statusLabel: VIEW_STATUS[req.status],
    decidedBy: req.decidedBy?.name ?? null,
    decidedAt: req.decidedAt,
    decisionReason: req.decisionReason,
    canDecide: pending && !mine && can(viewer.role, 'change.approve'),
    canWithdraw: pending && mine,
  };
}

/** Requests in the viewer's scope (scope applied in SQL), oldest first; `awaitingMe` counts what the viewer may decide. */
export async function listRequests(
  store: Store,
  viewer: Access,
  opts: { status?: ChangeRequest['status']; householdId?: string } = {},
): Promise<{ items: RequestView[]; awaitingMe: number }> {
  if (!can(viewer.role, 'change.read')) throw notAllowed('您的账号不能查看变更申请');
  const rows = await store.changeRequests.list(viewer.scope, { ...opts, limit: 500 });
  const items = rows.map((r) => requestView(r, viewer));
  return { items, awaitingMe: items.filter((i) => i.canDecide).length };
}
