// The cross-check endpoints (名单比对, 疑点核实; docs/cross-check.md), shared with the web like
// api.ts. List kinds, point kinds and findings are the active rulebook's `crossCheck` section
// (GET /api/checks/kinds gives codes and labels), so the contract checks their form and the
// service checks the code against the rulebook.
//
// Endpoints:
//   GET  /api/checks/kinds                          CheckKindsResponse
//   POST /api/checks/lists                          multipart: file + fields kind, source, asOf -> 201 CheckUploadResponse, 422 (refused) CheckUploadResponse
//   GET  /api/checks/runs                           CheckRunListQuery -> CheckRunListResponse
//   GET  /api/checks/runs/:id                       CheckRunDetailResponse
//   GET  /api/checks/runs/:id/rows                  CheckRowListQuery -> CheckRowListResponse
//   GET  /api/checks/reviews                        ReviewListQuery -> ReviewListResponse (possible matches)
//   GET  /api/checks/runs/:id/rows/:row/review      ReviewItem
//   POST /api/checks/runs/:id/rows/:row/review      ReviewRequest -> ReviewResponse
//   GET  /api/checks/points                         PointListQuery -> PointListResponse
//   GET  /api/checks/points/summary                 PointSummaryQuery -> PointSummaryResponse (dashboard card, household page)
//   GET  /api/checks/points/:id                     PointDetailResponse
//   POST /api/checks/points/:id/evidence            multipart: file (JPG/PNG/PDF) -> EvidenceView
//   GET  /api/checks/points/:id/evidence/:evidenceId   the file
//   POST /api/checks/points/:id/finding             FindingRequest -> PointStepResponse
//   POST /api/checks/points/:id/verify              VerifyRequest -> PointStepResponse
//   POST /api/checks/points/:id/close               CloseRequest -> PointStepResponse
//   POST /api/checks/points/assign                  AssignPointsRequest -> AssignPointsResponse
//   GET  /api/checks/points.xlsx                    PointExportQuery -> 疑点台账
//   GET  /api/checks/national-corrections.xlsx      国办系统更正表
import { z } from 'zod';
import { isoDate } from '../domain/types.js';
import { TEXT_LIMITS as L, text } from '../domain/textLimits.js';

/** Query-string values: an empty parameter (`?kind=`) counts as not given. */
const optionalQuery = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const csv = <T extends z.ZodType>(item: T) => z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter((x) => x !== '') : v), z.array(item).max(20));
const optText = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字符`).nullable().optional();
const RegionCode = z.string().trim().min(1).max(L.code);
const Page = z.coerce.number().int('页码应为整数').min(1, '页码从 1 开始').max(100_000);
const PageSize = z.coerce.number().int('每页条数应为整数').min(1, '每页至少 1 条').max(500, '每页最多 500 条');

/** A list kind code (school-roll, medical-insurance, national-export ...). */
export const ListKindCode = z
  .string({ error: '请选择名单类别' })
  .trim()
  .max(40, '未知的名单类别')
  .regex(/^[a-z][a-z0-9-]{0,39}$/u, '未知的名单类别');
/** A point kind code (dropout, uninsured, deceased ...). */
export const PointKindCode = z
  .string()
  .trim()
  .max(40, '未知的疑点类别')
  .regex(/^[a-z][a-z0-9-]{0,39}$/u, '未知的疑点类别');

export const POINT_STATUSES = ['open', 'checked', 'closed'] as const;
export const PointStatus = z.enum(POINT_STATUSES, { error: '疑点状态应为 open（待核实）、checked（已核实待审核）或 closed（已销号）' });
export type PointStatus = z.infer<typeof PointStatus>;

/** 属实 / 不属实 / 已整改, and the one the system writes when a newer list agrees (新名单已一致). */
export const FINDINGS = ['confirmed', 'unfounded', 'rectified', 'list-agrees'] as const;
export const Finding = z.enum(FINDINGS);
export type Finding = z.infer<typeof Finding>;
/** What a person may record on site. */
export const SiteFinding = z.enum(['confirmed', 'unfounded', 'rectified'], {
  error: '核实结果应为 属实（confirmed）、不属实（unfounded）或 已整改（rectified）',
});

export const LINK_OUTCOMES = ['match', 'possible', 'none'] as const;
export const LinkOutcome = z.enum(LINK_OUTCOMES, { error: '比对结果应为 match、possible 或 none' });
/** A possible match's review: waiting, confirmed to a member, or rejected (no member). */
export const ReviewStatus = z.enum(['pending', 'confirmed', 'rejected'], { error: '确认状态应为 pending、confirmed 或 rejected' });
export type ReviewStatus = z.infer<typeof ReviewStatus>;

const Actor = z.object({ id: text(L.id), name: text(L.shown) });

// =============================================================================================
// ---- kinds (the rulebook's crossCheck section, as the signed-in user may use it)
// =============================================================================================

export const CheckKindsResponse = z.object({
  listKinds: z.array(
    z.object({
      code: text(L.code + 10),
      label: text(L.shown),
      /** Sector departments that send (and may upload) this kind; the county office uploads every kind. */
      sectors: z.array(text(L.shown)),
      /** The usual source unit, the upload form's default. */
      defaultSource: text(L.shown),
      canUpload: z.boolean(),
    }),
  ),
  pointKinds: z.array(z.object({ code: text(L.code + 10), label: text(L.shown), listKinds: z.array(text(L.code + 10)) })),
  findings: z.array(z.object({ code: Finding, label: text(L.shown) })),
  statuses: z.array(z.object({ code: PointStatus, label: text(L.shown) })),
});
export type CheckKindsResponse = z.infer<typeof CheckKindsResponse>;

// =============================================================================================
// ---- lists and runs
// =============================================================================================

/** The multipart fields beside `file`. */
export const CheckUploadFields = z.object({
  kind: ListKindCode,
  source: z.string().trim().min(1, '请填写名单来源单位').max(L.label, `来源单位不能超过 ${L.label} 个字符`).optional(),
  asOf: isoDate.optional(),
});
export type CheckUploadFields = z.input<typeof CheckUploadFields>;

export const CheckRunCounts = z.object({
  rows: z.number().int(),
  matched: z.number().int(),
  possible: z.number().int(),
  unmatched: z.number().int(),
  pointsOpened: z.number().int(),
  /** Points of the earlier version that no longer hold (closed with 新名单已一致). */
  pointsClosed: z.number().int(),
  /** Still-open points found again: kept, not duplicated. */
  pointsKept: z.number().int(),
  ms: z.number().int(),
});

export const CheckRunView = CheckRunCounts.extend({
  id: z.number().int(),
  listId: z.number().int(),
  kind: text(L.code + 10),
  kindLabel: text(L.shown),
  source: text(L.shown),
  asOf: text(L.date),
  /** 1 for the first list of this kind and source, then 2, 3 ... */
  version: z.number().int(),
  fileName: text(L.shown),
  sha256: text(L.shown),
  uploadedBy: Actor,
  uploadedAt: text(L.date),
  /** A newer version of the same kind and source has been run since. */
  superseded: z.boolean(),
});
export type CheckRunView = z.infer<typeof CheckRunView>;

export const ListIssueView = z.object({
  severity: z.enum(['error', 'warning']),
  sheet: text(L.shown),
  row: z.number().int().nullable(),
  column: text(L.shown).nullable(),
  header: text(L.shown).nullable(),
  value: text(L.shown).nullable(),
  message: text(L.shown),
  code: text(L.shown),
});

/** 201: the run; 422: the list was refused and nothing was stored. */
export const CheckUploadResponse = z.object({
  run: CheckRunView.nullable(),
  rejection: z
    .object({
      message: text(L.shown),
      /** The first 200 issues, errors first. */
      issues: z.array(ListIssueView),
      issueCount: z.number().int(),
      errorCount: z.number().int(),
    })
    .nullable(),
  /** Warnings of an accepted list (invalid ID numbers the linkage worked around ...), first 200. */
  warnings: z.array(ListIssueView),
});
export type CheckUploadResponse = z.infer<typeof CheckUploadResponse>;

export const CheckRunListQuery = z.object({
  kind: optionalQuery(ListKindCode),
  source: optionalQuery(z.string().trim().max(L.label)),
  page: optionalQuery(Page),
  pageSize: optionalQuery(PageSize),
});
export type CheckRunListQuery = z.input<typeof CheckRunListQuery>;

export const CheckRunListResponse = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(CheckRunView) });
export type CheckRunListResponse = z.infer<typeof CheckRunListResponse>;

export const CheckRunParams = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31),
});
export const CheckRowParams = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31),
  row: z.coerce.number().int().min(1).max(10_000_000),
});

const PointTally = z.object({ open: z.number().int(), checked: z.number().int(), closed: z.number().int(), total: z.number().int() });

export const CheckRunDetailResponse = z.object({
  run: CheckRunView,
  /** Rows by outcome; possible ones split by their review. */
  byOutcome: z.object({
    match: z.number().int(),
    possible: z.number().int(),
    none: z.number().int(),
    possiblePending: z.number().int(),
    possibleConfirmed: z.number().int(),
    possibleRejected: z.number().int(),
    byId: z.number().int(),
    byScore: z.number().int(),
  }),
  /** Points this run opened or found again, in the viewer's scope. */
  pointsByKind: z.array(PointTally.extend({ kind: text(L.code + 10), label: text(L.shown) })),
  pointsByTownship: z.array(PointTally.extend({ townshipCode: text(L.shown).nullable(), townshipName: text(L.shown) })),
  canReview: z.boolean(),
});
export type CheckRunDetailResponse = z.infer<typeof CheckRunDetailResponse>;

export const CheckRowListQuery = z.object({
  outcome: optionalQuery(LinkOutcome),
  review: optionalQuery(ReviewStatus),
  page: optionalQuery(Page),
  pageSize: optionalQuery(PageSize),
});
export type CheckRowListQuery = z.input<typeof CheckRowListQuery>;

export const CheckRowView = z.object({
  runId: z.number().int(),
  /** 1-based sheet row. */
  row: z.number().int(),
  outcome: LinkOutcome,
  method: z.enum(['id', 'probabilistic']).nullable(),
  householdId: text(L.key).nullable(),
  memberId: text(L.key).nullable(),
  score: z.number().nullable(),
  /** One Chinese line: which fields agreed, how, and the score. */
  explanation: text(L.shown),
  /** Possible matches only; null otherwise. */
  review: ReviewStatus.nullable(),
  /** Name as the list gives it (masked as the viewer must see it). */
  listName: text(L.shown).nullable(),
});
export type CheckRowView = z.infer<typeof CheckRowView>;

export const CheckRowListResponse = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(CheckRowView) });
export type CheckRowListResponse = z.infer<typeof CheckRowListResponse>;

// =============================================================================================
// ---- possible matches: side-by-side review
// =============================================================================================

/** One side of the review screen: the list row or the registry member, in the same fields. */
export const PersonSide = z.object({
  name: text(L.shown).nullable(),
  /** Masked as the viewer must see it. */
  idNumber: text(L.shown).nullable(),
  sex: text(L.shown).nullable(),
  birthDate: text(L.date).nullable(),
  villageCode: text(L.shown).nullable(),
  villageName: text(L.shown).nullable(),
  townshipName: text(L.shown).nullable(),
  relation: text(L.shown).nullable(),
  /** The list's other columns (学校, 参保状态 ...) or the member's matching facts, label and value. */
  extra: z.array(z.object({ label: text(L.shown), value: text(L.shown) })),
});
export type PersonSide = z.infer<typeof PersonSide>;

export const FieldAgreement = z.object({
  field: z.enum(['idNumber', 'name', 'birthDate', 'sex', 'place', 'relation']),
  fieldLabel: text(L.shown),
  level: text(L.shown),
  /** 同音字, 月日颠倒, 一致 ... */
  levelLabel: text(L.shown),
  weight: z.number(),
  /** The level counts for the match (weight above zero). */
  agrees: z.boolean(),
});
export type FieldAgreement = z.infer<typeof FieldAgreement>;

export const ReviewCandidate = PersonSide.extend({
  memberId: text(L.key),
  householdId: text(L.key),
  headName: text(L.shown).nullable(),
  score: z.number(),
  comparisons: z.array(FieldAgreement),
  surnameAdjustment: z.object({ surname: text(L.shown), frequency: z.number(), weight: z.number() }).nullable(),
  summary: text(L.shown),
});
export type ReviewCandidate = z.infer<typeof ReviewCandidate>;

export const ReviewItem = z.object({
  runId: z.number().int(),
  row: z.number().int(),
  kind: text(L.code + 10),
  kindLabel: text(L.shown),
  source: text(L.shown),
  list: PersonSide,
  /** The best candidate first, then the runner-up when there was one. */
  candidates: z.array(ReviewCandidate),
  review: ReviewStatus,
  reviewedBy: Actor.nullable(),
  reviewedAt: text(L.date).nullable(),
  /** The member a confirmation chose (may be the runner-up). */
  confirmedMemberId: text(L.key).nullable(),
  canReview: z.boolean(),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const ReviewListQuery = z.object({
  runId: optionalQuery(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(2 ** 31),
  ),
  review: optionalQuery(ReviewStatus),
  page: optionalQuery(Page),
  pageSize: optionalQuery(PageSize),
});
export type ReviewListQuery = z.input<typeof ReviewListQuery>;

export const ReviewListResponse = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(ReviewItem) });
export type ReviewListResponse = z.infer<typeof ReviewListResponse>;

export const ReviewRequest = z.object({
  decision: z.enum(['confirm', 'reject'], { error: '请选择 确认是同一人（confirm）或 不是同一人（reject）' }),
  /** Confirming: which candidate (default the best). */
  memberId: z.string().trim().min(1).max(L.key).optional(),
  note: optText(L.reason, '说明'),
});
export type ReviewRequest = z.input<typeof ReviewRequest>;

export const ReviewResponse = z.object({
  item: ReviewItem,
  /** Points the decision opened (a confirmed row's mismatches) or closed. */
  pointsOpened: z.number().int(),
  pointsClosed: z.number().int(),
});
export type ReviewResponse = z.infer<typeof ReviewResponse>;

// =============================================================================================
// ---- points to verify (疑点)
// =============================================================================================

export const POINT_SORT_KEYS = ['openedAt', 'kind', 'village', 'status'] as const;

export const PointListQuery = z.object({
  kind: optionalQuery(csv(PointKindCode)),
  /** List kind the point came from. */
  listKind: optionalQuery(ListKindCode),
  /** Source unit of the list (县教育局 ...). */
  source: optionalQuery(z.string().trim().max(L.label)),
  runId: optionalQuery(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(2 ** 31),
  ),
  township: optionalQuery(RegionCode),
  village: optionalQuery(RegionCode),
  household: optionalQuery(z.string().trim().min(1).max(L.key)),
  status: optionalQuery(csv(PointStatus)),
  /** Open for at least / at most this many days. */
  minAgeDays: optionalQuery(z.coerce.number().int().min(0).max(100_000)),
  maxAgeDays: optionalQuery(z.coerce.number().int().min(0).max(100_000)),
  assignee: optionalQuery(z.string().trim().max(L.name)),
  sort: optionalQuery(z.enum(POINT_SORT_KEYS, { error: `排序应为 ${POINT_SORT_KEYS.join('、')} 之一` })),
  order: optionalQuery(z.enum(['asc', 'desc'], { error: '顺序应为 asc 或 desc' })),
  page: optionalQuery(Page),
  pageSize: optionalQuery(PageSize),
});
export type PointListQuery = z.input<typeof PointListQuery>;

/** The 疑点台账 export takes the list's filters, without paging. */
export const PointExportQuery = PointListQuery.omit({ page: true, pageSize: true, sort: true, order: true });
export type PointExportQuery = z.input<typeof PointExportQuery>;

export const POINT_STEPS = ['finding', 'verify', 'return', 'close', 'assign', 'evidence'] as const;
export const PointStep = z.enum(POINT_STEPS);

export const PointView = z.object({
  id: z.number().int(),
  kind: text(L.code + 10),
  kindLabel: text(L.shown),
  status: PointStatus,
  statusLabel: text(L.shown),
  runId: z.number().int(),
  listKind: text(L.code + 10),
  listKindLabel: text(L.shown),
  source: text(L.shown),
  asOf: text(L.date),
  /** The list row (1-based sheet row); null for points of the registry side (名单无而花名册有). */
  row: z.number().int().nullable(),
  householdId: text(L.key).nullable(),
  memberId: text(L.key).nullable(),
  memberName: text(L.shown).nullable(),
  headName: text(L.shown).nullable(),
  villageCode: text(L.shown).nullable(),
  villageName: text(L.shown).nullable(),
  townshipCode: text(L.shown).nullable(),
  townshipName: text(L.shown).nullable(),
  field: text(L.shown).nullable(),
  fieldLabel: text(L.shown).nullable(),
  ours: text(L.shown).nullable(),
  theirs: text(L.shown).nullable(),
  /** The rule that made it (code) and its Chinese sentence. */
  rule: text(L.shown),
  ruleText: text(L.shown),
  openedAt: text(L.date),
  ageDays: z.number().int(),
  assignee: text(L.shown).nullable(),
  dueDate: text(L.date).nullable(),
  finding: Finding.nullable(),
  findingLabel: text(L.shown).nullable(),
  note: text(L.shown).nullable(),
  evidence: z.number().int(),
  checkedBy: Actor.nullable(),
  checkedAt: text(L.date).nullable(),
  verifiedBy: Actor.nullable(),
  verifiedAt: text(L.date).nullable(),
  closedAt: text(L.date).nullable(),
  /** What the finding led to: a change request or a remediation task. */
  correction: z.object({ kind: z.enum(['change-request', 'task']), id: text(L.id), status: text(L.shown), text: text(L.shown) }).nullable(),
  /** Steps the signed-in user may take now. */
  steps: z.array(PointStep),
});
export type PointView = z.infer<typeof PointView>;

export const PointListResponse = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  today: text(L.date),
  items: z.array(PointView),
});
export type PointListResponse = z.infer<typeof PointListResponse>;

export const PointParams = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31),
});
export const EvidenceParams = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31),
  evidenceId: z.string().trim().min(1).max(L.id),
});

export const EvidenceView = z.object({
  id: text(L.id),
  pointId: z.number().int(),
  fileName: text(L.shown),
  contentType: text(L.shown),
  size: z.number().int(),
  sha256: text(L.shown),
  uploadedBy: Actor,
  uploadedAt: text(L.date),
});
export type EvidenceView = z.infer<typeof EvidenceView>;

export const PointHistoryEntry = z.object({
  at: text(L.date),
  actor: text(L.shown),
  /** opened, kept, assigned, finding, verified, returned, closed, evidence ... */
  action: text(L.code),
  text: text(L.shown),
});

export const PointDetailResponse = PointView.extend({
  evidenceFiles: z.array(EvidenceView),
  history: z.array(PointHistoryEntry),
  /** The list row as the list gave it (label and value), masked as the viewer must see it. */
  listRecord: z.array(z.object({ label: text(L.shown), value: text(L.shown) })),
  /** How the row was matched to the member. */
  linkExplanation: text(L.shown).nullable(),
});
export type PointDetailResponse = z.infer<typeof PointDetailResponse>;

export const FindingRequest = z.object({
  finding: SiteFinding,
  note: z.string().trim().min(1, '请填写核实情况').max(L.note, `核实情况不能超过 ${L.note} 个字符`),
  /** The day of the visit (default today). */
  date: isoDate.optional(),
  /** Evidence uploaded before (POST …/evidence). */
  evidenceIds: z.array(z.string().trim().min(1).max(L.id)).max(20, '一次最多 20 份佐证材料').default([]),
  /** A 属实 finding of a field point: the value the record should have (default the list's). */
  correctValue: optText(L.label, '更正后的值'),
});
export type FindingRequest = z.input<typeof FindingRequest>;

export const VerifyRequest = z.object({
  /** True closes the point (and starts its correction); false returns it to open with the note. */
  approve: z.boolean({ error: '请选择 审核通过 或 退回' }),
  note: optText(L.note, '审核意见'),
});
export type VerifyRequest = z.input<typeof VerifyRequest>;

export const CloseRequest = z.object({ note: optText(L.note, '销号说明') });
export type CloseRequest = z.input<typeof CloseRequest>;

export const PointStepResponse = z.object({
  point: PointView,
  /** Set when a 属实 finding was verified and led to a correction. */
  correction: z.object({ kind: z.enum(['change-request', 'task']), id: text(L.id), status: text(L.shown), text: text(L.shown) }).nullable(),
  classBefore: text(L.shown).nullable(),
  classAfter: text(L.shown).nullable(),
});
export type PointStepResponse = z.infer<typeof PointStepResponse>;

export const AssignPointsRequest = z.object({
  ids: z.array(z.number().int().min(1)).min(1, '请先选择要分派的疑点').max(2000, '一次最多分派 2000 条疑点'),
  assignee: z.string().trim().min(1, '请填写核实责任人').max(L.name, `责任人不能超过 ${L.name} 个字符`),
  dueDate: isoDate.nullable().optional(),
});
export type AssignPointsRequest = z.input<typeof AssignPointsRequest>;
export const AssignPointsResponse = z.object({ assigned: z.number().int() });

export const PointSummaryQuery = z.object({ household: optionalQuery(z.string().trim().min(1).max(L.key)) });

/** The dashboard card (and a household page's count): points in the viewer's scope. */
export const PointSummaryResponse = z.object({
  open: z.number().int(),
  checked: z.number().int(),
  closed: z.number().int(),
  /** Open longer than the rulebook's crossCheck.dueDays. */
  overdue: z.number().int(),
  byKind: z.array(PointTally.extend({ kind: text(L.code + 10), label: text(L.shown) })),
  byTownship: z.array(PointTally.extend({ townshipCode: text(L.shown).nullable(), townshipName: text(L.shown) })),
  lastRuns: z.array(CheckRunView),
});
export type PointSummaryResponse = z.infer<typeof PointSummaryResponse>;
