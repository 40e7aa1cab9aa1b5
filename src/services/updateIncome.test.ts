// Editing an income form from the web: written with a change row, re-assessed with the active
// rulebook, and the stored run rewritten so lists, villages and the county agree at once.
import { beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.js';
import { ALL, openStore, type Store } from '../store/index.js';
import { AccessError, type Access } from './access.js';
import { seedCounty, viewersFor, type SeededCounty } from './dataFixtures.js';
import { householdDetail } from './householdDetail.js';
import { updateIncome } from './updateIncome.js';

let tick = 0;
const clock = () => new Date(Date.UTC(2018, 10, 2, 1, 0, tick++)).toISOString();
const ctxFor = (store: Store, v: Access) => ({ store, actor: { id: v.userId, name: v.name }, clock });

async function changeCount(store: Store): Promise<number> {
  const r = await store.db.selectFrom('changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describeEachDialect('updateIncome', (testDb) => {
  let store: Store;
  let s: SeededCounty;
  let v: ReturnType<typeof viewersFor>;

  beforeEach(async () => {
    store = await openStore(await testDb.fresh(), { clock });
    s = await seedCounty(store, { clock });
    v = viewersFor(s);
    return () => store.close();
  });

  /** A class-A household of the village viewer's village: income passes, every indicator met. */
  async function classAHousehold(): Promise<string> {
    const results = await store.assessments.latestResults(ALL, { villageCode: s.villageA1 });
    const a = results.find((r) => r.class === 'A');
    if (!a) throw new Error('fixture: no class-A household in the village');
    return a.householdId;
  }

  it('a village user empties a class-A form: the class drops at once in the result, list, village and county figures', async () => {
    const id = await classAHousehold();
    const villageBefore = (await store.assessments.latestVillages(ALL)).find((x) => x.code === s.villageA1)!;
    const countyBefore = (await store.assessments.latestRun())!.county!;

    const out = await updateIncome(ctxFor(store, v.village), v.village, id, { items: {}, note: '核实后无收入', reason: '入户核实收入' });
    expect(out.changed).toBe(true);
    expect(out.previous?.class).toBe('A');
    expect(out.assessment.class).not.toBe('A');
    expect(out.assessment.income?.pass).toBe(false);
    const newClass = out.assessment.class;

    const stored = await store.search.result(ALL, id);
    expect(stored?.result.class).toBe(newClass);
    expect(stored?.reassessedBy).toBe(v.village.name);
    expect(stored?.runId).toBe(s.runId);
    const listed = await store.search.households(ALL, { class: newClass, indicator: 'income', limit: 500 });
    expect(listed.items.map((i) => i.id)).toContain(id);

    const villageAfter = (await store.assessments.latestVillages(ALL)).find((x) => x.code === s.villageA1)!;
    expect(villageAfter.households['A']).toBe((villageBefore.households['A'] ?? 0) - 1);
    expect(villageAfter.households[newClass]).toBe((villageBefore.households[newClass] ?? 0) + 1);
    const countyAfter = (await store.assessments.latestRun())!.county!;
    expect(countyAfter.households['A']).toBe((countyBefore.households['A'] ?? 0) - 1);
    expect(countyAfter.households[newClass]).toBe((countyBefore.households[newClass] ?? 0) + 1);
    expect(countyAfter.registeredPoor).toBe(countyBefore.registeredPoor);

    const form = (await store.registry.loadRecords(ALL, { householdIds: [id], year: 2018 }))[0]!.income;
    expect(form).toEqual({ householdId: id, year: 2018, items: {}, note: '核实后无收入' });

    const moves = (await store.changes.forHousehold(ALL, id)).filter((c) => c.entity === 'assessment');
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({ before: { class: 'A' }, after: { class: newClass }, actor: { name: v.village.name } });
    const detail = await householdDetail(store, v.village, id);
    expect(detail.history.map((h) => h.text)).toContain(`2018-11-02 ${v.village.name} 户类别 A类 → ${newClass}类（原因：修改收入测算表：入户核实收入）`);
  });

  it('writes one income change row with who and why, shown as a plain-Chinese history line', async () => {
    const id = await classAHousehold();
    const before = (await store.registry.loadRecords(ALL, { householdIds: [id], year: 2018 }))[0]!.income!;
    const old = before.items.migrantWage ?? 0;
    await updateIncome(ctxFor(store, v.township), v.township, id, { items: { ...before.items, migrantWage: old + 5000 }, note: before.note, reason: '补录务工收入' });
    const log = (await store.changes.forHousehold(ALL, id)).filter((c) => c.entity === 'income' && c.action === 'update');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actor: { id: v.township.userId, name: v.township.name }, reason: '补录务工收入', after: { 'items.migrantWage': old + 5000 } });

    const detail = await householdDetail(store, v.township, id);
    const oldText = old === 0 ? '空' : String(old);
    expect(detail.history[0]!.text).toBe(`2018-11-02 ${v.township.name} 修改 2018年收入测算表：外出务工收入 ${oldText} → ${old + 5000}（原因：补录务工收入）`);
  });

  it('refuses leader and sector roles, other townships, unknown households and a blank reason, writing nothing', async () => {
    const id = await classAHousehold();
    const other = s.householdsOf(s.townshipB)[0]!;
    const n = await changeCount(store);
    const cases: [Access, string, string, number][] = [
      [v.leader, id, '原因', 403],
      [v.sector, id, '原因', 403],
      [v.village, other, '原因', 403],
      [v.township, other, '原因', 403],
      [v.county, 'no-such-household', '原因', 404],
      [v.county, id, '  ', 400],
    ];
    for (const [viewer, hid, reason, status] of cases) {
      const err = await updateIncome(ctxFor(store, viewer), viewer, hid, { items: { migrantWage: 1 }, note: null, reason }).catch((e: unknown) => e);
      expect(err, `${viewer.role} ${hid}`).toBeInstanceOf(AccessError);
      expect((err as AccessError).status, `${viewer.role} ${hid}`).toBe(status);
    }
    expect(await changeCount(store)).toBe(n);
  });

  it('saving the same form again changes nothing and logs nothing', async () => {
    const id = await classAHousehold();
    const form = (await store.registry.loadRecords(ALL, { householdIds: [id], year: 2018 }))[0]!.income!;
    const n = await changeCount(store);
    const out = await updateIncome(ctxFor(store, v.county), v.county, id, { items: form.items, note: form.note, reason: '复核' });
    expect(out.changed).toBe(false);
    expect(out.assessment.class).toBe('A');
    expect(await changeCount(store)).toBe(n);
  });
});
