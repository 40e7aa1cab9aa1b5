// Use case: import a roster file. All or nothing: a roster with any error changes nothing stored
// and yields a report (text + error workbook); a good one is diffed against what is stored and
// applied in one transaction, one change row per entity change, so a re-import never duplicates.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { HouseholdRecord } from '../domain/types.js';
import { readWorkbook, SheetFormatError, type Workbook } from '../io/sheets/index.js';
import { parseRoster, type RosterParse } from '../io/roster/parse.js';
import type { RosterIssue } from '../io/roster/errors.js';
import { writeErrorWorkbook } from '../io/roster/errors.js';
import { ALL, diffRecords, isEmptyPlan, planCounts, type ImportPlan, type PlanCounts } from '../store/index.js';
import type { ServiceContext } from './context.js';

export interface ImportOptions {
  /** Income-form year the roster's income columns belong to (default: the rulebook's year). */
  incomeYear: number;
  /** Where to write the error workbook when the roster is rejected (default: beside the file). */
  errorWorkbookPath?: string;
  onStep?: (message: string) => void;
}

export interface ImportOutcome {
  importId: string;
  fileName: string;
  sha256: string;
  counts: PlanCounts;
  unchanged: boolean;
  warnings: RosterIssue[];
  parse: RosterParse['summary'];
  households: number;
  members: number;
  timings: { readMs: number; parseMs: number; writeMs: number };
}

/** The roster was rejected: nothing was stored. */
export class ImportRejectedError extends Error {
  override name = 'ImportRejectedError';
  constructor(
    message: string,
    readonly issues: RosterIssue[],
    readonly errorWorkbookPath: string | null,
  ) {
    super(message);
  }
}

function groupRecords(parsed: RosterParse): HouseholdRecord[] {
  const records = new Map<string, HouseholdRecord>();
  for (const h of parsed.households) records.set(h.id, { household: h, members: [], income: null, tasks: [] });
  for (const m of parsed.members) records.get(m.householdId)?.members.push(m);
  for (const f of parsed.incomes) {
    const r = records.get(f.householdId);
    if (r) r.income = f;
  }
  for (const t of parsed.tasks) records.get(t.householdId)?.tasks.push(t);
  return [...records.values()];
}

/**
 * An import may clear a stored ID number only by a blank cell in the file, and never silently:
 * each one it clears is a warning in the outcome.
 */
function clearedIdNumbers(plan: ImportPlan, parsed: RosterParse): RosterIssue[] {
  const sheet = parsed.summary.sheets.find((s) => s.role === 'roster')?.name ?? '';
  return plan.members.updates
    .filter((u) => u.before.idNumber !== null && u.after.idNumber === null)
    .map((u) => ({
      severity: 'warning' as const,
      sheet,
      row: null,
      column: null,
      header: '证件号码',
      value: null,
      code: 'id-number-cleared',
      message: `人编号“${u.after.id}”（${u.after.name}）的证件号码在文件中为空：已清空库中原有的证件号码。如非有意，请补填后重新导入`,
    }));
}

function defaultErrorPath(file: string): string {
  return file.replace(/(\.[^./\\]+)?$/, '.错误报告.xlsx');
}

/** Read and validate the file; the workbook (with its inflated sheet XML) lives only in here. */
async function readAndValidate(file: string, opts: ImportOptions): Promise<{ parsed: RosterParse; sha256: string; readMs: number; parseMs: number }> {
  const step = opts.onStep ?? (() => {});
  const t0 = performance.now();
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch {
    throw new ImportRejectedError(`找不到文件：${file}`, [], null);
  }
  const sha256 = createHash('sha256').update(buffer).digest('hex');
  let wb: Workbook;
  try {
    wb = readWorkbook(buffer, basename(file));
  } catch (e) {
    if (e instanceof SheetFormatError) throw new ImportRejectedError(e.message, [], null);
    throw e;
  }
  const t1 = performance.now();
  step('校验花名册…');
  const parsed = parseRoster(wb, { incomeYear: opts.incomeYear });
  const t2 = performance.now();
  const errors = parsed.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    const errorPath = opts.errorWorkbookPath ?? defaultErrorPath(file);
    let written: string | null = errorPath;
    try {
      await writeErrorWorkbook(errorPath, wb, parsed.issues);
    } catch {
      written = null; // the text report still says everything; a read-only folder must not hide it
    }
    throw new ImportRejectedError(`花名册有 ${errors.length} 处错误，未导入任何数据`, parsed.issues, written);
  }
  return { parsed, sha256, readMs: t1 - t0, parseMs: t2 - t1 };
}

export async function importRoster(ctx: ServiceContext, file: string, opts: ImportOptions): Promise<ImportOutcome> {
  const step = opts.onStep ?? (() => {});
  // The workbook is out of scope once validated, so its ~100 MB of sheet XML can be collected
  // before the write builds its own working set.
  const { parsed, sha256, readMs, parseMs } = await readAndValidate(file, opts);
  const t2 = performance.now();
  step('写入数据库…');
  const incoming = groupRecords(parsed);
  const { store } = ctx;
  const importId = `imp-${ctx.clock().replace(/[^0-9]/g, '').slice(0, 14)}-${randomUUID().slice(0, 8)}`;
  const fileName = basename(file);
  const outcome = await store.transaction(async (trx) => {
    const storedRegions = await store.regions.list(ALL, { trx });
    const stored = await store.registry.loadRecords(ALL, { year: opts.incomeYear, trx, householdIds: incoming.map((r) => r.household.id) });
    const plan = diffRecords(
      { regions: storedRegions, records: stored },
      { regions: parsed.regions, records: incoming },
      { syncTasks: parsed.tasks.length > 0 },
    );
    const counts = planCounts(plan);
    if (!isEmptyPlan(plan)) await store.registry.applyImport(trx, plan, ctx.actor, `导入花名册 ${fileName}`, importId);
    await store.imports.record(trx, {
      id: importId, at: ctx.clock(), actor: ctx.actor, fileName, sha256,
      counts: { ...counts, households: incoming.length, members: parsed.members.length, warnings: parsed.issues.length },
      status: 'applied',
    });
    return { counts, unchanged: isEmptyPlan(plan), cleared: clearedIdNumbers(plan, parsed) };
  });
  const t3 = performance.now();
  const { cleared, ...applied } = outcome;
  return {
    importId, fileName, sha256, ...applied,
    warnings: [...parsed.issues.filter((i) => i.severity === 'warning'), ...cleared],
    parse: parsed.summary,
    households: incoming.length,
    members: parsed.members.length,
    timings: { readMs, parseMs, writeMs: t3 - t2 },
  };
}
