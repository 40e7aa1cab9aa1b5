// Spot checks on both engines: the draw is stored as drawn (seed beyond 32 bits included), a
// township sees only its own sampled households, forms and surveys, and every write leaves change
// rows in the hash chain.
import { beforeEach, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { describeEachDialect } from '../../test/dialects.js';
import { actors, allRegions, codes, countyRecords } from '../../test/fixtures/store.js';
import type { CheckAnswers } from '../domain/spotCheckResults.js';
import { diffRecords } from './diff.js';
import type { NewSpotCheck } from './repositories/spotChecks.js';
import { ALL, regionsScope } from './scope.js';
import { openStore, type Store } from './store.js';

const AT = '2018-11-20T08:00:00.000Z';
const [A, B, X] = ['6224211002010001', '6224211002020001', '6224212002010001'];

const draw: NewSpotCheck = {
  kind: 'spot',
  population: 'registered',
  seed: 2 ** 40 + 7,
  design: { kind: 'per-village', perVillage: 1, minPerVillage: 0 },
  fingerprint: 'f'.repeat(64),
  populationSize: 3,
  rulebookId: 'gansu-2018',
  runId: null,
  countyCode: codes.county,
  villages: null,
  unregisteredPerVillage: null,
  note: '11月抽查',
  strata: [
    { villageCode: codes.shimen, townshipCode: codes.dongping, households: 1, people: 3, unregisteredPeople: null },
    { villageCode: codes.dongpingVillage, townshipCode: codes.dongping, households: 1, people: 1, unregisteredPeople: null },
    { villageCode: codes.xiheVillage, townshipCode: codes.xihe, households: 1, people: 1, unregisteredPeople: null },
  ],
  sampled: [
    { householdId: A, villageCode: codes.shimen, townshipCode: codes.dongping, people: 3 },
    { householdId: B, villageCode: codes.dongpingVillage, townshipCode: codes.dongping, people: 1 },
    { householdId: X, villageCode: codes.xiheVillage, townshipCode: codes.xihe, people: 1 },
  ],
};

const answers: CheckAnswers = { classRight: false, incomeRight: true, indicatorsRight: { water: false, housing: true }, dataAsOnSite: true, approves: null };

async function changes(store: Store, entity: string) {
  return store.db.selectFrom('changes').selectAll().where('entity', '=', entity).orderBy('seq').execute();
}

describeEachDialect('spot-check store', (db) => {
  let store: Store;

  beforeEach(async () => {
    store = await openStore(await db.fresh(), { clock: () => AT });
    await store.transaction((trx) => store.regions.upsertMany(trx, allRegions, actors.countyClerk, '初始化区划', 'regions-1'));
    await store.transaction((trx) => store.registry.applyImport(trx, diffRecords([], countyRecords(), { syncTasks: true }), actors.countyClerk, '导入', null));
    return () => closeCheckingChain(store);
  });

  it('reads the population with status, class and people, and stores a draw exactly as drawn', async () => {
    const pop = await store.transaction((trx) => store.spotChecks.populationHouseholds(trx));
    expect(pop.runId).toBeNull();
    expect(pop.households.map((h) => [h.id, h.villageCode, h.townshipCode, h.class, h.people])).toEqual([
      [A, codes.shimen, codes.dongping, null, 3],
      [B, codes.dongpingVillage, codes.dongping, null, 1],
      [X, codes.xiheVillage, codes.xihe, null, 1],
    ]);
    const id = await store.transaction(async (trx) => {
      const id = await store.spotChecks.nextId(trx, 'spot');
      await store.spotChecks.create(trx, id, draw, actors.countyClerk);
      return id;
    });
    expect(id).toBe('SC-0001');
    const [h] = await store.spotChecks.list(ALL);
    expect(h).toMatchObject({ id, kind: 'spot', seed: 2 ** 40 + 7, design: draw.design, populationSize: 3, sampleSize: 3, createdAt: AT });
    expect(await store.spotChecks.strata(ALL, id)).toEqual(draw.strata);
    const log = await changes(store, 'spot-check');
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0]!.after!)).toMatchObject({ seed: 2 ** 40 + 7, fingerprint: draw.fingerprint });
    expect(await store.transaction((trx) => store.spotChecks.nextId(trx, 'spot'))).toBe('SC-0002');
  });

  it('shows a township its own sampled households, forms and surveys only', async () => {
    await store.transaction((trx) => store.spotChecks.create(trx, 'SC-0001', draw, actors.countyClerk));
    const dongping = regionsScope([codes.dongping]);
    const xihe = regionsScope([codes.xihe]);
    const elsewhere = regionsScope(['622421300']);
    expect((await store.spotChecks.sampled(dongping, 'SC-0001')).map((s) => s.householdId)).toEqual([A, B]);
    expect((await store.spotChecks.sampled(xihe, 'SC-0001')).map((s) => s.householdId)).toEqual([X]);
    expect(await store.spotChecks.list(elsewhere)).toEqual([]);
    expect(await store.spotChecks.get(elsewhere, 'SC-0001')).toBeNull();
    expect((await store.spotChecks.strata(xihe, 'SC-0001')).map((s) => s.villageCode)).toEqual([codes.xiheVillage]);

    for (const s of draw.sampled)
      await store.transaction((trx) =>
        store.spotChecks.saveForm(trx, 'SC-0001', { ...s, countyCode: codes.county }, { ...answers, note: null, checkedOn: '2018-11-21' }, actors.countyClerk),
      );
    expect((await store.spotChecks.forms(xihe, 'SC-0001')).map((f) => f.householdId)).toEqual([X]);
    const [f] = await store.spotChecks.forms(dongping, 'SC-0001', { householdId: A });
    expect(f).toMatchObject({ ...answers, householdId: A, checkedOn: '2018-11-21', checkedBy: { id: actors.countyClerk.id } });

    await store.transaction((trx) =>
      store.spotChecks.addSurvey(
        trx,
        'SC-0001',
        { villageCode: codes.xiheVillage, headName: '非建档户', people: 4, eligiblePeople: 1, approves: true, note: null, surveyedOn: '2018-11-21' },
        { village: codes.xiheVillage, township: codes.xihe, county: codes.county },
        actors.countyClerk,
      ),
    );
    expect(await store.spotChecks.surveys(dongping, 'SC-0001')).toEqual([]);
    expect(await store.spotChecks.surveys(xihe, 'SC-0001')).toMatchObject([{ id: 'SC-0001-U1', people: 4, eligiblePeople: 1, approves: true }]);
    const formRows = await changes(store, 'spot-check-form');
    expect(formRows.map((r) => [r.household_id, r.township_code])).toEqual([
      [A, codes.dongping],
      [B, codes.dongping],
      [X, codes.xihe],
    ]);
    expect(await changes(store, 'spot-check-survey')).toHaveLength(1);
  });

  it('rewrites a form with an update row, and writes nothing when the answers are the same', async () => {
    await store.transaction((trx) => store.spotChecks.create(trx, 'SC-0001', draw, actors.countyClerk));
    const h = { ...draw.sampled[0]!, countyCode: codes.county };
    const form = { ...answers, note: '收入核实无误', checkedOn: '2018-11-21' };
    expect(await store.transaction((trx) => store.spotChecks.saveForm(trx, 'SC-0001', h, form, actors.countyClerk))).toBe(true);
    expect(await store.transaction((trx) => store.spotChecks.saveForm(trx, 'SC-0001', h, form, actors.countyClerk))).toBe(false);
    expect(
      await store.transaction((trx) => store.spotChecks.saveForm(trx, 'SC-0001', h, { ...form, classRight: true, approves: true }, actors.countyClerk)),
    ).toBe(true);
    const rows = await changes(store, 'spot-check-form');
    expect(rows.map((r) => r.action)).toEqual(['create', 'update']);
    expect(JSON.parse(rows[1]!.before!)).toMatchObject({ classRight: false, approves: null });
    expect((await store.spotChecks.forms(ALL, 'SC-0001'))[0]).toMatchObject({ classRight: true, approves: true });
  });
});
