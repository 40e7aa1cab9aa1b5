// The task ledger (整改任务台账): one row per remediation task with where, whom, which sector,
// who is responsible, the due date, status and lateness, what was done and who verified it.
// Same layout as the class ledgers (style.ts); free text that may name an illness passes the
// masking helper (domain/mask.ts) like the household page does.
import { closeOutSummary, type TaskDetail } from '../../domain/taskFlow.js';
import { INDICATOR_LABELS, TASK_STATUS_LABELS } from '../../domain/labels.js';
import { DEFAULT_MASK, masker, type MaskOptions } from '../../domain/mask.js';
import { openSheet, openWorkbook, safeSheetName, type CellValue, type ColumnSpec } from './style.js';
import type { WriteResult } from './ledgers.js';

export const TASK_SHEET = '整改任务台账';

export interface TaskLedgerRow extends TaskDetail {
  townshipName: string | null;
  villageName: string | null;
  headName: string | null;
  memberName: string | null;
  overdue: boolean;
  attachments: number;
}

export interface TaskLedgerOptions {
  mask?: MaskOptions;
  /** Printed in the footer; the writer never reads the clock. */
  generatedAt?: string;
  /** What the rows are (e.g. the filters applied), printed top left. */
  pageHeaderLeft?: string;
}

const COLUMNS: readonly ColumnSpec[] = [
  { header: '序号', kind: 'int', width: 6 },
  { header: '乡镇', kind: 'text', maxWidth: 12 },
  { header: '行政村', kind: 'text', maxWidth: 12 },
  { header: '户编号', kind: 'text' },
  { header: '户主', kind: 'text', maxWidth: 8 },
  { header: '涉及成员', kind: 'text', maxWidth: 8 },
  { header: '任务编号', kind: 'text' },
  { header: '指标', kind: 'center' },
  { header: '责任部门', kind: 'center' },
  { header: '责任人', kind: 'text', maxWidth: 10 },
  { header: '完成时限', kind: 'center' },
  { header: '状态', kind: 'center' },
  { header: '是否逾期', kind: 'center' },
  { header: '整改内容', kind: 'wrap', maxWidth: 30 },
  { header: '完成情况', kind: 'wrap', maxWidth: 36 },
  { header: '完成日期', kind: 'center' },
  { header: '完成人', kind: 'text', maxWidth: 12 },
  { header: '验收人', kind: 'text', maxWidth: 12 },
  { header: '验收日期', kind: 'center' },
  { header: '退回或不予立项原因', kind: 'wrap', maxWidth: 24 },
  { header: '佐证材料（份）', kind: 'count' },
];

export async function writeTaskLedger(path: string, rows: readonly TaskLedgerRow[], opts: TaskLedgerOptions = {}): Promise<WriteResult> {
  const m = masker(opts.mask ?? DEFAULT_MASK);
  const hide = (t: string | null) => (t === null ? '' : m.healthText(t, '（已隐去）'));
  const values: CellValue[][] = rows.map((t, i) => {
    const close = closeOutSummary(t.closeOut);
    const done = [hide(t.evidenceNote), close].filter((x) => x !== '').join('；');
    return [
      i + 1,
      t.townshipName ?? '',
      t.villageName ?? '',
      t.householdId,
      t.headName ?? '',
      t.memberName ?? '',
      t.id,
      INDICATOR_LABELS.label(t.indicator),
      t.sector ?? '',
      t.responsible ?? '',
      t.dueDate,
      TASK_STATUS_LABELS.label(t.status),
      t.overdue ? '逾期' : '',
      hide(t.note),
      done,
      t.evidenceDate ?? '',
      t.doneByName ?? '',
      t.verifiedByName ?? '',
      t.verifiedAt === null ? '' : t.verifiedAt.slice(0, 10),
      t.returnReason ?? t.declineReason ?? '',
      t.attachments,
    ];
  });
  const wb = openWorkbook(path);
  wb.creator = 'tuopin';
  const sheet = openSheet(
    wb,
    {
      name: safeSheetName(TASK_SHEET, new Set()),
      title: '补短板整改任务台账',
      columns: COLUMNS,
      freezeColumns: 7,
      ...(opts.pageHeaderLeft !== undefined ? { pageHeaderLeft: opts.pageHeaderLeft } : {}),
      ...(opts.generatedAt !== undefined ? { pageFooterRight: `生成时间：${opts.generatedAt}` } : {}),
    },
    values,
  );
  for (const v of values) sheet.addRow(v);
  sheet.commit();
  await wb.commit();
  return { sheets: [{ name: sheet.name, rows: sheet.rowCount }] };
}
