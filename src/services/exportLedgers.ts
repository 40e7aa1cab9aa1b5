// Use case: write the ledger workbook and the income-form workbook from an assessment report.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { ATTRIBUTE_LABELS, CAUSE_LABELS } from '../domain/labels.js';
import { maskFor, type MaskOptions } from '../domain/mask.js';
import type { Region } from '../domain/types.js';
import { writeIncomeForms } from '../io/ledger/incomeForms.js';
import { writeLedgers, type LedgerHousehold, type LedgerVillage } from '../io/ledger/ledgers.js';
import type { CountyReport } from './assessCounty.js';

export interface ExportOptions {
  /** Who the files are for; default the county office's internal copy (partially masked). */
  mask?: MaskOptions;
  generatedAt: string;
}

export interface ExportResult {
  files: { path: string; kind: 'ledgers' | 'income-forms'; sheets: { name: string; rows: number }[] }[];
}

export class ExportError extends Error {
  override name = 'ExportError';
}

function regionNames(regions: readonly Region[]): (code: string | null) => string {
  const names = new Map(regions.map((r) => [r.code, r.name]));
  return (code) => (code === null ? '' : (names.get(code) ?? code));
}

export async function exportLedgers(report: CountyReport, dir: string, opts: ExportOptions): Promise<ExportResult> {
  if (report.county === null) throw new ExportError('没有县级区划数据，无法生成台账');
  mkdirSync(dir, { recursive: true });
  const name = regionNames(report.regions);
  const parentOf = new Map(report.regions.map((r) => [r.code, r.parentCode]));
  const byId = new Map(report.records.map((r) => [r.household.id, r]));

  const households: LedgerHousehold[] = report.results.map((a) => {
    const rec = byId.get(a.householdId);
    const head = rec?.members.find((m) => m.relation === 'head') ?? null;
    const townshipCode = parentOf.get(a.villageCode) ?? null;
    return {
      ...a,
      townshipName: name(townshipCode),
      villageName: name(a.villageCode),
      headIdNumber: head?.idNumber ?? null,
      phone: rec?.household.phone ?? head?.phone ?? null,
      attributeLabel: rec ? ATTRIBUTE_LABELS.label(rec.household.attribute) : '',
      mainCauseLabel: rec?.household.mainCause ? CAUSE_LABELS.label(rec.household.mainCause) : null,
    };
  });
  const villages: LedgerVillage[] = report.villages.map((v) => ({ ...v, townshipName: name(v.townshipCode) }));

  const year = report.rulebook.year;
  const county = report.county.name;
  const ledgerPath = join(dir, `${county}${year}年脱贫退出筛查台账.xlsx`);
  const incomePath = join(dir, `${county}${year}年收入测算表.xlsx`);
  const mask = opts.mask ?? maskFor('internal');

  const ledger = await writeLedgers(
    ledgerPath,
    {
      rulebook: report.rulebook,
      countyName: county,
      referenceDate: report.referenceDate,
      generatedAt: opts.generatedAt,
      households,
      villages,
      townships: report.townships,
      county: report.county,
    },
    { mask },
  );

  const incomeRows = households
    .filter((h) => h.income !== null)
    .map((h) => ({ townshipName: h.townshipName, villageName: h.villageName, householdId: h.householdId, headName: h.headName, income: h.income! }));
  const income = await writeIncomeForms(incomePath, incomeRows, {
    title: `${county}${year}年贫困户收入测算表`,
    excludedItems: report.rulebook.income.excludedItems,
    pageHeaderLeft: county,
    generatedAt: opts.generatedAt,
  });
  return {
    files: [
      { path: ledgerPath, kind: 'ledgers', sheets: ledger.sheets },
      { path: incomePath, kind: 'income-forms', sheets: income.sheets },
    ],
  };
}
