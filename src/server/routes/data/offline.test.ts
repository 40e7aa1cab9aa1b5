// Offline capture's base-version check (docs/offline.md), through HTTP on both dialects: a
// change made on the version the phone took along goes through; once someone changed that part
// on the server meanwhile, the same change is refused with 409 and nothing is stored.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../../test/dialects.js';
import type { Task } from '../../../domain/types.js';
import { createMatrix, type Matrix } from '../../../../test/kits/matrix.js';

interface Pkg {
  households: { household: { id: string }; members: { id: string }[]; versions: { income: string; members: Record<string, string> } }[];
}

describeEachDialect('offline capture: versions and conflicts', (testDb) => {
  let m: Matrix;

  beforeAll(async () => {
    m = await createMatrix(await testDb.fresh(), { clock: () => '2018-11-20T02:00:00.000Z' });
    await m.store.transaction(async (trx) => {
      for (const r of m.county.records) {
        const t: Task = { id: `O-${r.household.id}`, householdId: r.household.id, memberId: null, indicator: 'income', dueDate: '2018-12-20', status: 'open', sector: null, note: null };
        await m.store.tasks.create(trx, t, { id: 'offline-test', name: '测试数据' }, '测试任务', '2018-11-01T00:00:00.000Z');
      }
    });
  });
  afterAll(() => m.close());

  const take = async (): Promise<Pkg> => {
    const res = await m.as('village').get('/api/offline/village');
    expect(res.statusCode).toBe(200);
    return res.json() as Pkg;
  };

  it('an income form made on the current version is accepted; after a server-side change the old version is refused with 409', async () => {
    const before = await take();
    const h = before.households[0]!;
    const id = h.household.id;
    const ok = await m.as('village').put(`/api/households/${id}/income`, { items: { migrantWage: 12000 }, note: null, reason: '入户核实', expectedVersion: h.versions.income });
    expect(ok.statusCode, ok.body).toBe(200);

    // Meanwhile the township approves that edit (it waited for a second person): the server's
    // form is no longer the one the phone took along.
    const pending = ok.json() as { status: string; request: { id: string } | null };
    if (pending.status === 'pending') {
      const approved = await m.as('township').post(`/api/change-requests/${pending.request!.id}/approve`, { reason: null });
      expect(approved.statusCode, approved.body).toBe(200);
    }
    const after = await take();
    const now = after.households.find((x) => x.household.id === id)!;
    const stale = await m.as('village').put(`/api/households/${id}/income`, { items: { migrantWage: 5000 }, note: null, reason: '离线记录', expectedVersion: h.versions.income });
    if (now.versions.income !== h.versions.income) {
      expect(stale.statusCode, stale.body).toBe(409);
      expect(stale.json()).toMatchObject({ error: { code: 'version-conflict' } });
      expect(stale.json().error.message).toContain('已被他人修改');
      // Nothing stored: the package still shows the server's version.
      expect((await take()).households.find((x) => x.household.id === id)!.versions.income).toBe(now.versions.income);
    } else {
      throw new Error('the county edit did not change the income version');
    }
    // Resolved on the phone against theirs: sent again on the current version, it goes through.
    const again = await m.as('village').put(`/api/households/${id}/income`, { items: { migrantWage: 5000 }, note: null, reason: '离线记录（已对照）', expectedVersion: now.versions.income });
    expect(again.statusCode, again.body).toBe(200);
  });

  it('a member correction carries the member’s version: the current one goes through, another one is refused with 409', async () => {
    const h = (await take()).households[0]!;
    const a = h.members[0]!;
    const url = `/api/households/${h.household.id}/members/${a.id}`;
    const wrong = await m.as('village').patch(url, { fields: { education: '高中' }, reason: '入户核实', expectedVersion: '0000000000000000' });
    expect(wrong.statusCode, wrong.body).toBe(409);
    const res = await m.as('village').patch(url, { fields: { education: '初中' }, reason: '入户核实', expectedVersion: h.versions.members[a.id] });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('a task step carries the task’s version: a stale one is refused with 409 before anything is checked or stored', async () => {
    const res = await m.as('village').get('/api/offline/village');
    const tasks = (res.json() as { tasks: { id: string; version: string; status: string }[] }).tasks;
    expect(tasks.length).toBeGreaterThan(0);
    const t = tasks[0]!;
    const stale = await m.as('village').post(`/api/tasks/${t.id}/steps`, { step: 'complete', evidenceNote: '已完成', evidenceDate: '2018-10-01', expectedVersion: '0000000000000000' });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'version-conflict' } });
    const again = (await m.as('village').get('/api/offline/village')).json() as { tasks: { id: string; version: string; status: string }[] };
    expect(again.tasks.find((x) => x.id === t.id)).toMatchObject({ version: t.version, status: t.status });
    const done = await m.as('village').post(`/api/tasks/${t.id}/steps`, { step: 'complete', evidenceNote: '已完成', evidenceDate: '2018-11-19', expectedVersion: t.version });
    expect(done.statusCode, done.body).toBe(200);
    expect((await m.as('village').get('/api/offline/village')).json().tasks.map((x: { id: string }) => x.id)).not.toContain(t.id);
  });

  it('the package brings what the phone cannot fetch without signal: the hygiene checklist and the class labels of the active rulebook', async () => {
    const pkg = (await m.as('village').get('/api/offline/village')).json() as { hygieneChecklist: string[]; classes: { code: string; label: string }[] };
    const rb = (await m.as('village').get('/api/rulebook')).json() as { rulebook: { tasks: { hygieneChecklist: string[] }; classes: { code: string; label: string }[] } };
    expect(pkg.hygieneChecklist).toEqual(rb.rulebook.tasks.hygieneChecklist);
    expect(pkg.classes.map((c) => [c.code, c.label])).toEqual(rb.rulebook.classes.map((c) => [c.code, c.label]));
    expect(pkg.hygieneChecklist.length).toBeGreaterThan(0);
  });
});
