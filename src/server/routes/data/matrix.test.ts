// Every data endpoint against every role (test/kits/matrix.ts): in-scope records are
// there, out-of-scope rows, full personal values and other sectors' fields are not — in JSON and
// in the exported workbooks alike.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../../test/dialects.js';
import { createMatrix, MATRIX_CODES, MATRIX_ROLES, type Matrix, type MatrixRole } from '../../../../test/kits/matrix.js';

/** Every cell of every sheet of an xlsx body, as one text for the leak finder. */
async function workbookText(body: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const parts: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => parts.push(String(cell.text)))));
  return parts.join('\n');
}

const EDITORS: readonly MatrixRole[] = ['county', 'township', 'village'];

describeEachDialect('data API scope matrix', (testDb) => {
  let m: Matrix;

  beforeAll(async () => {
    m = await createMatrix(await testDb.fresh());
  });
  afterAll(() => m.close());

  const inScope = (role: MatrixRole) => m.expect[role].households.in;
  const outOfScope = (role: MatrixRole) => m.expect[role].households.out;

  it('GET /api/households lists every in-scope household and nothing else, for every role', async () => {
    for (const role of MATRIX_ROLES) {
      const res = await m.as(role).get('/api/households?pageSize=200');
      expect(res.statusCode, role).toBe(200);
      const body = res.json() as { total: number; items: { id: string }[] };
      expect(body.items.map((i) => i.id).sort(), role).toEqual([...inScope(role)].sort());
      expect(body.total, role).toBe(inScope(role).length);
      expect(m.leaks(role, res.body), role).toEqual([]);
    }
  });

  it('searching for an out-of-scope person’s name, ID number or household number finds nothing', async () => {
    for (const role of MATRIX_ROLES) {
      for (const id of outOfScope(role)) {
        const rec = m.county.records.find((r) => r.household.id === id)!;
        const member = rec.members[0]!;
        for (const q of [id, member.name, member.idNumber ?? id, (member.idNumber ?? id).slice(-4)]) {
          const res = await m.as(role).get(`/api/households?q=${encodeURIComponent(q)}&pageSize=200`);
          expect(res.statusCode).toBe(200);
          expect(m.leaks(role, res.body), `${role} q=${q}`).toEqual([]);
        }
      }
    }
  });

  it('GET /api/households/:id: 200 without leaks in scope, 404 out of scope as for an unknown id', async () => {
    for (const role of MATRIX_ROLES) {
      for (const id of inScope(role)) {
        const res = await m.as(role).get(`/api/households/${id}`);
        expect(res.statusCode, `${role} ${id}`).toBe(200);
        expect(m.leaks(role, res.body), `${role} ${id}`).toEqual([]);
        const body = res.json() as { household: { id: string }; members: unknown[]; history: unknown[] };
        expect(body.household.id).toBe(id);
        expect(body.members.length).toBeGreaterThan(0);
        expect(body.history.length, 'the seed import is in the history').toBeGreaterThan(0);
      }
      for (const id of outOfScope(role)) {
        const res = await m.as(role).get(`/api/households/${id}`);
        expect(res.statusCode, `${role} ${id}`).toBe(404);
        expect(m.leaks(role, res.body)).toEqual([]);
      }
      expect((await m.as(role).get('/api/households/NO-SUCH')).statusCode).toBe(404);
    }
  });

  it('the sector user sees its own indicators only, and the county office sees full ID numbers', async () => {
    const id = inScope('sector')[0]!;
    const body = (await m.as('sector').get(`/api/households/${id}`)).json() as { assessment: { indicators: { indicator: string }[]; income: unknown } | null; income: unknown };
    expect(body.income).toBeNull();
    expect(body.assessment?.income).toBeNull();
    expect(body.assessment?.indicators.every((c) => c.indicator === 'education')).toBe(true);
    const rec = m.county.records.find((r) => r.household.id === inScope('county')[0])!;
    const full = (await m.as('county').get(`/api/households/${rec.household.id}`)).body;
    const withId = rec.members.find((x) => x.idNumber !== null)!;
    expect(full).toContain(withId.idNumber!);
  });

  it('GET /api/dashboard, /api/villages, /api/villages/:code and the ledgers stay within scope', async () => {
    for (const role of MATRIX_ROLES) {
      const c = m.as(role);
      const dash = await c.get('/api/dashboard');
      expect(dash.statusCode, role).toBe(200);
      expect(m.leaks(role, dash.body), `${role} dashboard`).toEqual([]);
      const d = dash.json() as { registeredHouseholds: number; county: unknown };
      expect(d.registeredHouseholds, role).toBe(inScope(role).length);
      expect(d.county === null, role).toBe(!(role === 'county' || role === 'sector'));

      const villages = await c.get('/api/villages');
      expect(villages.statusCode).toBe(200);
      expect(m.leaks(role, villages.body), `${role} villages`).toEqual([]);
      const codes = (villages.json() as { villages: { code: string }[] }).villages.map((v) => v.code).sort();
      expect(codes, role).toEqual([...m.expect[role].villages.in].sort());
      for (const code of m.expect[role].villages.in) {
        const r = await c.get(`/api/villages/${code}`);
        expect(r.statusCode, `${role} ${code}`).toBe(200);
        expect(m.leaks(role, r.body), `${role} ${code}`).toEqual([]);
      }
      for (const code of m.expect[role].villages.out) {
        const r = await c.get(`/api/villages/${code}`);
        expect(r.statusCode, `${role} ${code}`).toBe(404);
      }

      let listed = 0;
      for (const cls of ['A', 'B', 'C', 'out-of-scope']) {
        const r = await c.get(`/api/ledgers/${cls}?pageSize=200`);
        expect(r.statusCode, `${role} ${cls}`).toBe(200);
        expect(m.leaks(role, r.body), `${role} ledger ${cls}`).toEqual([]);
        listed += (r.json() as { total: number }).total;
      }
      expect(listed, role).toBe(inScope(role).length);
    }
  });

  it('exports are scoped and masked in the workbook itself; the sector department cannot export', async () => {
    for (const role of MATRIX_ROLES) {
      for (const url of ['/api/export/ledgers.xlsx', '/api/export/income-forms.xlsx']) {
        const res = await m.as(role).get(url);
        if (role === 'sector') {
          expect(res.statusCode).toBe(403);
          continue;
        }
        expect(res.statusCode, `${role} ${url}`).toBe(200);
        expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''.+\.xlsx$/);
        const text = await workbookText(res.rawPayload);
        expect(m.leaks(role, text), `${role} ${url}`).toEqual([]);
        if (url.includes('ledgers')) for (const id of inScope(role)) expect(text, `${role} ${id}`).toContain(id);
      }
    }
  });

  it('rulebooks are readable by all; switching, imports and job reads are for the county office only', async () => {
    for (const role of MATRIX_ROLES) {
      const c = m.as(role);
      expect((await c.get('/api/rulebooks')).statusCode).toBe(200);
      expect((await c.get('/api/rulebook')).statusCode).toBe(200);
      if (role === 'county') continue;
      expect((await c.put('/api/rulebook', { id: 'gansu-2018' })).statusCode, role).toBe(403);
      expect((await c.post('/api/imports')).statusCode, role).toBe(403);
      expect((await c.get('/api/imports/job-x')).statusCode, role).toBe(403);
    }
  });

  it('not signed in: every data endpoint answers 401', async () => {
    const anon = await m.anonymous();
    for (const url of ['/api/dashboard', '/api/households', `/api/households/${inScope('county')[0]}`, '/api/ledgers/A', '/api/villages',
      `/api/villages/${MATRIX_CODES.villageA1}`, '/api/rulebooks', '/api/rulebook', '/api/export/ledgers.xlsx', '/api/imports/job-x']) {
      expect((await anon.get(url)).statusCode, url).toBe(401);
    }
  });

  it('GET /api/offline/village: the village team takes exactly its own village, without leaks; every other role 403', async () => {
    for (const role of MATRIX_ROLES) {
      const res = await m.as(role).get('/api/offline/village');
      expect(res.statusCode, role).toBe(role === 'village' ? 200 : 403);
      if (role !== 'village') continue;
      const body = res.json() as { households: { household: { id: string } }[]; tasks: { householdId: string }[] };
      expect(body.households.map((h) => h.household.id).sort()).toEqual([...inScope(role)].sort());
      for (const t of body.tasks) expect(inScope(role)).toContain(t.householdId);
      expect(m.leaks(role, res.body)).toEqual([]);
    }
  });

  // Last: it writes.
  it('PUT income: editors within scope 200, out of scope 404; leader and sector 403; no leaks in the answers', async () => {
    for (const role of MATRIX_ROLES) {
      const own = inScope(role)[0]!;
      const res = await m.as(role).put(`/api/households/${own}/income`, { items: { migrantWage: 20000 }, note: null, reason: '矩阵测试' });
      expect(res.statusCode, `${role} own`).toBe(EDITORS.includes(role) ? 200 : 403);
      expect(m.leaks(role, res.body)).toEqual([]);
      for (const id of outOfScope(role)) {
        const r = await m.as(role).put(`/api/households/${id}/income`, { items: { migrantWage: 1 }, note: null, reason: '越权' });
        expect(r.statusCode, `${role} ${id}`).toBe(EDITORS.includes(role) ? 404 : 403);
      }
    }
  });
  // Spot checks (抽查, 三率自评估): after the writes above, since these write too.
  it('spot checks: the county office draws; county, leader and township read and fill forms of their own sampled households only', async () => {
    const READ = ['county', 'leader', 'township'];
    const draw = { kind: 'spot', population: 'registered', seed: 20181120, design: { kind: 'per-village', perVillage: 2, minPerVillage: 0 } };
    for (const role of MATRIX_ROLES.filter((r) => r !== 'county')) expect((await m.as(role).post('/api/spot-checks', draw)).statusCode, role).toBe(403);
    const drawn = await m.as('county').post('/api/spot-checks', draw);
    expect(drawn.statusCode).toBe(200);
    const id = (drawn.json() as { id: string }).id;
    const all = (drawn.json() as { villages: { sampled: { householdId: string }[] }[] }).villages.flatMap((v) => v.sampled.map((s) => s.householdId));
    expect(all.length).toBeGreaterThan(0);
    const form = { classRight: true, incomeRight: true, indicatorsRight: { 'food-clothing': true, water: true, education: true, medical: true, housing: true }, dataAsOnSite: true, approves: true, checkedOn: '2018-11-21' };
    for (const role of MATRIX_ROLES) {
      const c = m.as(role);
      const list = await c.get('/api/spot-checks');
      const detail = await c.get(`/api/spot-checks/${id}`);
      if (!READ.includes(role)) {
        expect([list.statusCode, detail.statusCode], role).toEqual([403, 403]);
        expect((await c.put(`/api/spot-checks/${id}/forms/${all[0]}`, form)).statusCode, role).toBe(403);
        continue;
      }
      expect(list.statusCode, role).toBe(200);
      expect(detail.statusCode, role).toBe(200);
      expect(m.leaks(role, list.body), role).toEqual([]);
      expect(m.leaks(role, detail.body), role).toEqual([]);
      const seen = (detail.json() as { villages: { sampled: { householdId: string }[] }[] }).villages.flatMap((v) => v.sampled.map((s) => s.householdId));
      expect(seen.sort(), role).toEqual(all.filter((h) => inScope(role).includes(h)).sort());
      for (const h of seen) expect((await c.put(`/api/spot-checks/${id}/forms/${h}`, form)).statusCode, `${role} ${h}`).toBe(200);
      for (const h of all.filter((x) => !seen.includes(x))) {
        const r = await c.put(`/api/spot-checks/${id}/forms/${h}`, form);
        expect(r.statusCode, `${role} ${h}`).toBe(404);
        expect(m.leaks(role, r.body)).toEqual([]);
      }
    }
    expect((await m.as('county').get('/api/spot-checks/SC-9999')).statusCode).toBe(404);
    // A bad form is refused with what is wrong, and nothing is stored.
    const bad = await m.as('county').put(`/api/spot-checks/${id}/forms/${all[0]}`, { ...form, indicatorsRight: { water: true } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('核查表未填指标');
    // The non-registered short form belongs to the three-rate check only.
    const survey = { villageCode: MATRIX_CODES.villageA1, headName: '调查户', people: 3, eligiblePeople: 0, approves: true, surveyedOn: '2018-11-21' };
    expect((await m.as('county').post(`/api/spot-checks/${id}/surveys`, survey)).statusCode).toBe(400);
    expect((await m.as('village').post(`/api/spot-checks/${id}/surveys`, survey)).statusCode).toBe(403);
    const anon = await m.anonymous();
    for (const url of ['/api/spot-checks', `/api/spot-checks/${id}`]) expect((await anon.get(url)).statusCode, url).toBe(401);
  });
});

// 项目库 (issue 11): every project endpoint against every role. A project reaches a village of
// township A (教育's), another a village of township B (水务's); the county office records both.
describeEachDialect('project API scope matrix', (testDb) => {
  let m: Matrix;
  let pa = '';
  let pb = '';
  const project = (villages: string[], sector: string, households: string[] = []) => ({
    name: `矩阵项目${villages.join('')}`,
    type: 'water',
    year: 2018,
    content: '人饮巩固提升',
    sector,
    villages,
    households,
    fundSources: { central: 1_000_000 },
  });
  const money = (fen: number, voucher: string) => ({ source: 'central', fen, date: '2018-05-10', voucher });

  beforeAll(async () => {
    m = await createMatrix(await testDb.fresh());
    const c = m.as('county');
    const a = await c.post('/api/projects', project([MATRIX_CODES.villageA1], '教育', ['H001']));
    const b = await c.post('/api/projects', project([MATRIX_CODES.villageB1], '水务', ['H100']));
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    pa = (a.json() as { id: string }).id;
    pb = (b.json() as { id: string }).id;
    for (const id of [pa, pb]) {
      expect((await c.post(`/api/projects/${id}/status`, { to: 'approved', date: '2018-05-01' })).statusCode).toBe(200);
      expect((await c.post(`/api/projects/${id}/allocations`, money(1_000_000, `下达-${id}`))).statusCode).toBe(200);
    }
  });
  afterAll(() => m.close());

  /** Which of the two projects each role sees: the county and the sectors all, the others through their villages. */
  const sees: Record<MatrixRole, () => string[]> = {
    county: () => [pa, pb],
    sector: () => [pa, pb],
    leader: () => [pb],
    township: () => [pa],
    village: () => [pa],
  };

  it('GET /api/projects, /progress and /:id: in-scope projects only; out of scope 404 like an unknown id', async () => {
    for (const role of MATRIX_ROLES) {
      const c = m.as(role);
      const list = await c.get('/api/projects');
      expect(list.statusCode, role).toBe(200);
      expect((list.json() as { items: { id: string }[] }).items.map((p) => p.id).sort(), role).toEqual(sees[role]().sort());
      expect(m.leaks(role, list.body), role).toEqual([]);
      const progress = await c.get('/api/projects/progress');
      expect(progress.statusCode, role).toBe(200);
      expect((progress.json() as { byProject: { key: string }[] }).byProject.map((r) => r.key).sort(), role).toEqual(sees[role]().sort());
      for (const id of [pa, pb]) {
        const r = await c.get(`/api/projects/${id}`);
        expect(r.statusCode, `${role} ${id}`).toBe(sees[role]().includes(id) ? 200 : 404);
        expect(m.leaks(role, r.body), `${role} ${id}`).toEqual([]);
      }
      expect((await c.get('/api/projects/XM-NO-SUCH')).statusCode).toBe(404);
      expect((await c.get(`/api/projects/${pa}/notices/NO-SUCH/print`)).statusCode).toBe(404);
    }
  });

  it('recording projects and money: the county office, and a sector department on its own sector’s projects only', async () => {
    for (const role of MATRIX_ROLES) {
      const c = m.as(role);
      const created = await c.post('/api/projects', project([MATRIX_CODES.villageA2], '教育'));
      expect(created.statusCode, role).toBe(role === 'county' || role === 'sector' ? 200 : 403);
      const other = await c.post('/api/projects', project([MATRIX_CODES.villageA2], '水务'));
      expect(other.statusCode, role).toBe(role === 'county' ? 200 : 403);
      for (const id of [pa, pb]) {
        const own = role === 'county' || (role === 'sector' && id === pa);
        const hidden = !sees[role]().includes(id);
        const expected = own ? 200 : hidden && role !== 'leader' ? 404 : 403;
        const put = await c.put(`/api/projects/${id}`, project(id === pa ? [MATRIX_CODES.villageA1] : [MATRIX_CODES.villageB1], id === pa ? '教育' : '水务', id === pa ? ['H001'] : ['H100']));
        // Roles without the permission are refused before the scope is looked at.
        const byRole = role === 'county' || role === 'sector' ? expected : 403;
        expect(put.statusCode, `${role} PUT ${id}`).toBe(byRole);
        const alloc = await c.post(`/api/projects/${id}/allocations`, money(100, `矩阵-${role}`));
        expect(alloc.statusCode, `${role} allocate ${id}`).toBe(byRole);
        const link = await c.post(`/api/projects/${id}/households`, { households: [] });
        expect(link.statusCode, `${role} link ${id}`).toBe(byRole);
        expect(m.leaks(role, alloc.body)).toEqual([]);
      }
    }
  });

  it('a disbursement over the allocation is refused for every role that may pay, and nothing is stored', async () => {
    for (const role of ['county', 'sector'] as const) {
      const before = (await m.as('county').get(`/api/projects/${pa}`)).json() as { disbursedFen: number; allocatedFen: number };
      const r = await m.as(role).post(`/api/projects/${pa}/disbursements`, money(before.allocatedFen - before.disbursedFen + 1, `超额-${role}`));
      expect(r.statusCode, role).toBe(400);
      expect(r.body).toContain('超过');
      const after = (await m.as('county').get(`/api/projects/${pa}`)).json() as { disbursedFen: number };
      expect(after.disbursedFen, role).toBe(before.disbursedFen);
      expect((await m.as(role).post(`/api/projects/${pa}/disbursements`, money(100, `拨付-${role}`))).statusCode, role).toBe(200);
    }
    for (const role of ['leader', 'township', 'village'] as const)
      expect((await m.as(role).post(`/api/projects/${pa}/disbursements`, money(1, 'x'))).statusCode, role).toBe(403);
    expect((await m.as('sector').post(`/api/projects/${pb}/disbursements`, money(1, 'x'))).statusCode).toBe(403);
  });

  it('notices and objections: posted and answered within the poster’s villages; the leader reads only', async () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const role of MATRIX_ROLES) {
      const c = m.as(role);
      for (const [id, village] of [[pa, MATRIX_CODES.villageA1], [pb, MATRIX_CODES.villageB1]] as const) {
        const r = await c.post(`/api/projects/${id}/notices`, { kind: 'plan', villageCode: village, postedOn: '2018-05-02' });
        const expected = role === 'leader' ? 403 : !sees[role]().includes(id) ? 404 : 200;
        // One open plan notice per village: after the first poster, the others meet 409.
        expect([expected, expected === 200 ? 409 : expected], `${role} notice ${id}`).toContain(r.statusCode);
        expect(m.leaks(role, r.body)).toEqual([]);
      }
    }
    const d = (await m.as('county').get(`/api/projects/${pa}`)).json() as { notices: { id: string }[] };
    const noticeId = d.notices[0]!.id;
    for (const role of MATRIX_ROLES) {
      const c = m.as(role);
      const print = await c.get(`/api/projects/${pa}/notices/${noticeId}/print`);
      expect(print.statusCode, `${role} print`).toBe(sees[role]().includes(pa) ? 200 : 404);
      expect(m.leaks(role, print.body)).toEqual([]);
      const xlsx = await c.get(`/api/projects/${pa}/notices/${noticeId}/notice.xlsx`);
      expect(xlsx.statusCode, `${role} xlsx`).toBe(sees[role]().includes(pa) ? 200 : 404);
      const early = await c.post(`/api/projects/${pa}/notices/${noticeId}/end`, { endedOn: '2018-05-03' });
      expect(early.statusCode, `${role} end early`).toBe(role === 'leader' ? 403 : sees[role]().includes(pa) ? 400 : 404);
      const o = await c.post(`/api/projects/${pa}/notices/${noticeId}/objections`, { receivedOn: '2018-05-04', content: `${role} 的异议` });
      expect(o.statusCode, `${role} objection`).toBe(role === 'leader' ? 403 : sees[role]().includes(pa) ? 200 : 404);
    }
    const objections = ((await m.as('county').get(`/api/projects/${pa}`)).json() as { objections: { id: string }[] }).objections;
    expect(objections.length).toBe(4);
    const handled = await m.as('village').post(`/api/projects/${pa}/objections/${objections[0]!.id}/handle`, { handledOn: today, handling: '已核实答复' });
    expect(handled.statusCode).toBe(200);
    expect((await m.as('leader').post(`/api/projects/${pa}/objections/${objections[1]!.id}/handle`, { handledOn: today, handling: 'x' })).statusCode).toBe(403);
    expect((await m.as('village').post(`/api/projects/${pb}/objections/${objections[1]!.id}/handle`, { handledOn: today, handling: 'x' })).statusCode).toBe(404);
  });

  it('not signed in: every project endpoint answers 401', async () => {
    const anon = await m.anonymous();
    for (const url of ['/api/projects', '/api/projects/progress', `/api/projects/${pa}`]) expect((await anon.get(url)).statusCode, url).toBe(401);
    expect((await anon.post('/api/projects', project([MATRIX_CODES.villageA1], '教育'))).statusCode).toBe(401);
    for (const url of [`/api/projects/${pa}/allocations`, `/api/projects/${pa}/disbursements`])
      expect((await anon.post(url, money(1, 'x'))).statusCode, url).toBe(401);
    expect((await anon.post(`/api/projects/${pa}/notices`, { kind: 'plan', villageCode: MATRIX_CODES.villageA1, postedOn: '2018-05-02' })).statusCode).toBe(401);
  });
});
