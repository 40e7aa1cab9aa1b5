// 退出程序 over HTTP for every role (test/kits/matrix.ts): who may read which village's
// procedure and notice, who may record which step, and nothing out of scope or unmasked leaks.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../../test/dialects.js';
import { createMatrix, MATRIX_CODES, MATRIX_ROLES, type Matrix, type MatrixRole } from '../../../../test/kits/matrix.js';

let now = '2018-11-20T02:00:00.000Z';
const setDay = (day: string) => {
  now = `${day}T02:00:00.000Z`;
};

async function workbookText(body: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const parts: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => parts.push(String(cell.text)))));
  return parts.join('\n');
}

// Sessions live on the same clock as the store, so the clock stays on one day and the steps are
// dated back (补录, with a reason) instead of moving the clock through the weeks of a procedure.
const step = (s: string, date: string, householdIds: string[]) => ({
  step: s, date, document: `文号-${s}`, householdIds, backdateReason: '纸质记录补录',
  ...(s === 'appraisal' ? { minutes: '评议通过', votesFor: 15, votesAgainst: 0 } : {}),
});

/** Which role records which household step (everyone else gets 403). */
const RECORDER: Record<string, MatrixRole> = {
  appraisal: 'village', check: 'village', agreement: 'village', 'notice-start': 'village', 'notice-end': 'village',
  'township-review': 'township', 'county-approval': 'county', deregistered: 'county',
};

describeEachDialect('exit procedure API', (testDb) => {
  let m: Matrix;
  let preExit: string[];

  beforeAll(async () => {
    setDay('2018-12-10');
    m = await createMatrix(await testDb.fresh(), { clock: () => now });
    const view = (await m.as('county').get(`/api/villages/${MATRIX_CODES.villageA1}/exit`)).json() as { households: { householdId: string; class: string }[] };
    preExit = view.households.filter((h) => h.class === 'A').map((h) => h.householdId);
  });
  afterAll(() => m.close());

  it('GET a village’s exit page and notice list: 200 without leaks in scope, 404 out of scope, for every role', async () => {
    for (const role of MATRIX_ROLES) {
      for (const code of m.expect[role].villages.in) {
        for (const url of [`/api/villages/${code}/exit`, `/api/villages/${code}/exit/notice`]) {
          const r = await m.as(role).get(url);
          expect(r.statusCode, `${role} ${url}`).toBe(200);
          expect(m.leaks(role, r.body), `${role} ${url}`).toEqual([]);
        }
      }
      for (const code of m.expect[role].villages.out) {
        expect((await m.as(role).get(`/api/villages/${code}/exit`)).statusCode, `${role} ${code}`).toBe(404);
        expect((await m.as(role).get(`/api/villages/${code}/exit/notice.xlsx`)).statusCode, `${role} ${code}`).toBe(404);
      }
      for (const id of m.expect[role].households.out) expect((await m.as(role).get(`/api/households/${id}/exit`)).statusCode, `${role} ${id}`).toBe(404);
      for (const id of m.expect[role].households.in) expect((await m.as(role).get(`/api/households/${id}/exit`)).statusCode, `${role} ${id}`).toBe(200);
    }
    expect((await m.as('county').get('/api/villages/NOPE/exit')).statusCode).toBe(404);
  });

  it('not signed in: 401', async () => {
    const anon = await m.anonymous();
    expect((await anon.get(`/api/villages/${MATRIX_CODES.villageA1}/exit`)).statusCode).toBe(401);
    expect((await anon.get(`/api/villages/${MATRIX_CODES.villageA1}/exit/notice`)).statusCode).toBe(401);
    expect((await anon.post(`/api/villages/${MATRIX_CODES.villageA1}/exit/steps`, step('appraisal', '2018-11-20', ['H001']))).statusCode).toBe(401);
  });

  it('bad input is a 400 in Chinese and stores nothing', async () => {
    const r = await m.as('village').post(`/api/villages/${MATRIX_CODES.villageA1}/exit/steps`, { ...step('appraisal', '20181120', preExit), document: '' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toMatch(/日期格式应为|请填写文件/);
    expect(await m.store.exits.list({ kind: 'all' })).toEqual([]);
  });

  it('objections: recorded and resolved by the village for its households’ notice; leader, sector and others 403; upheld sends the household back', async () => {
    // The household sent back here starts again in the next test and runs through to 销号.
    const id = preExit[0] ?? null;
    expect(id, 'the matrix village needs a class-A household').not.toBeNull();
    const url = `/api/villages/${MATRIX_CODES.villageA1}/exit/steps`;
    for (const [s, day] of [['appraisal', '2018-11-10'], ['check', '2018-11-10'], ['agreement', '2018-11-10'], ['notice-start', '2018-11-11']] as const) {
      expect((await m.as('village').post(url, step(s, day, [id!]))).statusCode).toBe(200);
    }
    const proc = ((await m.as('village').get(`/api/households/${id}/exit`)).json() as { procedure: { id: string } }).procedure.id;
    for (const role of ['county', 'leader', 'sector', 'township'] as const) {
      expect((await m.as(role).post(`/api/exit/procedures/${proc}/objections`, { receivedOn: '2018-11-11', content: '异议' })).statusCode, role).toBe(403);
    }
    const r = await m.as('village').post(`/api/exit/procedures/${proc}/objections`, { receivedOn: '2018-11-11', content: '反映该户隐瞒收入' });
    expect(r.statusCode).toBe(200);
    const oid = (r.json() as { objections: { id: string }[] }).objections[0]!.id;
    expect((await m.as('township').post(`/api/exit/procedures/${proc}/objections/${oid}/resolve`, { outcome: 'upheld', date: '2018-11-11', note: 'x' })).statusCode).toBe(403);
    const res = await m.as('village').post(`/api/exit/procedures/${proc}/objections/${oid}/resolve`, { outcome: 'upheld', date: '2018-11-11', note: '核实属实' });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { status: string }).status).toBe('sent-back');
  });

  // Writes, in procedure order: each step tried by every role first.
  it('each household step is recorded only by its role (others 403), in order, through to 销号; an early notice end is 409', async () => {
    expect(preExit.length).toBeGreaterThan(0);
    const ids = preExit.slice(0, 1);
    const url = `/api/villages/${MATRIX_CODES.villageA1}/exit/steps`;
    const days: Record<string, string> = {
      appraisal: '2018-11-20', check: '2018-11-20', agreement: '2018-11-20', 'notice-start': '2018-11-20', 'notice-end': '2018-11-27',
      'township-review': '2018-11-28', 'county-approval': '2018-11-29', deregistered: '2018-11-30',
    };
    for (const [s, day] of Object.entries(days)) {
      if (s === 'notice-end') {
        const early = await m.as('village').post(url, step(s, '2018-11-23', ids));
        expect(early.statusCode).toBe(409);
        const body = early.json() as { error: { message: string; details: { failures: { subjectId: string; reasons: string[] }[] } } };
        expect(body.error.message).toContain('公示须满 7 天');
        expect(body.error.details.failures.map((f) => f.subjectId)).toEqual(ids);
      }
      for (const role of MATRIX_ROLES) {
        if (role === RECORDER[s]) continue;
        const r = await m.as(role).post(url, step(s, day, ids));
        expect(r.statusCode, `${role} ${s}`).toBe(403);
      }
      const ok = await m.as(RECORDER[s]!).post(url, step(s, day, ids));
      expect(ok.statusCode, `${RECORDER[s]} ${s}: ${ok.body}`).toBe(200);
      expect(m.leaks(RECORDER[s]!, ok.body)).toEqual([]);
    }
    const h = (await m.as('county').get(`/api/households/${ids[0]}`)).json() as { household: { status: string } };
    expect(h.household.status).toBe('exited');
  });

  it('the village user cannot record steps for another village (404, as for a missing one); the township user cannot for another township', async () => {
    const other = m.expect.village.households.out[0]!;
    expect((await m.as('village').post(`/api/villages/${MATRIX_CODES.villageA2}/exit/steps`, step('appraisal', '2018-12-01', [other]))).statusCode).toBe(404);
    expect((await m.as('township').post(`/api/villages/${MATRIX_CODES.villageB1}/exit/steps`, step('township-review', '2018-12-01', [other]))).statusCode).toBe(404);
    expect((await m.as('township').post(`/api/villages/${MATRIX_CODES.villageB1}/exit/village-steps`, { step: 'township-review', date: '2018-12-01', document: 'x' })).statusCode).toBe(404);
  });

  it('the notice workbook is served as an attachment and carries no ID number or phone of any household', async () => {
    for (const role of MATRIX_ROLES) {
      for (const code of m.expect[role].villages.in) {
        const r = await m.as(role).get(`/api/villages/${code}/exit/notice.xlsx`);
        expect(r.statusCode).toBe(200);
        expect(r.headers['content-disposition']).toMatch(/^attachment;/);
        const text = await workbookText(r.rawPayload);
        expect(text).toContain('公示');
        expect(m.leaks('village', text).filter((l) => !l.startsWith('household') && !l.startsWith('village'))).toEqual([]);
        expect(text).not.toMatch(/\d{17}[\dXx]|(?<!\d)1[3-9]\d{9}(?!\d)/);
      }
    }
  });

  it('objection phones: everyone reads them; the county office sets the default and any township’s, a township only its own; others 403; bad numbers 400 in Chinese', async () => {
    const url = '/api/exit/objection-phones';
    const { townshipA, townshipB } = MATRIX_CODES;
    /** Who may set which phone (null: the county default). */
    const allowed: Record<MatrixRole, (string | null)[]> = { county: [null, townshipA, townshipB], township: [townshipA], leader: [], sector: [], village: [] };
    for (const role of MATRIX_ROLES) {
      const r = await m.as(role).get(url);
      expect(r.statusCode, role).toBe(200);
      const phones = (r.json() as { phones: { townshipCode: string | null; canEdit: boolean }[] }).phones;
      expect(phones.filter((p) => p.canEdit).map((p) => p.townshipCode), role).toEqual(allowed[role].filter((c) => phones.some((p) => p.townshipCode === c)));
      for (const code of [null, townshipA, townshipB]) {
        const put = await m.as(role).put(url, { townshipCode: code, phone: '0931-8123456' });
        // Another township is answered as a missing one (404); a role that sets no phone at all is refused (403).
        const refused = role === 'township' && code === townshipB ? 404 : 403;
        expect(put.statusCode, `${role} ${code}`).toBe(allowed[role].includes(code) ? 200 : refused);
      }
    }
    const bad = await m.as('township').put(url, { townshipCode: townshipA, phone: '8123456' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('监督电话“8123456”格式不对');
    expect((await (await m.anonymous()).put(url, { townshipCode: null, phone: '0931-8123456' })).statusCode).toBe(401);
    const notice = (await m.as('village').get(`/api/villages/${MATRIX_CODES.villageA1}/exit/notice`)).json() as { objectionPhone: string };
    expect(notice.objectionPhone).toBe('0931-8123456');
  });

  it('village procedure objections: recorded and resolved only by the county office, which runs the village notice; a dismissed one lets the notice end', async () => {
    const code = MATRIX_CODES.villageA1;
    const row = await m.store.db.selectFrom('village_results').select(['run_id', 'data']).where('village_code', '=', code).executeTakeFirstOrThrow();
    await m.store.db.updateTable('village_results').set({ data: JSON.stringify({ ...JSON.parse(row.data), preExit: true }) })
      .where('village_code', '=', code).where('run_id', '=', row.run_id).execute();
    const url = `/api/villages/${code}/exit/village-steps`;
    const vstep = (s: string, date: string) => ({ step: s, date, document: `文号-${s}`, backdateReason: '纸质记录补录' });
    for (const [role, s, day] of [['village', 'application', '2018-11-10'], ['township', 'township-review', '2018-11-12'], ['county', 'county-check', '2018-11-14'], ['county', 'notice-start', '2018-11-15']] as const) {
      expect((await m.as(role).post(url, vstep(s, day))).statusCode, `${role} ${s}`).toBe(200);
    }
    const proc = ((await m.as('county').get(`/api/villages/${code}/exit`)).json() as { procedure: { id: string } }).procedure.id;
    for (const role of ['village', 'leader', 'sector', 'township'] as const) {
      expect((await m.as(role).post(`/api/exit/procedures/${proc}/objections`, { receivedOn: '2018-11-16', content: '异议' })).statusCode, role).toBe(403);
    }
    const r = await m.as('county').post(`/api/exit/procedures/${proc}/objections`, { receivedOn: '2018-11-16', content: '反映村道未硬化' });
    expect(r.statusCode).toBe(200);
    const oid = (r.json() as { objections: { id: string }[] }).objections[0]!.id;
    const blocked = await m.as('county').post(url, vstep('notice-end', '2018-12-01'));
    expect(blocked.statusCode).toBe(409);
    expect(blocked.body).toContain('异议');
    for (const role of ['village', 'leader', 'sector', 'township'] as const) {
      expect((await m.as(role).post(`/api/exit/procedures/${proc}/objections/${oid}/resolve`, { outcome: 'dismissed', date: '2018-11-18', note: 'x' })).statusCode, role).toBe(403);
    }
    const res = await m.as('county').post(`/api/exit/procedures/${proc}/objections/${oid}/resolve`, { outcome: 'dismissed', date: '2018-11-18', note: '已硬化，核实不属实' });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { status: string; objections: { resolution: { outcome: string } | null }[] }).objections[0]!.resolution?.outcome).toBe('dismissed');
    expect((await m.as('county').post(url, vstep('notice-end', '2018-12-01'))).statusCode).toBe(200);
  });
});
