// Routes that take an id answer an out-of-scope id exactly as a missing one (status and body), so
// no account can learn which households, tasks, procedures, villages or requests exist
// county-wide by probing ids.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect } from '../../../../test/dialects.js';
import type { Task } from '../../../domain/types.js';
import { createMatrix, MATRIX_ROLES, type Client, type Matrix, type MatrixRole } from '../../../../test/kits/matrix.js';

const ACTOR = { id: 'matrix', name: '测试数据' };
const MISSING = 'ZZ-NOT-THERE-404';

type Probe = (c: Client, id: string) => Promise<LightMyRequestResponse>;

const HOUSEHOLD_PROBES: Record<string, Probe> = {
  detail: (c, id) => c.get(`/api/households/${id}`),
  exit: (c, id) => c.get(`/api/households/${id}/exit`),
  plan: (c, id) => c.get(`/api/households/${id}/plan`),
  handbook: (c, id) => c.get(`/api/households/${id}/handbook`),
  income: (c, id) => c.put(`/api/households/${id}/income`, { items: [], note: null, reason: '核实' }),
  patch: (c, id) => c.patch(`/api/households/${id}`, { phone: '13800000000', reason: '核实' }),
  member: (c, id) => c.post(`/api/households/${id}/members`, { name: '新成员', reason: '核实' }),
};

const VILLAGE_PROBES: Record<string, Probe> = {
  village: (c, code) => c.get(`/api/villages/${code}`),
  exit: (c, code) => c.get(`/api/villages/${code}/exit`),
  notice: (c, code) => c.get(`/api/villages/${code}/exit/notice`),
};

function expectSame(role: MatrixRole, what: string, out: LightMyRequestResponse, missing: LightMyRequestResponse): void {
  expect({ status: out.statusCode, body: out.body }, `${role} ${what}`).toEqual({ status: missing.statusCode, body: missing.body });
}

describeEachDialect('id lookups: out of scope answers as missing', (testDb) => {
  let m: Matrix;
  const tasks: Task[] = [];

  beforeAll(async () => {
    m = await createMatrix(await testDb.fresh(), { clock: () => '2018-11-20T02:00:00.000Z' });
    await m.store.transaction(async (trx) => {
      for (const r of m.county.records) {
        const t: Task = { id: `L-${r.household.id}`, householdId: r.household.id, memberId: null, indicator: 'education', dueDate: '2018-12-20', status: 'open', sector: '教育', note: null };
        await m.store.tasks.create(trx, t, ACTOR, '测试任务', '2018-11-01T00:00:00.000Z');
        tasks.push(t);
      }
    });
  });
  afterAll(() => m.close());

  it('household routes: an out-of-scope household answers exactly as a missing one, for every role', async () => {
    for (const role of MATRIX_ROLES) {
      const c = m.as(role);
      for (const [what, probe] of Object.entries(HOUSEHOLD_PROBES)) {
        const missing = await probe(c, MISSING);
        for (const id of m.expect[role].households.out) expectSame(role, `${what} ${id}`, await probe(c, id), missing);
      }
    }
  });

  it('the household page says 404 for out of scope (not 403) to the village account', async () => {
    const [id] = m.expect.village.households.out;
    const r = await m.as('village').get(`/api/households/${id}`);
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ error: { code: 'not-found' } });
  });

  it('village routes: an out-of-scope village answers exactly as a missing one', async () => {
    for (const role of MATRIX_ROLES) {
      const c = m.as(role);
      for (const [what, probe] of Object.entries(VILLAGE_PROBES)) {
        const missing = await probe(c, '620000000000');
        for (const code of m.expect[role].villages.out) expectSame(role, `${what} ${code}`, await probe(c, code), missing);
      }
    }
  });

  it('task routes: an out-of-scope task answers exactly as a missing one', async () => {
    for (const role of MATRIX_ROLES) {
      const c = m.as(role);
      const out = tasks.filter((t) => m.expect[role].households.out.includes(t.householdId));
      const probes: Record<string, Probe> = {
        attachments: (cl, id) => cl.get(`/api/tasks/${id}/attachments`),
        step: (cl, id) => cl.post(`/api/tasks/${id}/steps`, { action: 'start' }),
      };
      for (const [what, probe] of Object.entries(probes)) {
        const missing = await probe(c, MISSING);
        for (const t of out) expectSame(role, `${what} ${t.id}`, await probe(c, t.id), missing);
      }
    }
  });

  it('change requests: out of scope answers exactly as missing', async () => {
    const [outId] = m.expect.village.households.out;
    const rec = m.county.records.find((r) => r.household.id === outId)!;
    const req = await m.store.transaction((trx) =>
      m.store.changeRequests.create(
        trx,
        {
          householdId: outId!,
          codes: { village: rec.household.villageCode, township: null, county: null },
          kind: 'household-correct',
          payload: {},
          reason: '测试',
          summary: {},
        },
        ACTOR,
      ),
    );
    const c = m.as('village');
    for (const action of ['approve', 'reject', 'withdraw']) {
      const missing = await c.post(`/api/change-requests/${MISSING}/${action}`, { reason: '不同意' });
      expectSame('village', `change request ${action}`, await c.post(`/api/change-requests/${req.id}/${action}`, { reason: '不同意' }), missing);
    }
  });
});
