// The project endpoints (项目库, 资金下达与拨付, 公告公示; docs/projects.md), shared with the web like
// api.ts. Request strings all carry a maximum length; amounts are integer fen.
import { z } from 'zod';
import { isoDate } from '../domain/types.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullable().optional();
const code = z.string().trim().min(1).max(40);
const fen = z.number().int().nonnegative().max(1e13);

export const ProjectIdParams = z.object({ id: code });
export const NoticeIdParams = z.object({ id: code, noticeId: code });
export const ObjectionIdParams = z.object({ id: code, objectionId: code });

export const ProjectInput = z.object({
  /** Given by the county's own numbering (项目编号); left out, the service numbers it. */
  id: code.optional(),
  name: text(100),
  type: code,
  year: z.number().int().min(2000).max(2100),
  startDate: isoDate.nullable().optional(),
  endDate: isoDate.nullable().optional(),
  content: text(1000),
  implementer: optText(100),
  responsibleName: optText(40),
  responsibleUnit: optText(100),
  sector: optText(20),
  tenderMethod: optText(40),
  tenderWinner: optText(100),
  contractFen: fen.nullable().optional(),
  qualityTarget: optText(500),
  benefitHouseholds: z.number().int().nonnegative().max(1e6).nullable().optional(),
  benefitPeople: z.number().int().nonnegative().max(1e7).nullable().optional(),
  incomeGainFen: fen.nullable().optional(),
  villages: z.array(z.string().trim().min(1).max(20)).max(500),
  households: z.array(z.string().trim().min(1).max(40)).max(20000).default([]),
  fundSources: z.record(code, fen),
  reason: optText(200),
});
export type ProjectInput = z.input<typeof ProjectInput>;

export const ProjectListQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: code.optional(),
  type: code.optional(),
  region: z.string().trim().min(1).max(20).optional(),
  household: z.string().trim().min(1).max(40).optional(),
});

export const StatusChangeRequest = z.object({ to: code, date: isoDate, note: optText(200) });
export const MoneyRequest = z.object({ source: code, fen: z.number().int().positive().max(1e13), date: isoDate, voucher: text(60) });
export const NoticeRequest = z.object({ kind: z.enum(['plan', 'completion']), villageCode: z.string().trim().min(1).max(20), postedOn: isoDate });
export const NoticeEndRequest = z.object({ endedOn: isoDate });
export const ObjectionRequest = z.object({ receivedOn: isoDate, content: text(500) });
export const ObjectionHandleRequest = z.object({ handledOn: isoDate, handling: text(500) });
export const LinkHouseholdsRequest = z.object({ households: z.array(z.string().trim().min(1).max(40)).max(20000), reason: optText(200) });

const Money = z.object({ id: z.string(), projectId: z.string(), source: z.string(), fen: z.number().int(), date: z.string(), voucher: z.string() });
const Warning = z.object({ kind: z.enum(['behind-schedule', 'idle']), text: z.string() });

export const ProjectView = z.object({
  id: z.string(),
  countyCode: z.string().nullable(),
  name: z.string(),
  type: z.string(),
  typeLabel: z.string(),
  year: z.number().int(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  content: z.string(),
  implementer: z.string().nullable(),
  responsibleName: z.string().nullable(),
  responsibleUnit: z.string().nullable(),
  sector: z.string().nullable(),
  tenderMethod: z.string().nullable(),
  tenderWinner: z.string().nullable(),
  contractFen: z.number().int().nullable(),
  qualityTarget: z.string().nullable(),
  benefitHouseholds: z.number().int().nullable(),
  benefitPeople: z.number().int().nullable(),
  incomeGainFen: z.number().int().nullable(),
  status: z.string(),
  statusLabel: z.string(),
  villages: z.array(z.string()),
  households: z.array(z.string()),
  fundSources: z.record(z.string(), z.number().int()),
  allocatedFen: z.number().int(),
  disbursedFen: z.number().int(),
  warnings: z.array(Warning),
});
export type ProjectView = z.infer<typeof ProjectView>;

export const ProjectListResponse = z.object({ today: z.string(), items: z.array(ProjectView) });

export const ProjectDetailResponse = ProjectView.extend({
  allocations: z.array(Money),
  disbursements: z.array(Money),
  balances: z.array(z.object({ source: z.string(), allocated: z.number().int(), disbursed: z.number().int(), available: z.number().int() })),
  statusChanges: z.array(z.object({ id: z.string(), from: z.string().nullable(), to: z.string(), date: z.string(), note: z.string().nullable() })),
  notices: z.array(
    z.object({
      id: z.string(),
      projectId: z.string(),
      kind: z.enum(['plan', 'completion']),
      villageCode: z.string(),
      postedOn: z.string(),
      endedOn: z.string().nullable(),
      earliestEnd: z.string(),
    }),
  ),
  objections: z.array(
    z.object({
      id: z.string(),
      noticeId: z.string(),
      projectId: z.string(),
      receivedOn: z.string(),
      content: z.string(),
      handledOn: z.string().nullable(),
      handling: z.string().nullable(),
    }),
  ),
  canEdit: z.boolean(),
  canMoney: z.boolean(),
  canNotice: z.boolean(),
});
export type ProjectDetailResponse = z.infer<typeof ProjectDetailResponse>;

const ProgressRow = z.object({
  key: z.string(),
  label: z.string(),
  projects: z.number().int(),
  allocatedFen: z.number().int(),
  disbursedFen: z.number().int(),
  share: z.number(),
});
export const ProgressResponse = z.object({
  today: z.string(),
  total: ProgressRow,
  byProject: z.array(ProgressRow),
  bySource: z.array(ProgressRow),
  byTownship: z.array(ProgressRow),
  bySector: z.array(ProgressRow),
  late: z.number().int(),
});
export type ProgressResponse = z.infer<typeof ProgressResponse>;

export const TaskEvidenceParams = z.object({ id: z.string().min(1).max(80) });
export const ProjectEvidenceView = z.object({ projectId: z.string(), name: z.string(), typeLabel: z.string(), acceptedOn: z.string(), note: z.string() });
export type ProjectEvidenceView = z.infer<typeof ProjectEvidenceView>;
export const ProjectEvidenceResponse = z.object({ items: z.array(ProjectEvidenceView) });
export const CompleteWithProjectRequest = z.object({ projectId: code, closeOut: z.unknown().optional() });

/** The printable project notice (公告公示): only what a posted notice may show. */
export const ProjectNoticeSheetResponse = z.object({
  title: z.string(),
  kindLabel: z.string(),
  countyName: z.string(),
  townshipName: z.string(),
  villageName: z.string(),
  postedOn: z.string(),
  endOn: z.string(),
  ended: z.boolean(),
  days: z.number().int(),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  households: z.array(z.object({ no: z.number().int(), headName: z.string(), group: z.string(), size: z.number().int() })),
  objectionPhone: z.string().nullable(),
  footer: z.array(z.string()),
  signature: z.string(),
});
export type ProjectNoticeSheetResponse = z.infer<typeof ProjectNoticeSheetResponse>;
export type ProjectListResponse = z.infer<typeof ProjectListResponse>;
