// 项目台账 and 资金拨付台账 in one workbook, A4 landscape like the other ledgers (style.ts; text is
// guarded against formulas there). The two sheets reconcile: each project's 已下达 and 已拨付 in the
// project ledger are the sums of its rows in the funds ledger, and so are the 合计 rows. Amounts
// are carried in fen and printed in yuan; totals are summed in fen, never from rounded yuan.
import type { MoneyWarning, Project, ProjectSettings, StoredMoney } from '../../domain/projects.js';
import { openSheet, openWorkbook } from './style.js';
import type { CellValue, ColumnSpec, SheetSpec } from './style.js';

export const PROJECT_SHEET = '项目台账';
export const FUNDS_SHEET = '资金拨付台账';

export interface ProjectLedgerRow extends Project {
  townshipName: string;
  villageNames: string[];
  allocations: readonly StoredMoney[];
  disbursements: readonly StoredMoney[];
  warnings: readonly MoneyWarning[];
}

export interface ProjectLedgerInput {
  settings: ProjectSettings;
  countyName: string;
  /** Printed on every page; never read from the clock here. */
  generatedAt: string;
  projects: readonly ProjectLedgerRow[];
}

const yuan = (fen: number | null): number | null => (fen === null ? null : fen / 100);
const sum = (xs: readonly { fen: number }[]) => xs.reduce((s, x) => s + x.fen, 0);

const PROJECT_COLUMNS: ColumnSpec[] = [
  { header: '序号', kind: 'int' },
  { header: '项目编号', kind: 'text' },
  { header: '项目名称', kind: 'wrap', maxWidth: 24 },
  { header: '项目类型', kind: 'center' },
  { header: '年度', kind: 'int' },
  { header: '乡镇', kind: 'text' },
  { header: '实施地点', kind: 'wrap', maxWidth: 20 },
  { header: '建设内容', kind: 'wrap', maxWidth: 30 },
  { header: '实施单位', kind: 'text', maxWidth: 16 },
  { header: '责任人', kind: 'text' },
  { header: '负责行业', kind: 'center' },
  { header: '招标方式', kind: 'text' },
  { header: '中标单位', kind: 'text', maxWidth: 16 },
  { header: '合同金额（元）', kind: 'money' },
  { header: '受益户数', kind: 'count' },
  { header: '受益人数', kind: 'count' },
  { header: '计划投资（元）', kind: 'money' },
  { header: '已下达（元）', kind: 'money' },
  { header: '已拨付（元）', kind: 'money' },
  { header: '拨付进度', kind: 'percent' },
  { header: '项目状态', kind: 'center' },
  { header: '预警', kind: 'wrap', maxWidth: 30 },
];

const FUNDS_COLUMNS: ColumnSpec[] = [
  { header: '序号', kind: 'int' },
  { header: '项目编号', kind: 'text' },
  { header: '项目名称', kind: 'wrap', maxWidth: 24 },
  { header: '乡镇', kind: 'text' },
  { header: '资金来源', kind: 'text' },
  { header: '类别', kind: 'center' },
  { header: '日期', kind: 'center' },
  { header: '凭证号', kind: 'text' },
  { header: '下达金额（元）', kind: 'money' },
  { header: '拨付金额（元）', kind: 'money' },
];

export interface ProjectLedgerResult {
  projects: number;
  moneyRows: number;
  allocatedFen: number;
  disbursedFen: number;
}

export async function writeProjectLedgers(path: string, input: ProjectLedgerInput): Promise<ProjectLedgerResult> {
  const { settings, countyName } = input;
  const statusLabel = new Map(settings.statuses.map((s) => [s.code, s.label]));
  const projects = [...input.projects].sort((a, b) => (a.year !== b.year ? a.year - b.year : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const page = { pageHeaderLeft: countyName, pageHeaderRight: `生成时间：${input.generatedAt}`, pageFooterRight: 'tuopin' };

  let planned = 0;
  let allocated = 0;
  let disbursed = 0;
  const projectRows: CellValue[][] = projects.map((p, i) => {
    const plan = Object.values(p.fundSources).reduce((s, x) => s + x, 0);
    const a = sum(p.allocations);
    const d = sum(p.disbursements);
    planned += plan;
    allocated += a;
    disbursed += d;
    return [
      i + 1,
      p.id,
      p.name,
      settings.types[p.type] ?? p.type,
      p.year,
      p.townshipName,
      p.villageNames.join('、'),
      p.content,
      p.implementer,
      p.responsibleName,
      p.sector,
      p.tenderMethod,
      p.tenderWinner,
      yuan(p.contractFen),
      p.benefitHouseholds,
      p.benefitPeople,
      yuan(plan),
      yuan(a),
      yuan(d),
      a === 0 ? null : d / a,
      statusLabel.get(p.status) ?? p.status,
      p.warnings.map((w) => w.text).join('；'),
    ];
  });
  const projectTotal: CellValue[] = [
    '合计',
    `${projects.length} 个项目`,
    ...Array<CellValue>(14).fill(null),
    yuan(planned),
    yuan(allocated),
    yuan(disbursed),
    allocated === 0 ? null : disbursed / allocated,
    null,
    null,
  ];

  const moneyRows: CellValue[][] = [];
  for (const p of projects) {
    const rows = [...p.allocations.map((m) => ({ m, kind: '下达' as const })), ...p.disbursements.map((m) => ({ m, kind: '拨付' as const }))].sort((x, y) =>
      x.m.date !== y.m.date ? (x.m.date < y.m.date ? -1 : 1) : x.kind === y.kind ? (x.m.id < y.m.id ? -1 : 1) : x.kind === '下达' ? -1 : 1,
    );
    for (const { m, kind } of rows)
      moneyRows.push([
        moneyRows.length + 1,
        p.id,
        p.name,
        p.townshipName,
        settings.fundSources[m.source] ?? m.source,
        kind,
        m.date,
        m.voucher,
        kind === '下达' ? yuan(m.fen) : null,
        kind === '拨付' ? yuan(m.fen) : null,
      ]);
  }
  const fundsTotal: CellValue[] = ['合计', `${moneyRows.length} 笔`, null, null, null, null, null, null, yuan(allocated), yuan(disbursed)];

  const wb = openWorkbook(path);
  wb.creator = 'tuopin';
  wb.title = `${countyName}扶贫项目和资金台账`;
  const when = new Date(input.generatedAt);
  if (!Number.isNaN(when.getTime())) {
    wb.created = when;
    wb.modified = when;
  }
  const write = (spec: SheetSpec, rows: CellValue[][], total: CellValue[]) => {
    const sheet = openSheet(wb, spec, [...rows, total]);
    for (const r of rows) sheet.addRow(r);
    sheet.addRow(total, 'total');
    sheet.commit();
  };
  write({ name: PROJECT_SHEET, title: `${countyName}脱贫攻坚项目台账`, columns: PROJECT_COLUMNS, freezeColumns: 3, ...page }, projectRows, projectTotal);
  write({ name: FUNDS_SHEET, title: `${countyName}扶贫资金下达和拨付台账`, columns: FUNDS_COLUMNS, freezeColumns: 3, ...page }, moneyRows, fundsTotal);
  await wb.commit();
  return { projects: projects.length, moneyRows: moneyRows.length, allocatedFen: allocated, disbursedFen: disbursed };
}
