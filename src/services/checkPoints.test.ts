// The life cycle of points to verify (疑点) on both engines: a school roll and a medical-insurance
// list run against a small county, then scope (404 outside), the site finding, the second-person
// rule, approval starting a change request (dropout) or a remediation task (uninsured), return
// with a note, all-or-nothing assignment, evidence type checks, and a change row for every write.
import { beforeEach, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { describeEachDialect } from '../../test/dialects.js';
import { seedCounty, viewersFor, type SeededCounty } from '../../test/fixtures/data.js';
import { PointListQuery, type PointView } from '../contract/checks.js';
import { maskFor } from '../domain/mask.js';
import type { Member } from '../domain/types.js';
import { readWorkbook } from '../io/sheets/index.js';
import { ALL, openStore, regionsScope, type Store } from '../store/index.js';
import { AccessError, type Access } from './access.js';
import { listRequests } from './changeRequests.js';
import { historyLines } from './history.js';
import { addPointEvidence, assignPoints, closePoint, listPoints, pointDetail, pointEvidenceFile, recordFinding, verifyPoint } from './checkPoints.js';
import { runCheck } from './crossCheck.js';

let now = Date.UTC(2018, 10, 20, 2, 0, 0);
const clock = () => new Date(now++).toISOString();
const ctxFor = (store: Store, v: Access) => ({ store, actor: { id: v.userId, name: v.name }, clock });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const q = (x: Record<string, unknown> = {}) => PointListQuery.parse(x);

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

describeEachDialect('points to verify (疑点)', (testDb) => {
  let store: Store;
  let s: SeededCounty;
  let v: ReturnType<typeof viewersFor>;
  let township2: Access;
  let dropoutA: Member;
  let dropoutB: Member;
  let uninsured: Member;

  const villageOf = (m: Member) => s.county.households.find((h) => h.id === m.householdId)!.villageCode;
  const townshipOf = (m: Member) => s.county.regions.find((r) => r.code === villageOf(m))!.parentCode;

  async function run(kind: string, fileName: string, lines: string[]) {
    const r = await runCheck(ctxFor(store, v.county), v.county, {
      workbook: readWorkbook(Buffer.from(`${lines.join('\n')}\n`), fileName),
      fileName,
      sha256: fileName,
      kind,
    });
    expect(r.refused).toBeNull();
    return r;
  }

  /** The one point of `kind` about `m`, as the county sees it. */
  async function pointOf(kind: string, m: Member): Promise<PointView> {
    const { items } = await listPoints(ctxFor(store, v.county), v.county, q({ kind, household: m.householdId, pageSize: 500 }));
    const p = items.find((x) => x.memberId === m.id);
    expect(p, `${kind} point of ${m.name}`).toBeDefined();
    return p!;
  }

  beforeEach(async () => {
    now = Date.UTC(2018, 10, 20, 2, 0, 0);
    store = await openStore(await testDb.fresh(), { clock });
    s = await seedCounty(store, { clock });
    v = viewersFor(s);
    township2 = { userId: 'u-township2', name: '乡镇孙八', role: 'township', scope: regionsScope([s.townshipA]), sector: null, mask: maskFor('internal') };
    const pupils = s.county.members.filter((m) => m.schoolStatus !== 'none' && m.schoolStatus !== 'preschool' && m.idNumber !== null);
    dropoutA = pupils.find((m) => villageOf(m) === s.villageA1)!;
    dropoutB = pupils.find((m) => townshipOf(m) === s.townshipB)!;
    expect(dropoutA).toBeDefined();
    expect(dropoutB).toBeDefined();
    await run('school-roll', 'roll.csv', [
      '姓名,身份证号,学校,年级,学籍状态',
      ...pupils.map((m) => `${m.name},${m.idNumber},县一中,七年级,${m.id === dropoutA.id || m.id === dropoutB.id ? '辍学' : '在读'}`),
    ]);
    const insured = s.county.members.filter((m) => m.idNumber !== null && townshipOf(m) === s.townshipA);
    uninsured = insured.find((m) => m.basicMedical === true && villageOf(m) === s.villageA1 && m.id !== dropoutA.id)!;
    expect(uninsured).toBeDefined();
    await run('medical-insurance', 'medical.csv', [
      '姓名,身份证号,参保状态',
      ...insured.map((m) => `${m.name},${m.idNumber},${m.id === uninsured.id ? '未参保' : '参保'}`),
    ]);
    return () => closeCheckingChain(store);
  });

  it('a village or township user sees only the points of its area; outside answers as missing', async () => {
    const all = await listPoints(ctxFor(store, v.county), v.county, q({ kind: 'dropout' }));
    expect(all.items.map((p) => p.memberId)).toEqual(expect.arrayContaining([dropoutA.id, dropoutB.id]));
    const b = await pointOf('dropout', dropoutB);

    const town = await listPoints(ctxFor(store, v.township), v.township, q({ pageSize: 500 }));
    expect(town.total).toBeGreaterThan(0);
    expect(town.items.every((p) => p.townshipCode === s.townshipA)).toBe(true);
    const village = await listPoints(ctxFor(store, v.village), v.village, q({ pageSize: 500 }));
    expect(village.items.every((p) => p.villageCode === s.villageA1)).toBe(true);
    expect(village.items.map((p) => p.memberId)).toContain(dropoutA.id);

    expect(await refused(pointDetail(ctxFor(store, v.village), v.village, b.id), 404)).toBe('该疑点不存在');
    await refused(pointDetail(ctxFor(store, v.township), v.township, b.id), 404);
    await refused(recordFinding(ctxFor(store, v.township), v.township, b.id, { finding: 'unfounded', note: '查无此事', evidenceIds: [] }), 404);
    // A sector department reads only its own list kinds: the housing department sees no school-roll point.
    expect((await listPoints(ctxFor(store, v.sector), v.sector, q())).total).toBe(0);
    // The filters: status, age in days against the service's today.
    expect((await listPoints(ctxFor(store, v.county), v.county, q({ status: 'checked' }))).total).toBe(0);
    expect((await listPoints(ctxFor(store, v.county), v.county, q({ minAgeDays: '1' }))).total).toBe(0);
    now += 3 * 86_400_000;
    const aged = await listPoints(ctxFor(store, v.county), v.county, q({ minAgeDays: '3', maxAgeDays: '3', kind: 'dropout' }));
    expect(aged.total).toBe(all.total);
    expect(aged.items[0]!.ageDays).toBe(3);
  });

  it('village finding with a photo; the township verifies; the dropout becomes a change request waiting for approval', async () => {
    const p = await pointOf('dropout', dropoutA);
    const vc = ctxFor(store, v.village);
    const list = await listPoints(vc, v.village, q({ kind: 'dropout' }));
    expect(list.items.find((x) => x.id === p.id)!.steps).toEqual(['finding', 'evidence']);

    let changes = await store.changes.count();
    await refused(
      addPointEvidence(vc, v.village, p.id, { fileName: '照片.png', contentType: 'image/png', data: new TextEncoder().encode('not a photo') }),
      400,
    );
    expect(await store.changes.count()).toBe(changes);
    const photo = await addPointEvidence(vc, v.village, p.id, { fileName: '入户照片.png', contentType: 'image/png', data: PNG });
    expect(photo.contentType).toBe('image/png');
    expect(await store.changes.count()).toBe(changes + 1);
    expect((await pointEvidenceFile(vc, v.village, p.id, photo.id)).data).toEqual(PNG);
    await refused(pointEvidenceFile(ctxFor(store, v.county), v.county, p.id, 'nope'), 404);

    await refused(recordFinding(vc, v.village, p.id, { finding: 'confirmed', note: '已辍学在家', evidenceIds: ['not-this-point'] }), 400);
    // A drop-out's correction is fixed by the rulebook (set-member): no other value can be named.
    await refused(recordFinding(vc, v.village, p.id, { finding: 'confirmed', note: '已辍学在家', evidenceIds: [], correctValue: '九年级' }), 400);
    changes = await store.changes.count();
    const checked = await recordFinding(vc, v.village, p.id, { finding: 'confirmed', note: '入户核实，已辍学在家务农', evidenceIds: [photo.id] });
    expect(await store.changes.count()).toBe(changes + 1);
    expect(checked.point).toMatchObject({ status: 'checked', finding: 'confirmed', findingLabel: '属实', evidence: 1, checkedBy: { id: v.village.userId } });
    expect(checked.point.steps).not.toContain('verify');
    await refused(verifyPoint(vc, v.village, p.id, { approve: true }), 403);
    await refused(recordFinding(vc, v.village, p.id, { finding: 'unfounded', note: '再记一次', evidenceIds: [] }), 409);

    const tc = ctxFor(store, v.township);
    const done = await verifyPoint(tc, v.township, p.id, { approve: true, note: '情况属实' });
    expect(done.point.status).toBe('closed');
    expect(done.correction).toMatchObject({ kind: 'change-request', status: 'pending' });
    // schoolStatus is sensitive (rulebook changeApproval): the request waits for another township user.
    const { items } = await listRequests(store, township2, { householdId: dropoutA.householdId });
    const req = items.find((r) => r.id === done.correction!.id)!;
    expect(req).toMatchObject({ status: 'pending', requestedBy: v.township.name, canDecide: true });
    expect(req.reason).toContain(`疑点 #${p.id}`);

    const detail = await pointDetail(tc, v.township, p.id);
    expect(detail.correction).toMatchObject({ kind: 'change-request', id: req.id, status: 'pending' });
    expect(detail.history.map((h) => h.action)).toEqual(['opened', 'evidence', 'finding', 'verified']);
    expect(detail.history[2]!.text).toContain('属实');
    expect(detail.evidenceFiles.map((f) => f.id)).toEqual([photo.id]);
    expect(detail.listRecord.find((r) => r.label === '学籍状态')?.value).toBe('辍学');
    // The ID number is masked as the township sees it.
    const id = detail.listRecord.find((r) => r.label === '身份证号')!.value;
    expect(id).not.toBe(dropoutA.idNumber);
    expect(id).toContain('*');
    expect(detail.linkExplanation).toContain('身份证号');
    // The household's own history shows each step of the point.
    const lines = historyLines(await store.changes.forHousehold(ALL, dropoutA.householdId), v.township.mask).map((l) => l.text);
    const steps = lines.filter((l) => l.includes(`疑点 #${p.id}`) && !l.includes('申请修改'));
    expect(steps.map((l) => l.replace(/^\S+ /u, ''))).toEqual([
      `${v.county.name} 新增 疑点 #${p.id}（原因：名单比对发现疑点）`,
      `${v.village.name} 新增 疑点 #${p.id} 佐证材料“入户照片.png”`,
      `${v.village.name} 疑点 #${p.id}：入户核实：属实`,
      expect.stringMatching(new RegExp(`^${v.township.name} 疑点 #${p.id}：审核通过，销号：情况属实；发起变更申请 CR-`, 'u')),
    ]);
    expect(lines.some((l) => l.includes('申请修改') && l.includes(`疑点 #${p.id}`))).toBe(true);
  });

  it('the checker cannot verify its own 属实; another person approves and an uninsured member becomes a medical task', async () => {
    const p = await pointOf('uninsured', uninsured);
    const tc = ctxFor(store, v.township);
    await recordFinding(tc, v.township, p.id, { finding: 'confirmed', note: '本人确认未缴费参保', evidenceIds: [] });
    const own = await listPoints(tc, v.township, q({ kind: 'uninsured', household: uninsured.householdId }));
    expect(own.items.find((x) => x.id === p.id)!.steps).not.toContain('verify');
    const changes = await store.changes.count();
    const msg = await refused(verifyPoint(tc, v.township, p.id, { approve: true }), 403);
    expect(msg).toContain('核实人');
    expect(msg).toContain(v.township.name);
    await refused(closePoint(tc, v.township, p.id, '直接销号'), 409);
    expect(await store.changes.count()).toBe(changes);

    const t2 = ctxFor(store, township2);
    const done = await verifyPoint(t2, township2, p.id, { approve: true });
    expect(done.correction).toMatchObject({ kind: 'task' });
    expect(await store.changes.count()).toBeGreaterThan(changes + 1);
    const tasks = await store.tasks.list(ALL, { householdId: uninsured.householdId });
    const task = tasks.find((t) => t.id === done.correction!.id)!;
    expect(task).toMatchObject({ indicator: 'medical', memberId: uninsured.id, status: 'open', sector: '医保' });
    expect(done.classAfter).not.toBeNull();
    expect((await pointDetail(t2, township2, p.id)).correction).toMatchObject({ kind: 'task', id: task.id, status: 'open' });
  });

  it('return sends a checked point back to open with the note; closing and assigning follow the rules, all or nothing', async () => {
    const a = await pointOf('dropout', dropoutA);
    const b = await pointOf('dropout', dropoutB);
    const vc = ctxFor(store, v.village);
    const tc = ctxFor(store, v.township);
    await recordFinding(vc, v.village, a.id, { finding: 'unfounded', note: '在县一中就读，名单有误', evidenceIds: [] });
    await refused(verifyPoint(tc, v.township, a.id, { approve: false }), 400);
    const back = await verifyPoint(tc, v.township, a.id, { approve: false, note: '请补充学校证明' });
    expect(back.point).toMatchObject({ status: 'open', finding: null, checkedBy: null });
    const detail = await pointDetail(tc, v.township, a.id);
    expect(detail.history.at(-1)).toMatchObject({ action: 'returned', actor: v.township.name });
    expect(detail.history.at(-1)!.text).toContain('请补充学校证明');

    // 不属实 needs no second person: after a new finding the township may close it itself.
    await recordFinding(tc, v.township, a.id, { finding: 'unfounded', note: '学校出具在读证明', evidenceIds: [] });
    expect((await closePoint(tc, v.township, a.id, null)).point.status).toBe('closed');
    // An open point closes without a visit only by the county office, with a note.
    await refused(closePoint(tc, v.township, b.id, '名单有误'), 404);
    const cc = ctxFor(store, v.county);
    await refused(closePoint(cc, v.county, b.id, ''), 400);
    expect((await closePoint(cc, v.county, b.id, '教育局确认名单录入错误')).point.status).toBe('closed');

    const u = await pointOf('uninsured', uninsured);
    const changes = await store.changes.count();
    const msg = await refused(assignPoints(tc, v.township, { ids: [u.id, b.id], assignee: '村文书钱七', dueDate: '2018-12-01' }), 404);
    expect(msg).toContain(`#${b.id}`);
    expect(msg).not.toContain(`#${u.id}、`);
    expect(await store.changes.count()).toBe(changes);
    expect((await pointDetail(tc, v.township, u.id)).assignee).toBeNull();
    await refused(assignPoints(cc, v.county, { ids: [u.id, b.id], assignee: '村文书钱七', dueDate: '2018-12-01' }), 409);
    await refused(assignPoints(vc, v.village, { ids: [u.id], assignee: '村文书钱七', dueDate: '2018-12-01' }), 403);
    expect(await assignPoints(tc, v.township, { ids: [u.id], assignee: '村文书钱七', dueDate: '2018-12-01' })).toEqual({ assigned: 1 });
    expect(await store.changes.count()).toBe(changes + 1);
    const assigned = await listPoints(tc, v.township, q({ assignee: '村文书钱七' }));
    expect(assigned.items.map((x) => [x.id, x.dueDate])).toEqual([[u.id, '2018-12-01']]);
  });

  it('a death applies at once (no sensitive field): the member leaves, the household is re-assessed; a 低保 difference waits as a household request', async () => {
    const used = new Set([dropoutA.id, uninsured.id]);
    const dead = s.county.members.find((m) => villageOf(m) === s.villageA1 && m.relation !== 'head' && m.idNumber !== null && !used.has(m.id))!;
    const general = s.county.households.find((h) => h.villageCode === s.villageA1 && h.attribute === 'general' && h.id !== dead.householdId)!;
    const head = s.county.members.find((m) => m.householdId === general.id && m.relation === 'head' && m.idNumber !== null)!;
    expect(dead).toBeDefined();
    expect(head).toBeDefined();
    await run('deaths', 'deaths.csv', ['姓名,身份证号,死亡日期', `${dead.name},${dead.idNumber},2018-10-02`]);
    await run('civil-affairs', 'dibao.csv', ['姓名,身份证号,保障类别', `${head.name},${head.idNumber},低保`]);
    const vc = ctxFor(store, v.village);
    const tc = ctxFor(store, v.township);

    const d = await pointOf('deceased', dead);
    await recordFinding(vc, v.village, d.id, { finding: 'confirmed', note: '村委会证明已于10月去世', evidenceIds: [] });
    const done = await verifyPoint(tc, v.township, d.id, { approve: true });
    expect(done.correction).toMatchObject({ kind: 'change-request', status: 'applied' });
    expect(done.classAfter).not.toBeNull();
    const [record] = await store.registry.loadRecords(ALL, { householdIds: [dead.householdId] });
    expect(record!.members.map((m) => m.id)).not.toContain(dead.id);
    const removal = (await store.changes.forHousehold(ALL, dead.householdId)).find((c) => c.entity === 'member' && c.action === 'delete');
    expect(removal?.reason).toContain(`疑点 #${d.id}`);

    const { items } = await listPoints(ctxFor(store, v.county), v.county, q({ kind: 'assistance-mismatch', household: general.id }));
    expect(items).toHaveLength(1);
    const a = items[0]!;
    const bad = await refused(recordFinding(vc, v.village, a.id, { finding: 'confirmed', note: '民政已纳入', evidenceIds: [], correctValue: '五类户' }), 400);
    expect(bad).toContain('特困供养贫困户');
    await refused(recordFinding(vc, v.village, a.id, { finding: 'unfounded', note: '不是', evidenceIds: [], correctValue: '低保贫困户' }), 400);
    // The site says 特困 where the list says 低保: the correction sets the site's value.
    await recordFinding(vc, v.village, a.id, { finding: 'confirmed', note: '民政已纳入特困供养', evidenceIds: [], correctValue: '特困供养贫困户' });
    const req = await verifyPoint(tc, v.township, a.id, { approve: true });
    const stored = await store.changeRequests.get(ALL, req.correction!.id);
    expect((stored!.payload as { change: { fields: unknown } }).change.fields).toEqual({ attribute: 'tekun' });
    expect(req.correction).toMatchObject({ kind: 'change-request', status: 'pending' });
    const pending = await listRequests(store, township2, { householdId: general.id, status: 'pending' });
    expect(pending.items.map((r) => [r.id, r.kind])).toEqual([[req.correction!.id, 'household-correct']]);
  });

  it('two people recording a finding on the same point at once: one succeeds, the other is told it was checked meanwhile', async () => {
    const p = await pointOf('dropout', dropoutA);
    const changes = await store.changes.count();
    const results = await Promise.allSettled([
      recordFinding(ctxFor(store, v.village), v.village, p.id, { finding: 'confirmed', note: '已辍学', evidenceIds: [] }),
      recordFinding(ctxFor(store, v.township), v.township, p.id, { finding: 'unfounded', note: '在读', evidenceIds: [] }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failed = results.find((r) => r.status === 'rejected')!;
    expect((failed.reason as AccessError).status).toBe(409);
    expect(await store.changes.count()).toBe(changes + 1);
  });

  it('a returned finding drops the value it named: the next 属实 corrects to the list value', async () => {
    const general = s.county.households.find((h) => h.villageCode === s.villageA1 && h.attribute === 'general')!;
    const head = s.county.members.find((m) => m.householdId === general.id && m.relation === 'head' && m.idNumber !== null)!;
    await run('civil-affairs', 'dibao.csv', ['姓名,身份证号,保障类别', `${head.name},${head.idNumber},低保`]);
    const { items } = await listPoints(ctxFor(store, v.county), v.county, q({ kind: 'assistance-mismatch', household: general.id }));
    const id = items[0]!.id;
    const vc = ctxFor(store, v.village);
    const tc = ctxFor(store, v.township);
    await recordFinding(vc, v.village, id, { finding: 'confirmed', note: '实为特困', evidenceIds: [], correctValue: '特困户' });
    await verifyPoint(tc, v.township, id, { approve: false, note: '请民政确认类别' });
    await recordFinding(vc, v.village, id, { finding: 'confirmed', note: '民政确认为低保', evidenceIds: [] });
    const done = await verifyPoint(tc, v.township, id, { approve: true });
    const stored = await store.changeRequests.get(ALL, done.correction!.id);
    expect((stored!.payload as { change: { fields: unknown } }).change.fields).toEqual({ attribute: 'dibao' });
  });
});
