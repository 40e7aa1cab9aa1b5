// applyImport on every engine: data and change log in one transaction, all or nothing.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.js';
import { diffRecords, emptyPlan, isEmptyPlan } from './diff.js';
import { actors, allRegions, codes, countyRecords, deepClone, incomeForm, member, regions, task } from '../../test/fixtures/store.js';
import { ALL, regionsScope } from './scope.js';
import { openStore, type Store } from './store.js';

const AT = '2019-09-01T08:00:00.000Z';
const LATER = '2019-09-15T10:30:00.000Z';

async function counts(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['households', 'members', 'income_forms', 'tasks', 'changes'] as const) {
    const r = await store.db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

describeEachDialect('registry.applyImport', (db) => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(await db.fresh(), { clock: () => AT });
    await store.transaction((trx) => store.regions.upsertMany(trx, allRegions, actors.countyClerk, '初始化区划', 'regions-1'));
  });
  afterEach(async () => {
    await store.close();
  });

  const importCounty = () =>
    store.transaction((trx) => store.registry.applyImport(trx, diffRecords([], countyRecords()), actors.countyClerk, '2019 年花名册导入', 'imp-1'));

  it('writes the records and one change row per new household (with its members and form), stamped with actor, reason and batch', async () => {
    const result = await importCounty();
    expect(result.households.creates).toBe(3);
    expect(await counts(store)).toEqual({ households: 3, members: 5, income_forms: 2, tasks: 0, changes: allRegions.length + 3 });

    const log = await store.changes.list(ALL, { batchId: 'imp-1' });
    expect(log).toHaveLength(3);
    expect(new Set(log.map((c) => `${c.actor.name}|${c.reason}|${c.at}|${c.action}|${c.entity}`))).toEqual(
      new Set([`${actors.countyClerk.name}|2019 年花名册导入|${AT}|create|household`]),
    );
    const created = log.find((c) => c.entityId === '6224211002010001');
    expect(created?.before).toBeNull();
    expect(created?.householdId).toBe('6224211002010001');
    const after = created?.after as { members: Array<Record<string, unknown>>; incomes: Array<Record<string, unknown>> };
    // Every member and the income form of the new household are in its create row: nothing is lost.
    expect(after.members.map((m) => m['id'])).toEqual(['622421100201000101', '622421100201000102', '622421100201000103']);
    expect(after.members[0]).toMatchObject({ name: '张建国', idNumber: '62242119650315001X' });
    expect(after.members[0]).not.toHaveProperty('householdId');
    expect(after.incomes[0]).toMatchObject({ year: 2019 });
    // Null fields are left out of create snapshots; an absent field reads as null.
    expect(Object.values(after.members[0]!)).not.toContain(null);
  });

  it('a member added to an existing household gets its own create row', async () => {
    await importCounty();
    const stored = await store.registry.loadRecords(ALL, { year: 2019 });
    const incoming = deepClone(stored);
    const baby = { ...incoming[0]!.members[2]!, id: '622421100201000109', name: '张小宝', idNumber: null, relation: 'grandson' as const };
    incoming[0]!.members.push(baby);
    await store.transaction((trx) => store.registry.applyImport(trx, diffRecords(stored, incoming), actors.townshipOfficer, '新生儿', 'imp-3', LATER));
    const log = await store.changes.list(ALL, { batchId: 'imp-3' });
    expect(log.map((c) => `${c.entity}:${c.action}:${c.entityId}`)).toEqual(['member:create:622421100201000109']);
    expect(log[0]!.after).toMatchObject({ name: '张小宝', householdId: '6224211002010001' });
  });

  it('re-importing the same records changes nothing and logs nothing', async () => {
    await importCounty();
    const before = await counts(store);
    const stored = await store.registry.loadRecords(ALL, { year: 2019 });
    const plan = diffRecords(stored, countyRecords());
    expect(isEmptyPlan(plan)).toBe(true);
    await store.transaction((trx) => store.registry.applyImport(trx, plan, actors.countyClerk, '重复导入', 'imp-2'));
    expect(await counts(store)).toEqual(before);
    expect(await store.changes.list(ALL, { batchId: 'imp-2' })).toEqual([]);
  });

  it('an update stores the new values and logs only the changed fields with before and after', async () => {
    await importCounty();
    const stored = await store.registry.loadRecords(ALL, { year: 2019 });
    const incoming = deepClone(stored);
    incoming[0]!.household.housing.grade = 'A';
    incoming[0]!.household.housing.renovation = 'accepted';
    incoming[0]!.members[2]!.schoolStatus = 'grade8';
    const plan = diffRecords(stored, incoming);
    await store.transaction((trx) => store.registry.applyImport(trx, plan, actors.townshipOfficer, '危房改造竣工验收', 'imp-2', LATER));

    const after = await store.registry.loadRecords(ALL, { householdIds: ['6224211002010001'] });
    expect(after[0]!.household.housing).toEqual({ grade: 'A', renovation: 'accepted', area: 86.5 });
    expect(after[0]!.members[2]!.schoolStatus).toBe('grade8');

    const history = await store.changes.forHousehold(ALL, '6224211002010001');
    const updates = history.filter((c) => c.action === 'update');
    expect(updates.map((c) => [c.entity, c.before, c.after, c.actor.id, c.at, c.reason])).toEqual([
      [
        'household',
        { 'housing.grade': 'C', 'housing.renovation': 'in-progress' },
        { 'housing.grade': 'A', 'housing.renovation': 'accepted' },
        actors.townshipOfficer.id,
        LATER,
        '危房改造竣工验收',
      ],
      ['member', { schoolStatus: 'grade7' }, { schoolStatus: 'grade8' }, actors.townshipOfficer.id, LATER, '危房改造竣工验收'],
    ]);
    // History is oldest first: the creates of the first import come before.
    expect(history[0]!.action).toBe('create');
    expect(history.map((c) => c.seq)).toEqual([...history.map((c) => c.seq)].sort((a, b) => a - b));
  });

  it('a failure half-way (duplicate member number forced into the plan) leaves data and change log untouched', async () => {
    await importCounty();
    const before = await counts(store);
    const beforeRecords = await store.registry.loadRecords(ALL);

    const plan = emptyPlan();
    const stored = beforeRecords[0]!;
    // Household update and a new member go in first; the duplicate member then collides.
    plan.households.updates.push({
      before: stored.household,
      after: { ...stored.household, phone: '110' },
      fields: { phone: { before: stored.household.phone, after: '110' } },
    });
    plan.members.creates.push(member(stored.household.id, '07', { name: '新成员' }));
    plan.members.creates.push({ ...stored.members[0]!, name: '重复的人' });
    await expect(store.transaction((trx) => store.registry.applyImport(trx, plan, actors.countyClerk, '故意失败', 'imp-bad'))).rejects.toThrow();

    expect(await counts(store)).toEqual(before);
    expect(await store.registry.loadRecords(ALL)).toEqual(beforeRecords);
    expect(await store.changes.list(ALL, { batchId: 'imp-bad' })).toEqual([]);
  });

  it('an update of a row that is not there fails the whole import', async () => {
    await importCounty();
    const before = await counts(store);
    const ghost = countyRecords()[0]!.members[0]!;
    const plan = emptyPlan();
    plan.members.updates.push({
      before: { ...ghost, id: 'nobody' },
      after: { ...ghost, id: 'nobody', name: '幽灵' },
      fields: { name: { before: ghost.name, after: '幽灵' } },
    });
    await expect(store.transaction((trx) => store.registry.applyImport(trx, plan, actors.countyClerk, '不存在', 'imp-ghost'))).rejects.toThrow(/不存在|只找到/);
    expect(await counts(store)).toEqual(before);
  });

  it('a household in an unknown village is refused in Chinese, with nothing written', async () => {
    const recs = countyRecords();
    recs[0]!.household.villageCode = '999999999999';
    await expect(store.transaction((trx) => store.registry.applyImport(trx, diffRecords([], recs), actors.countyClerk, '导入', 'imp-x'))).rejects.toThrow(
      /不在区划表中/,
    );
    expect((await counts(store)).households).toBe(0);
  });

  it('deleting a household also deletes and logs its forms of other years and its tasks', async () => {
    await importCounty();
    const xiheId = '6224212002010001';
    await store.transaction(async (trx) => {
      const plan = emptyPlan();
      plan.incomes.creates.push(incomeForm(xiheId, 2018, { farming: 900 }));
      await store.registry.applyImport(trx, plan, actors.countyClerk, '补录 2018 收入', 'imp-2018');
      await store.tasks.create(trx, task('T-9', xiheId), actors.countyClerk, '住房整改');
    });
    const stored = await store.registry.loadRecords(ALL, { year: 2019 });
    const plan = diffRecords(stored, countyRecords().slice(0, 2), { deleteMissingHouseholds: true });
    const result = await store.transaction((trx) => store.registry.applyImport(trx, plan, actors.countyClerk, '户已销户', 'imp-del'));
    expect(result.incomes.deletes).toBe(2);
    expect(result.tasks.deletes).toBe(1);

    expect(await store.registry.loadRecords(ALL, { householdIds: [xiheId] })).toEqual([]);
    const log = await store.changes.forHousehold(ALL, xiheId);
    const deletes = log.filter((c) => c.action === 'delete');
    expect(deletes.map((c) => `${c.entity}:${c.entityId}`).sort()).toEqual(
      ['household:6224212002010001', 'income:6224212002010001:2018', 'income:6224212002010001:2019', 'member:622421200201000101', 'task:T-9'].sort(),
    );
    // A delete keeps the whole record.
    expect(deletes.find((c) => c.entity === 'member')?.before).toMatchObject({ name: '李西河', idNumber: '622421197001010011' });
  });

  it('moving a village to another township moves its households in scope, and logs the region change', async () => {
    await importCounty();
    const moved = { ...regions.dongpingVillage, parentCode: codes.xihe };
    await store.transaction((trx) => store.regions.upsertMany(trx, [moved], actors.countyClerk, '区划调整', 'regions-2'));
    const xihe = await store.registry.loadRecords(regionsScope([codes.xihe]));
    expect(xihe.map((r) => r.household.villageCode).sort()).toEqual([codes.dongpingVillage, codes.xiheVillage]);
    const log = await store.changes.list(ALL, { batchId: 'regions-2' });
    expect(log.map((c) => [c.entity, c.entityId, c.before, c.after])).toEqual([
      ['region', codes.dongpingVillage, { parentCode: codes.dongping }, { parentCode: codes.xihe }],
    ]);
  });

  it('tasks.create logs a create and tasks.list returns it', async () => {
    await importCounty();
    const t = task('T-1', '6224211002010001', { memberId: '622421100201000103', indicator: 'education', sector: '教育' });
    await store.transaction((trx) => store.tasks.create(trx, t, actors.countyClerk, '劝返复学'));
    expect(await store.tasks.list(ALL)).toEqual([t]);
    const log = await store.changes.list(ALL, { entity: 'task' });
    expect(log.map((c) => [c.action, c.entityId, c.reason])).toEqual([['create', 'T-1', '劝返复学']]);
    await expect(store.transaction((trx) => store.tasks.create(trx, task('T-2', 'no-such'), actors.countyClerk, 'x'))).rejects.toThrow(/不存在/);
  });

  it('imports.record keeps one row per import, newest first', async () => {
    await store.transaction(async (trx) => {
      await store.imports.record(trx, {
        id: 'imp-1',
        at: AT,
        actor: actors.countyClerk,
        fileName: '花名册.xlsx',
        sha256: 'a'.repeat(64),
        counts: { rows: 3 },
        status: 'applied',
      });
      await store.imports.record(trx, {
        id: 'imp-2',
        at: LATER,
        actor: actors.countyClerk,
        fileName: '花名册（修正）.xlsx',
        sha256: 'b'.repeat(64),
        counts: { rows: 4, errors: 0 },
        status: 'applied',
      });
    });
    const list = await store.imports.list();
    expect(list.map((i) => [i.id, i.fileName, i.counts])).toEqual([
      ['imp-2', '花名册（修正）.xlsx', { rows: 4, errors: 0 }],
      ['imp-1', '花名册.xlsx', { rows: 3 }],
    ]);
  });
});
