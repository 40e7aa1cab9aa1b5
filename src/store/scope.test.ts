// Scope is applied in SQL by every read of household-linked rows: a township user cannot see
// another township's households, members, income forms, tasks, history or results.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HouseholdAssessment, VillageAssessment } from '../domain/assessment.js';
import { describeEachDialect } from '../../test/dialects.js';
import { diffRecords } from './diff.js';
import { actors, allRegions, codes, countyRecords, task } from '../../test/fixtures/store.js';
import { ALL, regionsScope } from './scope.js';
import { openStore, type Store } from './store.js';

const dongpingUser = regionsScope([codes.dongping]);
const xiheUser = regionsScope([codes.xihe]);
const shimenVillageUser = regionsScope([codes.shimen]);
const countyUser = regionsScope([codes.county]);
const XIHE_HOUSEHOLD = '6224212002010001';
const SHIMEN_HOUSEHOLD = '6224211002010001';
const DONGPING_HOUSEHOLD = '6224211002020001';

function assessment(householdId: string, villageCode: string, cls: string): HouseholdAssessment {
  return {
    householdId,
    villageCode,
    headName: null,
    size: 1,
    inScope: true,
    scopeReason: null,
    class: cls,
    classLabel: `${cls} 类`,
    preExit: false,
    income: null,
    indicators: [],
    summary: [`${cls} 类户`],
  };
}

function villageResult(code: string, townshipCode: string): VillageAssessment {
  return {
    code,
    name: code,
    townshipCode,
    poorVillage: false,
    exited: false,
    ruralPopulation: 100,
    remainingPoor: 1,
    preExitPeople: 0,
    incidenceNow: 0.01,
    incidenceAfter: 0,
    households: { A: 1 },
    people: { A: 1 },
    indicators: [],
    indicatorsMet: true,
    preExit: false,
    reasons: [],
  };
}

describeEachDialect('scope filtering', (db) => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(await db.fresh(), { clock: () => '2019-09-01T08:00:00.000Z' });
    await store.transaction(async (trx) => {
      await store.regions.upsertMany(trx, allRegions, actors.countyClerk, '初始化区划');
      await store.registry.applyImport(trx, diffRecords([], countyRecords()), actors.countyClerk, '导入', 'imp-1');
      await store.tasks.create(trx, task('T-dp', SHIMEN_HOUSEHOLD), actors.countyClerk, '整改');
      await store.tasks.create(trx, task('T-xh', XIHE_HOUSEHOLD), actors.countyClerk, '整改');
      await store.assessments.saveRun(trx, {
        rulebookId: 'gansu-2018',
        referenceDate: '2019-09-01',
        actor: actors.countyClerk,
        county: null,
        results: [
          assessment(SHIMEN_HOUSEHOLD, codes.shimen, 'B'),
          assessment(DONGPING_HOUSEHOLD, codes.dongpingVillage, 'A'),
          assessment(XIHE_HOUSEHOLD, codes.xiheVillage, 'C'),
        ],
        villages: [villageResult(codes.shimen, codes.dongping), villageResult(codes.xiheVillage, codes.xihe)],
      });
    });
  });
  afterAll(async () => {
    await store.close();
  });

  it('loadRecords: a township sees its own households with their members and forms only', async () => {
    const dp = await store.registry.loadRecords(dongpingUser);
    expect(dp.map((r) => r.household.id)).toEqual([SHIMEN_HOUSEHOLD, DONGPING_HOUSEHOLD]);
    expect(dp.flatMap((r) => r.members).every((m) => m.householdId !== XIHE_HOUSEHOLD)).toBe(true);
    expect(dp[0]!.tasks.map((t) => t.id)).toEqual(['T-dp']);

    const xh = await store.registry.loadRecords(xiheUser);
    expect(xh.map((r) => r.household.id)).toEqual([XIHE_HOUSEHOLD]);
    expect(xh[0]!.members.map((m) => m.name)).toEqual(['李西河']);
  });

  it('asking for another township’s household by id still returns nothing', async () => {
    expect(await store.registry.loadRecords(xiheUser, { householdIds: [SHIMEN_HOUSEHOLD] })).toEqual([]);
    expect(await store.registry.loadRecords(regionsScope([]))).toEqual([]);
  });

  it('a village user sees one village; a county code sees everything', async () => {
    expect((await store.registry.loadRecords(shimenVillageUser)).map((r) => r.household.id)).toEqual([SHIMEN_HOUSEHOLD]);
    expect(await store.registry.loadRecords(countyUser)).toHaveLength(3);
    expect(await store.registry.loadRecords(ALL)).toHaveLength(3);
  });

  it('tasks.list is scoped', async () => {
    expect((await store.tasks.list(dongpingUser)).map((t) => t.id)).toEqual(['T-dp']);
    expect((await store.tasks.list(xiheUser)).map((t) => t.id)).toEqual(['T-xh']);
    expect((await store.tasks.list(ALL, { status: 'open' })).map((t) => t.id).sort()).toEqual(['T-dp', 'T-xh']);
  });

  it('change history is scoped, including by household id', async () => {
    expect(await store.changes.forHousehold(xiheUser, SHIMEN_HOUSEHOLD)).toEqual([]);
    expect((await store.changes.forHousehold(dongpingUser, SHIMEN_HOUSEHOLD)).length).toBeGreaterThan(0);
    const xhChanges = await store.changes.list(xiheUser, { entity: 'household' });
    expect(xhChanges.map((c) => c.householdId)).toEqual([XIHE_HOUSEHOLD]);
    const regionRows = await store.changes.list(xiheUser, { entity: 'region' });
    expect(regionRows.map((c) => c.entityId).sort()).toEqual([codes.xihe, codes.xiheVillage]);
  });

  it('regions.list returns the scope’s subtree', async () => {
    expect((await store.regions.list(dongpingUser)).map((r) => r.name)).toEqual(['东坪镇', '石门村', '东坪村']);
    expect(await store.regions.list(ALL)).toHaveLength(allRegions.length);
  });

  it('assessment results and village results are scoped; the run itself is not household data', async () => {
    const run = await store.assessments.latestRun();
    expect(run).toMatchObject({ rulebookId: 'gansu-2018', referenceDate: '2019-09-01', householdCount: 3 });
    expect((await store.assessments.latestResults(dongpingUser)).map((r) => [r.householdId, r.class])).toEqual([
      [SHIMEN_HOUSEHOLD, 'B'],
      [DONGPING_HOUSEHOLD, 'A'],
    ]);
    expect((await store.assessments.latestResults(xiheUser)).map((r) => r.class)).toEqual(['C']);
    expect((await store.assessments.latestResults(ALL, { class: 'A' })).map((r) => r.householdId)).toEqual([DONGPING_HOUSEHOLD]);
    expect((await store.assessments.latestVillages(xiheUser)).map((v) => v.code)).toEqual([codes.xiheVillage]);
  });
});

describeEachDialect('assessment snapshots', (db) => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(await db.fresh(), { clock: () => '2019-09-01T08:00:00.000Z' });
    await store.transaction((trx) => store.regions.upsertMany(trx, allRegions, actors.countyClerk, '初始化区划'));
  });
  afterAll(async () => {
    await store.close();
  });

  it('each run is kept; latest* read the newest, older runs stay readable by id', async () => {
    expect(await store.assessments.latestRun()).toBeNull();
    expect(await store.assessments.latestResults(ALL)).toEqual([]);
    const first = await store.transaction((trx) =>
      store.assessments.saveRun(trx, {
        rulebookId: 'gansu-2018',
        referenceDate: '2019-09-01',
        actor: actors.countyClerk,
        county: null,
        results: [assessment(XIHE_HOUSEHOLD, codes.xiheVillage, 'C')],
        villages: [],
      }),
    );
    const detailed = { ...assessment(XIHE_HOUSEHOLD, codes.xiheVillage, 'B'), summary: ['住房：C 级危房，改造中（整改任务 T-1 到期 2019-10-31）'] };
    const second = await store.transaction((trx) =>
      store.assessments.saveRun(trx, {
        rulebookId: 'gansu-2018',
        referenceDate: '2019-10-01',
        at: '2019-10-01T09:00:00.000Z',
        actor: actors.countyClerk,
        county: null,
        results: [detailed],
        villages: [],
      }),
    );
    expect(second.id).toBeGreaterThan(first.id);
    expect((await store.assessments.latestRun())?.id).toBe(second.id);
    expect(await store.assessments.latestResults(ALL)).toEqual([detailed]);
    expect((await store.assessments.latestResults(ALL, { runId: first.id })).map((r) => r.class)).toEqual(['C']);
  });
});
