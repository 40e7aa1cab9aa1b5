// The supervision endpoints (联乡包村, 督查走访, 问题与问责, 周调度, 推演; docs/supervision.md), shared
// with the web like api.ts. Every string carries a maximum length (src/contract/limits.test.ts).
import { z } from 'zod';
import { isoDate } from '../domain/types.js';

/** Text the server answers with: bounded by what the requests accept (notes up to 5000). */
const shown = z.string().max(5000);
const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullable().optional();
const code = z.string().trim().min(1).max(40);
const regionCode = z.string().trim().min(1).max(20);
const householdId = z.string().trim().min(1).max(40);
const name = z.string().trim().min(1).max(50);
export const weekParam = z
  .string()
  .max(10)
  .regex(/^\d{4}-W\d{2}$/, '周次格式应为 YYYY-Www，例如 2018-W41');

export const IdParams = z.object({ id: code });
export const UserIdParams = z.object({ id: z.string().trim().min(1).max(80) });
export const FindingParams = z.object({ id: z.string().trim().min(1).max(80), findingId: z.string().trim().min(1).max(90) });
export const VisitIdParams = z.object({ id: z.string().trim().min(1).max(80) });
export const PhotoParams = z.object({ id: z.string().trim().min(1).max(80), photoId: z.string().trim().min(1).max(80) });
export const WeekParams = z.object({ week: weekParam });

// ---------------------------------------------------------------- leaders

export const LeaderAreasRequest = z.object({ areas: z.array(regionCode).max(200), reason: optText(200) });
const Area = z.object({ code: shown, name: shown, level: shown });
export const LeaderView = z.object({ id: shown, username: shown, name: shown, areas: z.array(Area) });
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

const Finding = z.object({ id: shown, villageCode: shown, householdId: shown.nullable(), text: shown, problemId: shown.nullable() });
const Photo = z.object({ id: shown, fileName: shown, contentType: shown, size: z.number(), sha256: shown });
export const VisitView = z.object({
  id: shown,
  visitorId: shown,
  visitorName: shown,
  visitorRole: shown,
  date: shown,
  week: shown,
  checked: shown,
  villages: z.array(z.object({ code: shown, name: shown })),
  households: z.array(z.object({ id: shown, headName: shown.nullable() })),
  findings: z.array(Finding),
  photos: z.array(Photo),
});
export type VisitView = z.infer<typeof VisitView>;
export const VisitListQuery = z.object({ visitor: z.string().trim().min(1).max(80).optional(), week: weekParam.optional() });
export const VisitsResponse = z.object({ items: z.array(VisitView), canRecord: z.boolean(), canRaise: z.boolean() });
export type VisitsResponse = z.infer<typeof VisitsResponse>;

export const ComplianceQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });
const WeekRow = z.object({ week: shown, visits: z.number(), met: z.boolean(), current: z.boolean() });
export const ComplianceResponse = z.object({
  minPerWeek: z.number(),
  weeks: z.array(shown),
  leaders: z.array(z.object({ id: shown, name: shown, areas: z.array(shown), rows: z.array(WeekRow), missed: z.array(shown) })),
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
  id: shown,
  problemId: shown,
  person: shown,
  group: z.enum(['organisational', 'disciplinary']),
  kind: shown,
  kindLabel: shown,
  decidedOn: shown,
  document: shown,
  note: shown.nullable(),
});
const Action = z.object({ id: shown, kind: z.enum(['rectify', 'verify', 'return']), date: shown, text: shown, actorName: shown });
export const ProblemView = z.object({
  id: shown,
  source: shown,
  sourceLabel: shown,
  sourceRef: shown.nullable(),
  category: shown,
  categoryLabel: shown,
  severity: shown,
  severityLabel: shown,
  major: z.boolean(),
  unitKind: unitKind,
  unitCode: shown,
  unitName: shown,
  townshipName: shown.nullable(),
  householdId: shown.nullable(),
  people: z.array(shown),
  description: shown,
  foundOn: shown,
  deadline: shown,
  recordedByName: shown,
  state: z.enum(['open', 'overdue', 'rectified', 'verified']),
  stateLabel: shown,
  rectifiedOn: shown.nullable(),
  rectification: shown.nullable(),
  rectifiedByName: shown.nullable(),
  verifiedOn: shown.nullable(),
  verification: shown.nullable(),
  verifiedByName: shown.nullable(),
  decisions: z.array(Decision),
  actions: z.array(Action),
  /** The unit or a person of it has reached the repeated-major-failure threshold. */
  flagged: z.boolean(),
  canRectify: z.boolean(),
});
export type ProblemView = z.infer<typeof ProblemView>;

const Kinds = z.record(shown, shown);
export const SupervisionKinds = z.object({
  sources: Kinds,
  categories: Kinds,
  severities: z.array(z.object({ code: shown, label: shown, major: z.boolean() })),
  organisational: Kinds,
  disciplinary: Kinds,
  rectificationDays: z.number(),
  repeatedFailure: z.object({ count: z.number(), windowDays: z.number() }),
});
export type SupervisionKinds = z.infer<typeof SupervisionKinds>;

export const Flag = z.object({ kind: z.enum(['unit', 'person']), key: shown, name: shown, unitName: shown, problemIds: z.array(shown) });
export type Flag = z.infer<typeof Flag>;
export const ProblemListQuery = z.object({ source: code.optional(), township: regionCode.optional() });
export const ProblemsResponse = z.object({
  today: shown,
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
const SectorFigures = z.object({ sector: shown, opened: z.number(), done: z.number(), verified: z.number(), late: z.number() });
export const WeeklyTownship = z.object({
  code: shown,
  name: shown,
  figures: Figures,
  change: Figures.nullable(),
  rank: z.number(),
  score: z.number(),
  sectors: z.array(SectorFigures),
});
export const WeeklyResponse = z.object({
  week: shown,
  start: shown,
  end: shown,
  /** Written once when the week closed; an open week is computed as it stands. */
  snapshot: z.boolean(),
  createdAt: shown.nullable(),
  countyName: shown,
  townships: z.array(WeeklyTownship),
  /** County totals: for county-wide roles only. */
  county: z.object({ figures: Figures, change: Figures.nullable(), sectors: z.array(SectorFigures) }).nullable(),
  analysis: shown.nullable(),
  meeting: shown.nullable(),
  /** 疑点 of the viewer's area as they stand now (not kept in the snapshot); null without check.read. */
  pointsToVerify: z.object({ open: z.number().int(), checked: z.number().int(), overdue: z.number().int() }).nullable(),
  /** Spot checks and three-rate checks drawn in this week, with their progress; null without spotCheck.read. */
  spotChecks: z
    .array(
      z.object({
        id: shown,
        kind: z.enum(['spot', 'three-rate']),
        populationLabel: shown,
        sampleSize: z.number().int(),
        checked: z.number().int(),
        createdAt: shown,
      }),
    )
    .nullable(),
  stored: z.array(shown),
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
const Criterion = z.object({ key: shown, label: shown, met: z.boolean().nullable(), value: z.number().nullable(), threshold: z.number() });
const CountySide = z.object({ ready: z.boolean().nullable(), incidenceAfter: z.number().nullable(), criteria: z.array(Criterion) });
export const WhatIfResponse = z.object({
  tasks: z.number(),
  households: z.array(z.object({ id: shown, villageName: shown, from: shown, to: shown, fromLabel: shown, toLabel: shown })),
  becomeReady: z.number(),
  villages: z.array(z.object({ code: shown, name: shown, before: z.boolean(), after: z.boolean() })),
  county: z.object({ before: CountySide, after: CountySide }).nullable(),
});
export type WhatIfResponse = z.infer<typeof WhatIfResponse>;

export const RulebookPreviewQuery = z.object({ id: z.string().trim().min(1).max(60) });
export const RulebookPreviewResponse = z.object({
  from: shown,
  to: shown,
  households: z.number(),
  changed: z.number(),
  movements: z.array(z.object({ from: shown, to: shown, fromLabel: shown, toLabel: shown, households: z.number() })),
});
export type RulebookPreviewResponse = z.infer<typeof RulebookPreviewResponse>;
