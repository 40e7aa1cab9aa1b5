// 一户一策 and the handbook against every role of the scope matrix: who may read and edit which
// household's plan, what a sector department reads, and that nothing out of scope or unmasked
// leaks from any of these endpoints.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../../test/dialects.js';
import { createMatrix, MATRIX_ROLES, type Matrix, type MatrixRole } from '../../../../test/kits/matrix.js';

const EDITORS: readonly MatrixRole[] = ['county', 'township', 'village'];

const measure = (category: string, content: string) => ({
  category, content, responsibleName: '王某', responsibleUnit: '县农业农村局', fundsFen: 600000,
  startDate: '2018-09-01', endDate: '2018-12-31', status: 'planned', note: null,
});

describeEachDialect('一户一策 API scope matrix', (testDb) => {
  let m: Matrix;
  // A household every editor can reach (the village user's village) and one none of the scoped roles can.
  let shared: string;

  beforeAll(async () => {
    m = await createMatrix(await testDb.fresh());
    shared = m.expect.village.households.in[0]!;
    // One industry and one education measure on every household, written by the county office.
    for (const r of m.county.records) {
      for (const [cat, content] of [['industry', `养殖肉牛（${r.household.id}）`], ['education', `雨露计划（${r.household.id}）`]] as const) {
        const res = await m.as('county').post(`/api/households/${r.household.id}/plan/measures`, { measure: measure(cat, content) });
        expect(res.statusCode, res.body).toBe(200);
      }
    }
  });
  afterAll(() => m.close());

  it('GET plan: 200 without leaks in scope, 404 out of scope as for an unknown household, for every role', async () => {
    for (const role of MATRIX_ROLES) {
      for (const id of m.expect[role].households.in) {
        const res = await m.as(role).get(`/api/households/${id}/plan`);
        expect(res.statusCode, `${role} ${id}`).toBe(200);
        expect(m.leaks(role, res.body), `${role} ${id}`).toEqual([]);
        expect(res.json().canEdit, role).toBe(EDITORS.includes(role));
      }
      for (const id of m.expect[role].households.out) {
        const res = await m.as(role).get(`/api/households/${id}/plan`);
        expect(res.statusCode, `${role} ${id}`).toBe(404);
        expect(m.leaks(role, res.body)).toEqual([]);
      }
      expect((await m.as(role).get('/api/households/NO-SUCH/plan')).statusCode).toBe(404);
    }
  });

  it('the education department reads the education measures only, and no causes or goals', async () => {
    const body = (await m.as('sector').get(`/api/households/${shared}/plan`)).json() as Record<string, unknown> & { measures: { category: string }[] };
    expect(body.measures.map((x) => x.category)).toEqual(['education']);
    expect(body).not.toHaveProperty('goals');
    expect(body).not.toHaveProperty('mainCause');
    const county = (await m.as('county').get(`/api/households/${shared}/plan`)).json() as { measures: { category: string }[] };
    expect(county.measures.map((x) => x.category)).toEqual(['industry', 'education']);
  });

  it('only county, township and village users in scope may add, edit and remove a measure', async () => {
    for (const role of MATRIX_ROLES) {
      const res = await m.as(role).post(`/api/households/${shared}/plan/measures`, { measure: measure('water', `${role} 自来水入户`) });
      expect(res.statusCode, role).toBe(EDITORS.includes(role) ? 200 : 403);
      for (const id of m.expect[role].households.out) {
        const out = await m.as(role).post(`/api/households/${id}/plan/measures`, { measure: measure('water', '范围外') });
        expect(out.statusCode, `${role} ${id}`).toBe(EDITORS.includes(role) ? 404 : 403);
        expect(m.leaks(role, out.body)).toEqual([]);
      }
    }
    const plan = (await m.as('village').get(`/api/households/${shared}/plan`)).json() as { measures: { id: string; content: string }[] };
    const added = plan.measures.filter((x) => x.content.endsWith('自来水入户')).map((x) => x.content).sort();
    expect(added).toEqual(['county 自来水入户', 'township 自来水入户', 'village 自来水入户']);

    const target = plan.measures.find((x) => x.content === 'village 自来水入户')!;
    const url = `/api/households/${shared}/plan/measures/${target.id}`;
    expect((await m.as('leader').put(url, { measure: { ...measure('water', '改'), status: 'done' } })).statusCode).toBe(403);
    const edited = await m.as('township').put(url, { measure: { ...measure('water', 'village 自来水入户'), status: 'done' }, reason: '已通水' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().measure.status).toBe('done');
    expect((await m.as('village').delete(url)).statusCode, 'a delete without a reason').toBe(400);
    expect((await m.as('sector').delete(`${url}?reason=x`)).statusCode).toBe(403);
    expect((await m.as('village').delete(`${url}?reason=${encodeURIComponent('重复录入')}`)).statusCode).toBe(200);
    expect((await m.as('village').delete(`${url}?reason=x`)).statusCode, 'already gone').toBe(404);
  });

  it('a measure with an end before its start is refused with a Chinese message and not stored', async () => {
    const before = (await m.as('county').get(`/api/households/${shared}/plan`)).json().measures.length as number;
    const res = await m.as('village').post(`/api/households/${shared}/plan/measures`, {
      measure: { ...measure('housing', '危房改造'), startDate: '2018-12-01', endDate: '2018-10-01' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('结束日期不能早于开始日期');
    expect((await m.as('county').get(`/api/households/${shared}/plan`)).json().measures.length).toBe(before);
  });

  it('the handbook: in scope for county, leader, township and village, never for a sector; no full ID number or phone for anyone', async () => {
    const secrets = m.expect.leader.secrets;
    for (const role of MATRIX_ROLES) {
      for (const id of m.expect[role].households.in) {
        const res = await m.as(role).get(`/api/households/${id}/handbook`);
        if (role === 'sector') {
          expect(res.statusCode).toBe(403);
          continue;
        }
        expect(res.statusCode, `${role} ${id}`).toBe(200);
        expect(m.leaks(role, res.body), `${role} ${id}`).toEqual([]);
        // Public-notice masking whoever prints it, the county office too.
        for (const s of secrets) expect(res.body, `${role} ${id}`).not.toContain(s);
        expect(res.body).toContain(`养殖肉牛（${id}）`);
      }
      for (const id of m.expect[role].households.out) {
        expect((await m.as(role).get(`/api/households/${id}/handbook`)).statusCode, `${role} ${id}`).toBe(404);
      }
    }
  });

  it('plan edits appear in the household history for editors, and not for the sector user', async () => {
    const county = (await m.as('county').get(`/api/households/${shared}`)).json() as { history: { text: string }[] };
    expect(county.history.some((h) => h.text.includes(`新增帮扶措施：产业类 养殖肉牛（${shared}）`))).toBe(true);
    const sector = (await m.as('sector').get(`/api/households/${shared}`)).json() as { history: { text: string }[] };
    expect(sector.history.some((h) => h.text.includes('帮扶措施'))).toBe(false);
  });
});
