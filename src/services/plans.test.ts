// 一户一策 on both engines: writes are logged and read as plain-Chinese history, scope is the
// store's, and the handbook masks personal data for a public notice whoever prints it.
import { beforeEach, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { describeEachDialect } from '../../test/dialects.js';
import { ALL, openStore, type Store } from '../store/index.js';
import { AccessError, type Access } from './access.js';
import { seedCounty, viewersFor, type SeededCounty } from '../../test/fixtures/data.js';
import { householdHandbook } from './handbook.js';
import { householdDetail } from './householdDetail.js';
import { addMeasure, readPlan, removeMeasure, savePlanHeader, updateMeasure } from './plans.js';

let tick = 0;
const clock = () => new Date(Date.UTC(2018, 8, 3, 2, 0, tick++)).toISOString();
const ctxFor = (store: Store, v: Access) => ({ store, actor: { id: v.userId, name: v.name }, clock });

const cattle = {
  category: 'industry',
  content: '养殖肉牛2头',
  responsibleName: '王某',
  responsibleUnit: '县农业农村局',
  fundsFen: 600000,
  startDate: '2018-09-01',
  endDate: '2018-12-31',
  status: 'planned',
  note: null,
};

async function refusal(p: Promise<unknown>): Promise<AccessError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AccessError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

async function changeCount(store: Store): Promise<number> {
  const r = await store.db
    .selectFrom('changes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describeEachDialect('一户一策 services', (testDb) => {
  let store: Store;
  let s: SeededCounty;
  let v: ReturnType<typeof viewersFor>;
  let id: string;

  beforeEach(async () => {
    store = await openStore(await testDb.fresh(), { clock });
    s = await seedCounty(store, { clock });
    v = viewersFor(s);
    id = s.householdsOf(s.villageA1)[0]!;
    return () => closeCheckingChain(store);
  });

  it('a plan nobody has saved shows the household record’s causes, no goals and no measures', async () => {
    const [record] = await store.registry.loadRecords(ALL, { householdIds: [id] });
    const plan = await readPlan(store, v.village, id);
    expect(plan.saved).toBe(false);
    expect(plan.mainCause).toBe(record!.household.mainCause);
    expect(plan.otherCauses).toEqual(record!.household.otherCauses);
    expect(plan.goals).toBeNull();
    expect(plan.measures).toEqual([]);
    expect(plan.canEdit).toBe(true);
  });

  it('a village user adds a measure: stored in fen, read back, and the history says what was promised', async () => {
    const m = await addMeasure(ctxFor(store, v.village), v.village, id, { measure: cattle });
    expect(m.id).toBe(`${id}-M1`);
    const plan = await readPlan(store, v.county, id);
    expect(plan.measures).toEqual([{ ...cattle, id: m.id, householdId: id, note: null }]);
    const detail = await householdDetail(store, v.village, id);
    expect(detail.history[0]!.text).toBe(
      `2018-09-03 ${v.village.name} 新增帮扶措施：产业类 养殖肉牛2头（县农业农村局 王某，到户资金 6000 元，2018-09-01 至 2018-12-31）`,
    );
  });

  it('editing a measure logs only the changed fields; an unchanged save writes nothing', async () => {
    const m = await addMeasure(ctxFor(store, v.village), v.village, id, { measure: cattle });
    const out = await updateMeasure(ctxFor(store, v.township), v.township, id, m.id, {
      measure: { ...cattle, status: 'done', fundsFen: 650050 },
      reason: '追加饲草补贴',
    });
    expect(out.changed).toBe(true);
    const before = await changeCount(store);
    const again = await updateMeasure(ctxFor(store, v.township), v.township, id, m.id, { measure: { ...cattle, status: 'done', fundsFen: 650050 } });
    expect(again.changed).toBe(false);
    expect(await changeCount(store)).toBe(before);
    const line = (await householdDetail(store, v.county, id)).history[0]!.text;
    expect(line).toContain('修改 帮扶措施');
    expect(line).toContain('修改 帮扶措施“养殖肉牛2头”：到户资金 6000 元 → 6500.50 元');
    expect(line).toContain('状态 计划 → 已完成');
    expect(line).toContain('（原因：追加饲草补贴）');
  });

  it('removing a measure needs a reason; with one it is gone and the history keeps what it was', async () => {
    const m = await addMeasure(ctxFor(store, v.village), v.village, id, { measure: cattle });
    const e = await refusal(removeMeasure(ctxFor(store, v.village), v.village, id, m.id, '  '));
    expect(e.message).toBe('删除帮扶措施须注明原因');
    await removeMeasure(ctxFor(store, v.village), v.village, id, m.id, '农户改为养羊');
    expect((await readPlan(store, v.village, id)).measures).toEqual([]);
    const text = (await householdDetail(store, v.village, id)).history[0]!.text;
    expect(text).toContain('删除帮扶措施：产业类 养殖肉牛2头');
    expect(text).toContain('（原因：农户改为养羊）');
    // A new measure never reuses the id of a deleted one.
    expect((await addMeasure(ctxFor(store, v.village), v.village, id, { measure: cattle })).id).toBe(`${id}-M2`);
  });

  it('causes and goals saved once become the plan’s own; the history names the changed cause', async () => {
    await savePlanHeader(ctxFor(store, v.village), v.village, id, {
      mainCause: 'lack-skills',
      otherCauses: ['illness'],
      goals: '2018年底人均纯收入超过4000元',
    });
    const plan = await readPlan(store, v.leader, id);
    expect(plan).toMatchObject({ saved: true, mainCause: 'lack-skills', otherCauses: ['illness'], goals: '2018年底人均纯收入超过4000元', canEdit: false });
    await savePlanHeader(
      ctxFor(store, v.village),
      v.village,
      id,
      { mainCause: 'lack-capital', otherCauses: ['illness'], goals: '2018年底人均纯收入超过4000元' },
      '入户核实',
    );
    const text = (await householdDetail(store, v.village, id)).history[0]!.text;
    expect(text).toContain('修改 一户一策：主要致贫原因 缺技术 → 缺资金（原因：入户核实）');
  });

  it('bad input is refused in Chinese and nothing is stored or logged', async () => {
    const before = await changeCount(store);
    const e = await refusal(addMeasure(ctxFor(store, v.village), v.village, id, { measure: { ...cattle, endDate: '2018-08-01', fundsFen: -1 } }));
    expect(e.status).toBe(400);
    expect(e.message).toContain('结束日期不能早于开始日期');
    expect(e.message).toContain('资金不能为负数');
    expect(await changeCount(store)).toBe(before);
    expect((await readPlan(store, v.county, id)).measures).toEqual([]);
  });

  it('leaders and sector departments may not edit; a village user may not touch another village’s household', async () => {
    for (const who of [v.leader, v.sector]) {
      const e = await refusal(addMeasure(ctxFor(store, who), who, id, { measure: cattle }));
      expect(e.status).toBe(403);
    }
    const other = s.householdsOf(s.townshipB)[0]!;
    const e = await refusal(addMeasure(ctxFor(store, v.village), v.village, other, { measure: cattle }));
    expect(e.status).toBe(404);
    expect((await refusal(readPlan(store, v.village, other))).status).toBe(404);
    expect((await refusal(readPlan(store, v.village, 'NO-SUCH'))).status).toBe(404);
    expect(await store.plans.measures(ALL, { householdIds: [other] })).toEqual([]);
  });

  it('the repository applies scope in SQL: a township sees its measures, not another township’s', async () => {
    const other = s.householdsOf(s.townshipB)[0]!;
    await addMeasure(ctxFor(store, v.county), v.county, id, { measure: cattle });
    await addMeasure(ctxFor(store, v.county), v.county, other, { measure: { ...cattle, category: 'water', content: '自来水入户' } });
    const seen = await store.plans.measures(v.township.scope);
    expect(seen.map((m) => m.householdId)).toEqual([id]);
    expect(await store.plans.measures(v.township.scope, { householdIds: [other] })).toEqual([]);
  });

  it('the handbook hides every ID number and phone, shows the measure, and is refused to a sector user and out of scope', async () => {
    await addMeasure(ctxFor(store, v.village), v.village, id, { measure: { ...cattle, status: 'done' } });
    const book = await householdHandbook(store, v.county, id);
    const [record] = await store.registry.loadRecords(ALL, { householdIds: [id] });
    const text = JSON.stringify(book);
    for (const m of record!.members) {
      if (m.idNumber !== null) expect(text).not.toContain(m.idNumber);
      if (m.phone !== null) expect(text).not.toContain(m.phone);
    }
    if (record!.household.cadre.phone) expect(text).not.toContain(record!.household.cadre.phone);
    expect(book.members.map((m) => m.name)).toEqual(record!.members.map((m) => m.name));
    expect(book.measures[0]).toMatchObject({ category: '产业类', content: '养殖肉牛2头', funds: '6000 元', status: '已完成' });
    expect(book.assistance.some((l) => l.includes('完成帮扶措施：产业类 养殖肉牛2头'))).toBe(true);
    expect(book.income.lineName).not.toBe('');
    expect((await refusal(householdHandbook(store, v.sector, id))).status).toBe(403);
    expect((await refusal(householdHandbook(store, v.village, s.householdsOf(s.townshipB)[0]!))).status).toBe(404);
  });
});
