// 名单比对 on both engines: list versions per kind and source, row outcomes, points with their
// life cycle, scope on the point's own region codes (and a sector's own list kinds), evidence.
import { beforeEach, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { describeEachDialect } from '../../test/dialects.js';
import { actors, allRegions, codes } from '../../test/fixtures/store.js';
import type { NewPoint, PointScope, RowRecord } from './repositories/checks.js';
import { ALL, regionsScope } from './scope.js';
import { openStore, type Store } from './store.js';

const AT = '2018-10-20T08:00:00.000Z';
const COUNTS = { matched: 1, possible: 1, unmatched: 1, pointsOpened: 0, pointsClosed: 0, pointsKept: 0, ms: 5 };
const list = (sha = 'a'.repeat(64)) => ({ kind: 'school-roll', source: '县教育局', asOf: '2018-10-15', fileName: '学籍.xlsx', sha256: sha, rows: 3 });
const rows: RowRecord[] = [
  { row: 2, outcome: 'match', method: 'id', memberId: 'M1', householdId: 'H1', score: 40, explanation: null, data: null, review: null },
  {
    row: 3,
    outcome: 'possible',
    method: 'score',
    memberId: 'M2',
    householdId: 'H2',
    score: 18.5,
    explanation: { comparisons: [] },
    data: { name: '王小明' },
    review: 'pending',
  },
  { row: 4, outcome: 'none', method: null, memberId: null, householdId: null, score: null, explanation: null, data: null, review: null },
];

function point(key: string, township: string, village: string, overrides: Partial<NewPoint> = {}): NewPoint {
  return {
    key,
    kind: 'dropout',
    row: 2,
    householdId: 'H1',
    memberId: 'M1',
    codes: { village, township, county: codes.county },
    field: 'schoolStatus',
    ours: '七年级',
    theirs: '辍学',
    rule: 'school-roll.dropped-out',
    ruleText: '学籍名单显示辍学，花名册记为在校',
    set: null,
    ...overrides,
  };
}

const everyone: PointScope = { scope: ALL, listKinds: null };

describeEachDialect('cross-check store', (db) => {
  let store: Store;

  beforeEach(async () => {
    store = await openStore(await db.fresh(), { clock: () => AT });
    await store.transaction((trx) => store.regions.upsertMany(trx, allRegions, actors.countyClerk, '初始化区划', 'regions-1'));
    return () => closeCheckingChain(store);
  });

  it('numbers versions per kind and source, keeps row outcomes and marks the older version superseded', async () => {
    const first = await store.transaction((trx) => store.checks.createList(trx, list(), COUNTS, rows, actors.countyClerk, AT));
    const second = await store.transaction((trx) => store.checks.createList(trx, list('b'.repeat(64)), COUNTS, rows, actors.countyClerk, AT));
    const other = await store.transaction((trx) => store.checks.createList(trx, { ...list(), source: '某学校' }, COUNTS, [], actors.countyClerk, AT));
    expect([first.version, second.version, other.version]).toEqual([1, 2, 1]);
    expect((await store.checks.list(first.id))?.superseded).toBe(true);
    expect((await store.checks.list(second.id))?.superseded).toBe(false);
    const back = await store.checks.rows(first.id);
    expect(back.items.map((r) => [r.row, r.outcome, r.memberId, r.score, r.review])).toEqual([
      [2, 'match', 'M1', 40, null],
      [3, 'possible', 'M2', 18.5, 'pending'],
      [4, 'none', null, null, null],
    ]);
    expect((await store.checks.row(first.id, 3))?.data).toEqual({ name: '王小明' });
    expect((await store.checks.reviewRows({ review: 'pending' })).total).toBe(2);
    const logged = await store.db.selectFrom('changes').select(['entity', 'after']).where('entity', '=', 'check-list').execute();
    expect(logged).toHaveLength(3);
  });

  it('a review confirms a possible match once, with who and when', async () => {
    const l = await store.transaction((trx) => store.checks.createList(trx, list(), COUNTS, rows, actors.countyClerk, AT));
    await store.transaction((trx) => store.checks.saveReview(trx, l.id, 3, 'confirmed', 'M2', 'H2', actors.countyClerk, AT, null));
    const r = await store.checks.row(l.id, 3);
    expect([r?.review, r?.reviewMemberId, r?.reviewedBy?.name]).toEqual(['confirmed', 'M2', actors.countyClerk.name]);
    expect((await store.checks.reviewRows({ review: 'pending' })).total).toBe(0);
  });

  it('points are seen by scope on their own codes and by a sector only for its own list kinds', async () => {
    const l = await store.transaction((trx) => store.checks.createList(trx, list(), COUNTS, rows, actors.countyClerk, AT));
    const ids = await store.transaction((trx) =>
      store.checks.createPoints(
        trx,
        l.id,
        'school-roll',
        '县教育局',
        [point('k1', codes.dongping, codes.shimen), point('k2', codes.xihe, codes.xiheVillage, { householdId: 'H9', memberId: 'M9' })],
        actors.countyClerk,
        AT,
      ),
    );
    expect(ids).toEqual([1, 2]);
    expect((await store.checks.points(everyone)).total).toBe(2);
    const dongping: PointScope = { scope: regionsScope([codes.dongping]), listKinds: null };
    expect((await store.checks.points(dongping)).items.map((p) => p.key)).toEqual(['k1']);
    expect(await store.checks.point(dongping, ids[1]!)).toBeNull();
    expect((await store.checks.points({ scope: ALL, listKinds: ['medical-insurance'] })).total).toBe(0);
    expect((await store.checks.points({ scope: ALL, listKinds: ['school-roll'] })).total).toBe(2);
    const p = (await store.checks.point(everyone, ids[0]!))!;
    expect(p).toMatchObject({ villageName: '石门村', status: 'open', asOf: '2018-10-15', field: 'schoolStatus', ours: '七年级', theirs: '辍学' });
    const created = await store.db
      .selectFrom('changes')
      .select(['entity', 'household_id', 'township_code'])
      .where('entity', '=', 'check-point')
      .orderBy('seq')
      .execute();
    expect(created).toEqual([
      { entity: 'check-point', household_id: 'H1', township_code: codes.dongping },
      { entity: 'check-point', household_id: 'H9', township_code: codes.xihe },
    ]);
  });

  it('the life cycle: checked with a finding and evidence, verified, closed; live keys and agreed closing', async () => {
    const l = await store.transaction((trx) => store.checks.createList(trx, list(), COUNTS, rows, actors.countyClerk, AT));
    const [a, b] = await store.transaction((trx) =>
      store.checks.createPoints(
        trx,
        l.id,
        'school-roll',
        '县教育局',
        [point('k1', codes.dongping, codes.shimen), point('k2', codes.dongping, codes.shimen)],
        actors.countyClerk,
        AT,
      ),
    );
    const before = (await store.checks.point(everyone, a!))!;
    const ev = await store.transaction((trx) =>
      store.checks.addEvidence(trx, before, { fileName: '走访.jpg', contentType: 'image/jpeg', data: new Uint8Array([1, 2, 3]) }, actors.townshipOfficer, AT),
    );
    await store.transaction((trx) =>
      store.checks.updatePoint(
        trx,
        before,
        { status: 'checked', finding: 'confirmed', note: '已入户核实', evidenceIds: [ev.id], checkedBy: actors.townshipOfficer, checkedAt: AT },
        actors.townshipOfficer,
        AT,
        '核实属实',
      ),
    );
    const checked = (await store.checks.point(everyone, a!))!;
    expect(checked).toMatchObject({ status: 'checked', finding: 'confirmed', evidenceIds: [ev.id], checkedBy: actors.townshipOfficer });
    expect((await store.checks.evidenceFile(everyone, a!, ev.id))?.data).toEqual(new Uint8Array([1, 2, 3]));
    expect(await store.checks.evidenceFile({ scope: regionsScope([codes.xihe]), listKinds: null }, a!, ev.id)).toBeNull();

    const { live } = await store.transaction((trx) => store.checks.liveKeys(trx, 'school-roll', '县教育局'));
    expect(live.map((x) => [x.key, x.status])).toEqual([
      ['k1', 'checked'],
      ['k2', 'open'],
    ]);
    const l2 = await store.transaction((trx) => store.checks.createList(trx, list('c'.repeat(64)), COUNTS, [], actors.countyClerk, AT));
    await store.transaction((trx) =>
      store.checks.closeAgreed(
        trx,
        live.filter((x) => x.id === b),
        l2.id,
        actors.countyClerk,
        AT,
        '新名单已一致',
      ),
    );
    expect(await store.checks.point(everyone, b!)).toMatchObject({ status: 'closed', finding: 'list-agrees', lastListId: l2.id });
    const tally = await store.checks.tally(everyone);
    expect(tally.map((t) => [t.kind, t.status, t.townshipName, t.n]).sort()).toEqual([
      ['dropout', 'checked', '东坪镇', 1],
      ['dropout', 'closed', '东坪镇', 1],
    ]);
    const history = await store.db.selectFrom('changes').select(['entity', 'action']).where('entity', 'like', 'check-%').orderBy('seq').execute();
    expect(history.map((h) => `${h.entity}:${h.action}`)).toEqual([
      'check-list:create',
      'check-point:create',
      'check-point:create',
      'check-evidence:create',
      'check-point:update',
      'check-list:create',
      'check-point:update',
    ]);
  });
});
