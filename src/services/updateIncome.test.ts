// Editing an income form from the web: changed amounts become a request the township approves;
// on approval the form is written with a change row, re-assessed with the active rulebook, and the
// stored run rewritten so lists, villages and the county agree at once.
import { beforeEach, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { describeEachDialect } from '../../test/dialects.js';
import { ALL, openStore, type Store } from '../store/index.js';
import { AccessError, type Access } from './access.js';
import { seedCounty, viewersFor, type SeededCounty } from '../../test/fixtures/data.js';
import { approveRequest } from './changeRequests.js';
import { householdDetail } from './householdDetail.js';
import { updateIncome } from './updateIncome.js';

let tick = 0;
const clock = () => new Date(Date.UTC(2018, 10, 2, 1, 0, tick++)).toISOString();
const ctxFor = (store: Store, v: Access) => ({ store, actor: { id: v.userId, name: v.name }, clock });

async function changeCount(store: Store): Promise<number> {
  const r = await store.db
    .selectFrom('changes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
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
    return () => closeCheckingChain(store);
  });

  /** A class-A household of the village viewer's village: income passes, every indicator met. */
  async function classAHousehold(): Promise<string> {
    const results = await store.assessments.latestResults(ALL, { villageCode: s.villageA1 });
    const a = results.find((r) => r.class === 'A');
    if (!a) throw new Error('fixture: no class-A household in the village');
    return a.householdId;
  }

  it('a village user empties a class-A form: nothing moves until the township approves, then the class drops in the result, list, village and county figures', async () => {
    const id = await classAHousehold();
    const villageBefore = (await store.assessments.latestVillages(ALL)).find((x) => x.code === s.villageA1)!;
    const countyBefore = (await store.assessments.latestRun())!.county!;
    const formBefore = (await store.registry.loadRecords(ALL, { householdIds: [id], year: 2018 }))[0]!.income;

    const out = await updateIncome(ctxFor(store, v.village), v.village, id, { items: {}, note: '核实后无收入', reason: '入户核实收入' });
    expect(out.status).toBe('pending');
    expect(out.message).toBe('已提交，待乡镇审核');
    expect(out.assessment).toBeNull();
    expect((await store.assessments.result(ALL, id))?.result.class).toBe('A');
    expect((await store.registry.loadRecords(ALL, { householdIds: [id], year: 2018 }))[0]!.income).toEqual(formBefore);

    const approved = await approveRequest(ctxFor(store, v.township), v.township, out.request!.id);
    expect(approved.status).toBe('applied');
    expect(approved.previous?.class).toBe('A');
    expect(approved.assessment!.class).not.toBe('A');
    expect(approved.assessment!.income?.pass).toBe(false);
    const newClass = approved.assessment!.class;

    const stored = await store.assessments.result(ALL, id);
    expect(stored?.result.class).toBe(newClass);
    expect(stored?.reassessedBy).toBe(v.township.name);
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
    expect(moves[0]).toMatchObject({ before: { class: 'A' }, after: { class: newClass }, actor: { name: v.township.name } });
    const texts = (await householdDetail(store, v.village, id)).history.map((h) => h.text);
    expect(texts).toContain(`2018-11-02 ${v.township.name} 户类别 A类 → ${newClass}类（原因：批准修改收入测算表：入户核实收入）`);
    expect(texts.some((t) => t.startsWith(`2018-11-02 ${v.village.name} 申请修改 2018年收入测算表 `) && t.includes('（待审核）（原因：入户核实收入）'))).toBe(
      true,
    );
    expect(texts.some((t) => t.startsWith(`2018-11-02 ${v.township.name} 批准 ${v.village.name}的申请：修改 2018年收入测算表 `))).toBe(true);
  });

  it('writes one income change row on approval, under the approver with the requester’s reason, shown as a plain-Chinese history line', async () => {
    const id = await classAHousehold();
    const before = (await store.registry.loadRecords(ALL, { householdIds: [id], year: 2018 }))[0]!.income!;
    const old = before.items.migrantWage ?? 0;
    const out = await updateIncome(ctxFor(store, v.township), v.township, id, {
      items: { ...before.items, migrantWage: old + 5000 },
      note: before.note,
      reason: '补录务工收入',
    });
    expect((await store.changes.forHousehold(ALL, id)).filter((c) => c.entity === 'income')).toHaveLength(0);
    await approveRequest(ctxFor(store, v.county), v.county, out.request!.id);
    const log = (await store.changes.forHousehold(ALL, id)).filter((c) => c.entity === 'income' && c.action === 'update');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      actor: { id: v.county.userId, name: v.county.name },
      reason: `补录务工收入（${v.township.name}申请，经审批）`,
      after: { 'items.migrantWage': old + 5000 },
    });

    const detail = await householdDetail(store, v.township, id);
    const oldText = old === 0 ? '空' : String(old);
    expect(detail.history.map((h) => h.text)).toContain(
      `2018-11-02 ${v.county.name} 修改 2018年收入测算表：外出务工收入 ${oldText} → ${old + 5000}（原因：补录务工收入（${v.township.name}申请，经审批））`,
    );
    expect(detail.history.map((h) => h.text)).toContain(
      `2018-11-02 ${v.township.name} 申请修改 2018年收入测算表 外出务工收入 ${oldText} → ${old + 5000}（待审核）（原因：补录务工收入）`,
    );
  });

  it('a change of the note alone needs no approval: written at once', async () => {
    const id = await classAHousehold();
    const form = (await store.registry.loadRecords(ALL, { householdIds: [id], year: 2018 }))[0]!.income!;
    const out = await updateIncome(ctxFor(store, v.village), v.village, id, { items: form.items, note: '已入户核实', reason: '补充说明' });
    expect(out.status).toBe('applied');
    expect(out.assessment!.class).toBe('A');
    expect((await store.registry.loadRecords(ALL, { householdIds: [id], year: 2018 }))[0]!.income!.note).toBe('已入户核实');
  });

  it('refuses leader and sector roles, other townships, unknown households and a blank reason, writing nothing', async () => {
    const id = await classAHousehold();
    const other = s.householdsOf(s.townshipB)[0]!;
    const n = await changeCount(store);
    const cases: [Access, string, string, number][] = [
      [v.leader, id, '原因', 403],
      [v.sector, id, '原因', 403],
      [v.village, other, '原因', 404],
      [v.township, other, '原因', 404],
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
    expect(out.status).toBe('unchanged');
    expect(out.request).toBeNull();
    expect(await changeCount(store)).toBe(n);
  });
});
