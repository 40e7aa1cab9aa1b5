// Importing the project library on both engines: a good file stores every project (logged), a
// broken one stores nothing and reports sheet, row and column.
import { beforeEach, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { describeEachDialect } from '../../test/dialects.js';
import { seedCounty, viewersFor, type SeededCounty } from '../../test/fixtures/data.js';
import { libraryXlsx, PROJECT_HEADER } from '../../test/fixtures/projects.js';
import { formatIssues } from '../io/roster/errors.js';
import { ALL, openStore, type Store } from '../store/index.js';
import type { Access } from './access.js';
import { importProjectLibrary, ProjectImportError } from './importProjects.js';

const clock = () => '2018-07-10T02:00:00.000Z';
const ctxFor = (store: Store, v: Access) => ({ store, actor: { id: v.userId, name: v.name }, clock });

describeEachDialect('project library import', (testDb) => {
  let store: Store;
  let s: SeededCounty;
  let v: ReturnType<typeof viewersFor>;

  beforeEach(async () => {
    store = await openStore(await testDb.fresh(), { clock });
    s = await seedCounty(store, { clock });
    v = viewersFor(s);
    return () => closeCheckingChain(store);
  });

  it('stores the projects of a good file, numbered and logged', async () => {
    const file = await libraryXlsx([
      [null, '饮水工程', '饮水', 2018, null, s.villageA1, '蓄水池1座', '2018-03-01', '2018-10-31', '县水务局', '水务', 480000, 120, 300000, 2000],
      [null, '产业项目', '产业', 2018, null, s.villageA1, '肉牛养殖', null, null, null, null, null, null, 100000, null],
    ]);
    const r = await importProjectLibrary(ctxFor(store, v.county), v.county, file, '项目库.xlsx');
    expect(r.stored).toBe(2);
    expect((await store.projects.list(ALL)).map((p) => p.id)).toEqual(['XM2018-0001', 'XM2018-0002']);
    const again = await importProjectLibrary(ctxFor(store, v.county), v.county, file, '项目库.xlsx');
    expect(again.projects.map((p) => p.id)).toEqual(['XM2018-0003', 'XM2018-0004']);
  });

  it('refuses a broken file with a report and stores nothing', async () => {
    const away = s.householdsOf(s.townshipB)[0]!;
    const file = await libraryXlsx([
      ['XM-1', '饮水工程', '饮水', 2018, null, s.villageA1, '蓄水池1座', null, null, null, null, null, null, 300000, null],
      ['XM-2', '产业项目', '产业', 2018, null, '没有这个村', '肉牛养殖', null, null, null, null, null, null, 100000, null],
    ]);
    const err = await importProjectLibrary(ctxFor(store, v.county), v.county, file, '项目库.xlsx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProjectImportError);
    expect(formatIssues((err as ProjectImportError).issues)).toEqual([
      '项目库 第4行 F列（实施地点）“没有这个村”：“没有这个村”不是本县的行政村（可填12位行政区划代码或村名）',
    ]);
    expect(await store.projects.list(ALL)).toEqual([]);

    const hhFile = await libraryXlsx(
      [['XM-1', '饮水工程', '饮水', 2018, null, s.villageA1, '蓄水池1座', null, null, null, null, null, null, 300000, null, away]],
      [...PROJECT_HEADER, '受益户编号'],
    );
    const hhErr = (await importProjectLibrary(ctxFor(store, v.county), v.county, hhFile, '项目库.xlsx').catch((e: unknown) => e)) as ProjectImportError;
    expect(formatIssues(hhErr.issues)).toEqual([`项目库 第3行 “受益户编号”列“${away}”：项目“饮水工程”的受益户 ${away} 不在项目实施地点的行政村内`]);
    expect(await store.projects.list(ALL)).toEqual([]);
  });

  it('is refused to township and village accounts', async () => {
    const file = await libraryXlsx([]);
    await expect(importProjectLibrary(ctxFor(store, v.township), v.township, file, 'x.xlsx')).rejects.toThrow('只有县扶贫办和行业部门可以导入项目库');
  });
});
