// The JSON API's request and response shapes, as Zod schemas: the server validates with them,
// the OpenAPI document is generated from them, and the web app imports their types. Only zod
// and the domain schemas may be imported here — the web bundle includes this file.
import { z } from 'zod';
// Used by the data endpoints' schemas (end of file).
import { Cause, ExitStatus, Household, IncomeItemCodeSchema, IndicatorCode, Member, PovertyAttribute, Task } from '../domain/types.js';
import { Rulebook } from '../domain/rulebook.js';
import { BREAK_KINDS, HEAD_HASH_PATTERN } from '../domain/audit.js';
import { ROLES, SECTORS } from '../domain/roles.js';
import { TEXT_LIMITS as L, text } from '../domain/textLimits.js';

// =============================================================================================
// ---- core endpoints (owned by the core helper): session, login, setup, admin, regions
// =============================================================================================

// The roles and sectors themselves, their labels and permissions are src/domain/roles.ts's.
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
export const Sector = z.enum(SECTORS, { error: `行业部门应为 ${SECTORS.join('、')} 之一` });
export type Sector = z.infer<typeof Sector>;

export const ErrorBody = z.object({
  error: z.object({
    code: text(L.shown),
    message: text(L.shown).describe('给用户看的中文说明'),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Null when acceptable, else why not (Chinese, for the user). */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符`;
  if (length > PASSWORD_MAX_LENGTH) return `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`;
  if (/^\d+$/u.test(password)) return '密码不能全部是数字';
  if (/^(.)\1+$/u.test(password)) return '密码不能是同一个字符的重复';
  return null;
}

/** A password being set (setup, new account, reset): the rules above. */
export const NewPassword = z
  .string()
  .max(PASSWORD_MAX_LENGTH, `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`)
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

export const Username = z
  .string()
  .trim()
  .min(2, '用户名至少 2 个字符')
  .max(32, '用户名不能超过 32 个字符')
  .regex(/^[\p{L}\p{N}._@-]+$/u, '用户名只能包含汉字、字母、数字和 . _ - @');

export const PersonName = z.string().trim().min(1, '请填写姓名或单位').max(50, '姓名或单位不能超过 50 个字符');

export const SessionUser = z.object({
  id: text(L.id),
  username: text(L.shown),
  name: text(L.shown),
  role: Role,
  admin: z.boolean(),
  sector: Sector.nullable(),
  /** Township/village codes the user is limited to; empty for county-wide roles. */
  scope: z.array(text(L.shown)),
  /** Names of those regions, in the same order. */
  scopeNames: z.array(text(L.shown)),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionResponse = z.object({
  user: SessionUser.nullable(),
  /** Send as `x-csrf-token` on every POST/PUT/PATCH/DELETE. */
  csrfToken: text(L.shown),
  /** No account exists yet and this is not a demo: POST /api/setup creates the first admin. */
  setupRequired: z.boolean(),
  demo: z.boolean(),
  /** Demo mode: the day the server's clock says (a day inside the autumn push), for the header; null in real use. */
  demoToday: text(L.date).nullable(),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

export const LoginRequest = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64, '用户名太长'),
  password: z.string().min(1, '请输入密码').max(PASSWORD_MAX_LENGTH, '密码太长'),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** Login and setup answer with the user and the new session's CSRF token. */
export const LoginResponse = z.object({ user: SessionUser, csrfToken: text(L.shown) });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const OkResponse = z.object({ ok: z.literal(true) });

export const SetupRequest = z.object({ username: Username, name: PersonName, password: NewPassword });
export type SetupRequest = z.infer<typeof SetupRequest>;

/** What the admin page sees of an account: the session's view of it plus its state. */
export const AdminUser = SessionUser.extend({
  disabled: z.boolean(),
  /** Set (by the server's clock) while some address must wait to sign in as this user after failed logins. */
  lockedUntil: text(L.date).nullable(),
  failedLogins: z.number().int(),
  createdAt: text(L.date),
  updatedAt: text(L.date),
});
export type AdminUser = z.infer<typeof AdminUser>;

export const AdminUserList = z.object({ users: z.array(AdminUser) });
export const AdminUserResponse = z.object({ user: AdminUser });

const Reason = z.string().trim().max(200, '说明不能超过 200 个字符');
const ScopeCodes = z.array(z.string().trim().min(1).max(L.code, `区划代码不能超过 ${L.code} 个字符`)).max(500, '分管区域太多');

export const CreateUserRequest = z.object({
  username: Username,
  name: PersonName,
  password: NewPassword,
  role: Role,
  admin: z.boolean().default(false),
  sector: Sector.nullable().default(null),
  /** Township/village codes (leader: any number; township: one township; village: one village). */
  scope: ScopeCodes.default([]),
  reason: Reason.optional(),
});
export type CreateUserRequest = z.input<typeof CreateUserRequest>;

/** Only the fields given change. `password` resets it (and signs the user out everywhere). */
export const UpdateUserRequest = z
  .object({
    name: PersonName.optional(),
    password: NewPassword.optional(),
    role: Role.optional(),
    admin: z.boolean().optional(),
    sector: Sector.nullable().optional(),
    scope: ScopeCodes.optional(),
    disabled: z.boolean().optional(),
    /** Lifts the login back-off after failed logins, for every address. */
    unlock: z.boolean().optional(),
    reason: Reason.optional(),
  })
  .refine((v) => Object.entries(v).some(([k, x]) => k !== 'reason' && x !== undefined), '没有要修改的内容');
export type UpdateUserRequest = z.input<typeof UpdateUserRequest>;

export const UserIdParams = z.object({ id: z.string().min(1).max(100) });

export interface RegionNode {
  code: string;
  name: string;
  level: 'county' | 'township' | 'village';
  parentCode: string | null;
  poorVillage: boolean;
  children: RegionNode[];
}

export const RegionNode: z.ZodType<RegionNode> = z.object({
  code: text(L.shown),
  name: text(L.shown),
  level: z.enum(['county', 'township', 'village']),
  parentCode: text(L.shown).nullable(),
  poorVillage: z.boolean(),
  get children(): z.ZodArray<z.ZodType<RegionNode>> {
    return z.array(RegionNode);
  },
});

/** The regions the user sees, as a forest: a township user gets one root (the township). */
export const RegionsResponse = z.object({ regions: z.array(RegionNode) });
export type RegionsResponse = z.infer<typeof RegionsResponse>;

// =============================================================================================
// ---- data endpoints (owned by the data helper)
// =============================================================================================
// Every household-level payload below has passed the viewer's scope (in the store's queries),
// the sector projection and masking (projection.ts) before it is serialised with these schemas;
// fields a sector user may not see are absent (optional here), never null.

/** Query-string values: an empty parameter (`?q=`) counts as not given. */
const optionalQuery = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const RegionCode = z.string().trim().min(1).max(30);

export const INDICATOR_CODES = ['income', 'food-clothing', 'water', 'education', 'medical', 'housing'] as const;
export const IndicatorCodeParam = z.enum(INDICATOR_CODES, { error: `指标应为 ${INDICATOR_CODES.join('、')} 之一` });

export const HOUSEHOLD_SORT_KEYS = ['id', 'village', 'size', 'perCapita', 'class'] as const;

export const HouseholdListQuery = z.object({
  /** Member name (prefix or contained), ID number (whole or last digits) or household number. */
  q: optionalQuery(z.string().trim().max(50, '搜索内容不能超过 50 个字符')),
  township: optionalQuery(RegionCode),
  village: optionalQuery(RegionCode),
  class: optionalQuery(z.string().trim().max(30)),
  indicator: optionalQuery(IndicatorCodeParam),
  cause: optionalQuery(Cause),
  attribute: optionalQuery(PovertyAttribute),
  sort: optionalQuery(z.enum(HOUSEHOLD_SORT_KEYS, { error: `排序应为 ${HOUSEHOLD_SORT_KEYS.join('、')} 之一` })),
  order: optionalQuery(z.enum(['asc', 'desc'], { error: '顺序应为 asc 或 desc' })),
  page: optionalQuery(z.coerce.number().int('页码应为整数').min(1, '页码从 1 开始').max(100_000)),
  pageSize: optionalQuery(z.coerce.number().int('每页条数应为整数').min(1, '每页至少 1 条').max(200, '每页最多 200 条')),
});
export type HouseholdListQuery = z.input<typeof HouseholdListQuery>;

export const HouseholdListItem = z.object({
  id: text(L.id),
  villageCode: text(L.shown),
  villageName: text(L.shown).nullable(),
  townshipCode: text(L.shown).nullable(),
  townshipName: text(L.shown).nullable(),
  group: text(L.shown).nullable(),
  attribute: text(L.shown),
  /** Absent for sector users whose fields do not include it. */
  mainCause: text(L.shown).nullable().optional(),
  status: text(L.shown),
  headName: text(L.shown).nullable(),
  /** Null: not in the latest run (imported after it). */
  size: z.number().int().nullable(),
  class: text(L.shown).nullable(),
  classLabel: text(L.shown).nullable(),
  inScope: z.boolean().nullable(),
  /** Absent for sector users who do not handle income. */
  perCapita: z.number().nullable().optional(),
  /** Failing indicator codes (a sector user: its own indicators only). */
  failing: z.array(text(L.shown)),
});
export type HouseholdListItem = z.infer<typeof HouseholdListItem>;

export const HouseholdListResponse = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  runId: z.number().int().nullable(),
  items: z.array(HouseholdListItem),
});
export type HouseholdListResponse = z.infer<typeof HouseholdListResponse>;

const ReasonValue = z.union([text(L.shown), z.number(), z.boolean(), z.null()]);

export const AssessmentReason = z.object({
  memberId: text(L.id).nullable(),
  memberName: text(L.shown).nullable(),
  text: text(L.shown),
  rule: text(L.shown),
  values: z.record(text(L.label), ReasonValue),
});

export const IndicatorCheckView = z.object({
  indicator: IndicatorCode,
  label: text(L.shown),
  veto: z.boolean(),
  met: z.boolean(),
  metByVerifiedTask: z.boolean(),
  reasons: z.array(AssessmentReason),
  remediation: z.array(z.object({ taskId: text(L.id), dueDate: text(L.date), status: text(L.shown), qualifies: z.boolean(), why: text(L.shown) })),
  remediable: z.boolean(),
});

export const IncomeResultView = z.object({
  year: z.number().int().nullable(),
  items: z.array(z.object({ code: IncomeItemCodeSchema, label: text(L.shown), category: text(L.shown), amount: z.number(), counted: z.boolean() })),
  grossCounted: z.number(),
  costs: z.number(),
  excluded: z.number(),
  net: z.number(),
  size: z.number().int(),
  perCapita: z.number(),
  lineName: text(L.shown),
  line: z.number(),
  pass: z.boolean(),
  arithmetic: text(L.shown),
});

export const AssessmentView = z.object({
  householdId: text(L.id),
  villageCode: text(L.shown),
  headName: text(L.shown).nullable(),
  size: z.number().int(),
  inScope: z.boolean(),
  scopeReason: text(L.shown).nullable(),
  class: text(L.shown),
  classLabel: text(L.shown),
  preExit: z.boolean(),
  /** Null for sector users who do not handle income. */
  income: IncomeResultView.nullable(),
  indicators: z.array(IndicatorCheckView),
  summary: z.array(text(L.shown)),
});
export type AssessmentView = z.infer<typeof AssessmentView>;

export const IncomeFormLineView = z.object({
  code: IncomeItemCodeSchema,
  label: text(L.shown),
  category: text(L.shown),
  categoryLabel: text(L.shown),
  amount: z.number().nullable(),
  /** False: the active rulebook leaves the item out of net income (kept on the form). */
  counted: z.boolean(),
});

export const IncomeFormView = z.object({
  year: z.number().int(),
  exists: z.boolean(),
  note: text(L.shown).nullable(),
  lines: z.array(IncomeFormLineView),
  lineName: text(L.shown),
  line: z.number(),
  comparison: z.enum(['greater-than', 'at-least']),
});
export type IncomeFormView = z.infer<typeof IncomeFormView>;

export const HistoryLineView = z.object({
  seq: z.number().int(),
  at: text(L.date),
  actor: text(L.shown),
  entity: text(L.shown),
  action: text(L.shown),
  /** e.g. “2018-11-02 张三 修改 2018年收入测算表：外出务工收入 12000 → 15000（原因：补录务工收入）”. */
  text: text(L.shown),
  reason: text(L.shown).nullable(),
});

/** Is the latest run current? While it is not, classes on the page may be about to change. */
export const AssessmentState = z.object({
  stale: z.boolean(),
  /** Why it is stale, in words; null when current. */
  reason: z.string().max(100).nullable(),
  /** A county re-assessment is running now. */
  working: z.boolean(),
});
export type AssessmentState = z.infer<typeof AssessmentState>;

export const HouseholdDetailResponse = z.object({
  household: Household.partial().extend({ id: text(L.id), villageCode: text(L.shown) }),
  villageName: text(L.shown).nullable(),
  townshipName: text(L.shown).nullable(),
  members: z.array(Member.partial().extend({ id: text(L.id), householdId: text(L.id), name: text(L.shown) })),
  /** Null for sector users who do not handle income. */
  income: IncomeFormView.nullable(),
  assessment: AssessmentView.nullable(),
  reassessed: z.object({ at: text(L.date), by: text(L.shown) }).nullable(),
  runId: z.number().int().nullable(),
  rulebook: z.object({ id: text(L.id), name: text(L.shown), year: z.number().int() }),
  tasks: z.array(Task),
  /** Newest first. */
  history: z.array(HistoryLineView),
  canEditIncome: z.boolean(),
  assessmentState: AssessmentState,
});
export type HouseholdDetailResponse = z.infer<typeof HouseholdDetailResponse>;

export const HouseholdIdParams = z.object({ id: z.string().trim().min(1).max(40) });

export const IncomeUpdateRequest = z.object({
  items: z.partialRecord(
    IncomeItemCodeSchema,
    z.number({ error: '金额应为数字' }).finite('金额应为有限数字').min(-10_000_000).max(100_000_000, '金额过大，请核对'),
  ),
  note: z.string().trim().max(500, '说明不能超过 500 个字符').nullable().default(null),
  reason: z.string().trim().min(1, '请填写修改原因').max(200, '原因不能超过 200 个字符'),
  /** The form's version the edit was made on (offline capture, docs/offline.md): 409 when it changed since. */
  expectedVersion: z.string().max(64).nullable().optional(),
});
export type IncomeUpdateRequest = z.input<typeof IncomeUpdateRequest>;

// ---- 动态调整: member changes, corrections and second-person approval (services/changeRequests.ts)

export const ChangeRequestStatus = z.enum(['pending', 'approved', 'rejected', 'withdrawn']);
export const ChangeKindSchema = z.enum(['member-add', 'member-remove', 'member-correct', 'household-correct', 'income-edit']);

export const ChangeRequestView = z.object({
  id: text(L.id),
  householdId: text(L.id),
  villageCode: text(L.shown),
  kind: ChangeKindSchema,
  kindLabel: text(L.shown),
  /** Before → after in plain Chinese, masked for the viewer: “证件号码 6201***… → 6205***…”. */
  lines: z.array(text(L.shown)),
  reason: text(L.shown),
  requestedBy: text(L.shown),
  requestedAt: text(L.date),
  status: ChangeRequestStatus,
  statusLabel: text(L.shown),
  decidedBy: text(L.shown).nullable(),
  decidedAt: text(L.date).nullable(),
  decisionReason: text(L.shown).nullable(),
  canDecide: z.boolean(),
  canWithdraw: z.boolean(),
});
export type ChangeRequestView = z.infer<typeof ChangeRequestView>;

/** Every change answers this way: applied at once (with the re-assessment), pending approval (with the request), or nothing to change. */
export const ChangeOutcomeResponse = z.object({
  status: z.enum(['applied', 'pending', 'unchanged']),
  /** “已提交，待乡镇审核”, “已保存并重新评估”, … */
  message: text(L.shown),
  request: ChangeRequestView.nullable(),
  previous: z.object({ class: text(L.shown), classLabel: text(L.shown) }).nullable(),
  assessment: AssessmentView.nullable(),
  runId: z.number().int().nullable(),
});
export type ChangeOutcomeResponse = z.infer<typeof ChangeOutcomeResponse>;

const reasonText = z.string().trim().min(1, '请填写修改原因').max(200, '原因不能超过 200 个字符');
const noteText = z.string().trim().max(200, '说明不能超过 200 个字符').nullable().default(null);

export const MemberInput = Member.omit({ id: true, householdId: true })
  .partial()
  .extend({
    name: z.string().trim().min(1, '请填写姓名').max(40),
    relation: Member.shape.relation,
  });
export type MemberInput = z.input<typeof MemberInput>;

export const MemberAddRequest = z.object({
  member: MemberInput,
  category: z.enum(['birth', 'marriage-in', 'other'], { error: '请选择增员原因' }),
  note: noteText,
});
export type MemberAddRequest = z.input<typeof MemberAddRequest>;

export const MemberRemoveRequest = z.object({
  category: z.enum(['death', 'moved-out', 'marriage-out', 'other'], { error: '请选择减员原因' }),
  note: noteText,
  newHeadId: z.string().trim().min(1).max(40).nullable().default(null),
  expectedVersion: z.string().max(64).nullable().optional(),
});
export type MemberRemoveRequest = z.input<typeof MemberRemoveRequest>;

export const MemberCorrectRequest = z.object({
  fields: Member.omit({ id: true, householdId: true }).partial(),
  reason: reasonText,
  expectedVersion: z.string().max(64).nullable().optional(),
});
export type MemberCorrectRequest = z.input<typeof MemberCorrectRequest>;

export const HouseholdCorrectRequest = z.object({
  fields: Household.omit({ id: true, villageCode: true }).partial(),
  reason: reasonText,
});
export type HouseholdCorrectRequest = z.input<typeof HouseholdCorrectRequest>;

export const MemberParams = z.object({ id: z.string().trim().min(1).max(40), memberId: z.string().trim().min(1).max(40) });
export const ChangeRequestIdParams = z.object({ id: z.string().trim().min(1).max(80) });

export const ChangeRequestListQuery = z.object({
  status: ChangeRequestStatus.optional(),
  household: z.string().trim().min(1).max(40).optional(),
});
export const ChangeRequestListResponse = z.object({
  items: z.array(ChangeRequestView),
  /** Pending requests the viewer may decide (the menu badge). */
  awaitingMe: z.number().int(),
});
export type ChangeRequestListResponse = z.infer<typeof ChangeRequestListResponse>;

export const ApproveRequest = z.object({ reason: z.string().trim().max(200).nullable().default(null) });
export const RejectRequest = z.object({ reason: z.string().trim().min(1, '驳回须填写原因').max(200, '原因不能超过 200 个字符') });
export const DecisionResponse = z.object({ request: ChangeRequestView });
export type DecisionResponse = z.infer<typeof DecisionResponse>;

/** The income edit answers like every change; amounts changed = a pending request (“已提交，待乡镇审核”). */
export const IncomeUpdateResponse = ChangeOutcomeResponse.extend({ householdId: text(L.id) });
export type IncomeUpdateResponse = z.infer<typeof IncomeUpdateResponse>;

const ClassCounts = z.record(text(L.label), z.number());

export const ClassFigure = z.object({
  code: text(L.shown),
  label: text(L.shown),
  preExit: z.boolean(),
  households: z.number().int(),
  people: z.number().int(),
});

export const CriterionView = z.object({
  key: text(L.shown),
  label: text(L.shown),
  value: z.number().nullable(),
  threshold: z.number(),
  comparison: z.enum(['<', '<=', '>=']),
  met: z.boolean().nullable(),
  note: text(L.shown).nullable(),
});

/** One township's (or village's) figures on the dashboard. */
const DashboardArea = z.object({
  code: text(L.shown),
  name: text(L.shown),
  households: ClassCounts,
  people: ClassCounts,
  classes: z.array(ClassFigure),
  remainingPoor: z.number().int(),
  ruralPopulation: z.number().int(),
  incidenceNow: z.number().nullable(),
  incidenceAfter: z.number().nullable(),
  villages: z.number().int(),
  preExitVillages: z.number().int(),
});
export const DashboardResponse = z.object({
  assessmentState: AssessmentState,
  run: z.object({ id: z.number().int(), at: text(L.date), rulebookId: text(L.id), rulebookName: text(L.shown), referenceDate: text(L.date) }).nullable(),
  registeredHouseholds: z.number().int(),
  registeredPoor: z.number().int(),
  inScopeHouseholds: z.number().int(),
  inScopePeople: z.number().int(),
  classes: z.array(ClassFigure),
  remainingPoor: z.number().int(),
  ruralPopulation: z.number().int(),
  incidenceNow: z.number().nullable(),
  incidenceAfter: z.number().nullable(),
  villages: z.number().int(),
  poorVillages: z.number().int(),
  preExitVillages: z.number().int(),
  townships: z.array(DashboardArea),
  /** The villages when the scope is one township or village (empty otherwise). */
  villageRows: z.array(DashboardArea),
  failing: z.array(z.object({ code: text(L.shown), label: text(L.shown), households: z.number().int() })),
  /** County exit criteria and blockers: county-wide viewers only. */
  county: z.object({ name: text(L.shown), ready: z.boolean().nullable(), blockers: z.array(text(L.shown)), criteria: z.array(CriterionView) }).nullable(),
});
export type DashboardResponse = z.infer<typeof DashboardResponse>;

export const LedgerParams = z.object({ class: z.string().trim().min(1).max(30) });
export const LedgerQuery = z.object({
  /** A township or village of the viewer's scope (the ledger had 373 pages of A households and no filter). */
  township: optionalQuery(RegionCode),
  village: optionalQuery(RegionCode),
  page: optionalQuery(z.coerce.number().int('页码应为整数').min(1, '页码从 1 开始').max(100_000)),
  pageSize: optionalQuery(z.coerce.number().int('每页条数应为整数').min(1, '每页至少 1 条').max(200, '每页最多 200 条')),
});
export const LedgerCell = z.union([text(L.shown), z.number(), z.null()]);
export const LedgerPageResponse = z.object({
  class: text(L.shown),
  classLabel: text(L.shown),
  runId: z.number().int().nullable(),
  /** The workbook sheet's columns (a sector user: identity columns and its own indicators). */
  columns: z.array(z.object({ header: text(L.shown), kind: z.enum(['text', 'wrap', 'center', 'int', 'count', 'money', 'percent']) })),
  rows: z.array(z.array(LedgerCell)),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type LedgerPageResponse = z.infer<typeof LedgerPageResponse>;

export const VillageView = z.object({
  code: text(L.shown),
  name: text(L.shown),
  townshipCode: text(L.shown).nullable(),
  townshipName: text(L.shown).nullable(),
  poorVillage: z.boolean(),
  exited: z.boolean(),
  ruralPopulation: z.number().int().nullable(),
  remainingPoor: z.number().int(),
  preExitPeople: z.number().int(),
  incidenceNow: z.number().nullable(),
  incidenceAfter: z.number().nullable(),
  households: ClassCounts,
  people: ClassCounts,
  indicators: z.array(z.object({ key: text(L.shown), label: text(L.shown), met: z.boolean(), value: z.union([z.boolean(), z.number(), z.null()]) })),
  indicatorsMet: z.boolean(),
  preExit: z.boolean(),
  reasons: z.array(text(L.shown)),
});
export type VillageView = z.infer<typeof VillageView>;

export const VillageListQuery = z.object({
  township: optionalQuery(RegionCode),
  preExit: optionalQuery(z.enum(['true', 'false'], { error: 'preExit 应为 true 或 false' })),
});
export const VillageListResponse = z.object({ villages: z.array(VillageView) });
export const VillageParams = z.object({ code: RegionCode });
export const VillageDetailResponse = z.object({
  village: VillageView,
  classes: z.array(z.object({ code: text(L.shown), label: text(L.shown), households: z.array(HouseholdListItem) })),
});
export type VillageDetailResponse = z.infer<typeof VillageDetailResponse>;

const PlanCountsView = z.record(text(L.label), z.object({ creates: z.number().int(), updates: z.number().int(), deletes: z.number().int() }));

export const ClassMovementView = z.object({
  from: text(L.shown).nullable(),
  fromLabel: text(L.shown).nullable(),
  to: text(L.shown),
  toLabel: text(L.shown),
  households: z.number().int(),
  people: z.number().int(),
});

/** One problem of a roster (src/io/roster/errors.ts RosterIssue): where it is and what to do. */
export const ImportIssueView = z.object({
  severity: z.enum(['error', 'warning']),
  sheet: text(L.shown),
  row: z.number().int().nullable(),
  column: text(L.shown).nullable(),
  header: text(L.shown).nullable(),
  value: text(L.shown).nullable(),
  message: text(L.shown),
  code: text(L.shown),
});
export type ImportIssueView = z.infer<typeof ImportIssueView>;

export const ImportJobView = z.object({
  id: text(L.id),
  fileName: text(L.shown),
  actor: text(L.shown),
  startedAt: text(L.date),
  finishedAt: text(L.date).nullable(),
  status: z.enum(['running', 'succeeded', 'rejected', 'failed']),
  steps: z.array(z.object({ at: text(L.date), message: text(L.shown) })),
  outcome: z
    .object({
      importId: text(L.id),
      unchanged: z.boolean(),
      counts: PlanCountsView,
      households: z.number().int(),
      members: z.number().int(),
      warnings: z.array(ImportIssueView),
      warningCount: z.number().int(),
      runId: z.number().int().nullable(),
      movements: z.array(ClassMovementView),
    })
    .nullable(),
  rejection: z
    .object({
      message: text(L.shown),
      /** The first 200 issues, errors first; the error workbook lists every one. */
      issues: z.array(ImportIssueView),
      issueCount: z.number().int(),
      errorCount: z.number().int(),
      /** GET /api/imports/:jobId/errors.xlsx is available. */
      errorWorkbook: z.boolean(),
    })
    .nullable(),
  error: text(L.shown).nullable(),
});
export type ImportJobView = z.infer<typeof ImportJobView>;

export const ImportStartResponse = z.object({ jobId: text(L.id), job: ImportJobView });
export const ImportJobParams = z.object({ jobId: z.string().trim().min(1).max(80) });

export const RulebookSummary = z.object({ id: text(L.id), name: text(L.shown), year: z.number().int(), assessmentDate: text(L.date), active: z.boolean() });
export const RulebookListResponse = z.object({ active: text(L.shown), rulebooks: z.array(RulebookSummary) });
export const ActiveRulebookResponse = z.object({ rulebook: Rulebook });
export const RulebookSwitchRequest = z.object({
  id: z.string().trim().min(1, '请选择规则库').max(60),
  reason: z.string().trim().max(200, '说明不能超过 200 个字符').optional(),
});
export type RulebookSwitchRequest = z.input<typeof RulebookSwitchRequest>;
export const RulebookSwitchResponse = z.object({
  previous: text(L.shown),
  active: text(L.shown),
  runId: z.number().int(),
  previousRunId: z.number().int().nullable(),
  households: z.number().int(),
  unchanged: z.number().int(),
  /** Households that changed class, e.g. {from: 'A', to: 'C', households: 812}, largest first. */
  movements: z.array(ClassMovementView),
});
export type RulebookSwitchResponse = z.infer<typeof RulebookSwitchResponse>;

// =============================================================================================
// ---- 一户一策 and the household handbook (src/server/routes/data/plans.ts)
// =============================================================================================

import { Measure as MeasureSchema, MeasureInput as MeasureInputSchema, PlanHeaderInput as PlanHeaderInputSchema } from '../domain/plan.js';

export const MeasureView = MeasureSchema;
export type MeasureView = z.infer<typeof MeasureView>;

/**
 * A plan as the viewer may see it. Sector users get the measures of their own categories only,
 * and no causes (unless their sector sees the household's causes) or goals: absent, not null.
 */
export const PlanResponse = z.object({
  householdId: text(L.id),
  mainCause: Cause.nullable().optional(),
  otherCauses: z.array(Cause).optional(),
  goals: text(L.shown).nullable().optional(),
  /** False while the causes shown are still the household record's. */
  saved: z.boolean(),
  measures: z.array(MeasureView),
  canEdit: z.boolean(),
});
export type PlanResponse = z.infer<typeof PlanResponse>;

export const PlanHeaderRequest = PlanHeaderInputSchema.extend({
  reason: z.string().trim().max(200, '原因不能超过 200 个字符').nullable().optional(),
});
export type PlanHeaderRequest = z.input<typeof PlanHeaderRequest>;

export const MeasureRequest = z.object({
  measure: MeasureInputSchema,
  reason: z.string().trim().max(200, '原因不能超过 200 个字符').nullable().optional(),
});
export type MeasureRequest = z.input<typeof MeasureRequest>;

export const MeasureParams = z.object({ id: z.string().trim().min(1).max(40), measureId: z.string().trim().min(1).max(60) });
export const MeasureDeleteQuery = z.object({ reason: z.string().trim().max(200, '原因不能超过 200 个字符').optional() });

export const MeasureResponse = z.object({ measure: MeasureView, changed: z.boolean(), plan: PlanResponse });
export type MeasureResponse = z.infer<typeof MeasureResponse>;

export const HandbookResponse = z.object({
  householdId: text(L.id),
  headName: text(L.shown).nullable(),
  size: z.number().int(),
  townshipName: text(L.shown).nullable(),
  villageName: text(L.shown).nullable(),
  group: text(L.shown).nullable(),
  facts: z.array(z.object({ label: text(L.shown), value: text(L.shown) })),
  members: z.array(
    z.object({
      name: text(L.shown),
      relation: text(L.shown),
      sex: text(L.shown),
      birthYear: text(L.shown),
      idNumber: text(L.shown),
      education: text(L.shown),
      schoolStatus: text(L.shown),
      labour: text(L.shown),
      phone: text(L.shown),
    }),
  ),
  mainCause: text(L.shown).nullable(),
  otherCauses: z.array(text(L.shown)),
  goals: text(L.shown).nullable(),
  income: z.object({
    year: z.number().int(),
    lines: z.array(z.object({ categoryLabel: text(L.shown), label: text(L.shown), amount: z.number(), counted: z.boolean() })),
    note: text(L.shown).nullable(),
    net: z.number().nullable(),
    size: z.number().nullable(),
    perCapita: z.number().nullable(),
    lineName: text(L.shown),
    line: z.number(),
    pass: z.boolean().nullable(),
    arithmetic: text(L.shown).nullable(),
  }),
  classLabel: text(L.shown).nullable(),
  indicators: z.array(z.object({ label: text(L.shown), met: z.boolean(), reasons: z.array(text(L.shown)) })),
  measures: z.array(
    z.object({
      id: text(L.id),
      category: text(L.shown),
      content: text(L.shown),
      responsible: text(L.shown),
      funds: text(L.shown),
      startDate: text(L.date),
      endDate: text(L.date),
      status: text(L.shown),
      note: text(L.shown).nullable(),
    }),
  ),
  assistance: z.array(text(L.shown)),
  year: z.number().int(),
  /** Projects reaching the household (项目库), one line each. */
  projects: z.array(text(L.shown)),
});
export type HandbookResponse = z.infer<typeof HandbookResponse>;
// ---- exit procedure (退出程序) and the notice list (公示名单)
// =============================================================================================

// Step codes are the active rulebook's (rb.exit): the contract checks the form, the service checks
// the code against the rulebook (400 unknown-step).
export const ExitStepCode = z
  .string({ error: '未知的退出程序步骤' })
  .trim()
  .max(40, '未知的退出程序步骤')
  .regex(/^[a-z][a-z0-9-]{0,39}$/, '未知的退出程序步骤');
const IsoDay = z
  .string()
  .trim()
  .max(10, '日期格式应为 2018-11-20')
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2018-11-20');
const ActorView = z.object({ id: text(L.id), name: text(L.shown) });

export const ExitStepView = z.object({
  step: ExitStepCode,
  date: text(L.date),
  recordedAt: text(L.date),
  by: ActorView,
  document: text(L.shown),
  minutes: text(L.shown).nullable(),
  votesFor: z.number().int().nullable(),
  votesAgainst: z.number().int().nullable(),
  backdateReason: text(L.shown).nullable(),
});
export const ObjectionView = z.object({
  id: text(L.id),
  receivedOn: text(L.date),
  content: text(L.shown),
  recordedBy: ActorView,
  resolution: z.object({ outcome: z.enum(['dismissed', 'upheld']), date: text(L.date), note: text(L.shown), by: ActorView }).nullable(),
});
export const ProcedureView = z.object({
  id: text(L.id),
  kind: z.enum(['household', 'village']),
  subjectId: text(L.id),
  villageCode: text(L.shown),
  status: z.enum(['open', 'completed', 'sent-back']),
  closedReason: text(L.shown).nullable(),
  startedAt: text(L.date),
  steps: z.array(ExitStepView),
  objections: z.array(ObjectionView),
});
export type ProcedureView = z.infer<typeof ProcedureView>;
const ExitRulesView = z.object({ noticeDays: z.number().int(), backdateDays: z.number().int() });
/** The active rulebook's procedure, so the pages render its steps without a second request. */
export const ProcedureDefView = z.object({
  kind: z.enum(['household', 'village']),
  name: text(L.shown),
  noticeTitle: text(L.shown),
  steps: z.array(
    z.object({
      code: text(L.shown),
      name: text(L.shown),
      role: Role,
      document: text(L.shown),
      minDays: z.number().int(),
      objections: z.boolean(),
      votes: z.boolean(),
    }),
  ),
});
export type ProcedureDefView = z.infer<typeof ProcedureDefView>;

export const ExitHouseholdRowView = z.object({
  householdId: text(L.id),
  headName: text(L.shown).nullable(),
  group: text(L.shown).nullable(),
  size: z.number().int(),
  class: text(L.shown).nullable(),
  classLabel: text(L.shown).nullable(),
  procedure: ProcedureView.nullable(),
  earlier: z.array(ProcedureView),
  next: ExitStepCode.nullable(),
  noticeEarliestEnd: text(L.shown).nullable(),
});
export type ExitHouseholdRowView = z.infer<typeof ExitHouseholdRowView>;

export const VillageExitResponse = z.object({
  village: z.object({ code: text(L.shown), name: text(L.shown), townshipCode: text(L.shown).nullable(), preExit: z.boolean().nullable(), exited: z.boolean() }),
  today: text(L.date),
  rules: z.object({ household: ExitRulesView, village: ExitRulesView }),
  procedures: z.object({ household: ProcedureDefView, village: ProcedureDefView }),
  households: z.array(ExitHouseholdRowView),
  procedure: ProcedureView.nullable(),
  next: ExitStepCode.nullable(),
  noticeEarliestEnd: text(L.shown).nullable(),
});
export type VillageExitResponse = z.infer<typeof VillageExitResponse>;

export const HouseholdExitResponse = z.object({
  householdId: text(L.id),
  villageCode: text(L.shown),
  class: text(L.shown).nullable(),
  today: text(L.date),
  rules: ExitRulesView,
  definition: ProcedureDefView,
  preExit: z.boolean(),
  procedure: ProcedureView.nullable(),
  earlier: z.array(ProcedureView),
  next: ExitStepCode.nullable(),
  noticeEarliestEnd: text(L.shown).nullable(),
});
export type HouseholdExitResponse = z.infer<typeof HouseholdExitResponse>;

const StepFields = {
  step: ExitStepCode,
  date: IsoDay,
  document: z.string().trim().min(1, '请填写文件或记录编号').max(100, '文件编号不能超过 100 个字符'),
  minutes: z.string().trim().max(2000, '会议记录摘要不能超过 2000 个字符').nullable().optional(),
  votesFor: z.number().int('票数应为整数').min(0).max(100_000).nullable().optional(),
  votesAgainst: z.number().int('票数应为整数').min(0).max(100_000).nullable().optional(),
  backdateReason: z.string().trim().max(200, '补录原因不能超过 200 个字符').nullable().optional(),
};
export const ExitStepRequest = z.object({
  ...StepFields,
  householdIds: z.array(z.string().trim().min(1).max(40)).min(1, '请至少选择一户').max(2000, '一次最多 2000 户'),
});
export type ExitStepRequest = z.input<typeof ExitStepRequest>;
export const VillageExitStepRequest = z.object(StepFields);
export type VillageExitStepRequest = z.input<typeof VillageExitStepRequest>;
export const ExitStepResponse = z.object({ recorded: z.array(text(L.shown)) });

export const ProcedureParams = z.object({ id: z.string().trim().min(1).max(80) });
export const ObjectionParams = z.object({ id: z.string().trim().min(1).max(80), objectionId: z.string().trim().min(1).max(80) });
export const ObjectionRequest = z.object({
  receivedOn: IsoDay,
  content: z.string().trim().min(1, '请填写异议内容').max(1000, '异议内容不能超过 1000 个字符'),
});
export type ObjectionRequest = z.input<typeof ObjectionRequest>;
export const ObjectionResolveRequest = z.object({
  outcome: z.enum(['dismissed', 'upheld'], { error: '处理结果应为 不属实（dismissed）或 属实（upheld）' }),
  date: IsoDay,
  note: z.string().trim().min(1, '请填写核实处理情况').max(1000, '处理情况不能超过 1000 个字符'),
});
export type ObjectionResolveRequest = z.input<typeof ObjectionResolveRequest>;

/** 县级决定: the county office sets a household's status and exit year outside the procedure, on a document, with a reason. */
export const ExitDecisionRequest = z.object({
  status: ExitStatus,
  exitYear: z.number().int('脱贫年度应为整数').min(2000, '脱贫年度有误').max(2100, '脱贫年度有误').nullable(),
  document: z.string().trim().min(1, '请填写县级决定的文件编号').max(L.label, `文件编号不能超过 ${L.label} 个字符`),
  reason: z.string().trim().min(1, '请填写县级决定的原因').max(L.reason, `原因不能超过 ${L.reason} 个字符`),
});
export type ExitDecisionRequest = z.input<typeof ExitDecisionRequest>;

export const NoticeListResponse = z.object({
  title: text(L.shown),
  countyName: text(L.shown),
  townshipName: text(L.shown),
  villageName: text(L.shown),
  start: text(L.date).nullable(),
  end: text(L.date).nullable(),
  days: z.number().int(),
  objectionPhone: text(L.shown).nullable(),
  rows: z.array(
    z.object({
      no: z.number().int(),
      headName: text(L.shown),
      group: text(L.shown),
      size: z.number().int(),
      classLabel: text(L.shown),
      attributeLabel: text(L.shown),
    }),
  ),
  footer: z.array(text(L.shown)),
  signature: text(L.shown),
});
export type NoticeListResponse = z.infer<typeof NoticeListResponse>;
// ---- audit endpoints (owned by the audit helper): change-log verification, county admin only
// =============================================================================================

export const AuditVerifyRequest = z.object({
  /** A head hash written into an earlier report: it must still be in the chain. */
  expectHead: z.string().trim().max(64, '链头哈希应为 64 位十六进制字符').regex(HEAD_HASH_PATTERN, '链头哈希应为 64 位十六进制字符').optional(),
  /** Leave a checkpoint at the head when intact (default true). */
  checkpoint: z.boolean().default(true),
});
export type AuditVerifyRequest = z.input<typeof AuditVerifyRequest>;

export const AuditBreak = z.object({
  kind: z.enum(BREAK_KINDS),
  seq: z.number().int(),
  at: text(L.date).nullable(),
  actorName: text(L.shown).nullable(),
  entity: text(L.shown).nullable(),
  entityId: text(L.id).nullable(),
  message: text(L.shown).describe('给用户看的中文说明'),
});
export type AuditBreak = z.infer<typeof AuditBreak>;

export const AuditCheckpoint = z.object({
  seq: z.number().int(),
  hash: text(L.shown),
  rowCount: z.number().int(),
  at: text(L.date),
  actorName: text(L.shown),
});
export type AuditCheckpoint = z.infer<typeof AuditCheckpoint>;

export const AuditReport = z.object({
  intact: z.boolean(),
  rows: z.number().int(),
  head: z.object({ seq: z.number().int(), hash: text(L.shown).nullable(), at: text(L.date) }).nullable(),
  breaks: z.array(AuditBreak),
  breakCount: z.number().int(),
  checkpoints: z.array(AuditCheckpoint.extend({ status: z.enum(['ok', 'changed', 'missing']) })),
  recorded: AuditCheckpoint.nullable(),
  expectedHead: z.object({ hash: text(L.shown), seq: z.number().int().nullable() }).nullable(),
  verifiedAt: text(L.date),
});
export type AuditReport = z.infer<typeof AuditReport>;

/** What the 审计 page shows before a verification is run. */
export const AuditOverview = z.object({ checkpoints: z.array(AuditCheckpoint) });
export type AuditOverview = z.infer<typeof AuditOverview>;

// 公示监督电话: the county default (townshipCode null) and the townships in scope.
export const ObjectionPhonesResponse = z.object({
  phones: z.array(z.object({ townshipCode: text(L.shown).nullable(), name: text(L.shown), phone: text(L.shown).nullable(), canEdit: z.boolean() })),
});
export type ObjectionPhonesResponse = z.infer<typeof ObjectionPhonesResponse>;
export const ObjectionPhoneRequest = z.object({
  townshipCode: z.string().min(1).max(L.code, `乡镇代码不能超过 ${L.code} 个字符`).nullable(),
  phone: z.string().max(40, '监督电话不能超过 40 个字符'),
});
export type ObjectionPhoneRequest = z.input<typeof ObjectionPhoneRequest>;
