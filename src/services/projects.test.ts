// 项目库 services on both engines: who may record what, money never over-disbursed (refused,
// nothing stored), notices never ended early, and progress breakdowns that sum to the total.
import { beforeEach, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { describeEachDialect } from '../../test/dialects.js';
import { seedCounty, viewersFor, type SeededCounty } from '../../test/fixtures/data.js';
import { openStore, type Store } from '../store/index.js';
import { AccessError, type Access } from './access.js';
import {
  allocate,
  changeProjectStatus,
  createProject,
  disburse,
  endNotice,
  handleObjection,
  linkHouseholds,
  listProjects,
  postNotice,
  projectProgress,
  readProject,
  recordObjection,
} from './projects.js';

let tick = 0;
// 2018-07-10 (China time): after the 06-30 step of the schedule.
const clock = () => new Date(Date.UTC(2018, 6, 10, 2, 0, tick++)).toISOString();
const ctxFor = (store: Store, v: Access) => ({ store, actor: { id: v.userId, name: v.name }, clock });

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

describeEachDialect('project services', (testDb) => {
  let store: Store;
  let s: SeededCounty;
  let v: ReturnType<typeof viewersFor>;

  const input = (over: Record<string, unknown> = {}) => ({
    name: '人饮巩固提升工程',
    type: 'water',
    year: 2018,
    startDate: '2018-03-01',
    endDate: '2018-10-31',
    content: '新建蓄水池 1 座，铺设管道 3 公里',
    implementer: '县水务局',
    responsibleName: '王某',
    sector: '住建',
    villages: [s.villageA1],
    fundSources: { central: 10_000_000 },
    ...over,
  });

  beforeEach(async () => {
    store = await openStore(await testDb.fresh(), { clock });
    s = await seedCounty(store, { clock });
    v = viewersFor(s);
    return () => closeCheckingChain(store);
  });

  it('records a project, allocates, refuses a disbursement over the allocation with nothing stored, then disburses', async () => {
    const ctx = ctxFor(store, v.county);
    const p = await createProject(ctx, v.county, input());
    expect(p.id).toBe('XM2018-0001');
    expect(p.statusLabel).toBe('储备');
    const early = await refusal(allocate(ctx, v.county, p.id, { source: 'central', fen: 5_000_000, date: '2018-03-15', voucher: '下达-1' }));
    expect(early.message).toContain('“储备”状态，不能下达资金');
    await changeProjectStatus(ctx, v.county, p.id, { to: 'approved', date: '2018-03-10' });
    await allocate(ctx, v.county, p.id, { source: 'central', fen: 5_000_000, date: '2018-03-15', voucher: '下达-1' });
    await disburse(ctx, v.county, p.id, { source: 'central', fen: 1_000_000, date: '2018-04-01', voucher: '拨-1' });

    const before = await changeCount(store);
    const over = await refusal(disburse(ctx, v.county, p.id, { source: 'central', fen: 4_000_001, date: '2018-05-01', voucher: '拨-2' }));
    expect(over.status).toBe(400);
    expect(over.message).toBe('拨付 40,000.01 元 超过“中央财政专项扶贫资金”已下达未拨付的 40,000.00 元（已下达 50,000.00 元，已拨付 10,000.00 元）');
    expect(await changeCount(store)).toBe(before);
    expect((await readProject(ctx, v.county, p.id)).disbursements).toHaveLength(1);

    const d = await disburse(ctx, v.county, p.id, { source: 'central', fen: 4_000_000, date: '2018-05-01', voucher: '拨-2' });
    expect(d.disbursedFen).toBe(5_000_000);
    expect(d.balances).toEqual([{ source: 'central', allocated: 5_000_000, disbursed: 5_000_000, available: 0 }]);
    const bad = await refusal(changeProjectStatus(ctx, v.county, p.id, { to: 'accepted', date: '2018-06-01' }));
    expect(bad.message).toContain('不能从“批复”改为“验收”');
  });

  it('lets the county office and the responsible sector record, and nobody else', async () => {
    const mine = await createProject(ctxFor(store, v.sector), v.sector, input());
    expect(mine.canEdit).toBe(true);
    const other = await refusal(createProject(ctxFor(store, v.sector), v.sector, input({ sector: '水务' })));
    expect(other.status).toBe(403);
    const waterOne = await createProject(ctxFor(store, v.county), v.county, input({ sector: '水务' }));
    expect((await refusal(changeProjectStatus(ctxFor(store, v.sector), v.sector, waterOne.id, { to: 'approved', date: '2018-03-10' }))).status).toBe(403);
    for (const role of ['township', 'village', 'leader'] as const) {
      expect((await refusal(createProject(ctxFor(store, v[role]), v[role], input()))).status, role).toBe(403);
      expect(
        (await refusal(allocate(ctxFor(store, v[role]), v[role], mine.id, { source: 'central', fen: 1, date: '2018-03-15', voucher: 'x' }))).status,
        role,
      ).toBe(403);
    }
  });

  it('shows a project to the township and village it reaches, not to others', async () => {
    const a = await createProject(ctxFor(store, v.county), v.county, input());
    const townB = s.county.regions.find((r) => r.level === 'village' && r.parentCode === s.townshipB)!.code;
    const b = await createProject(ctxFor(store, v.county), v.county, input({ villages: [townB] }));
    const ids = async (who: Access) => (await listProjects(ctxFor(store, who), who)).items.map((p) => p.id);
    expect(await ids(v.county)).toEqual([a.id, b.id]);
    expect(await ids(v.sector)).toEqual([a.id, b.id]);
    expect(await ids(v.township)).toEqual([a.id]);
    expect(await ids(v.village)).toEqual([a.id]);
    // Another township's project is answered as a missing one, so the answer tells nothing of it.
    const hidden = await refusal(readProject(ctxFor(store, v.township), v.township, b.id));
    const missing = await refusal(readProject(ctxFor(store, v.township), v.township, 'XM-none'));
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.message).toBe(missing.message);
  });

  it('links households of its villages only, and finds the projects reaching a household', async () => {
    const ctx = ctxFor(store, v.county);
    const p = await createProject(ctx, v.county, input());
    const home = s.householdsOf(s.villageA1).slice(0, 2);
    const away = s.householdsOf(s.townshipB)[0]!;
    const refused = await refusal(linkHouseholds(ctx, v.county, p.id, [away]));
    expect(refused.message).toContain(`户 ${away} 不在项目覆盖的行政村内`);
    const linked = await linkHouseholds(ctx, v.county, p.id, home);
    expect(linked.households).toEqual([...home].sort());
    expect((await listProjects(ctx, v.village, { household: home[0]! })).items.map((x) => x.id)).toEqual([p.id]);
  });

  it('posts a notice by village, never ends it before the rulebook’s 10 days, and records objections', async () => {
    const p = await createProject(ctxFor(store, v.county), v.county, input());
    const ctx = ctxFor(store, v.village);
    const posted = await postNotice(ctx, v.village, p.id, { kind: 'plan', villageCode: s.villageA1, postedOn: '2018-06-20' });
    const n = posted.notices[0]!;
    expect(n.earliestEnd).toBe('2018-06-30');
    const early = await refusal(endNotice(ctx, v.village, p.id, n.id, '2018-06-29'));
    expect(early.message).toBe('公示不少于 10 天：2018-06-20 张贴的公示最早 2018-06-30 结束');
    const o = (await recordObjection(ctx, v.village, p.id, n.id, '2018-06-22', '受益户名单漏了我家')).objections[0]!;
    await handleObjection(ctx, v.village, p.id, o.id, '2018-06-25', '经核实补录');
    const ended = await endNotice(ctx, v.village, p.id, n.id, '2018-06-30');
    expect(ended.notices[0]!.endedOn).toBe('2018-06-30');
    expect(ended.objections[0]!.handling).toBe('经核实补录');
    if (s.villageA2 !== null) {
      const notHis = await refusal(postNotice(ctx, v.village, p.id, { kind: 'plan', villageCode: s.villageA2, postedOn: '2018-06-20' }));
      expect(notHis.status).toBe(404);
    }
  });

  it('warns when disbursement lags the schedule, and progress breakdowns reconcile with the total', async () => {
    const ctx = ctxFor(store, v.county);
    const p = await createProject(ctx, v.county, input());
    await changeProjectStatus(ctx, v.county, p.id, { to: 'approved', date: '2018-03-10' });
    await allocate(ctx, v.county, p.id, { source: 'central', fen: 10_000_000, date: '2018-03-15', voucher: '下达-1' });
    await allocate(ctx, v.county, p.id, { source: 'county', fen: 333, date: '2018-03-15', voucher: '下达-2' });
    await disburse(ctx, v.county, p.id, { source: 'central', fen: 1_000_000, date: '2018-04-01', voucher: '拨-1' });
    const q = await createProject(ctx, v.county, input({ sector: null }));
    const view = (await listProjects(ctx, v.county)).items.find((x) => x.id === p.id)!;
    expect(view.warnings.map((w) => w.kind)).toEqual(['behind-schedule', 'idle']);
    const prog = await projectProgress(ctx, v.county);
    expect(prog.total).toMatchObject({ projects: 2, allocatedFen: 10_000_333, disbursedFen: 1_000_000 });
    expect(prog.late).toBe(1);
    for (const part of [prog.byProject, prog.bySource, prog.byTownship, prog.bySector]) {
      expect(part.reduce((a, r) => a + r.allocatedFen, 0)).toBe(prog.total.allocatedFen);
      expect(part.reduce((a, r) => a + r.disbursedFen, 0)).toBe(prog.total.disbursedFen);
    }
    expect(prog.bySector.map((r) => r.label)).toEqual(['未指定', '住建']);
    expect(prog.byProject.map((r) => r.key)).toEqual([p.id, q.id]);
  });
});
