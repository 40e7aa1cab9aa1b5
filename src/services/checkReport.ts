// 疑点台账 and 国办系统更正表 for the viewer's scope (docs/cross-check.md). The correction sheet
// says, in the national system's field codes and value codes, what to change there: the fields
// the national export showed differently (our registry's value is the one to enter), members the
// export lacks (补录), and export rows nobody in the registry matches (核实后核减).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import type { PointExportQuery } from '../contract/checks.js';
import { ATTRIBUTE_LABELS, CAUSE_LABELS, HEALTH_LABELS, RELATION_LABELS, SEX_LABELS, STATUS_LABELS } from '../domain/labels.js';
import { NATIONAL_FIELD_LABELS } from '../domain/crossCheck/rules.js';
import type { HouseholdRecord } from '../domain/types.js';
import { writeCheckReport, type NationalCorrectionRow, type PointLedgerRow } from '../io/checks/report.js';
import type { WriteResult } from '../io/ledger/ledgers.js';
import { AAC006, AAC007, AAR010, AB01_HEALTH, AB01_RELATION, AB01_SEX } from '../io/lists/nationalCodes.js';
import type { Point, PointQuery } from '../store/index.js';
import { notAllowed, type Access } from './access.js';
import { can } from '../domain/roles.js';
import type { ServiceContext } from './context.js';
import { pointQueryOf } from './checkPoints.js';
import { pointScope } from './crossCheck.js';
import { chinaDate } from './history.js';
import { activeRulebook } from './rulebooks.js';

/** The national system's field codes of the fields a national-export point compares. */
export const NATIONAL_FIELD_CODES: Readonly<Record<string, string>> = {
  attribute: 'aac006',
  status: 'aar010',
  mainCause: 'aac007',
  householdSize: 'aac017',
  exitYear: 'aac023',
  sex: 'aab003',
  relation: 'aab006',
  health: 'aab017',
  name: 'aab002',
};

/** Our value -> the system's code: the first two-digit (or plain) code of the table that reads as it. */
function reverse(table: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  const codes = Object.keys(table).filter((k) => /^\d+$/u.test(k));
  for (const k of [...codes.filter((c) => c.length === 2), ...codes]) if (!out.has(table[k]!)) out.set(table[k]!, k);
  return out;
}
const CODE_OF: Readonly<Record<string, Map<string, string>>> = {
  attribute: reverse(AAC006),
  status: reverse(AAR010),
  mainCause: reverse(AAC007),
  sex: reverse(AB01_SEX),
  relation: reverse(AB01_RELATION),
  health: reverse(AB01_HEALTH),
};
const LABEL_OF: Readonly<Record<string, { label(c: never): string }>> = {
  attribute: ATTRIBUTE_LABELS,
  status: STATUS_LABELS,
  mainCause: CAUSE_LABELS,
  sex: SEX_LABELS,
  relation: RELATION_LABELS,
  health: HEALTH_LABELS,
};

function ourValue(rec: HouseholdRecord | undefined, p: Point): string | null {
  if (rec === undefined || p.field === null) return null;
  const m = rec.members.find((x) => x.id === p.memberId);
  const h = rec.household;
  const raw: unknown =
    p.field === 'householdSize'
      ? rec.members.length
      : p.field === 'status' && h.status === 'pre-exit'
        ? 'not-exited'
        : p.field in h
          ? (h as unknown as Record<string, unknown>)[p.field]
          : m === undefined
            ? null
            : (m as unknown as Record<string, unknown>)[p.field];
  if (raw === null || raw === undefined) return null;
  const code = CODE_OF[p.field]?.get(String(raw));
  const label = LABEL_OF[p.field]?.label(raw as never) ?? String(raw);
  return code === undefined ? label : `${code} ${label}`;
}

export async function exportCheckReport(
  ctx: ServiceContext,
  viewer: Access,
  path: string,
  filter: Omit<PointQuery, 'limit' | 'offset' | 'trx'> = {},
): Promise<WriteResult & { points: number; corrections: number }> {
  if (!can(viewer.role, 'check.read')) throw notAllowed('您的账号不能查看比对结果');
  const rb = await activeRulebook(ctx.store);
  const cc = rb.crossCheck;
  const { items } = await ctx.store.checks.points(pointScope(viewer, rb), { sort: 'village', ...filter, limit: 1_000_000 });
  const listLabel = (k: string) => cc.listKinds[k]?.label ?? k;
  const rows: PointLedgerRow[] = items.map((p) => ({
    id: p.id,
    townshipName: p.townshipName,
    villageName: p.villageName,
    householdId: p.householdId,
    headName: p.headName,
    memberName: p.memberName,
    kindLabel: cc.pointKinds[p.kind]?.label ?? p.kind,
    listLabel: listLabel(p.listKind),
    source: p.source,
    asOf: p.asOf,
    row: p.row,
    fieldLabel: p.field === null ? null : (NATIONAL_FIELD_LABELS[p.field] ?? p.field),
    ours: p.ours,
    theirs: p.theirs,
    ruleText: p.ruleText,
    statusLabel: cc.statuses[p.status],
    findingLabel: p.finding === null ? null : (cc.findings[p.finding as keyof typeof cc.findings] ?? p.finding),
    note: p.note,
    assignee: p.assignee,
    checkedBy: p.checkedBy?.name ?? null,
    checkedAt: p.checkedAt,
    verifiedBy: p.verifiedBy?.name ?? null,
    openedAt: p.openedAt,
  }));
  // Dismissed points (不属实) and those a newer export no longer shows need nothing in the system.
  const national = items.filter(
    (p) =>
      p.listKind === 'national-export' &&
      p.finding !== 'unfounded' &&
      p.finding !== 'list-agrees' &&
      ['field-mismatch', 'missing-in-national', 'missing-in-registry'].includes(p.kind),
  );
  const householdIds = [...new Set(national.map((p) => p.householdId).filter((x): x is string => x !== null))];
  const records = householdIds.length === 0 ? [] : await ctx.store.registry.loadRecords(viewer.scope, { householdIds, year: rb.year });
  const byId = new Map(records.map((r) => [r.household.id, r]));
  const corrections: NationalCorrectionRow[] = national.map((p) => {
    const rec = p.householdId === null ? undefined : byId.get(p.householdId);
    const member = rec?.members.find((m) => m.id === p.memberId);
    const base = {
      householdId: p.householdId,
      memberId: p.memberId,
      name: member?.name ?? p.memberName,
      idNumber: member?.idNumber ?? null,
      pointId: p.id,
      status: cc.statuses[p.status],
    };
    if (p.kind === 'missing-in-national') return { ...base, action: '补录', field: null, nationalValue: '（系统中无此人）', correctValue: '按花名册补录' };
    if (p.kind === 'missing-in-registry')
      return { ...base, name: p.theirs, action: '核实后核减', field: null, nationalValue: p.theirs, correctValue: '（花名册中无此人）' };
    const code = p.field === null ? null : (NATIONAL_FIELD_CODES[p.field] ?? null);
    return {
      ...base,
      action: '更正',
      field: p.field === null ? null : `${code ?? ''} ${NATIONAL_FIELD_LABELS[p.field] ?? p.field}`.trim(),
      nationalValue: p.theirs,
      correctValue: ourValue(rec, p) ?? p.ours,
    };
  });
  const r = await writeCheckReport(path, rows, corrections, { mask: viewer.mask, generatedAt: ctx.clock().slice(0, 16).replace('T', ' ') });
  return { ...r, points: rows.length, corrections: corrections.length };
}

export interface ExportedCheckReport {
  path: string;
  fileName: string;
  cleanup(): void;
}

/** The report for the web: the list's filters, written to a temporary file the route streams and removes. */
export async function exportCheckReportFile(
  ctx: ServiceContext,
  viewer: Access,
  q: z.output<typeof PointExportQuery>,
  title = '疑点台账',
): Promise<ExportedCheckReport> {
  const today = chinaDate(ctx.clock());
  const filter = pointQueryOf(q, today);
  const dir = mkdtempSync(join(tmpdir(), 'tuopin-points-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const fileName = `${title}_${today}.xlsx`;
  try {
    await exportCheckReport(ctx, viewer, join(dir, fileName), filter);
    return { path: join(dir, fileName), fileName, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
