// The cross-check outputs in one workbook: 疑点台账 (every point in scope with its source, values,
// finding and who checked it) and 国办系统更正表 (what to change in 全国扶贫开发信息系统 when it opens
// for edits, in the system's own field codes and value codes, plus the households and members
// missing on either side). Same layout as the other ledgers (style.ts); ID numbers go through the
// one masking helper (domain/mask.ts). The writer never reads the clock or the store.
import { DEFAULT_MASK, masker, type MaskOptions } from '../../domain/mask.js';
import { openSheet, openWorkbook, safeSheetName, type CellValue, type ColumnSpec } from '../ledger/style.js';
import type { WriteResult } from '../ledger/ledgers.js';

export const POINT_SHEET = '疑点台账';
export const NATIONAL_SHEET = '国办系统更正表';

export interface PointLedgerRow {
  id: number;
  townshipName: string | null;
  villageName: string | null;
  householdId: string | null;
  headName: string | null;
  memberName: string | null;
  kindLabel: string;
  listLabel: string;
  source: string;
  asOf: string;
  row: number | null;
  fieldLabel: string | null;
  ours: string | null;
  theirs: string | null;
  ruleText: string;
  statusLabel: string;
  findingLabel: string | null;
  note: string | null;
  assignee: string | null;
  checkedBy: string | null;
  checkedAt: string | null;
  verifiedBy: string | null;
  openedAt: string;
}

export interface NationalCorrectionRow {
  /** aac001 */
  householdId: string | null;
  /** aab001 */
  memberId: string | null;
  /** aab002 */
  name: string | null;
  /** aab004, masked by the writer. */
  idNumber: string | null;
  /** What to do: 更正 / 补录 / 核减 (核实). */
  action: string;
  /** Field code and name, e.g. “aac006 贫困户属性”. */
  field: string | null;
  /** The system's value now: code and label, e.g. “04 低保贫困户”. */
  nationalValue: string | null;
  /** What it should be (the registry's value, checked), code and label. */
  correctValue: string | null;
  pointId: number;
  status: string;
}

const POINT_COLUMNS: readonly ColumnSpec[] = [
  { header: '序号', kind: 'int', width: 6 },
  { header: '疑点编号', kind: 'int', width: 8 },
  { header: '乡镇', kind: 'text', maxWidth: 12 },
  { header: '行政村', kind: 'text', maxWidth: 12 },
  { header: '户编号', kind: 'text' },
  { header: '户主', kind: 'text', maxWidth: 8 },
  { header: '涉及成员', kind: 'text', maxWidth: 8 },
  { header: '疑点类别', kind: 'center' },
  { header: '来源名单', kind: 'text', maxWidth: 16 },
  { header: '来源单位', kind: 'text', maxWidth: 16 },
  { header: '名单日期', kind: 'center' },
  { header: '名单行号', kind: 'count' },
  { header: '比对项目', kind: 'center' },
  { header: '花名册', kind: 'text', maxWidth: 16 },
  { header: '名单', kind: 'text', maxWidth: 20 },
  { header: '比对规则', kind: 'wrap', maxWidth: 30 },
  { header: '状态', kind: 'center' },
  { header: '核实结果', kind: 'center' },
  { header: '核实情况', kind: 'wrap', maxWidth: 30 },
  { header: '核实责任人', kind: 'text', maxWidth: 10 },
  { header: '核实人', kind: 'text', maxWidth: 12 },
  { header: '核实日期', kind: 'center' },
  { header: '审核人', kind: 'text', maxWidth: 12 },
  { header: '发现日期', kind: 'center' },
];

const NATIONAL_COLUMNS: readonly ColumnSpec[] = [
  { header: '序号', kind: 'int', width: 6 },
  { header: '户编号(aac001)', kind: 'text' },
  { header: '人编号(aab001)', kind: 'text' },
  { header: '姓名(aab002)', kind: 'text', maxWidth: 10 },
  { header: '证件号码(aab004)', kind: 'text' },
  { header: '操作', kind: 'center' },
  { header: '更正项目', kind: 'text', maxWidth: 20 },
  { header: '系统现值', kind: 'text', maxWidth: 20 },
  { header: '应改为', kind: 'text', maxWidth: 20 },
  { header: '疑点编号', kind: 'int', width: 8 },
  { header: '疑点状态', kind: 'center' },
];

const day = (iso: string | null) => (iso === null ? '' : iso.slice(0, 10));

export async function writeCheckReport(
  path: string,
  points: readonly PointLedgerRow[],
  corrections: readonly NationalCorrectionRow[],
  opts: { mask?: MaskOptions; generatedAt?: string } = {},
): Promise<WriteResult> {
  const m = masker(opts.mask ?? DEFAULT_MASK);
  const pointValues: CellValue[][] = points.map((p, i) => [
    i + 1,
    p.id,
    p.townshipName ?? '',
    p.villageName ?? '',
    p.householdId ?? '',
    p.headName ?? '',
    p.memberName ?? '',
    p.kindLabel,
    p.listLabel,
    p.source,
    p.asOf,
    p.row,
    p.fieldLabel ?? '',
    p.ours ?? '',
    p.theirs ?? '',
    p.ruleText,
    p.statusLabel,
    p.findingLabel ?? '',
    p.note === null ? '' : m.healthText(p.note, '（已隐去）'),
    p.assignee ?? '',
    p.checkedBy ?? '',
    day(p.checkedAt),
    p.verifiedBy ?? '',
    day(p.openedAt),
  ]);
  const nationalValues: CellValue[][] = corrections.map((c, i) => [
    i + 1,
    c.householdId ?? '',
    c.memberId ?? '',
    c.name ?? '',
    c.idNumber === null ? '' : m.idNumber(c.idNumber),
    c.action,
    c.field ?? '',
    c.nationalValue ?? '',
    c.correctValue ?? '',
    c.pointId,
    c.status,
  ]);
  const wb = openWorkbook(path);
  wb.creator = 'tuopin';
  const taken = new Set<string>();
  const footer = opts.generatedAt !== undefined ? { pageFooterRight: `生成时间：${opts.generatedAt}` } : {};
  const out: WriteResult['sheets'] = [];
  for (const [name, title, columns, values, freeze] of [
    [POINT_SHEET, '名单比对疑点台账', POINT_COLUMNS, pointValues, 7],
    [NATIONAL_SHEET, '全国扶贫开发信息系统更正表', NATIONAL_COLUMNS, nationalValues, 4],
  ] as const) {
    const sheetName = safeSheetName(name, taken);
    taken.add(sheetName);
    const sheet = openSheet(wb, { name: sheetName, title, columns, freezeColumns: freeze, ...footer }, values);
    for (const v of values) sheet.addRow(v);
    sheet.commit();
    out.push({ name: sheet.name, rows: sheet.rowCount });
  }
  await wb.commit();
  return { sheets: out };
}
