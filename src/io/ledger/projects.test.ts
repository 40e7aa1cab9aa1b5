import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWithOpenpyxl, records, sheetByName, type ReadWorkbook } from '../../../test/kits/readBack.js';
import type { StoredMoney } from '../../domain/projects.js';
import { DEFAULT_PROJECT_SETTINGS } from '../../domain/rulebook.js';
import { FUNDS_SHEET, PROJECT_SHEET, writeProjectLedgers, type ProjectLedgerRow } from './projects.js';

const money = (projectId: string, n: number, source: string, fen: number, date: string): StoredMoney => ({
  id: `${projectId}-${n}`,
  projectId,
  source,
  fen,
  date,
  voucher: `凭-${projectId}-${n}`,
});

function project(id: string, over: Partial<ProjectLedgerRow> = {}): ProjectLedgerRow {
  return {
    id,
    countyCode: '622421',
    name: `项目${id}`,
    type: 'water',
    year: 2018,
    startDate: null,
    endDate: null,
    content: '建设内容',
    implementer: null,
    responsibleName: '王某',
    responsibleUnit: null,
    sector: '水务',
    tenderMethod: null,
    tenderWinner: null,
    contractFen: null,
    qualityTarget: null,
    benefitHouseholds: 10,
    benefitPeople: 40,
    incomeGainFen: null,
    status: 'implementing',
    villages: ['622421100201'],
    households: ['6224211002010001'],
    fundSources: { central: 1_000_001 },
    townshipName: '东坪镇',
    villageNames: ['石门村'],
    allocations: [],
    disbursements: [],
    warnings: [],
    ...over,
  };
}

// Thirds of a cent: yuan printed per row would drift from the total if totals were summed from rounded yuan.
const PROJECTS = [
  project('XM-1', {
    allocations: [money('XM-1', 1, 'central', 1_000_001, '2018-03-01'), money('XM-1', 2, 'county', 333, '2018-03-02')],
    disbursements: [money('XM-1', 3, 'central', 333_333, '2018-04-01'), money('XM-1', 4, 'central', 1, '2018-05-01')],
  }),
  project('XM-2', {
    name: '=HYPERLINK("http://x")',
    allocations: [money('XM-2', 1, 'self', 10_07, '2018-06-01')],
    warnings: [{ kind: 'idle', text: '资金已 90 天无拨付' }],
  }),
  project('XM-3'),
];

let dir: string;
let wb: ReadWorkbook;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tuopin-project-ledger-'));
  const file = join(dir, 'projects.xlsx');
  const r = await writeProjectLedgers(file, {
    settings: DEFAULT_PROJECT_SETTINGS,
    countyName: '石门县',
    generatedAt: '2018-07-10T02:00:00.000Z',
    projects: PROJECTS,
  });
  expect(r).toEqual({ projects: 3, moneyRows: 5, allocatedFen: 1_001_341, disbursedFen: 333_334 });
  wb = readWithOpenpyxl(file, { xml: true });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fen = (v: unknown) => (v === null || v === undefined ? 0 : Math.round(Number(v) * 100));

describe('project and funds ledgers', () => {
  it('has both sheets, A4 landscape, one page wide, header rows repeated', () => {
    expect(wb.sheets.map((s) => s.name)).toEqual([PROJECT_SHEET, FUNDS_SHEET]);
    for (const s of wb.sheets) {
      expect(s.paper_size).toBe(9);
      expect(s.orientation).toBe('landscape');
      expect(s.fit_to_width).toBe(1);
      expect(s.print_title_rows).toBe('$1:$2');
    }
  });

  it('reconciles: per project and in total, the project ledger’s 已下达 / 已拨付 are the funds ledger’s sums', () => {
    const projects = records(sheetByName(wb, PROJECT_SHEET));
    const funds = records(sheetByName(wb, FUNDS_SHEET));
    const pTotal = projects.at(-1)!;
    const fTotal = funds.at(-1)!;
    expect(pTotal['序号']).toBe('合计');
    expect(fTotal['序号']).toBe('合计');
    const dataP = projects.slice(0, -1);
    const dataF = funds.slice(0, -1);
    expect(dataP.map((r) => r['项目编号'])).toEqual(['XM-1', 'XM-2', 'XM-3']);
    for (const p of dataP) {
      const rows = dataF.filter((f) => f['项目编号'] === p['项目编号']);
      expect(fen(p['已下达（元）']), String(p['项目编号'])).toBe(rows.reduce((s, r) => s + fen(r['下达金额（元）']), 0));
      expect(fen(p['已拨付（元）']), String(p['项目编号'])).toBe(rows.reduce((s, r) => s + fen(r['拨付金额（元）']), 0));
    }
    expect(fen(pTotal['已下达（元）'])).toBe(1_001_341);
    expect(fen(pTotal['已拨付（元）'])).toBe(333_334);
    expect(fen(fTotal['下达金额（元）'])).toBe(fen(pTotal['已下达（元）']));
    expect(fen(fTotal['拨付金额（元）'])).toBe(fen(pTotal['已拨付（元）']));
    expect(dataP.reduce((s, r) => s + fen(r['已下达（元）']), 0)).toBe(fen(pTotal['已下达（元）']));
    expect(dataF.map((r) => r['类别'])).toEqual(['下达', '下达', '拨付', '拨付', '下达']);
    expect(dataP[1]!['预警']).toBe('资金已 90 天无拨付');
  });

  it('keeps formula-like text as text and prints no household ids', () => {
    const s = sheetByName(wb, PROJECT_SHEET);
    const r = s.values.findIndex((row) => row.includes('=HYPERLINK("http://x")'));
    expect(r).toBeGreaterThan(0);
    const c = s.values[r]!.indexOf('=HYPERLINK("http://x")');
    expect(s.data_types[r]![c]).toBe('s');
    const text = wb.sheets.flatMap((x) => x.values.flat().map(String)).join('|');
    expect(text).not.toContain('6224211002010001');
  });
});
