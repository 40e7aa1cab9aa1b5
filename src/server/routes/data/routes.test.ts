// The data routes' own behaviour through fastify.inject: validation, the income edit's answer (a request
// the township approves),
// downloads, imports (progress, outcome, rejection with nothing stored, 409, 413) and the
// rulebook switch.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../../../../test/dialects.js';
import type { SyntheticCounty } from '../../../../test/fixtures/domain.js';
import { writeRoster } from '../../../io/roster/write.js';
import { ImportJobs } from '../../../services/importJobs.js';
import type { Store } from '../../../store/index.js';
import { buildApp } from '../../app.js';
import { createMatrix, MATRIX_ACCOUNTS, signIn, type Client, type Matrix } from '../../../../test/kits/matrix.js';
import type { AppDeps } from '../../types.js';
import type { DataRouteOptions } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'tuopin-data-routes-'));

async function rosterOf(county: SyntheticCounty, name: string, edit?: (records: SyntheticCounty['records']) => void): Promise<string> {
  const records = structuredClone(county.records);
  edit?.(records);
  const file = join(dir, name);
  await writeRoster(file, {
    regions: county.regions,
    households: records.map((r) => r.household),
    members: records.flatMap((r) => r.members),
    incomes: records.flatMap((r) => (r.income === null ? [] : [r.income])),
    tasks: records.flatMap((r) => r.tasks),
  });
  return file;
}

/** A copy of `file` with the first member row's 证件号码 replaced (edited with exceljs, not our writer). */
async function withBadIdNumber(file: string, name: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('花名册')!;
  let done = false;
  ws.eachRow((row, r) => {
    if (done) return;
    row.eachCell((cell, c) => {
      if (!done && String(cell.value).trim() === '证件号码') {
        ws.getRow(r + 1).getCell(c).value = '62052119800101001X';
        done = true;
      }
    });
  });
  const out = join(dir, name);
  await wb.xlsx.writeFile(out);
  return out;
}

function multipart(fileName: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----tuopin-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
  );
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(c: Client, app: Matrix['app'], fileName: string, content: Buffer) {
  const body = multipart(fileName, content);
  return app.inject({ method: 'POST', url: '/api/imports', headers: { ...body.headers, cookie: c.cookie, 'x-csrf-token': c.csrfToken }, payload: body.payload });
}

async function tableCounts(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['households', 'members', 'income_forms', 'changes', 'imports', 'assessment_runs'] as const) {
    const r = await store.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

async function waitFor(c: Client, jobId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 400; i++) {
    const r = await c.get(`/api/imports/${jobId}`);
    const job = r.json() as { status: string };
    if (job.status !== 'running') return job as Record<string, unknown>;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('import job did not finish');
}

describeEachDialect('data routes', (testDb) => {
  let m: Matrix;
  let release: () => void = () => {};
  let held: Promise<void> = Promise.resolve();
  let app: Matrix['app'];
  let county: Client;

  beforeEach(async () => {
    m = await createMatrix(await testDb.fresh());
    // A second app on the same store with a small upload limit and a job runner the test can hold.
    const jobs = new ImportJobs({ store: m.store, clock: m.deps.clock, beforeImport: () => held });
    const deps: AppDeps & DataRouteOptions = { ...m.deps, jobs, uploadLimitBytes: 256 * 1024 };
    app = await buildApp(deps);
    county = await signIn(app, MATRIX_ACCOUNTS.county.username, 'county');
  });
  afterEach(async () => {
    release();
    await app.close();
    await m.close();
  });

  it('rejects bad list parameters with a Chinese 400', async () => {
    for (const url of ['/api/households?pageSize=500', '/api/households?sort=name', '/api/households?indicator=wifi', '/api/households?page=0']) {
      const r = await m.as('county').get(url);
      expect(r.statusCode, url).toBe(400);
      expect((r.json() as { error: { message: string } }).error.message, url).toMatch(/[\u4e00-\u9fff]/);
    }
    // The sector user cannot filter or sort by what it may not see.
    expect((await m.as('sector').get('/api/households?indicator=housing')).statusCode).toBe(403);
    expect((await m.as('sector').get('/api/households?sort=perCapita')).statusCode).toBe(403);
    expect((await m.as('sector').get('/api/households?indicator=education')).statusCode).toBe(200);
  });

  it('PUT income answers “已提交，待乡镇审核”, needs a reason; once the township approves, the page shows the new class', async () => {
    const id = m.expect.village.households.in[0]!;
    const noReason = await m.as('village').put(`/api/households/${id}/income`, { items: { migrantWage: 1 }, note: null, reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    const csrfLess = await m.app.inject({ method: 'PUT', url: `/api/households/${id}/income`, headers: { cookie: m.as('village').cookie }, payload: { items: {}, reason: 'x' } });
    expect(csrfLess.statusCode).toBe(403);

    // The form is sent whole (the page edits every line); only the migrant wage changes here.
    const current = m.county.records.find((x) => x.household.id === id)!.income!;
    const classBefore = ((await m.as('village').get(`/api/households/${id}`)).json() as { assessment: { class: string } }).assessment.class;
    const r = await m.as('village').put(`/api/households/${id}/income`, { items: { ...current.items, migrantWage: 999999 }, note: current.note, reason: '补录务工收入' });
    expect(r.statusCode).toBe(200);
    const out = r.json() as { status: string; message: string; assessment: unknown; request: { id: string; lines: string[]; canWithdraw: boolean } };
    expect(out).toMatchObject({ status: 'pending', message: '已提交，待乡镇审核', assessment: null });
    expect(out.request.canWithdraw).toBe(true);
    expect(out.request.lines.some((l) => /^外出务工收入 .+ → 999999$/.test(l))).toBe(true);
    type Page = { assessment: { class: string }; history: { text: string }[]; income: { lines: { code: string; amount: number | null; counted: boolean }[] }; reassessed: { by: string } | null };
    const waiting = (await m.as('village').get(`/api/households/${id}`)).json() as Page;
    expect(waiting.assessment.class).toBe(classBefore);
    expect(waiting.income.lines.find((l) => l.code === 'migrantWage')?.amount).not.toBe(999999);
    expect(waiting.history[0]!.text).toMatch(/申请修改 \d{4}年收入测算表 外出务工收入 .+ → 999999（待审核）（原因：补录务工收入）$/);

    const ok = await m.as('township').post(`/api/change-requests/${out.request.id}/approve`, {});
    expect(ok.statusCode).toBe(200);
    const approved = ok.json() as { status: string; assessment: { class: string; income: { pass: boolean } } };
    expect(approved.status).toBe('applied');
    expect(approved.assessment.income.pass).toBe(true);
    const page = (await m.as('village').get(`/api/households/${id}`)).json() as Page;
    expect(page.assessment.class).toBe(approved.assessment.class);
    expect(page.reassessed?.by).toBe(MATRIX_ACCOUNTS.township.name);
    expect(page.history.some((h) => /修改 \d{4}年收入测算表：外出务工收入 .+ → 999999（原因：补录务工收入（红星村测试申请，经审批））$/.test(h.text))).toBe(true);
    expect(page.history.some((h) => h.text.includes(`${MATRIX_ACCOUNTS.township.name} 批准 ${MATRIX_ACCOUNTS.village.name}的申请：修改`))).toBe(true);
    expect(page.income.lines.find((l) => l.code === 'migrantWage')?.amount).toBe(999999);
    expect(page.income.lines).toHaveLength(27);
  });

  it('cached lists follow an approved income edit at once: the data version moves with the write', async () => {
    const id = m.expect.village.households.in[0]!;
    const row = async () => {
      const r = await m.as('county').get(`/api/households?q=${id}`);
      expect(r.statusCode).toBe(200);
      return (r.json() as { items: { id: string; perCapita: number | null; class: string | null }[] }).items.find((i) => i.id === id)!;
    };
    const before = await row();
    expect(await row()).toEqual(before); // answered from the cache
    const current = m.county.records.find((x) => x.household.id === id)!.income!;
    const r = await m.as('village').put(`/api/households/${id}/income`, { items: { ...current.items, migrantWage: 888888 }, note: current.note, reason: '补录务工收入' });
    expect(r.statusCode).toBe(200);
    expect(await row()).toEqual(before); // pending: nothing moved
    const ok = await m.as('county').post(`/api/change-requests/${(r.json() as { request: { id: string } }).request.id}/approve`, {});
    expect(ok.statusCode).toBe(200);
    const after = await row();
    expect(after.perCapita).not.toBe(before.perCapita);
    expect(after.class).toBe((ok.json() as { assessment: { class: string } }).assessment.class);
  });

  it('exports carry a UTF-8 file name and the xlsx type', async () => {
    const r = await m.as('township').get('/api/export/ledgers.xlsx');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const cd = String(r.headers['content-disposition']);
    expect(cd).toContain('filename="tuopin-ledgers.xlsx"');
    expect(decodeURIComponent(cd.split("filename*=UTF-8''")[1]!)).toMatch(/年脱贫退出筛查台账\.xlsx$/);
  });

  it('imports a roster in the background: steps, counts, a new run, and the change in the household’s history', async () => {
    const target = m.county.records[0]!.household.id;
    const file = await rosterOf(m.county, '红星村更新.xlsx', (records) => {
      const rec = records[0]!;
      rec.income = { householdId: target, year: 2018, items: { ...(rec.income?.items ?? {}), migrantWage: 4321 }, note: null };
    });
    const runsBefore = (await tableCounts(m.store)).assessment_runs!;
    const r = await upload(county, app, '红星村更新.xlsx', readFileSync(file));
    expect(r.statusCode, r.body).toBe(202);
    const job = await waitFor(county, (r.json() as { jobId: string }).jobId);
    expect(job['status'], JSON.stringify(job)).toBe('succeeded');
    const outcome = job['outcome'] as { counts: Record<string, { updates: number }>; runId: number; unchanged: boolean };
    expect(outcome.unchanged).toBe(false);
    expect(outcome.counts['incomes']!.updates).toBe(1);
    expect((job['steps'] as { message: string }[]).map((s) => s.message)).toEqual(expect.arrayContaining(['读取文件…', '校验花名册…', '写入数据库…', '重新测算全县…']));
    expect((await tableCounts(m.store)).assessment_runs).toBe(runsBefore + 1);
    expect(outcome.runId).toBe((await m.store.assessments.latestRun())!.id);
    const page = (await county.get(`/api/households/${target}`)).json() as { history: { text: string }[] };
    expect(page.history[0]!.text).toContain('导入花名册 红星村更新.xlsx');
  });

  it('a rejected roster stores nothing and offers its error workbook', async () => {
    const good = await rosterOf(m.county, 'good.xlsx');
    const bad = await withBadIdNumber(good, '坏身份证.xlsx');
    const before = await tableCounts(m.store);
    const r = await upload(county, app, '坏身份证.xlsx', readFileSync(bad));
    expect(r.statusCode).toBe(202);
    const jobId = (r.json() as { jobId: string }).jobId;
    const job = await waitFor(county, jobId);
    expect(job['status']).toBe('rejected');
    const rejection = job['rejection'] as { issues: { severity: string; message: string }[]; errorCount: number; errorWorkbook: boolean };
    expect(rejection.errorCount).toBeGreaterThan(0);
    expect(rejection.issues.map((i) => i.message).join('\n')).toMatch(/校验/);
    // Structured: the page can show sheet, row and column without parsing text.
    expect(rejection.issues.find((i) => i.severity === 'error')).toMatchObject({ sheet: expect.any(String), row: expect.any(Number), column: expect.stringMatching(/^[A-Z]+$/) });
    expect(rejection.errorWorkbook).toBe(true);
    expect(await tableCounts(m.store)).toEqual(before);
    const x = await county.get(`/api/imports/${jobId}/errors.xlsx`);
    expect(x.statusCode).toBe(200);
    expect(decodeURIComponent(String(x.headers['content-disposition']).split("filename*=UTF-8''")[1]!)).toBe('坏身份证.错误报告.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('问题清单')).toBeDefined();
  });

  it('a second upload while one runs is refused with 409, and a file over the limit with a Chinese 413', async () => {
    held = new Promise((res) => {
      release = res;
    });
    const file = await rosterOf(m.county, 'same.xlsx');
    const first = await upload(county, app, 'same.xlsx', readFileSync(file));
    expect(first.statusCode).toBe(202);
    const second = await upload(county, app, 'same.xlsx', readFileSync(file));
    expect(second.statusCode).toBe(409);
    expect((await county.put('/api/rulebook', { id: 'gansu-2018' })).statusCode).toBe(409);
    release();
    await waitFor(county, (first.json() as { jobId: string }).jobId);

    const big = await upload(county, app, 'big.xlsx', Buffer.alloc(300 * 1024, 7));
    expect(big.statusCode).toBe(413);
    expect((big.json() as { error: { message: string } }).error.message).toBe('上传的文件超过 256 KB，请删去无关的工作表或按乡镇拆分后分别导入');
  });

  it('switching the rulebook re-assesses the county and reports class movements that add up', async () => {
    const before = (await m.store.assessments.latestRun())!;
    const r = await county.put('/api/rulebook', { id: 'monitoring-2021', reason: '试算监测标准' });
    expect(r.statusCode, r.body).toBe(200);
    const out = r.json() as { previous: string; active: string; households: number; unchanged: number; movements: { from: string | null; to: string; households: number }[]; runId: number };
    expect(out).toMatchObject({ previous: 'seed-county-2018', active: 'monitoring-2021', previousRunId: before.id });
    expect(out.unchanged + out.movements.reduce((n, x) => n + x.households, 0)).toBe(out.households);
    expect(out.movements.every((x) => x.from !== x.to)).toBe(true);
    expect((await county.get('/api/rulebook')).json()).toMatchObject({ rulebook: { id: 'monitoring-2021' } });
    expect((await m.store.assessments.latestRun())!).toMatchObject({ id: out.runId, rulebookId: 'monitoring-2021' });
    const bad = await county.put('/api/rulebook', { id: 'no-such-rulebook' });
    expect(bad.statusCode).toBe(400);
  });
});
