import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.js';
import { diffRecords, emptyPlan } from './diff.js';
import {
  actors,
  allRegions,
  codes,
  headEveryField,
  householdAllNulls,
  householdEveryField,
  incomeForm,
  member,
  memberHomeSchooledDisabledChild,
  record,
  task,
} from '../../test/fixtures/store.js';
import { ALL } from './scope.js';
import { openStore, type Store } from './store.js';

const AT = '2019-09-01T08:00:00.000Z';
const TABLES = [
  'assessment_facets',
  'assessment_results',
  'assessment_runs',
  'change_checkpoints',
  'change_requests',
  'changes',
  'check_evidence',
  'check_lists',
  'check_points',
  'check_rows',
  'exit_objections',
  'exit_procedures',
  'exit_steps',
  'household_plans',
  'households',
  'imports',
  'income_forms',
  'members',
  'plan_measures',
  'project_allocations',
  'project_disbursements',
  'project_fund_sources',
  'project_households',
  'project_notices',
  'project_objections',
  'project_status_changes',
  'project_villages',
  'projects',
  'regions',
  'sessions',
  'settings',
  'task_attachments',
  'tasks',
  'users',
  'village_results',
];

async function tableNames(store: Store): Promise<string[]> {
  const tables = await store.db.introspection.getTables();
  return tables
    .map((t) => t.name)
    .filter((n) => !n.startsWith('kysely_'))
    .sort();
}

describeEachDialect('store: open and migrate', (db) => {
  const open: Store[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });
  const track = (s: Store) => (open.push(s), s);

  it('creates every table on an empty database and reports its engine', async () => {
    const target = await db.fresh();
    const store = track(await openStore(target));
    expect(store.dialect).toBe(db.dialect);
    expect(await tableNames(store)).toEqual(TABLES);
    if (db.dialect === 'sqlite') {
      expect(existsSync(target)).toBe(true);
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(store.db);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
    }
  });

  it('reopening runs no migration twice and keeps the data', async () => {
    const target = await db.fresh();
    const first = await openStore(target, { clock: () => AT });
    await first.transaction((trx) => first.regions.upsertMany(trx, allRegions, actors.countyClerk, '初始化区划'));
    await first.close();

    const second = track(await openStore(target));
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(second.db);
    expect(applied.rows.map((r) => r.name)).toEqual([
      '0001_regions',
      '0002_households_members',
      '0003_income_tasks',
      '0004_changes_imports',
      '0005_assessments',
      '0006_users_sessions_settings',
      '0007_search_facets',
      '0008_change_hash_chain',
      '0009_task_workflow',
      '0010_exit_procedure',
      '0011_household_plans',
      '0012_change_requests',
      '0013_region_exit_status',
      '0014_assessment_input_seq',
      '0015_projects_funds',
      '0016_cross_check',
    ]);
    expect((await second.regions.list(ALL)).map((r) => r.code)).toEqual(
      allRegions.map((r) => r.code).sort((a, b) => a.length - b.length || a.localeCompare(b)),
    );
  });

  it('a read-only store reads but refuses writes', async () => {
    const target = await db.fresh();
    const rw = await openStore(target, { clock: () => AT });
    await rw.transaction((trx) => rw.regions.upsertMany(trx, allRegions, actors.countyClerk, '初始化区划'));
    await rw.close();

    const ro = track(await openStore(target, { readonly: true }));
    expect(await ro.regions.list(ALL)).toHaveLength(allRegions.length);
    await expect(
      ro.transaction((trx) => ro.regions.upsertMany(trx, [{ ...allRegions[0]!, name: '改名县' }], actors.countyClerk, '试图改名')),
    ).rejects.toThrow();
  });

  it('the SQLite default path creates its folder', async () => {
    if (db.dialect !== 'sqlite') return;
    const dir = (await db.fresh()).replace(/\.db$/, '');
    const store = track(await openStore(`${dir}/nested/tuopin.db`));
    expect(existsSync(`${dir}/nested/tuopin.db`)).toBe(true);
    expect(store.dialect).toBe('sqlite');
  });
});

describeEachDialect('store: round trip', (db) => {
  let store: Store;
  afterEach(async () => {
    await store?.close();
  });

  async function seeded(): Promise<Store> {
    store = await openStore(await db.fresh(), { clock: () => AT });
    await store.transaction((trx) => store.regions.upsertMany(trx, allRegions, actors.countyClerk, '初始化区划'));
    return store;
  }

  it('a household with every field, nulls, booleans and Chinese text reads back equal', async () => {
    await seeded();
    const full = householdEveryField();
    const empty = householdAllNulls();
    const recs = [
      record(full, [headEveryField(full.id), memberHomeSchooledDisabledChild(full.id)], incomeForm(full.id), [
        task('T-1', full.id, { memberId: `${full.id}01` }),
      ]),
      record(empty, [member(empty.id, '01', { name: '𠮷田', relation: 'head' })], null),
    ];
    await store.transaction((trx) => store.registry.applyImport(trx, diffRecords([], recs, { syncTasks: true }), actors.countyClerk, '导入花名册', 'imp-1'));

    const back = await store.registry.loadRecords(ALL);
    expect(back).toEqual(recs);
    // Booleans really are 0/1 in both engines.
    const raw = await store.db
      .selectFrom('households')
      .select(['guarantee', 'food_clothing_ok', 'water_piped'])
      .where('id', '=', full.id)
      .executeTakeFirstOrThrow();
    expect(raw).toEqual({ guarantee: 0, food_clothing_ok: 1, water_piped: 0 });
    // Derived scope codes come from the region tree.
    const scopeCols = await store.db.selectFrom('households').select(['township_code', 'county_code']).where('id', '=', full.id).executeTakeFirstOrThrow();
    expect(scopeCols).toEqual({ township_code: codes.dongping, county_code: codes.county });
  });

  it('regions round-trip with village indicators', async () => {
    await seeded();
    const list = await store.regions.list(ALL);
    const shimen = list.find((r) => r.code === codes.shimen);
    expect(shimen).toEqual(allRegions.find((r) => r.code === codes.shimen));
    expect(list[0]?.level).toBe('county');
  });

  it('loadRecords picks the requested income year, else the latest', async () => {
    await seeded();
    const h = householdAllNulls();
    const plan = diffRecords([], [record(h, [member(h.id, '01')], incomeForm(h.id, 2018, { farming: 100 }))]);
    plan.incomes.creates.push(incomeForm(h.id, 2019, { farming: 200 }));
    await store.transaction((trx) => store.registry.applyImport(trx, plan, actors.countyClerk, '两年收入', null));
    expect((await store.registry.loadRecords(ALL))[0]?.income?.year).toBe(2019);
    expect((await store.registry.loadRecords(ALL, { year: 2018 }))[0]?.income?.items).toEqual({ farming: 100 });
    expect((await store.registry.loadRecords(ALL, { year: 2017 }))[0]?.income).toBeNull();
    expect(await store.registry.loadRecords(ALL, { householdIds: ['nope'] })).toEqual([]);
  });

  it('the change log refuses UPDATE and DELETE from anyone', async () => {
    await seeded();
    await expect(sql`update changes set reason = '篡改'`.execute(store.db)).rejects.toThrow(/只能追加/);
    await expect(sql`delete from changes`.execute(store.db)).rejects.toThrow(/只能追加/);
    const rows = await store.changes.list(ALL, { entity: 'region' });
    expect(rows).toHaveLength(allRegions.length);
    expect(rows.every((r) => r.reason === '初始化区划')).toBe(true);
  });

  it('write methods refuse to run outside a transaction', async () => {
    await seeded();
    await expect(store.registry.applyImport(store.db as never, emptyPlan(), actors.countyClerk, null, null)).rejects.toThrow(/事务/);
  });
});
