// Use case: import a roster file. All or nothing: a roster with any error changes nothing stored
// and yields a report (text + error workbook); a good one is diffed against what is stored and
// applied in one transaction, one change row per entity change, so a re-import never duplicates.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { HouseholdRecord } from '../domain/types.js';
import type { InflateLimits } from '../io/sheets/index.js';
import type { RosterParse } from '../io/roster/parse.js';
import type { RosterIssue } from '../io/roster/errors.js';
import { notCarriedNotices } from '../io/roster/carried.js';
import { ALL, diffRecords, isEmptyPlan, planCounts, type ImportPlan, type PlanCounts } from '../store/index.js';
import type { ServiceContext } from './context.js';
import { readRosterFile } from './rosterFile.js';
import { readRosterFileInWorker } from './rosterWorker.js';

export { ImportRejectedError } from './rosterFile.js';

export interface ImportOptions {
  /** Income-form year the roster's income columns belong to (default: the rulebook's year). */
  incomeYear: number;
  /** Where to write the error workbook when the roster is rejected (default: beside the file). */
  errorWorkbookPath?: string;
  onStep?: (message: string) => void;
  /** How much an .xlsx may inflate to (default DEFAULT_INFLATE_LIMITS; the server's from its settings). */
  limits?: Partial<InflateLimits>;
  /**
   * Read and validate the file in a worker thread (the web server: its event loop keeps answering
   * while a large or hostile file is read). The write is always here, in one transaction.
   */
  worker?: boolean;
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

/** What the file did not carry and the store kept, for the report (only when something was stored). */
function keptNotices(parsed: RosterParse): RosterIssue[] {
  const sheet = parsed.summary.sheets.find((s) => s.role === 'roster')?.name ?? '';
  return notCarriedNotices(parsed.carried).map((message) => ({
    severity: 'warning' as const,
    sheet,
    row: null,
    column: null,
    header: null,
    value: null,
    code: 'kept-not-carried',
    message,
  }));
}

export async function importRoster(ctx: ServiceContext, file: string, opts: ImportOptions): Promise<ImportOutcome> {
  const step = opts.onStep ?? (() => {});
  // The workbook is out of scope once validated, so its ~100 MB of sheet XML can be collected
  // before the write builds its own working set.
  const read = opts.worker === true ? readRosterFileInWorker : readRosterFile;
  const { parsed, sha256, readMs, parseMs } = await read(file, {
    incomeYear: opts.incomeYear,
    ...(opts.errorWorkbookPath !== undefined ? { errorWorkbookPath: opts.errorWorkbookPath } : {}),
    ...(opts.limits !== undefined ? { limits: opts.limits } : {}),
    ...(opts.onStep !== undefined ? { onStep: opts.onStep } : {}),
  });
  const t2 = performance.now();
  step('写入数据库…');
  const incoming = groupRecords(parsed);
  const { store } = ctx;
  const importId = `imp-${ctx
    .clock()
    .replace(/[^0-9]/g, '')
    .slice(0, 14)}-${randomUUID().slice(0, 8)}`;
  const fileName = basename(file);
  const outcome = await store.transaction(async (trx) => {
    const storedRegions = await store.regions.list(ALL, { trx });
    const stored = await store.registry.loadRecords(ALL, { year: opts.incomeYear, trx, householdIds: incoming.map((r) => r.household.id) });
    const plan = diffRecords(
      { regions: storedRegions, records: stored },
      { regions: parsed.regions, records: incoming },
      { syncTasks: parsed.tasks.length > 0, carried: parsed.carried },
    );
    const counts = planCounts(plan);
    if (!isEmptyPlan(plan)) await store.registry.applyImport(trx, plan, ctx.actor, `导入花名册 ${fileName}`, importId);
    await store.imports.record(trx, {
      id: importId,
      at: ctx.clock(),
      actor: ctx.actor,
      fileName,
      sha256,
      counts: { ...counts, households: incoming.length, members: parsed.members.length, warnings: parsed.issues.length },
      status: 'applied',
    });
    const kept = storedRegions.length > 0 || stored.length > 0 ? keptNotices(parsed) : [];
    return { counts, unchanged: isEmptyPlan(plan), cleared: clearedIdNumbers(plan, parsed), kept };
  });
  const t3 = performance.now();
  const { cleared, kept, ...applied } = outcome;
  return {
    importId,
    fileName,
    sha256,
    ...applied,
    // What the file left as stored comes first: a report that lists only the first warnings still says it.
    warnings: [...kept, ...parsed.issues.filter((i) => i.severity === 'warning'), ...cleared],
    parse: parsed.summary,
    households: incoming.length,
    members: parsed.members.length,
    timings: { readMs, parseMs, writeMs: t3 - t2 },
  };
}
