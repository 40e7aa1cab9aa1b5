// 督查 on both engines: a visit is seen through its villages, problems through their unit's region
// (a department's by its sector only), weekly snapshots are written once, and every write leaves
// change rows in the hash chain.
import { beforeEach, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { describeEachDialect } from '../../test/dialects.js';
import { actors, allRegions, codes } from '../../test/fixtures/store.js';
import { ALL, regionsScope } from './scope.js';
import { openStore, type Store } from './store.js';
import type { NewProblem } from './repositories/supervision.js';

const AT = '2018-10-10T02:00:00.000Z';
const leader = { id: 'u-leader', name: '县领导 张某', role: 'leader' };

const problem = (overrides: Partial<NewProblem> = {}): NewProblem => ({
  source: 'visit',
  sourceRef: null,
  category: 'careless',
  severity: 'major',
  unitKind: 'village',
  unitCode: codes.shimen,
  unitName: '石门村',
  codes: { village: codes.shimen, township: codes.dongping, county: codes.county },
  householdId: null,
  people: ['李某'],
  description: '收入测算表未逐项核实',
  foundOn: '2018-10-09',
  deadline: '2018-10-24',
  ...overrides,
});

async function changes(store: Store, entity: string) {
  return store.db.selectFrom('changes').selectAll().where('entity', '=', entity).orderBy('seq').execute();
}

describeEachDialect('supervision store', (db) => {
  let store: Store;

  beforeEach(async () => {
    store = await openStore(await db.fresh(), { clock: () => AT });
    await store.transaction((trx) => store.regions.upsertMany(trx, allRegions, actors.countyClerk, '初始化区划', 'regions-1'));
    return () => closeCheckingChain(store);
  });

  it('a visit is seen by its villages’ township and by its visitor, not by another township', async () => {
    const id = await store.transaction((trx) =>
      store.supervision.createVisit(
        trx,
        {
          visitor: leader,
          date: '2018-10-09',
          villages: [codes.shimen],
          households: [],
          checked: '收入测算、住房安全',
          findings: [{ villageCode: codes.shimen, householdId: null, text: '两户收入测算表无签字' }],
        },
        leader,
      ),
    );
    const [v] = await store.supervision.listVisits(regionsScope([codes.dongping]));
    expect(v).toMatchObject({ id, date: '2018-10-09', villages: [codes.shimen], visitorName: leader.name, checked: '收入测算、住房安全' });
    expect(v!.findings).toEqual([{ id: `${id}-F1`, villageCode: codes.shimen, householdId: null, text: '两户收入测算表无签字', problemId: null }]);
    expect(await store.supervision.listVisits(regionsScope([codes.xihe]))).toEqual([]);
    expect(await store.supervision.listVisits(regionsScope([codes.xihe]), { ownerId: leader.id })).toHaveLength(1);
    expect(await store.supervision.visitDates([leader.id], '2018-10-08', '2018-10-14')).toEqual([{ visitorId: leader.id, date: '2018-10-09' }]);

    const pid = await store.transaction(async (trx) => {
      const p = await store.supervision.createProblem(trx, problem({ sourceRef: `${id}-F1` }), leader);
      await store.supervision.linkFinding(trx, v!, `${id}-F1`, p, leader);
      return p;
    });
    expect((await store.supervision.getVisit(ALL, id))!.findings[0]!.problemId).toBe(pid);
    const photo = await store.transaction((trx) =>
      store.supervision.addPhoto(trx, v!, { fileName: '现场.jpg', contentType: 'image/jpeg', data: new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]) }, leader),
    );
    expect([...(await store.supervision.photo(id, photo.id))!.data]).toEqual([0xff, 0xd8, 0xff, 1, 2, 3]);
    const logged = await changes(store, 'visit');
    expect(logged.map((c) => c.action)).toEqual(['create', 'update']);
    expect(logged[0]!.township_code).toBe(codes.dongping);
    expect(await changes(store, 'visit-photo')).toHaveLength(1);
  });

  it('problems: scope by region, a department’s by its sector; rectify, return, verify and decide are logged', async () => {
    const [village, dept] = await store.transaction(async (trx) => [
      await store.supervision.createProblem(trx, problem(), actors.countyClerk),
      await store.supervision.createProblem(
        trx,
        problem({
          unitKind: 'department',
          unitCode: '住建',
          unitName: '县住建局',
          codes: { village: null, township: null, county: codes.county },
          severity: 'ordinary',
        }),
        actors.countyClerk,
      ),
    ]);
    expect(village).toBe('WT2018-0001');
    expect(dept).toBe('WT2018-0002');
    const ids = async (who: { scope: ReturnType<typeof regionsScope>; sector: string | null }) => (await store.supervision.listProblems(who)).map((p) => p.id);
    expect(await ids({ scope: regionsScope([codes.dongping]), sector: null })).toEqual([village]);
    expect(await ids({ scope: regionsScope([codes.xihe]), sector: null })).toEqual([]);
    expect(await ids({ scope: ALL, sector: '住建' })).toEqual([dept]);
    expect(await ids({ scope: ALL, sector: '教育' })).toEqual([]);
    expect((await ids({ scope: ALL, sector: null })).sort()).toEqual([village, dept]);

    const who = { scope: ALL, sector: null };
    const p = (await store.supervision.getProblem(who, village))!;
    expect(p.people).toEqual(['李某']);
    await store.transaction((trx) => store.supervision.act(trx, p, 'rectify', '2018-10-12', '已逐户补签', actors.townshipOfficer));
    await store.transaction((trx) => store.supervision.act(trx, p, 'return', '2018-10-13', '仍缺两户', actors.countyClerk));
    expect((await store.supervision.getProblem(who, village))!.rectifiedOn).toBeNull();
    await store.transaction((trx) => store.supervision.act(trx, p, 'rectify', '2018-10-14', '已全部补签', actors.townshipOfficer));
    await store.transaction((trx) => store.supervision.act(trx, p, 'verify', '2018-10-15', '现场核实', actors.countyClerk));
    const d = await store.transaction((trx) =>
      store.supervision.addDecision(
        trx,
        p,
        { person: '李某', group: 'organisational', kind: 'talk', decidedOn: '2018-10-16', document: '县扶贫办〔2018〕12号', note: null },
        actors.countyClerk,
      ),
    );
    const back = (await store.supervision.getProblem(who, village))!;
    expect(back).toMatchObject({ rectifiedOn: '2018-10-14', rectification: '已全部补签', verifiedOn: '2018-10-15', verifiedByName: actors.countyClerk.name });
    expect(back.actions.map((a) => a.kind)).toEqual(['rectify', 'return', 'rectify', 'verify']);
    expect(back.decisions).toEqual([d]);
    expect(await changes(store, 'problem')).toHaveLength(2);
    expect(await changes(store, 'problem-action')).toHaveLength(4);
    expect((await changes(store, 'accountability'))[0]!.township_code).toBe(codes.dongping);
  });

  it('a weekly snapshot is written once; only the analysis and the meeting record change afterwards', async () => {
    expect(await store.transaction((trx) => store.supervision.saveWeekly(trx, '2018-W40', { total: 1 }, actors.countyClerk))).toBe(true);
    expect(await store.transaction((trx) => store.supervision.saveWeekly(trx, '2018-W40', { total: 2 }, actors.countyClerk))).toBe(false);
    await store.transaction((trx) =>
      store.supervision.setWeeklyNotes(trx, '2018-W40', { analysis: '进度偏慢', meeting: '例会：张某主持' }, actors.countyClerk),
    );
    expect(await store.supervision.weekly('2018-W40')).toMatchObject({ body: { total: 1 }, analysis: '进度偏慢', meeting: '例会：张某主持' });
    expect(await store.supervision.weeks()).toEqual(['2018-W40']);
    expect((await changes(store, 'weekly-report')).map((c) => c.action)).toEqual(['create', 'update']);
  });

  it('period counts read the week’s visits and pending requests by township on this engine', async () => {
    await store.transaction((trx) =>
      store.supervision.createVisit(
        trx,
        { visitor: leader, date: '2018-10-09', villages: [codes.shimen, codes.xiheVillage], households: [], checked: '入户', findings: [] },
        leader,
      ),
    );
    const counts = await store.supervision.periodCounts(
      { fromIso: '2018-10-07T16:00:00.000Z', toIso: '2018-10-14T16:00:00.000Z', fromDate: '2018-10-08', toDate: '2018-10-14', today: '2018-10-10' },
      { from: ['B'], to: ['A'] },
    );
    const visits = counts.filter((c) => c.metric === 'visits').sort((a, b) => String(a.townshipCode).localeCompare(String(b.townshipCode)));
    expect(visits).toEqual([
      { townshipCode: codes.dongping, sector: null, metric: 'visits', n: 1 },
      { townshipCode: codes.xihe, sector: null, metric: 'visits', n: 1 },
    ]);
  });
});
