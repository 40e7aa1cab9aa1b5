// The remediation workflow on both engines: every step as the roles that may take it, the
// refusals for those that may not, the deadline cap, derived lateness, proposals, evidence
// files, and the B → A move when the last task of a household is verified.
import { beforeEach, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { describeEachDialect } from '../../test/dialects.js';
import { maskFor } from '../domain/mask.js';
import type { StepInput } from '../domain/taskFlow.js';
import type { IndicatorCode } from '../domain/types.js';
import { ALL, openStore, type Store } from '../store/index.js';
import { AccessError, type Access } from './access.js';
import { seedCounty, viewersFor, type SeededCounty } from '../../test/fixtures/data.js';
import { householdDetail } from './householdDetail.js';
import { assignTasks, attachEvidence, listTasks, proposeTasks, stepTask, taskScope, taskSummary } from './tasks.js';

let now = Date.UTC(2018, 10, 20, 2, 0, 0);
const clock = () => new Date(now++).toISOString();
const ctxFor = (store: Store, v: Access) => ({ store, actor: { id: v.userId, name: v.name }, clock });

const sectorUser = (sector: string): Access => ({
  userId: `u-${sector}`,
  name: `县${sector}局`,
  role: 'sector',
  scope: ALL,
  sector,
  mask: maskFor('internal'),
});

export function closeOutFor(indicator: IndicatorCode): StepInput {
  const base = { evidenceNote: '入户核实已整改', evidenceDate: '2018-11-18' };
  switch (indicator) {
    case 'housing':
      return { ...base, closeOut: { kind: 'housing', gradeBefore: 'D', gradeAfter: 'A', acceptanceDate: '2018-11-18' } };
    case 'water':
      return { ...base, closeOut: { kind: 'water', solution: '自来水入户', litresPerPersonDay: 40, fetchMinutes: 0 } };
    case 'education':
      return { ...base, closeOut: { kind: 'education', homeTeaching: false, school: '县第一中学', dateBack: '2018-11-12' } };
    case 'medical':
      return {
        ...base,
        closeOut: { kind: 'medical', enrolmentDate: '2018-11-01', scheme: '城乡居民基本医疗保险＋大病保险', treatFirstPayLater: true, oneStopSettlement: true },
      };
    case 'food-clothing':
      return { ...base, closeOut: { kind: 'food-clothing', checklist: ['口粮充足', '衣被齐全', '室内整洁', '厨房卫生', '厕所卫生', '院落整洁'] } };
    default:
      return base;
  }
}

async function refused(p: Promise<unknown>, status: number): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AccessError);
    expect((e as AccessError).status).toBe(status);
    return (e as Error).message;
  }
  throw new Error(`expected a ${status} refusal`);
}

describeEachDialect('remediation tasks', (testDb) => {
  let store: Store;
  let s: SeededCounty;
  let v: ReturnType<typeof viewersFor>;

  beforeEach(async () => {
    now = Date.UTC(2018, 10, 20, 2, 0, 0);
    store = await openStore(await testDb.fresh(), { clock });
    s = await seedCounty(store, { clock });
    v = viewersFor(s);
    return () => closeCheckingChain(store);
  });

  /** A class-B household of township A whose tasks are all open or in progress. */
  async function classBHousehold(): Promise<string> {
    const results = await store.assessments.latestResults(ALL, { runId: s.runId });
    const ids = new Set(s.householdsOf(s.townshipA));
    for (const r of results) {
      if (r.class !== 'B' || !ids.has(r.householdId)) continue;
      const tasks = await store.tasks.list(ALL, { householdId: r.householdId });
      if (tasks.length > 0 && tasks.every((t) => t.status === 'open' || t.status === 'in-progress')) return r.householdId;
    }
    throw new Error('fixture: no class-B household in township A');
  }

  it('walks every task of a B household to verification by the sector and the township; the last verification moves it to A, with each step in the history', async () => {
    const id = await classBHousehold();
    const tasks = await store.tasks.list(ALL, { householdId: id });
    for (const [i, t] of tasks.entries()) {
      const doer = t.sector === '乡镇' || t.sector === null ? v.village : sectorUser(t.sector);
      if (t.status === 'open') expect((await stepTask(ctxFor(store, doer), doer, t.id, 'start', {})).task.status).toBe('in-progress');
      const done = await stepTask(ctxFor(store, doer), doer, t.id, 'complete', closeOutFor(t.indicator));
      expect(done.task).toMatchObject({ status: 'done', doneBy: doer.userId });
      expect(done.classAfter).toBe('B');
      const verified = await stepTask(ctxFor(store, v.township), v.township, t.id, 'verify', {});
      expect(verified.task.status).toBe('verified');
      expect(verified.classAfter).toBe(i === tasks.length - 1 ? 'A' : 'B');
    }
    expect((await store.assessments.result(ALL, id))?.result.class).toBe('A');
    const moves = (await store.changes.forHousehold(ALL, id)).filter((c) => c.entity === 'assessment');
    expect(moves.at(-1)).toMatchObject({ before: { class: 'B' }, after: { class: 'A' }, actor: { name: v.township.name } });

    const history = (await householdDetail(store, v.county, id)).history.map((h) => h.text);
    for (const t of tasks) {
      expect(history.some((h) => h.includes(`完成 整改任务 ${t.id}（`))).toBe(true);
      expect(history).toContain(
        `2018-11-20 ${v.township.name} 验收 整改任务 ${t.id}（${{ housing: '住房安全', water: '饮水安全', education: '义务教育', medical: '基本医疗', 'food-clothing': '吃穿不愁', income: '收入' }[t.indicator]}）`,
      );
    }
    expect(history).toContain(`2018-11-20 ${v.township.name} 户类别 B类 → A类（原因：整改任务 ${tasks.at(-1)!.id} 验收）`);
    // The dashboard card lists the move for the township, not for a sector department.
    const summary = await taskSummary(ctxFor(store, v.township), v.township);
    expect(summary.recentExits?.[0]).toMatchObject({ householdId: id, actor: v.township.name });
    expect((await taskSummary(ctxFor(store, v.sector), v.sector)).recentExits).toBeNull();
    expect(summary.byStatus.find((x) => x.status === 'verified')?.count).toBeGreaterThanOrEqual(tasks.length);
    const housing = tasks.find((t) => t.indicator === 'housing');
    if (housing) expect(history).toContain(`2018-11-20 县住建局 完成 整改任务 ${housing.id}（住房安全：D级→A级，2018-11-18 验收）`);
  });

  it('the doer may not verify their own work, a sector may not verify at all, a leader may do nothing', async () => {
    const id = await classBHousehold();
    const [t] = await store.tasks.list(ALL, { householdId: id });
    await stepTask(ctxFor(store, v.township), v.township, t!.id, 'complete', closeOutFor(t!.indicator));
    expect(await refused(stepTask(ctxFor(store, v.township), v.township, t!.id, 'verify', {}), 403)).toContain('完成人以外');
    const sector = sectorUser(t!.sector ?? '住建');
    await refused(stepTask(ctxFor(store, sector), sector, t!.id, 'verify', {}), 403);
    await refused(stepTask(ctxFor(store, v.village), v.village, t!.id, 'verify', {}), 403);
    await refused(stepTask(ctxFor(store, v.leader), v.leader, t!.id, 'return', { reason: 'x' }), 403);
    expect((await stepTask(ctxFor(store, v.county), v.county, t!.id, 'verify', {})).task.verifiedBy).toBe(v.county.userId);
  });

  it('a returned task no longer counts: the household drops to C until the doer reopens it', async () => {
    const id = await classBHousehold();
    const [t] = await store.tasks.list(ALL, { householdId: id });
    const doer = t!.sector === '乡镇' ? v.village : sectorUser(t!.sector!);
    await stepTask(ctxFor(store, doer), doer, t!.id, 'complete', closeOutFor(t!.indicator));
    await refused(stepTask(ctxFor(store, v.township), v.township, t!.id, 'return', {}), 400);
    const back = await stepTask(ctxFor(store, v.township), v.township, t!.id, 'return', { reason: '佐证照片看不清' });
    expect(back).toMatchObject({ task: { status: 'returned', returnReason: '佐证照片看不清' }, classBefore: 'B', classAfter: 'C' });
    const again = await stepTask(ctxFor(store, doer), doer, t!.id, 'reopen', {});
    expect(again.classAfter).toBe('B');
    const history = (await householdDetail(store, v.county, id)).history.map((h) => h.text);
    expect(history.some((h) => h.includes(`退回 整改任务 ${t!.id}`) && h.includes('（原因：佐证照片看不清）'))).toBe(true);
  });

  it('scope and sector: other sectors, other townships and other villages cannot act on a task', async () => {
    const id = await classBHousehold();
    const [t] = await store.tasks.list(ALL, { householdId: id });
    const other = sectorUser(t!.sector === '教育' ? '水务' : '教育');
    const err = await stepTask(ctxFor(store, other), other, t!.id, 'complete', closeOutFor(t!.indicator)).catch((e: AccessError) => e);
    expect(err).toBeInstanceOf(AccessError);
    // Another sector's task is not in this sector's view: answered as a missing one.
    expect((err as AccessError).status).toBe(404);
    const outsider: Access = { ...v.township, userId: 'u-tb', scope: { kind: 'regions', codes: [s.townshipB] } };
    expect(await refused(stepTask(ctxFor(store, outsider), outsider, t!.id, 'complete', closeOutFor(t!.indicator)), 404)).toBe('该整改任务不存在');
    await refused(stepTask(ctxFor(store, v.county), v.county, 'NO-SUCH', 'start', {}), 404);
  });

  it('lists: a sector sees only its own sector county-wide, a township only its villages, a village only its households', async () => {
    const all = await listTasks(ctxFor(store, v.county), v.county, {});
    const housing = await listTasks(ctxFor(store, v.sector), v.sector, {});
    expect(housing.total).toBeGreaterThan(0);
    expect(housing.items.every((t) => t.sector === '住建')).toBe(true);
    expect(housing.total).toBe(all.items.filter((t) => t.sector === '住建').length);
    const town = await listTasks(ctxFor(store, v.township), v.township, {});
    expect(town.items.every((t) => t.townshipCode === s.townshipA)).toBe(true);
    expect(town.total).toBe(all.items.filter((t) => t.townshipCode === s.townshipA).length);
    const village = await listTasks(ctxFor(store, v.village), v.village, {});
    expect(village.items.every((t) => t.villageCode === s.villageA1)).toBe(true);
    expect(await store.tasks.search(taskScope({ ...v.sector, sector: null }), {})).toMatchObject({ total: 0 });
  });

  it('overdue is derived from the due date and today: nothing is stored, a later clock makes more tasks late', async () => {
    const all = await listTasks(ctxFor(store, v.county), v.county, {});
    const dues = all.items
      .filter((t) => ['open', 'in-progress'].includes(t.status))
      .map((t) => t.dueDate)
      .sort();
    const cut = dues[Math.floor(dues.length / 2)]!;
    now = Date.parse(`${cut}T02:00:00Z`);
    const late = await listTasks(ctxFor(store, v.county), v.county, { overdue: true });
    expect(late.total).toBe(all.items.filter((t) => ['open', 'in-progress', 'returned'].includes(t.status) && t.dueDate < cut).length);
    expect(late.items.every((t) => t.overdue)).toBe(true);
    now = Date.parse('2019-02-01T02:00:00Z');
    expect((await listTasks(ctxFor(store, v.county), v.county, { overdue: true })).total).toBeGreaterThan(late.total);
  });

  it('bulk assignment sets responsible person and due date, never past the rulebook deadline, all or nothing', async () => {
    const town = await listTasks(ctxFor(store, v.township), v.township, { statuses: ['open'] });
    const ids = town.items.slice(0, 3).map((t) => t.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(await refused(assignTasks(ctxFor(store, v.township), v.township, ids, '王支书', '2019-01-15'), 400)).toContain('2018-12-31');
    const outside = (await listTasks(ctxFor(store, v.county), v.county, { township: s.townshipB })).items[0]!;
    await refused(assignTasks(ctxFor(store, v.township), v.township, [...ids, outside.id], '王支书', '2018-12-20'), 404);
    expect((await store.tasks.search(taskScope(v.county), { ids })).items.every((t) => t.responsible !== '王支书')).toBe(true);
    await refused(assignTasks(ctxFor(store, v.village), v.village, ids, '王支书', '2018-12-20'), 403);
    expect(await assignTasks(ctxFor(store, v.township), v.township, ids, '王支书', '2018-12-20')).toEqual({ assigned: ids.length });
    const after = await store.tasks.search(taskScope(v.county), { ids });
    expect(after.items.every((t) => t.responsible === '王支书' && t.dueDate === '2018-12-20' && t.status === 'open')).toBe(true);
  });

  it('bulk assignment without a new date keeps each task its own due date; the list filters by 责任人; a sector department names the 责任人 of its own tasks only', async () => {
    const town = await listTasks(ctxFor(store, v.township), v.township, { statuses: ['open'] });
    const picked = town.items.slice(0, 4);
    expect(picked.length).toBeGreaterThan(1);
    // Give them different dates first, so a one-date-for-all would show.
    for (const [i, t] of picked.entries()) {
      await stepTask(ctxFor(store, v.township), v.township, t.id, 'assign', { responsible: '旧责任人', dueDate: `2018-12-${String(10 + i).padStart(2, '0')}` });
    }
    const before = new Map((await store.tasks.search(taskScope(v.county), { ids: picked.map((t) => t.id) })).items.map((t) => [t.id, t.dueDate]));
    expect(new Set(before.values()).size).toBe(picked.length);
    expect(await assignTasks(ctxFor(store, v.township), v.township, [...before.keys()], '张干部', undefined)).toEqual({ assigned: picked.length });
    const after = (await store.tasks.search(taskScope(v.county), { ids: [...before.keys()] })).items;
    for (const t of after) expect([t.responsible, t.dueDate]).toEqual(['张干部', before.get(t.id)]);

    const named = await listTasks(ctxFor(store, v.township), v.township, { responsible: '张干部' });
    expect(new Set(named.items.map((t) => t.id))).toEqual(new Set(before.keys()));
    const nobody = await listTasks(ctxFor(store, v.township), v.township, { responsible: '' });
    expect(nobody.items.every((t) => t.responsible === null)).toBe(true);
    expect(nobody.items.some((t) => before.has(t.id))).toBe(false);

    const own = after.find((t) => t.sector !== null && t.sector !== '乡镇')!;
    const dept = sectorUser(own.sector!);
    const r = await stepTask(ctxFor(store, dept), dept, own.id, 'assign', { responsible: '本局李工' });
    expect(r.task).toMatchObject({ responsible: '本局李工', dueDate: before.get(own.id) });
    expect(await refused(stepTask(ctxFor(store, dept), dept, own.id, 'assign', { responsible: '本局李工', dueDate: '2018-12-30' }), 403)).toContain('完成时限');
    // Another department does not see the task at all: answered as missing.
    const others = sectorUser(own.sector === '教育' ? '水务' : '教育');
    await refused(stepTask(ctxFor(store, others), others, own.id, 'assign', { responsible: '外局' }), 404);
  });

  it('the county run proposes a task for every uncovered gap; proposals leave a household C; accepting them makes it B, declining keeps it C', async () => {
    const results = await store.assessments.latestResults(ALL, { runId: s.runId });
    const inTown = new Set(s.householdsOf(s.townshipA));
    const c = results.filter(
      (r) => r.class === 'C' && inTown.has(r.householdId) && r.income?.pass === true && r.indicators.some((i) => !i.met && !i.remediable),
    );
    expect(c.length).toBeGreaterThan(0);
    // Made by the fixture's whole-county run, not by anyone pressing a button.
    const made = (await store.tasks.list(ALL)).filter((t) => t.status === 'proposed' && c.some((x) => x.householdId === t.householdId));
    expect(new Set(made.map((t) => t.householdId))).toEqual(new Set(c.map((x) => x.householdId)));
    for (const h of c) {
      // Every unmet gap of the household is covered by a proposal or a task in play.
      const stored = (await store.assessments.result(ALL, h.householdId))!.result;
      for (const check of stored.indicators.filter((i) => !i.met)) expect(check.remediation.length).toBeGreaterThan(0);
    }
    const log = (await store.changes.list(ALL, { entity: 'task' })).filter((ch) => ch.entityId === made[0]!.id);
    expect(log).toMatchObject([{ action: 'create', reason: '按测算结果生成整改建议', after: { status: 'proposed' } }]);
    await refused(proposeTasks(ctxFor(store, v.village), v.village), 403);
    // Pressing 生成整改建议 again proposes nothing new.
    expect(await proposeTasks(ctxFor(store, v.township), v.township, { householdIds: c.map((x) => x.householdId) })).toEqual([]);
    const target = made[0]!.householdId;
    const mine = made.filter((t) => t.householdId === target);
    const stillUncovered = (await store.tasks.list(ALL, { householdId: target })).some(
      (t) => t.status !== 'proposed' && !['open', 'in-progress', 'done'].includes(t.status),
    );
    // The first proposal accepted one by one, the rest by bulk assignment: either way it opens.
    const first = await stepTask(ctxFor(store, v.township), v.township, mine[0]!.id, 'accept', { responsible: '李书记', dueDate: '2018-12-15' });
    expect(first.task).toMatchObject({ status: 'open', responsible: '李书记' });
    if (mine.length > 1)
      await assignTasks(
        ctxFor(store, v.township),
        v.township,
        mine.slice(1).map((t) => t.id),
        '李书记',
        '2018-12-15',
      );
    if (!stillUncovered) expect((await store.assessments.result(ALL, target))?.result.class).toBe('B');
    const other = made.find((t) => t.householdId !== target);
    if (other) {
      const declined = await stepTask(ctxFor(store, v.township), v.township, other.id, 'decline', { reason: '年内无法完成' });
      expect(declined).toMatchObject({ task: { status: 'declined', declineReason: '年内无法完成' }, classAfter: 'C' });
    }
  });

  it('evidence files: JPG/PNG/PDF checked by content, stored with a checksum and logged; others refused', async () => {
    const id = await classBHousehold();
    const [t] = await store.tasks.list(ALL, { householdId: id });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const doer = t!.sector === '乡镇' ? v.village : sectorUser(t!.sector!);
    const meta = await attachEvidence(ctxFor(store, doer), doer, t!.id, { fileName: '改造后.png', data: png });
    expect(meta).toMatchObject({ contentType: 'image/png', size: png.byteLength });
    expect(meta.sha256).toMatch(/^[0-9a-f]{64}$/);
    const file = await store.tasks.attachmentFile(taskScope(v.county), t!.id, meta.id);
    expect([...file!.data]).toEqual([...png]);
    expect(await refused(attachEvidence(ctxFor(store, doer), doer, t!.id, { fileName: '说明.png', data: new TextEncoder().encode('hello') }), 400)).toContain(
      '说明.png',
    );
    await refused(attachEvidence(ctxFor(store, v.leader), v.leader, t!.id, { fileName: 'a.png', data: png }), 403);
    const history = (await householdDetail(store, v.county, id)).history.map((h) => h.text);
    expect(history.some((h) => h.includes(`佐证材料 改造后.png`))).toBe(true);
  });
});
