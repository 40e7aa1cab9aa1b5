// A run never stays behind the registry: an import killed between its commit and its
// re-assessment leaves a stale run that start-up and the next upload (even of the same file)
// re-assess; writes that re-assess in place keep the run current without a new one.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.js';
import { generateCounty } from '../demo/generate.js';
import { writeRoster } from '../io/roster/write.js';
import { openStore, ALL, diffRecords, type Store } from '../store/index.js';
import type { ServiceContext } from './context.js';
import { AssessmentKeeper, freshness } from './freshness.js';
import { importRoster } from './importRoster.js';
import { ImportJobs } from './importJobs.js';
import { reassess } from './reassess.js';
import { updateIncome } from './updateIncome.js';
import { approveRequest } from './changeRequests.js';
import { seedCounty, viewersFor } from '../../test/fixtures/data.js';

const dir = mkdtempSync(join(tmpdir(), 'tuopin-freshness-test-'));
const clerk = { id: 'u-clerk', name: '县扶贫办录入员' };
let tick = 0;
const clock = () => new Date(Date.UTC(2018, 9, 1, 8, 0, tick++)).toISOString();

const county = generateCounty({ seed: 11, scale: 0.01, year: 2018 });
const original = join(dir, 'original.xlsx');
const raised = join(dir, 'raised.xlsx');
// A household whose class an income rise moves: the first one below the line with wages to raise.
let target = '';

/** The roster with one household's wage income raised far above the line. */
async function writeRaised(householdId: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(original);
  const ws = wb.getWorksheet('花名册')!;
  let headerRow = 0;
  let wageCol = 0;
  let idCol = 0;
  ws.eachRow((row, r) => {
    if (headerRow) return;
    row.eachCell((cell, c) => {
      const v = String(cell.value).trim();
      if (v === '外出务工收入') wageCol = c;
      if (v === '户编号') idCol = c;
    });
    if (wageCol && idCol) headerRow = r;
  });
  if (!headerRow) throw new Error('fixture: headers not found');
  let done = false;
  ws.eachRow((row, r) => {
    if (done || r <= headerRow || String(row.getCell(idCol).value) !== householdId) return;
    row.getCell(wageCol).value = 900_000;
    done = true;
  });
  if (!done) throw new Error(`fixture: household ${householdId} not found`);
  await wb.xlsx.writeFile(raised);
}

beforeAll(async () => {
  await writeRoster(original, county);
});

describeEachDialect('the latest run stays current', (testDb) => {
  let store: Store;
  let ctx: ServiceContext;

  beforeEach(async () => {
    store = await openStore(await testDb.fresh(), { clock });
    ctx = { store, actor: clerk, clock };
    await importRoster(ctx, original, { incomeYear: 2018 });
    const run = await reassess(ctx);
    if (target === '') {
      const results = await store.assessments.latestResults(ALL, { runId: run.runId });
      const low = results.find((r) => r.inScope && r.income !== null && !r.income.pass);
      if (low === undefined) throw new Error('fixture: no household below the line');
      target = low.householdId;
      await writeRaised(target);
    }
    return () => store.close();
  });

  const latestIncomePass = async () => (await store.assessments.result(ALL, target))?.result.income?.pass;

  it('a run made by reassess is current; an import committed without its re-assessment leaves it stale', async () => {
    expect(await freshness(store)).toMatchObject({ stale: false, reason: null });
    // The crash: the import commits, the server dies before re-assessing.
    const outcome = await importRoster(ctx, raised, { incomeYear: 2018 });
    expect(outcome.unchanged).toBe(false);
    expect(await freshness(store)).toMatchObject({ stale: true, reason: 'registry-newer' });
    expect(await latestIncomePass()).toBe(false);
  });

  it('start-up (the keeper) re-assesses a stale run, so no page shows the old income and class', async () => {
    await importRoster(ctx, raised, { incomeYear: 2018 });
    const keeper = new AssessmentKeeper(ctx);
    const r = await keeper.bringCurrent();
    expect(r).not.toBeNull();
    expect(await freshness(store)).toMatchObject({ stale: false });
    expect(await latestIncomePass()).toBe(true);
    // Current now: a second check makes no run.
    expect(await keeper.bringCurrent()).toBeNull();
  });

  it('re-uploading the same file after the crash re-assesses instead of saying nothing changed', async () => {
    await importRoster(ctx, raised, { incomeYear: 2018 });
    const jobs = new ImportJobs({ store, clock, dir: mkdtempSync(join(dir, 'jobs-')) });
    try {
      const upload = join(jobs.newUploadDir(), 'raised.xlsx');
      copyFileSync(raised, upload);
      const job = jobs.start(clerk, upload);
      await jobs.idle();
      const view = jobs.get(job.id)!;
      expect(view.status).toBe('succeeded');
      expect(view.outcome).toMatchObject({ unchanged: true, runId: expect.any(Number) });
      expect(view.steps.at(-1)?.message).toContain('已重新测算');
    } finally {
      await jobs.close();
    }
    expect(await freshness(store)).toMatchObject({ stale: false });
    expect(await latestIncomePass()).toBe(true);
  });

  describe('the keeper', () => {
    it('pokes that arrive while a check runs get one more check after it', async () => {
      const keeper = new AssessmentKeeper(ctx);
      const first = keeper.poke();
      await importRoster(ctx, raised, { incomeYear: 2018 });
      const second = keeper.poke();
      await Promise.all([first, second]);
      await keeper.idle();
      expect(await freshness(store)).toMatchObject({ stale: false });
      expect(await latestIncomePass()).toBe(true);
    });
  });
});

describeEachDialect('writes that re-assess in place', (testDb) => {
  it('an approved income edit rewrites the run it lives in and keeps it current, with no new run', async () => {
    const store = await openStore(await testDb.fresh(), { clock });
    try {
      const s = await seedCounty(store, { clock });
      const v = viewersFor(s);
      const ctxOf = (a: { userId: string; name: string }) => ({ store, actor: { id: a.userId, name: a.name }, clock });
      expect(await freshness(store)).toMatchObject({ stale: false });
      const id = (await store.assessments.latestResults(ALL, { villageCode: s.villageA1 }))[0]!.householdId;
      const out = await updateIncome(ctxOf(v.village), v.village, id, { items: {}, note: '核实后无收入', reason: '入户核实收入' });
      expect(out.status).toBe('pending');
      const approved = await approveRequest(ctxOf(v.township), v.township, out.request!.id);
      expect(approved.status).toBe('applied');
      expect((await store.assessments.latestRun())?.id).toBe(s.runId);
      expect(await freshness(store)).toMatchObject({ stale: false });
    } finally {
      await store.close();
    }
  });

  it('a registry write that does not re-assess leaves the run stale', async () => {
    const store = await openStore(await testDb.fresh(), { clock });
    try {
      await seedCounty(store, { clock });
      const [rec] = await store.registry.loadRecords(ALL, { year: 2018 });
      await store.transaction((trx) =>
        store.registry.applyImport(
          trx,
          diffRecords(
            { regions: [], records: [rec!] },
            { regions: [], records: [{ ...rec!, household: { ...rec!.household, group: '三社' } }] },
            { syncTasks: false },
          ),
          clerk,
          '直接改写（测试）',
          null,
        ),
      );
      expect(await freshness(store)).toMatchObject({ stale: true, reason: 'registry-newer' });
    } finally {
      await store.close();
    }
  });
});
