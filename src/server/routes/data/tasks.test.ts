// The task endpoints against every role of the scope matrix: lists hold in-scope tasks only (a
// sector its own sector only), steps are refused out of scope, for the leader and for another
// sector; the task ledger downloads without leaks; bulk assignment and proposals are the
// township's and the county office's; evidence files are checked and served back.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../../test/dialects.js';
import type { Task } from '../../../domain/types.js';
import { createMatrix, MATRIX_ROLES, type Client, type Matrix, type MatrixRole } from '../../../../test/kits/matrix.js';

const ACTOR = { id: 'matrix', name: '测试数据' };

async function workbookRows(body: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')))));
  return rows;
}

function upload(m: Matrix, c: Client, taskId: string, fileName: string, content: Buffer) {
  const boundary = '----tuopin-task-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return m.app.inject({
    method: 'POST', url: `/api/tasks/${taskId}/attachments`, payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: c.cookie, 'x-csrf-token': c.csrfToken },
  });
}

describeEachDialect('task API scope matrix', (testDb) => {
  let m: Matrix;
  const tasks: Task[] = [];

  beforeAll(async () => {
    m = await createMatrix(await testDb.fresh(), { clock: () => '2018-11-20T02:00:00.000Z' });
    // Every household gets a schooling task (教育, the matrix sector) and a water task (水务).
    await m.store.transaction(async (trx) => {
      for (const r of m.county.records) {
        for (const [indicator, sector] of [['education', '教育'], ['water', '水务']] as const) {
          const t: Task = { id: `M-${r.household.id}-${indicator}`, householdId: r.household.id, memberId: null, indicator, dueDate: '2018-12-20', status: 'open', sector, note: null };
          await m.store.tasks.create(trx, t, ACTOR, '测试任务', '2018-11-01T00:00:00.000Z');
          tasks.push(t);
        }
      }
    });
  });
  afterAll(() => m.close());

  const visible = (role: MatrixRole) =>
    tasks.filter((t) => m.expect[role].households.in.includes(t.householdId) && (role !== 'sector' || t.sector === '教育'));

  it('GET /api/tasks lists exactly the role’s tasks (a sector only its own), without leaks', async () => {
    for (const role of MATRIX_ROLES) {
      const res = await m.as(role).get('/api/tasks?pageSize=500');
      expect(res.statusCode, role).toBe(200);
      const body = res.json() as { total: number; items: { id: string; householdId: string }[] };
      const own = visible(role).map((t) => t.id);
      expect(body.items.map((t) => t.id).filter((id) => id.startsWith('M-')).sort(), role).toEqual([...own].sort());
      expect(m.leaks(role, res.body), role).toEqual([]);
    }
  });

  it('GET /api/tasks/summary counts the role’s tasks only, without leaks', async () => {
    for (const role of MATRIX_ROLES) {
      const res = await m.as(role).get('/api/tasks/summary');
      expect(res.statusCode, role).toBe(200);
      const body = res.json() as { total: number; recentExits: unknown[] | null };
      expect(body.total, role).toBeGreaterThanOrEqual(visible(role).length);
      expect(body.recentExits === null, role).toBe(role === 'sector');
      expect(m.leaks(role, res.body), role).toEqual([]);
    }
  });

  it('filters by status, sector and lateness; a bad status is a 400', async () => {
    const late = (await m.as('county').get('/api/tasks?overdue=true&pageSize=500')).json() as { items: { id: string }[] };
    expect(late.items.filter((t) => t.id.startsWith('M-'))).toEqual([]);
    const water = (await m.as('county').get('/api/tasks?sector=水务&status=open,in-progress&pageSize=500')).json() as { items: { sector: string }[] };
    expect(water.items.length).toBeGreaterThan(0);
    expect(water.items.every((t) => t.sector === '水务')).toBe(true);
    expect((await m.as('county').get('/api/tasks?status=bogus')).statusCode).toBe(400);
  });

  it('POST /api/tasks/:id/steps: out of scope or another sector 404 (as a missing task), leader 403, then the right role 200', async () => {
    for (const t of tasks) {
      const refusedRoles = MATRIX_ROLES.filter((r) => r === 'leader' || !m.expect[r].households.in.includes(t.householdId) || (r === 'sector' && t.sector !== '教育'));
      for (const role of refusedRoles) {
        const res = await m.as(role).post(`/api/tasks/${t.id}/steps`, { step: 'start' });
        const seen = m.expect[role].households.in.includes(t.householdId) && (role !== 'sector' || t.sector === '教育');
        expect(res.statusCode, `${role} ${t.id}`).toBe(seen ? 403 : 404);
        expect(m.leaks(role, res.body)).toEqual([]);
      }
      const doer: MatrixRole = t.sector === '教育' ? 'sector' : m.expect.village.households.in.includes(t.householdId) ? 'village' : 'county';
      const ok = await m.as(doer).post(`/api/tasks/${t.id}/steps`, { step: 'start' });
      expect(ok.statusCode, `${doer} ${t.id}`).toBe(200);
      expect((await m.as(doer).post(`/api/tasks/${t.id}/steps`, { step: 'start' })).statusCode, 'already started').toBe(409);
    }
    expect((await m.as('county').post('/api/tasks/NO-SUCH/steps', { step: 'start' })).statusCode).toBe(404);
  });

  it('complete → verify needs a second person: the doer gets 403, the township 200', async () => {
    const t = tasks.find((x) => x.sector === '水务' && m.expect.township.households.in.includes(x.householdId))!;
    const done = await m.as('township').post(`/api/tasks/${t.id}/steps`, {
      step: 'complete', evidenceNote: '已通自来水', evidenceDate: '2018-11-19', closeOut: { kind: 'water', solution: '自来水入户', litresPerPersonDay: 50, fetchMinutes: 0 },
    });
    expect(done.statusCode, done.body).toBe(200);
    const self = await m.as('township').post(`/api/tasks/${t.id}/steps`, { step: 'verify' });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.message).toContain('完成人以外');
    expect((await m.as('county').post(`/api/tasks/${t.id}/steps`, { step: 'verify' })).statusCode).toBe(200);
  });

  it('bulk assignment and proposals: county and township only; a due date past the deadline is a 400', async () => {
    const ids = visible('township').filter((t) => t.sector === '教育').map((t) => t.id);
    for (const role of ['leader', 'sector', 'village'] as const) {
      expect((await m.as(role).post('/api/tasks/assign', { ids, responsible: '王', dueDate: '2018-12-01' })).statusCode, role).toBe(403);
      expect((await m.as(role).post('/api/tasks/propose', {})).statusCode, role).toBe(403);
    }
    const late = await m.as('township').post('/api/tasks/assign', { ids, responsible: '王', dueDate: '2019-03-01' });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.message).toContain('截止日期');
    const ok = await m.as('township').post('/api/tasks/assign', { ids, responsible: '王', dueDate: '2018-12-01' });
    expect(ok.json()).toEqual({ assigned: ids.length });
    expect((await m.as('township').post('/api/tasks/propose', {})).statusCode).toBe(200);
  });

  it('the task ledger holds the role’s tasks only, without leaks', async () => {
    for (const role of MATRIX_ROLES) {
      const res = await m.as(role).get('/api/export/tasks.xlsx');
      expect(res.statusCode, role).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const rows = await workbookRows(res.rawPayload);
      const text = rows.map((r) => r.join('\t')).join('\n');
      expect(m.leaks(role, text), role).toEqual([]);
      for (const t of visible(role)) expect(text, `${role} ${t.id}`).toContain(t.id);
    }
  });

  it('evidence upload: a PNG is stored and served back; text renamed .jpg is a 400; the leader gets 404', async () => {
    const t = visible('village')[0]!;
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const ok = await upload(m, m.as('village'), t.id, '现场照片.png', png);
    expect(ok.statusCode, ok.body).toBe(200);
    const meta = ok.json() as { id: string; contentType: string };
    expect(meta.contentType).toBe('image/png');
    const back = await m.as('county').get(`/api/tasks/${t.id}/attachments/${meta.id}`);
    expect(back.statusCode).toBe(200);
    expect(Buffer.compare(back.rawPayload, png)).toBe(0);
    expect((await upload(m, m.as('village'), t.id, '假照片.jpg', Buffer.from('not an image'))).statusCode).toBe(400);
    // The leader does not cover this village: answered as for a missing task.
    expect((await upload(m, m.as('leader'), t.id, 'x.png', png)).statusCode).toBe(404);
    const outsider = MATRIX_ROLES.find((r) => r !== 'sector' && !m.expect[r].households.in.includes(t.householdId));
    if (outsider) expect((await m.as(outsider).get(`/api/tasks/${t.id}/attachments/${meta.id}`)).statusCode).toBe(404);
  });
});
