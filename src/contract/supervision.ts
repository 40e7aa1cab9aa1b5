// The supervision endpoints (联乡包村, 督查走访, 问题与问责, 周调度, 推演; docs/supervision.md), shared
// with the web like api.ts. Request strings all carry a maximum length.
import { z } from 'zod';
import { isoDate } from '../domain/types.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullable().optional();
const code = z.string().trim().min(1).max(40);
const regionCode = z.string().trim().min(1).max(20);
const householdId = z.string().trim().min(1).max(40);
const name = z.string().trim().min(1).max(50);
export const weekParam = z.string().regex(/^\d{4}-W\d{2}$/, '周次格式应为 YYYY-Www，例如 2018-W41');

export const IdParams = z.object({ id: code });
export const UserIdParams = z.object({ id: z.string().trim().min(1).max(80) });
export const FindingParams = z.object({ id: z.string().trim().min(1).max(80), findingId: z.string().trim().min(1).max(90) });
export const VisitIdParams = z.object({ id: z.string().trim().min(1).max(80) });
export const PhotoParams = z.object({ id: z.string().trim().min(1).max(80), photoId: z.string().trim().min(1).max(80) });
export const WeekParams = z.object({ week: weekParam });

// ---------------------------------------------------------------- leaders

export const LeaderAreasRequest = z.object({ areas: z.array(regionCode).max(200), reason: optText(200) });
const Area = z.object({ code: z.string(), name: z.string(), level: z.string() });
export const LeaderView = z.object({ id: z.string(), username: z.string(), name: z.string(), areas: z.array(Area) });
export const LeadersResponse = z.object({ leaders: z.array(LeaderView), canAssign: z.boolean() });
export type LeadersResponse = z.infer<typeof LeadersResponse>;
export type LeaderView = z.infer<typeof LeaderView>;

// ---------------------------------------------------------------- visits

export const FindingInput = z.object({ villageCode: regionCode, householdId: householdId.nullable().optional(), text: text(500) });
export const VisitRequest = z.object({
  date: isoDate,
  villages: z.array(regionCode).min(1).max(50),
  households: z.array(householdId).max(500).default([]),
  checked: text(500),
  findings: z.array(FindingInput).max(50).default([]),
});
export type VisitRequest = z.input<typeof VisitRequest>;

const Finding = z.object({ id: z.string(), villageCode: z.string(), householdId: z.string().nullable(), text: z.string(), problemId: z.string().nullable() });
const Photo = z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number(), sha256: z.string() });
export const VisitView = z.object({
  id: z.string(),
  visitorId: z.string(),
  visitorName: z.string(),
  visitorRole: z.string(),
  date: z.string(),
  week: z.string(),
  checked: z.string(),
  villages: z.array(z.object({ code: z.string(), name: z.string() })),
  households: z.array(z.object({ id: z.string(), headName: z.string().nullable() })),
  findings: z.array(Finding),
  photos: z.array(Photo),
});
export type VisitView = z.infer<typeof VisitView>;
export const VisitListQuery = z.object({ visitor: z.string().trim().min(1).max(80).optional(), week: weekParam.optional() });
export const VisitsResponse = z.object({ items: z.array(VisitView), canRecord: z.boolean(), canRaise: z.boolean() });
export type VisitsResponse = z.infer<typeof VisitsResponse>;

export const ComplianceQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });
const WeekRow = z.object({ week: z.string(), visits: z.number(), met: z.boolean(), current: z.boolean() });
export const ComplianceResponse = z.object({
  minPerWeek: z.number(),
  weeks: z.array(z.string()),
  leaders: z.array(z.object({ id: z.string(), name: z.string(), areas: z.array(z.string()), rows: z.array(WeekRow), missed: z.array(z.string()) })),
});
export type ComplianceResponse = z.infer<typeof ComplianceResponse>;

// ---------------------------------------------------------------- problems

const unitKind = z.enum(['township', 'village', 'department']);
export const ProblemRequest = z.object({
  source: code,
  sourceRef: optText(100),
  category: code,
  severity: code,
  unitKind,
  /** A township or village code, or a department's sector (教育, 住建 ...). */
  unitCode: code,
  householdId: householdId.nullable().optional(),
  people: z.array(name).max(20).default([]),
  description: text(1000),
  foundOn: isoDate,
  deadline: isoDate.nullable().optional(),
});
export type ProblemRequest = z.input<typeof ProblemRequest>;

/** A finding of a visit made a problem: the visit gives source, unit (its village), date and text. */
export const FindingProblemRequest = z.object({
  category: code,
  severity: code,
  /** Default: the finding's village; 'township' raises it against the village's township. */
  unitKind: z.enum(['township', 'village']).optional(),
  people: z.array(name).max(20).default([]),
  deadline: isoDate.nullable().optional(),
});
export type FindingProblemRequest = z.input<typeof FindingProblemRequest>;

export const RectifyRequest = z.object({ date: isoDate, text: text(1000) });
export const VerifyRequest = z.object({ date: isoDate, text: text(1000), accepted: z.boolean() });
export const DecisionRequest = z.object({
  person: name,
  group: z.enum(['organisational', 'disciplinary']),
  kind: code,
  decidedOn: isoDate,
  document: text(100),
  note: optText(500),
});
export type DecisionRequest = z.input<typeof DecisionRequest>;

const Decision = z.object({
  id: z.string(),
  problemId: z.string(),
  person: z.string(),
  group: z.enum(['organisational', 'disciplinary']),
  kind: z.string(),
  kindLabel: z.string(),
  decidedOn: z.string(),
  document: z.string(),
  note: z.string().nullable(),
});
const Action = z.object({ id: z.string(), kind: z.enum(['rectify', 'verify', 'return']), date: z.string(), text: z.string(), actorName: z.string() });
export const ProblemView = z.object({
  id: z.string(),
  source: z.string(),
  sourceLabel: z.string(),
  sourceRef: z.string().nullable(),
  category: z.string(),
  categoryLabel: z.string(),
  severity: z.string(),
  severityLabel: z.string(),
  major: z.boolean(),
  unitKind: unitKind,
  unitCode: z.string(),
  unitName: z.string(),
  townshipName: z.string().nullable(),
  householdId: z.string().nullable(),
  people: z.array(z.string()),
  description: z.string(),
  foundOn: z.string(),
  deadline: z.string(),
  recordedByName: z.string(),
  state: z.enum(['open', 'overdue', 'rectified', 'verified']),
  stateLabel: z.string(),
  rectifiedOn: z.string().nullable(),
  rectification: z.string().nullable(),
  rectifiedByName: z.string().nullable(),
  verifiedOn: z.string().nullable(),
  verification: z.string().nullable(),
  verifiedByName: z.string().nullable(),
  decisions: z.array(Decision),
  actions: z.array(Action),
  /** The unit or a person of it has reached the repeated-major-failure threshold. */
  flagged: z.boolean(),
  canRectify: z.boolean(),
});
export type ProblemView = z.infer<typeof ProblemView>;

const Kinds = z.record(z.string(), z.string());
export const SupervisionKinds = z.object({
  sources: Kinds,
  categories: Kinds,
  severities: z.array(z.object({ code: z.string(), label: z.string(), major: z.boolean() })),
  organisational: Kinds,
  disciplinary: Kinds,
  rectificationDays: z.number(),
  repeatedFailure: z.object({ count: z.number(), windowDays: z.number() }),
});
export type SupervisionKinds = z.infer<typeof SupervisionKinds>;

export const Flag = z.object({ kind: z.enum(['unit', 'person']), key: z.string(), name: z.string(), unitName: z.string(), problemIds: z.array(z.string()) });
export type Flag = z.infer<typeof Flag>;
export const ProblemListQuery = z.object({ source: code.optional(), township: regionCode.optional() });
export const ProblemsResponse = z.object({
  today: z.string(),
  items: z.array(ProblemView),
  flags: z.array(Flag),
  kinds: SupervisionKinds,
  canRecord: z.boolean(),
  canVerify: z.boolean(),
  canDecide: z.boolean(),
});
export type ProblemsResponse = z.infer<typeof ProblemsResponse>;

// ---------------------------------------------------------------- weekly dispatch

const Figures = z.object({
  householdsVerified: z.number(),
  incomeForms: z.number(),
  tasksOpened: z.number(),
  tasksDone: z.number(),
  tasksVerified: z.number(),
  tasksLate: z.number(),
  visits: z.number(),
  movesBtoA: z.number(),
  requestsWaiting: z.number(),
});
const SectorFigures = z.object({ sector: z.string(), opened: z.number(), done: z.number(), verified: z.number(), late: z.number() });
export const WeeklyTownship = z.object({
  code: z.string(),
  name: z.string(),
  figures: Figures,
  change: Figures.nullable(),
  rank: z.number(),
  score: z.number(),
  sectors: z.array(SectorFigures),
});
export const WeeklyResponse = z.object({
  week: z.string(),
  start: z.string(),
  end: z.string(),
  /** Written once when the week closed; an open week is computed as it stands. */
  snapshot: z.boolean(),
  createdAt: z.string().nullable(),
  countyName: z.string(),
  townships: z.array(WeeklyTownship),
  /** County totals: for county-wide roles only. */
  county: z.object({ figures: Figures, change: Figures.nullable(), sectors: z.array(SectorFigures) }).nullable(),
  analysis: z.string().nullable(),
  meeting: z.string().nullable(),
  /** Filled once the cross-check and spot-check features report here (docs/supervision.md). */
  pointsToVerify: z.null(),
  spotChecks: z.null(),
  stored: z.array(z.string()),
  canNotes: z.boolean(),
});
export type WeeklyResponse = z.infer<typeof WeeklyResponse>;
export const WeeklyQuery = z.object({ week: weekParam.optional() });
export const WeeklyNotesRequest = z.object({ analysis: optText(5000), meeting: optText(5000) });

// ---------------------------------------------------------------- what-if

export const WhatIfRequest = z.object({
  township: regionCode.optional(),
  sector: z.string().trim().min(1).max(20).optional(),
  /** All open tasks due in the month of today. */
  dueThisMonth: z.boolean().optional(),
});
export type WhatIfRequest = z.infer<typeof WhatIfRequest>;
const Criterion = z.object({ key: z.string(), label: z.string(), met: z.boolean().nullable(), value: z.number().nullable(), threshold: z.number() });
const CountySide = z.object({ ready: z.boolean().nullable(), incidenceAfter: z.number().nullable(), criteria: z.array(Criterion) });
export const WhatIfResponse = z.object({
  tasks: z.number(),
  households: z.array(z.object({ id: z.string(), villageName: z.string(), from: z.string(), to: z.string(), fromLabel: z.string(), toLabel: z.string() })),
  becomeReady: z.number(),
  villages: z.array(z.object({ code: z.string(), name: z.string(), before: z.boolean(), after: z.boolean() })),
  county: z.object({ before: CountySide, after: CountySide }).nullable(),
});
export type WhatIfResponse = z.infer<typeof WhatIfResponse>;

export const RulebookPreviewQuery = z.object({ id: z.string().trim().min(1).max(60) });
export const RulebookPreviewResponse = z.object({
  from: z.string(),
  to: z.string(),
  households: z.number(),
  changed: z.number(),
  movements: z.array(z.object({ from: z.string(), to: z.string(), fromLabel: z.string(), toLabel: z.string(), households: z.number() })),
});
export type RulebookPreviewResponse = z.infer<typeof RulebookPreviewResponse>;
