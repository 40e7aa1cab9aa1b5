// 项目库 on both engines: a project is seen through its villages, money is exact integer fen,
// and every write leaves change rows in the hash chain.
import { beforeEach, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { describeEachDialect } from '../../test/dialects.js';
import { actors, allRegions, codes } from '../../test/fixtures/store.js';
import type { Project } from '../domain/projects.js';
import { ALL, regionsScope } from './scope.js';
import { openStore, type Store } from './store.js';

const AT = '2018-05-01T08:00:00.000Z';

function project(id: string, overrides: Partial<Project> = {}): Project {
  return {
    id,
    countyCode: codes.county,
    name: '石门村人饮巩固提升工程',
    type: 'water',
    year: 2018,
    startDate: '2018-04-01',
    endDate: '2018-10-31',
    content: '新建蓄水池 1 座，铺设管道 3.2 公里',
    implementer: '县水务局',
    responsibleName: '王某',
    responsibleUnit: '县水务局',
    sector: '水务',
    tenderMethod: '公开招标',
    tenderWinner: '某建筑公司',
    contractFen: 48_000_000,
    qualityTarget: '工程验收合格率 100%',
    benefitHouseholds: 120,
    benefitPeople: 480,
    incomeGainFen: null,
    status: 'reserve',
    villages: [codes.shimen],
    households: [],
    fundSources: { central: 30_000_000, county: 20_000_001 },
    ...overrides,
  };
}

async function changes(store: Store, entity: string) {
  return store.db.selectFrom('changes').selectAll().where('entity', '=', entity).orderBy('seq').execute();
}

describeEachDialect('project store', (db) => {
  let store: Store;

  beforeEach(async () => {
    store = await openStore(await db.fresh(), { clock: () => AT });
    await store.transaction((trx) => store.regions.upsertMany(trx, allRegions, actors.countyClerk, '初始化区划', 'regions-1'));
    return () => closeCheckingChain(store);
  });

  it('stores a project with its villages, households and planned sources, and reads it back exactly', async () => {
    const p = project('XM2018-001', { households: ['6224211002010002', '6224211002010001'], villages: [codes.shimen, codes.dongpingVillage] });
    await store.transaction((trx) => store.projects.create(trx, p, actors.countyClerk, '录入项目'));
    const [back] = await store.projects.list(ALL);
    expect(back).toEqual({ ...p, households: ['6224211002010001', '6224211002010002'], villages: [codes.shimen, codes.dongpingVillage].sort() });
    expect(back!.fundSources['county']).toBe(20_000_001);
    const rows = await changes(store, 'project');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.township_code).toBe(codes.dongping);
    expect(rows[0]!.village_code).toBeNull();
    const links = await changes(store, 'project-household');
    expect(links.map((r) => r.household_id).sort()).toEqual(['6224211002010001', '6224211002010002']);
  });

  it('shows a project to the regions it reaches and nobody else', async () => {
    await store.transaction(async (trx) => {
      await store.projects.create(trx, project('XM-A'), actors.countyClerk, null);
      await store.projects.create(trx, project('XM-B', { villages: [codes.xiheVillage] }), actors.countyClerk, null);
      await store.projects.create(trx, project('XM-C', { villages: [] }), actors.countyClerk, null);
    });
    const ids = async (codesIn: string[]) => (await store.projects.list(regionsScope(codesIn))).map((p) => p.id);
    expect(await ids([codes.county])).toEqual(['XM-A', 'XM-B', 'XM-C']);
    expect(await ids([codes.dongping])).toEqual(['XM-A']);
    expect(await ids([codes.shimen])).toEqual(['XM-A']);
    expect(await ids([codes.dongpingVillage])).toEqual([]);
    expect(await ids([codes.xihe])).toEqual(['XM-B']);
    expect(await ids([])).toEqual([]);
    expect(await store.projects.get(regionsScope([codes.xihe]), 'XM-A')).toBeNull();
    expect((await store.projects.list(ALL, { regionCode: codes.xihe })).map((p) => p.id)).toEqual(['XM-B']);
  });

  it('records status changes, allocations, disbursements, notices and objections, each logged', async () => {
    await store.transaction((trx) => store.projects.create(trx, project('XM-1'), actors.countyClerk, null));
    await store.transaction(async (trx) => {
      await store.projects.changeStatus(trx, 'XM-1', 'approved', '2018-03-10', '县扶贫领导小组批复', actors.countyClerk);
      await store.projects.addMoney(
        trx,
        'allocation',
        'XM-1',
        { source: 'central', fen: 30_000_000, date: '2018-03-15', voucher: '甘财农〔2018〕12号' },
        actors.countyClerk,
      );
      await store.projects.addMoney(
        trx,
        'disbursement',
        'XM-1',
        { source: 'central', fen: 12_345_678, date: '2018-05-20', voucher: '记-0031' },
        actors.countyClerk,
      );
      const n = await store.projects.postNotice(trx, 'XM-1', 'plan', codes.shimen, '2018-03-12', actors.countyClerk);
      const o = await store.projects.addObjection(trx, n.id, '2018-03-14', '管道线路经过我家承包地', actors.countyClerk);
      await store.projects.handleObjection(trx, o.id, '2018-03-18', '调整线路，已与农户协商一致', actors.countyClerk);
      await store.projects.endNotice(trx, n.id, '2018-03-22', actors.countyClerk);
    });
    const d = (await store.projects.get(ALL, 'XM-1'))!;
    expect(d.status).toBe('approved');
    expect(d.statusChanges).toEqual([{ id: 'XM-1-S1', from: 'reserve', to: 'approved', date: '2018-03-10', note: '县扶贫领导小组批复' }]);
    expect(d.allocations.map((a) => [a.id, a.fen])).toEqual([['XM-1-A1', 30_000_000]]);
    expect(d.disbursements.map((a) => [a.id, a.fen, a.voucher])).toEqual([['XM-1-D1', 12_345_678, '记-0031']]);
    expect(d.notices).toEqual([{ id: 'XM-1-N1', projectId: 'XM-1', kind: 'plan', villageCode: codes.shimen, postedOn: '2018-03-12', endedOn: '2018-03-22' }]);
    expect(d.objections[0]).toMatchObject({ id: 'XM-1-O1', handledOn: '2018-03-18', handling: '调整线路，已与农户协商一致' });
    expect((await changes(store, 'project-money')).map((r) => r.entity_id)).toEqual(['XM-1-A1', 'XM-1-D1']);
    expect(await changes(store, 'project-status')).toHaveLength(1);
    expect(await changes(store, 'project-notice')).toHaveLength(2);
    expect(await changes(store, 'project-objection')).toHaveLength(2);
    const money = await store.projects.money(['XM-1']);
    expect(money.disbursements[0]!.fen).toBe(12_345_678);
  });

  it('updates only what changed and logs the households that joined and left', async () => {
    await store.transaction((trx) => store.projects.create(trx, project('XM-1', { households: ['6224211002010001'] }), actors.countyClerk, null));
    const same = await store.transaction((trx) => store.projects.update(trx, project('XM-1', { households: ['6224211002010001'] }), actors.countyClerk, null));
    expect(same).toBe(false);
    const changed = await store.transaction((trx) =>
      store.projects.update(trx, project('XM-1', { households: ['6224211002010002'], name: '石门村人饮工程（调整）' }), actors.countyClerk, '调整受益户'),
    );
    expect(changed).toBe(true);
    const upd = (await changes(store, 'project')).at(-1)!;
    expect(JSON.parse(upd.after!)).toMatchObject({ name: '石门村人饮工程（调整）' });
    const links = (await changes(store, 'project-household')).map((r) => [r.action, r.household_id]);
    expect(links).toEqual([
      ['create', '6224211002010001'],
      ['create', '6224211002010002'],
      ['delete', '6224211002010001'],
    ]);
    expect((await store.projects.list(ALL, { householdId: '6224211002010002' })).map((p) => p.id)).toEqual(['XM-1']);
    expect(await store.projects.list(ALL, { householdId: '6224211002010001' })).toEqual([]);
  });

  it('writes nothing when the transaction fails', async () => {
    await expect(
      store.transaction(async (trx) => {
        await store.projects.create(trx, project('XM-1'), actors.countyClerk, null);
        await store.projects.addMoney(trx, 'allocation', 'XM-1', { source: 'central', fen: 100.5, date: '2018-03-15', voucher: 'x' }, actors.countyClerk);
      }),
    ).rejects.toThrow('整数分');
    expect(await store.projects.list(ALL)).toEqual([]);
    expect(await changes(store, 'project')).toEqual([]);
  });
});
