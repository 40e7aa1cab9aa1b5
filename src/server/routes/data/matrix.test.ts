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

  it('supervision: reads by role, visits and rectifications only in scope, out-of-scope problems answered as missing', async () => {
    const reads: Readonly<Record<string, readonly MatrixRole[]>> = {
      '/api/supervision/leaders': ['county', 'leader'],
      '/api/supervision/visits': ['county', 'leader', 'township', 'village'],
      '/api/supervision/visits/compliance': ['county', 'leader'],
      '/api/supervision/problems': MATRIX_ROLES,
      '/api/export/problems.xlsx': MATRIX_ROLES,
      '/api/supervision/weekly?week=2018-W40': ['county', 'leader', 'township', 'village'],
      '/api/export/weekly.xlsx?week=2018-W40': ['county', 'leader', 'township', 'village'],
      '/api/supervision/rulebook-preview?id=gansu-2018': ['county'],
    };
    for (const [url, roles] of Object.entries(reads))
      for (const role of MATRIX_ROLES) {
        const r = await m.as(role).get(url);
        expect(r.statusCode, `${role} ${url}`).toBe(roles.includes(role) ? 200 : 403);
        const body = url.includes('/export/') && r.statusCode === 200 ? await workbookText(r.rawPayload) : r.body;
        expect(m.leaks(role, body), `${role} ${url}`).toEqual([]);
      }
    const visit = { date: '2018-10-09', villages: [MATRIX_CODES.villageB1], households: ['H100'], checked: '入户核查' };
    const visitStatus: Record<MatrixRole, number> = { county: 200, leader: 200, township: 400, village: 403, sector: 403 };
    for (const role of MATRIX_ROLES) expect((await m.as(role).post('/api/supervision/visits', visit)).statusCode, `${role} visit`).toBe(visitStatus[role]);
    const made = await m.as('county').post('/api/supervision/problems', {
      source: 'inspection',
      category: 'careless',
      severity: 'ordinary',
      unitKind: 'village',
      unitCode: MATRIX_CODES.villageB1,
      householdId: 'H100',
      description: '入户核查发现收入测算不细',
      foundOn: '2018-10-09',
    });
    expect(made.statusCode, made.body).toBe(200);
    const id = (made.json() as { id: string }).id;
    const readStatus: Record<MatrixRole, number> = { county: 200, leader: 200, township: 404, village: 404, sector: 404 };
    const rectifyStatus: Record<MatrixRole, number> = { county: 403, leader: 403, township: 404, village: 404, sector: 404 };
    for (const role of MATRIX_ROLES) {
      const r = await m.as(role).get(`/api/supervision/problems/${id}`);
      expect(r.statusCode, `${role} problem`).toBe(readStatus[role]);
      expect(m.leaks(role, r.body)).toEqual([]);
      const listed = (await m.as(role).get('/api/supervision/problems')).json() as { items: { id: string }[] };
      expect(listed.items.some((p) => p.id === id), `${role} ledger`).toBe(readStatus[role] === 200);
      expect((await m.as(role).post(`/api/supervision/problems/${id}/rectification`, { date: '2018-10-10', text: '已整改' })).statusCode, `${role} rectify`).toBe(rectifyStatus[role]);
      if (role !== 'county') expect((await m.as(role).post(`/api/supervision/problems/${id}/verification`, { date: '2018-10-10', text: 'x', accepted: true })).statusCode, `${role} verify`).toBe(403);
    }
  });
});

describeEachDialect('cross-check API scope matrix', (testDb) => {
  let m: Matrix;
  const boundary = '----tuopin-check-boundary';
  /** A multipart body with the fields first and the file last, as the page sends it. */
  const upload = (role: MatrixRole, fileName: string, content: string, fields: Record<string, string>) => {
    const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    const head = `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`;
    const c = m.as(role);
    return m.app.inject({
      method: 'POST',
      url: '/api/checks/lists',
      payload: Buffer.concat([Buffer.from(head), Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: c.cookie, 'x-csrf-token': c.csrfToken },
    });
  };
  let pupils: { id: string; name: string; idNumber: string; householdId: string; village: string }[];
  let dropA: string;
  let dropB: string;
  let runId: number;

  beforeAll(async () => {
    m = await createMatrix(await testDb.fresh(), { clock: () => '2018-11-20T02:00:00.000Z' });
    pupils = m.county.records.flatMap((r) =>
      r.members
        .filter((x) => x.schoolStatus !== 'none' && x.idNumber !== null)
        .map((x) => ({ id: x.id, name: x.name, idNumber: x.idNumber!, householdId: r.household.id, village: r.household.villageCode })),
    );
    dropA = pupils.find((p) => p.village === MATRIX_CODES.villageA1)!.id;
    dropB = pupils.find((p) => p.village === MATRIX_CODES.villageB1)!.id;
  });
  afterAll(() => m.close());

  const roll = () =>
    ['姓名,身份证号,学校,年级,学籍状态', ...pupils.map((p) => `${p.name},${p.idNumber},县一中,七年级,${p.id === dropA || p.id === dropB ? '辍学' : '在读'}`)].join('\n');

  it('uploads: the county office any kind, the education department its own kinds only, nobody else; a broken list stores nothing', async () => {
    for (const role of ['leader', 'township', 'village'] as const) {
      expect((await upload(role, 'roll.csv', roll(), { kind: 'school-roll' })).statusCode, role).toBe(403);
    }
    expect((await upload('sector', 'ins.csv', '姓名,身份证号,参保状态\n', { kind: 'medical-insurance' })).statusCode).toBe(403);
    const broken = await upload('sector', 'broken.csv', '姓名,身份证号\n张三,620521200501010011\n', { kind: 'school-roll' });
    expect(broken.statusCode, broken.body).toBe(422);
    const refused = broken.json() as { run: unknown; rejection: { message: string; issues: { message: string }[] } };
    expect(refused.run).toBeNull();
    expect(refused.rejection.issues.map((i) => i.message).join('\n')).toContain('学籍状态');
    expect(((await m.as('county').get('/api/checks/runs')).json() as { total: number }).total).toBe(0);
    const bad = await upload('county', 'roll.csv', roll(), { kind: 'no-such-kind' });
    expect(bad.statusCode).toBe(400);

    const ok = await upload('sector', 'roll.csv', roll(), { kind: 'school-roll', asOf: '2018-10-15' });
    expect(ok.statusCode, ok.body).toBe(201);
    const run = (ok.json() as { run: { id: number; matched: number; rows: number; source: string; uploadedBy: { name: string } } }).run;
    expect(run).toMatchObject({ rows: pupils.length, matched: pupils.length, source: '县教育局' });
    runId = run.id;
  });

  it('points of the run: each role sees the dropouts of its own area only, without leaks', async () => {
    const seen: Record<MatrixRole, string[]> = { county: [], leader: [], sector: [], township: [], village: [] };
    for (const role of MATRIX_ROLES) {
      const res = await m.as(role).get(`/api/checks/runs/${runId}`);
      expect(res.statusCode, role).toBe(200);
      expect(m.leaks(role, res.body), role).toEqual([]);
      const detail = res.json() as { pointsByTownship: { townshipCode: string | null; total: number }[]; pointsByKind: { kind: string; total: number }[] };
      seen[role] = detail.pointsByTownship.filter((t) => t.total > 0).map((t) => t.townshipCode ?? '');
      const summary = await m.as(role).get('/api/checks/points/summary');
      expect(summary.statusCode, role).toBe(200);
      expect(m.leaks(role, summary.body), role).toEqual([]);
    }
    expect(seen.county.sort()).toEqual([MATRIX_CODES.townshipA, MATRIX_CODES.townshipB].sort());
    expect(seen.sector.sort()).toEqual(seen.county);
    expect(seen.township).toEqual([MATRIX_CODES.townshipA]);
    expect(seen.village).toEqual([MATRIX_CODES.townshipA]);
    expect(seen.leader).toContain(MATRIX_CODES.townshipB);
    const village = (await m.as('village').get(`/api/checks/points/summary?household=${pupils.find((p) => p.id === dropA)!.householdId}`)).json() as { open: number };
    expect(village.open).toBeGreaterThanOrEqual(1);
    const outside = (await m.as('village').get(`/api/checks/points/summary?household=${pupils.find((p) => p.id === dropB)!.householdId}`)).json() as { open: number };
    expect(outside.open).toBe(0);
  });

  it('rows and the review queue are for the county office and the sending department; runs of other kinds stay hidden from a sector', async () => {
    for (const role of MATRIX_ROLES) {
      const res = await m.as(role).get(`/api/checks/runs/${runId}/rows`);
      expect(res.statusCode, role).toBe(role === 'county' || role === 'sector' ? 200 : 403);
      const q = await m.as(role).get('/api/checks/reviews');
      expect(q.statusCode, role).toBe(role === 'county' || role === 'sector' ? 200 : 403);
    }
    const rows = (await m.as('sector').get(`/api/checks/runs/${runId}/rows?outcome=match`)).json() as { total: number; items: { method: string }[] };
    expect(rows.total).toBe(pupils.length);
    expect(rows.items.every((r) => r.method === 'id')).toBe(true);
    const ins = ['姓名,身份证号,参保状态', ...pupils.map((p) => `${p.name},${p.idNumber},已参保`)].join('\n');
    expect((await upload('county', 'ins.csv', ins, { kind: 'medical-insurance' })).statusCode).toBe(201);
    const sectorRuns = (await m.as('sector').get('/api/checks/runs')).json() as { items: { kind: string }[] };
    expect(sectorRuns.items.map((r) => r.kind)).toEqual(['school-roll']);
    const countyRuns = (await m.as('county').get('/api/checks/runs')).json() as { items: { kind: string; id: number }[] };
    expect(countyRuns.items.map((r) => r.kind)).toEqual(['medical-insurance', 'school-roll']);
    expect((await m.as('sector').get(`/api/checks/runs/${countyRuns.items[0]!.id}`)).statusCode).toBe(404);
  });

  it('a possible match is reviewed side by side: confirming opens its points once, a second decision is refused, a township may not decide', async () => {
    const a = pupils.find((p) => p.village === MATRIX_CODES.villageA1 && p.id !== dropA)!;
    const b = pupils.find((p) => p.village === MATRIX_CODES.villageA2)!;
    // Name and village only, no ID number: the linkage can only say "possibly".
    const list = ['姓名,行政区划代码,学校,年级,学籍状态', `${a.name},${a.village},县二中,八年级,辍学`, `${b.name},${b.village},县二中,八年级,在读`].join('\n');
    const res = await upload('sector', 'roll2.csv', list, { kind: 'school-roll', source: '县二中' });
    expect(res.statusCode, res.body).toBe(201);
    const run = (res.json() as { run: { id: number; possible: number; pointsOpened: number } }).run;
    expect(run).toMatchObject({ possible: 2, pointsOpened: 0 });
    const queue = (await m.as('sector').get(`/api/checks/reviews?runId=${run.id}`)).json() as {
      total: number;
      items: { row: number; list: { name: string; idNumber: string | null }; candidates: { memberId: string; comparisons: { fieldLabel: string; levelLabel: string }[] }[]; canReview: boolean }[];
    };
    expect(queue.total).toBe(2);
    const first = queue.items[0]!;
    expect(first.list.name).toBe(a.name);
    expect(first.candidates[0]!.memberId).toBe(a.id);
    expect(first.candidates[0]!.comparisons.map((c) => `${c.fieldLabel}${c.levelLabel}`)).toContain('姓名一致');
    expect(first.canReview).toBe(true);
    expect(m.leaks('sector', JSON.stringify(queue))).toEqual([]);
    const url = `/api/checks/runs/${run.id}/rows/${first.row}/review`;
    expect((await m.as('township').post(url, { decision: 'confirm' })).statusCode).toBe(403);
    expect((await m.as('sector').post(url, { decision: 'confirm', memberId: b.id })).statusCode).toBe(400);
    const ok = await m.as('sector').post(url, { decision: 'confirm', note: '经学校核对为同一人' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ pointsOpened: 1, item: { review: 'confirmed', confirmedMemberId: a.id, canReview: false } });
    expect((await m.as('sector').post(url, { decision: 'reject' })).statusCode).toBe(409);
    const second = `/api/checks/runs/${run.id}/rows/${queue.items[1]!.row}/review`;
    expect((await m.as('county').post(second, { decision: 'reject' })).json()).toMatchObject({ pointsOpened: 0, item: { review: 'rejected' } });
    const detail = (await m.as('township').get(`/api/checks/runs/${run.id}`)).json() as { byOutcome: { possibleConfirmed: number; possibleRejected: number }; pointsByKind: { kind: string; open: number }[] };
    expect(detail.byOutcome).toMatchObject({ possibleConfirmed: 1, possibleRejected: 1 });
    expect(detail.pointsByKind).toEqual([expect.objectContaining({ kind: 'dropout', open: 1 })]);
    const reviews = await m.store.changes.list({ kind: 'all' }, { entity: 'check-review' });
    expect(reviews.map((c) => [c.actor.name, c.reason])).toContainEqual([m.users.sector.name, '经学校核对为同一人']);
  });

  it('points: each role lists only its own area, opens its own and gets 404 outside; the village checks, another person verifies; the export is scoped', async () => {
    const all = (await m.as('county').get('/api/checks/points?pageSize=500')).json() as { items: { id: number; householdId: string | null; memberId: string | null }[] };
    const pointA = all.items.find((p) => p.memberId === dropA)!;
    const pointB = all.items.find((p) => p.memberId === dropB)!;
    expect(pointA).toBeDefined();
    expect(pointB).toBeDefined();
    for (const role of MATRIX_ROLES) {
      const res = await m.as(role).get('/api/checks/points?pageSize=500');
      expect(res.statusCode, role).toBe(200);
      expect(m.leaks(role, res.body), role).toEqual([]);
      const ids = (res.json() as { items: { householdId: string | null }[] }).items.map((p) => p.householdId).filter((h): h is string => h !== null);
      for (const h of ids) expect(m.expect[role].households.in, `${role} ${h}`).toContain(h);
      const inA = m.expect[role].households.in.includes(pupils.find((p) => p.id === dropA)!.householdId);
      expect((await m.as(role).get(`/api/checks/points/${pointA.id}`)).statusCode, role).toBe(inA ? 200 : 404);
      const xlsx = await m.as(role).get('/api/checks/points.xlsx');
      expect(xlsx.statusCode, role).toBe(200);
      expect(m.leaks(role, await workbookText(xlsx.rawPayload)), role).toEqual([]);
    }
    expect((await m.as('village').post(`/api/checks/points/${pointB.id}/finding`, { finding: 'confirmed', note: '入户核实' })).statusCode).toBe(404);
    expect((await m.as('leader').post(`/api/checks/points/${pointA.id}/finding`, { finding: 'confirmed', note: '入户核实' })).statusCode).toBe(403);
    const found = await m.as('village').post(`/api/checks/points/${pointA.id}/finding`, { finding: 'confirmed', note: '入户核实：已辍学在家' });
    expect(found.statusCode, found.body).toBe(200);
    expect((await m.as('village').post(`/api/checks/points/${pointA.id}/verify`, { approve: true })).statusCode).toBe(403);
    const verified = await m.as('township').post(`/api/checks/points/${pointA.id}/verify`, { approve: true, note: '同意' });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ point: { status: 'closed' } });
  });

  it('not signed in: every cross-check endpoint answers 401', async () => {
    const anon = await m.anonymous();
    for (const url of ['/api/checks/kinds', '/api/checks/runs', `/api/checks/runs/${runId}`, `/api/checks/runs/${runId}/rows`, '/api/checks/reviews', '/api/checks/points/summary', '/api/checks/points', '/api/checks/points/1', '/api/checks/points.xlsx', '/api/checks/national-corrections.xlsx']) {
      expect((await anon.get(url)).statusCode, url).toBe(401);
    }
  });
});
