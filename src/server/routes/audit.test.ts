import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.js';
import { asAttacker } from '../../../test/tamper.js';
import type { AuditOverview, AuditReport } from '../../contract/api.js';
import { createMatrix, MATRIX_ROLES, type Matrix } from '../../../test/kits/matrix.js';

describeEachDialect('audit endpoints', (db) => {
  let m: Matrix;
  let url: string;
  beforeAll(async () => {
    url = await db.fresh();
    m = await createMatrix(url);
  });
  afterAll(async () => {
    await m.close();
  });

  it.each(MATRIX_ROLES.filter((r) => r !== 'county'))('POST /api/admin/audit/verify as %s: 403 and no report', async (role) => {
    const r = await m.as(role).post('/api/admin/audit/verify', {});
    expect(r.statusCode).toBe(403);
    expect(r.json()).toEqual({ error: { code: 'forbidden', message: '只有县扶贫办的管理员可以核验变更日志' } });
    expect((await m.as(role).get('/api/admin/audit')).statusCode).toBe(403);
  });

  it('anonymous requests get 401', async () => {
    const anon = await m.anonymous();
    expect((await anon.post('/api/admin/audit/verify', {})).statusCode).toBe(401);
    expect((await anon.get('/api/admin/audit')).statusCode).toBe(401);
  });

  it('the county admin verifies an intact log, which leaves a checkpoint listed afterwards', async () => {
    const r = await m.as('county').post('/api/admin/audit/verify', {});
    expect(r.statusCode).toBe(200);
    const report = r.json() as AuditReport;
    expect(report).toMatchObject({ intact: true, breakCount: 0, breaks: [] });
    expect(report.rows).toBeGreaterThan(5);
    expect(report.head?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.recorded).toMatchObject({ seq: report.head!.seq, actorName: m.users.county.name });
    const o = (await m.as('county').get('/api/admin/audit')).json() as AuditOverview;
    expect(o.checkpoints.map((c) => c.seq)).toEqual([report.head!.seq]);
  });

  it('a POST without the CSRF token is refused', async () => {
    const c = m.as('county');
    const r = await m.app.inject({ method: 'POST', url: '/api/admin/audit/verify', headers: { cookie: c.cookie }, payload: {} });
    expect(r.statusCode).toBe(403);
    expect(r.body).not.toContain('"intact"');
  });

  it('a malformed head hash is a 400 in Chinese', async () => {
    const r = await m.as('county').post('/api/admin/audit/verify', { expectHead: 'not-a-hash' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('链头哈希应为 64 位十六进制字符');
  });

  it('a row edited in the database shows up as 内容被修改 with its seq, and the newest rows removed as a missing checkpoint', async () => {
    const head = ((await m.as('county').post('/api/admin/audit/verify', { checkpoint: false })).json() as AuditReport).head!;
    await asAttacker(db.dialect, url, [`update changes set reason = '改过' where seq = 2`, `delete from changes where seq = ${head.seq}`]);
    const r = await m.as('county').post('/api/admin/audit/verify', { expectHead: head.hash });
    expect(r.statusCode).toBe(200);
    const report = r.json() as AuditReport;
    expect(report.intact).toBe(false);
    expect(report.breaks.map((b) => [b.kind, b.seq])).toEqual([
      ['modified', 2],
      ['expected-head', head.seq - 1],
      ['checkpoint', head.seq],
    ]);
    expect(report.checkpoints[0]).toMatchObject({ seq: head.seq, status: 'missing' });
    expect(report.recorded).toBeNull();
  });
});
