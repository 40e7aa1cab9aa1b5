// Projects beyond the money, on both engines: an accepted water project stands as evidence for
// the water task of a household it reaches (the rulebook's `solves`), still verified by another
// person; a project not yet accepted, of another type, or not reaching the household cannot. The
// printed notice and the handbook carry the project without ID numbers or phones.
import { beforeEach, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { describeEachDialect } from '../../test/dialects.js';
import { seedCounty, viewersFor, type SeededCounty } from '../../test/fixtures/data.js';
import { maskFor } from '../domain/mask.js';
import { ALL, openStore, type Store } from '../store/index.js';
import { AccessError, type Access } from './access.js';
import { householdHandbook } from './handbook.js';
import { completeWithProject, evidenceForTask } from './projectEvidence.js';
import { projectNoticeSheet } from './projectNotice.js';
import { changeProjectStatus, createProject, postNotice } from './projects.js';
import { stepTask } from './tasks.js';

let tick = 0;
const clock = () => new Date(Date.UTC(2018, 10, 20, 2, 0, tick++)).toISOString();
const ctxFor = (store: Store, v: Access) => ({ store, actor: { id: v.userId, name: v.name }, clock });
const water: Access = { userId: 'u-water', name: '县水务局', role: 'sector', scope: ALL, sector: '水务', mask: maskFor('internal') };

describeEachDialect('projects as task evidence, notices and handbooks', (testDb) => {
  let store: Store;
  let s: SeededCounty;
  let v: ReturnType<typeof viewersFor>;

  beforeEach(async () => {
    store = await openStore(await testDb.fresh(), { clock });
    s = await seedCounty(store, { clock });
    v = viewersFor(s);
    return () => closeCheckingChain(store);
  });

  /** An open water task of a household in a village of township A, and that village. */
  async function waterTask() {
    const tasks = await store.tasks.list(ALL, {});
    const inA = new Set(s.householdsOf(s.townshipA));
    const t = tasks.find((x) => x.indicator === 'water' && (x.status === 'open' || x.status === 'in-progress') && inA.has(x.householdId));
    if (t === undefined) throw new Error('fixture: no open water task in township A');
    const [rec] = await store.registry.loadRecords(ALL, { householdIds: [t.householdId] });
    return { task: t, village: rec!.household.villageCode };
  }

  const project = (village: string, households: string[], type = 'water') => ({
    name: '人饮巩固提升工程 联系人 13812345678',
    type,
    year: 2018,
    content: '新建蓄水池，负责人身份证 620521198005060017，账号 6228480000000001277',
    sector: '水务',
    villages: [village],
    households,
    fundSources: { central: 10_000_000 },
  });

  async function walk(id: string, to: string[]) {
    for (const [i, st] of to.entries()) await changeProjectStatus(ctxFor(store, v.county), v.county, id, { to: st, date: `2018-0${i + 3}-01` });
  }

  it('an accepted water project completes the water task of a household it reaches; another person still verifies', async () => {
    const { task, village } = await waterTask();
    const p = await createProject(ctxFor(store, v.county), v.county, project(village, [task.householdId]));
    const other = await createProject(ctxFor(store, v.county), v.county, project(village, [task.householdId], 'industry'));
    await walk(other.id, ['approved', 'implementing', 'completed', 'accepted']);
    await walk(p.id, ['approved', 'implementing', 'completed']);
    // Completed but not yet accepted: not evidence, and the step is refused with nothing stored.
    expect(await evidenceForTask(ctxFor(store, water), water, task.id)).toEqual([]);
    await expect(completeWithProject(ctxFor(store, water), water, task.id, p.id, undefined)).rejects.toBeInstanceOf(AccessError);
    expect((await store.tasks.list(ALL, { householdId: task.householdId })).find((x) => x.id === task.id)?.status).toBe(task.status);

    await changeProjectStatus(ctxFor(store, v.county), v.county, p.id, { to: 'accepted', date: '2018-07-01' });
    const ev = await evidenceForTask(ctxFor(store, water), water, task.id);
    expect(ev.map((e) => e.projectId)).toEqual([p.id]);
    expect(ev[0]!.acceptedOn).toBe('2018-07-01');
    const closeOut = { kind: 'water', solution: '集中供水入户', litresPerPersonDay: 40, fetchMinutes: 0 };
    const industry = await completeWithProject(ctxFor(store, water), water, task.id, other.id, closeOut).catch((e: unknown) => e);
    expect(industry).toBeInstanceOf(AccessError);
    if (task.status === 'open') await stepTask(ctxFor(store, water), water, task.id, 'start', {});
    const done = await completeWithProject(ctxFor(store, water), water, task.id, p.id, closeOut);
    expect(done.task.status).toBe('done');
    expect(done.task.evidenceNote).toContain(p.id);
    expect(done.task.evidenceDate).toBe('2018-07-01');
    // The doer cannot verify its own work; the township can.
    await expect(stepTask(ctxFor(store, water), water, task.id, 'verify', {})).rejects.toBeInstanceOf(AccessError);
    expect((await stepTask(ctxFor(store, v.township), v.township, task.id, 'verify', {})).task.status).toBe('verified');
  });

  it('a project not reaching the household is no evidence for its task', async () => {
    const { task, village } = await waterTask();
    const p = await createProject(ctxFor(store, v.county), v.county, project(village, []));
    await walk(p.id, ['approved', 'implementing', 'completed', 'accepted']);
    expect(await evidenceForTask(ctxFor(store, water), water, task.id)).toEqual([]);
  });

  it('the printed notice and the handbook name the project without an ID number, phone or bank account', async () => {
    const { task, village } = await waterTask();
    const p = await createProject(ctxFor(store, v.county), v.county, project(village, [task.householdId]));
    await walk(p.id, ['approved']);
    const posted = await postNotice(ctxFor(store, v.county), v.county, p.id, { kind: 'plan', villageCode: village, postedOn: '2018-11-01' });
    const sheet = await projectNoticeSheet(store, v.county, p.id, posted.notices[0]!.id);
    const text = JSON.stringify(sheet);
    expect(sheet.endOn).toBe('2018-11-11');
    expect(sheet.households.length).toBe(1);
    for (const secret of ['13812345678', '620521198005060017', '6228480000000001277']) expect(text).not.toContain(secret);
    const [rec] = await store.registry.loadRecords(ALL, { householdIds: [task.householdId] });
    for (const m of rec!.members) if (m.idNumber) expect(text).not.toContain(m.idNumber);

    const hb = await householdHandbook(store, v.township, task.householdId);
    expect(hb.projects.length).toBe(1);
    expect(hb.projects[0]).toContain('人饮巩固提升工程');
    expect(hb.projects[0]).not.toContain('13812345678');
  });
});
