// 动态调整 on both engines: which changes apply at once and which wait for a second person, who may
// approve, reject and withdraw, stale requests, ID validation, and the history lines.
import { beforeEach, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { describeEachDialect } from '../../test/dialects.js';
import { checkCharacter, makeIdNumber } from '../domain/idNumber.js';
import type { HouseholdRecord, Member } from '../domain/types.js';
import { ALL, openStore, type Store } from '../store/index.js';
import { AccessError, type Access } from './access.js';
import { approveRequest, listRequests, rejectRequest, submitChange, withdrawRequest } from './changeRequests.js';
import { seedCounty, viewersFor, type SeededCounty } from '../../test/fixtures/data.js';
import { householdDetail } from './householdDetail.js';

let tick = 0;
const clock = () => new Date(Date.UTC(2018, 10, 20, 1, 0, tick++)).toISOString();
const ctxFor = (store: Store, v: Access) => ({ store, actor: { id: v.userId, name: v.name }, clock });

async function refusal(p: Promise<unknown>): Promise<AccessError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AccessError);
  return e as AccessError;
}

const newborn = (name: string, idNumber: string | null, birthDate: string | null): Omit<Member, 'id' | 'householdId'> => {
  const {
    id: _i,
    householdId: _h,
    ...m
  } = {
    id: '',
    householdId: '',
    name,
    idNumber,
    sex: null,
    birthDate,
    ethnicity: '汉族',
    relation: 'son' as const,
    education: null,
    schoolStatus: 'none' as const,
    outOfSchoolReason: null,
    homeSchooled: false,
    health: 'healthy' as const,
    disabilityGrade: null,
    labour: null,
    migrantPlace: null,
    migrantMonths: null,
    basicMedical: true,
    criticalIllness: true,
    pension: null,
    medicalAssistance: null,
    familyDoctor: null,
    phone: null,
  };
  return m;
};

describeEachDialect('change requests (动态调整)', (testDb) => {
  let store: Store;
  let s: SeededCounty;
  let v: ReturnType<typeof viewersFor>;
  /** A second township user of township A: the one who approves what the first submits. */
  let township2: Access;
  /** A township user of the other township. */
  let townshipB: Access;

  beforeEach(async () => {
    store = await openStore(await testDb.fresh(), { clock });
    s = await seedCounty(store, { clock });
    v = viewersFor(s);
    township2 = { ...v.township, userId: 'u-township-2', name: '乡镇扶贫工作站孙八' };
    townshipB = { ...v.township, userId: 'u-township-b', name: '他乡周九', scope: { kind: 'regions', codes: [s.townshipB] } };
    return () => closeCheckingChain(store);
  });

  async function record(id: string): Promise<HouseholdRecord> {
    return (await store.registry.loadRecords(ALL, { householdIds: [id], year: 2018 }))[0]!;
  }

  /** A household of the village viewer's village with at least two members, the second with an ID number. */
  async function family(): Promise<HouseholdRecord> {
    for (const id of s.householdsOf(s.villageA1)) {
      const r = await record(id);
      if (r.members.length >= 2 && r.members[1]!.idNumber !== null && r.members[0]!.relation === 'head') return r;
    }
    throw new Error('fixture: no family of two in the village');
  }

  const history = async (id: string, viewer: Access = v.county) => (await householdDetail(store, viewer, id)).history.map((h) => h.text);

  it('a birth without an ID number is added at once, with the next person number and 出生 in the history', async () => {
    const r = await family();
    const out = await submitChange(
      ctxFor(store, v.village),
      v.village,
      r.household.id,
      { kind: 'member-add', member: newborn('小宝', null, '2018-10-01'), category: 'birth', note: null },
      null,
    );
    expect(out.status).toBe('applied');
    expect(out.assessment!.size).toBe(r.members.length + 1);
    const after = await record(r.household.id);
    const added = after.members.find((m) => m.name === '小宝')!;
    // Person numbers are the household number plus a 3-digit sequence: the next one, exactly
    // (the whole 19-digit number is beyond a double's precision, so it must not be counted as one).
    const last = [...r.members]
      .map((m) => m.id)
      .sort()
      .at(-1)!;
    expect(last.startsWith(r.household.id)).toBe(true);
    const seqLen = last.length - r.household.id.length;
    expect(added.id).toBe(r.household.id + String(Number(last.slice(r.household.id.length)) + 1).padStart(seqLen, '0'));
    expect(await history(r.household.id)).toContain(`2018-11-20 ${v.village.name} 新增 成员 小宝（原因：出生）`);
  });

  it('adding a member with an ID number waits for approval; approved, the member is there with birth date and sex from the ID', async () => {
    const r = await family();
    const idNumber = makeIdNumber('620521', '1995-03-08', 12); // 12: even sequence = female
    const out = await submitChange(
      ctxFor(store, v.village),
      v.village,
      r.household.id,
      { kind: 'member-add', member: { ...newborn('李秀兰', idNumber, null), relation: 'daughter-in-law' }, category: 'marriage-in', note: '与长子结婚' },
      null,
    );
    expect(out.status).toBe('pending');
    expect((await record(r.household.id)).members).toHaveLength(r.members.length);
    const lines = await history(r.household.id, v.village);
    const asked = lines.find((t) => t.includes('申请新增 成员 李秀兰'))!;
    expect(asked).toMatch(
      new RegExp(`^2018-11-20 ${v.village.name} 申请新增 成员 李秀兰（之儿媳，女，1995-03-08出生，证件号码 \\S+）（待审核）（原因：婚入：与长子结婚）$`),
    );
    expect(asked, 'masked for the village').not.toContain(idNumber);

    const approved = await approveRequest(ctxFor(store, v.township), v.township, out.request!.id);
    expect(approved.status).toBe('applied');
    const m = (await record(r.household.id)).members.find((x) => x.name === '李秀兰')!;
    expect(m).toMatchObject({ idNumber, birthDate: '1995-03-08', sex: 'F', relation: 'daughter-in-law' });
    expect((await history(r.household.id)).some((t) => t.startsWith(`2018-11-20 ${v.township.name} 批准 ${v.village.name}的申请：新增 成员 李秀兰`))).toBe(
      true,
    );
  });

  it('an ID number is checked: GB 11643 check character, birth date consistent with it, and no duplicate in the registry — nothing stored', async () => {
    const r = await family();
    const other = await record(s.householdsOf(s.villageA1).find((id) => id !== r.household.id)!);
    other.members.sort((a, b) => (a.idNumber === null ? 1 : 0) - (b.idNumber === null ? 1 : 0));
    other.members.unshift(other.members[0]!);
    const good = makeIdNumber('620521', '2001-06-15', 31);
    const badCheck = good.slice(0, 17) + (checkCharacter(good.slice(0, 17)) === '1' ? '2' : '1');
    const taken = other.members[1]!.idNumber!;
    const before = await store.db
      .selectFrom('changes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const cases: [Omit<Member, 'id' | 'householdId'>, RegExp][] = [
      [newborn('甲', badCheck, null), /证件号码有误：身份证号“.+”校验位应为/],
      [newborn('乙', good, '2001-06-16'), /出生日期 2001-06-16 与证件号码中的出生日期 2001-06-15 不一致/],
      [newborn('丙', taken, null), new RegExp(`证件号码已登记在户 ${other.household.id} 的成员 ${other.members[1]!.name}`)],
    ];
    for (const [member, message] of cases) {
      const e = await refusal(
        submitChange(ctxFor(store, v.village), v.village, r.household.id, { kind: 'member-add', member, category: 'birth', note: null }, null),
      );
      expect(e.status).toBe(400);
      expect(e.message).toMatch(message);
    }
    const corrected = await refusal(
      submitChange(
        ctxFor(store, v.village),
        v.village,
        r.household.id,
        { kind: 'member-correct', memberId: r.members[0]!.id, fields: { idNumber: taken, birthDate: other.members[1]!.birthDate, sex: other.members[1]!.sex } },
        '更正证件号码',
      ),
    );
    expect(corrected.message).toMatch(/证件号码已登记在户/);
    const after = await store.db
      .selectFrom('changes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await store.changeRequests.list(ALL)).toHaveLength(0);
  });

  it('a duplicate held in another township is reported without naming the person', async () => {
    const r = await family();
    const far = await record(s.householdsOf(s.townshipB)[0]!);
    const holder = far.members.find((m) => m.idNumber !== null)!;
    const e = await refusal(
      submitChange(
        ctxFor(store, v.village),
        v.village,
        r.household.id,
        { kind: 'member-add', member: newborn('丁', holder.idNumber, null), category: 'birth', note: null },
        null,
      ),
    );
    expect(e.message).toContain('不在您的管辖范围内');
    expect(e.message).not.toContain(holder.name);
    expect(e.message).not.toContain(far.household.id);
  });

  it('removing a member applies at once with the category; the head cannot go while others remain unless a new head is named', async () => {
    const r = await family();
    const head = r.members[0]!;
    const second = r.members[1]!;
    const noHead = await refusal(
      submitChange(
        ctxFor(store, v.village),
        v.village,
        r.household.id,
        { kind: 'member-remove', memberId: head.id, category: 'death', note: null, newHeadId: null },
        null,
      ),
    );
    expect(noHead.message).toBe(`${head.name}是户主，户内还有其他成员：请指定新户主`);
    const other = await refusal(
      submitChange(
        ctxFor(store, v.village),
        v.village,
        r.household.id,
        { kind: 'member-remove', memberId: head.id, category: 'other', note: '  ', newHeadId: second.id },
        null,
      ),
    );
    expect(other.message).toBe('减员原因为“其他”时请填写说明');

    const out = await submitChange(
      ctxFor(store, v.village),
      v.village,
      r.household.id,
      { kind: 'member-remove', memberId: head.id, category: 'death', note: '2018年10月病故', newHeadId: second.id },
      null,
    );
    expect(out.status).toBe('applied');
    const after = await record(r.household.id);
    expect(after.members.map((m) => m.id)).not.toContain(head.id);
    expect(after.members.find((m) => m.id === second.id)?.relation).toBe('head');
    const log = (await store.changes.forHousehold(ALL, r.household.id)).find((c) => c.entity === 'member' && c.action === 'delete')!;
    expect(log.before).toMatchObject({ name: head.name, idNumber: head.idNumber });
    const lines = await history(r.household.id);
    expect(lines).toContain(`2018-11-20 ${v.village.name} 删除 成员 ${head.name}（原因：死亡：2018年10月病故）`);
    expect(lines.some((t) => t.includes(`修改 成员 ${second.name}：与户主关系`) && t.includes('→ 户主'))).toBe(true);
  });

  it('correcting a non-sensitive member field or household field applies at once; an ID number or the poverty attribute waits', async () => {
    const r = await family();
    const m = r.members[1]!;
    const edu = await submitChange(
      ctxFor(store, v.village),
      v.village,
      r.household.id,
      { kind: 'member-correct', memberId: m.id, fields: { education: '高中' } },
      '核对文化程度',
    );
    expect(edu.status).toBe(m.education === '高中' ? 'unchanged' : 'applied');
    const team = await submitChange(
      ctxFor(store, v.village),
      v.village,
      r.household.id,
      { kind: 'household-correct', fields: { workTeam: '县农业局驻村工作队' } },
      '工作队轮换',
    );
    expect(team.status).toBe('applied');
    expect((await record(r.household.id)).household.workTeam).toBe('县农业局驻村工作队');

    const attr = r.household.attribute === 'dibao' ? 'general' : 'dibao';
    const a = await submitChange(ctxFor(store, v.village), v.village, r.household.id, { kind: 'household-correct', fields: { attribute: attr } }, '纳入低保');
    expect(a.status).toBe('pending');
    expect((await record(r.household.id)).household.attribute).toBe(r.household.attribute);
    const newId = makeIdNumber('620521', m.birthDate ?? '2000-01-01', m.sex === 'F' ? 88 : 89);
    const idc = await submitChange(
      ctxFor(store, v.village),
      v.village,
      r.household.id,
      { kind: 'member-correct', memberId: m.id, fields: { idNumber: newId, birthDate: m.birthDate ?? '2000-01-01' } },
      '更正证件号码',
    );
    expect(idc.status).toBe('pending');
    const line = (await history(r.household.id, v.village)).find((t) => t.includes('申请修改 成员'))!;
    // “2018-11-20 村文书钱七 申请修改 成员 张三 证件号码 6205********1234 → …（待审核）”: masked for the village.
    expect(line).toMatch(new RegExp(`^2018-11-20 ${v.village.name} 申请修改 成员 ${m.name} 证件号码 \\S+ → \\S+（待审核）（原因：更正证件号码）$`));
    expect(line).not.toContain(newId);

    const pending = await listRequests(store, v.township, { status: 'pending', householdId: r.household.id });
    expect(pending.items.map((i) => i.kindLabel).sort()).toEqual(['更正成员信息', '更正户信息']);
    expect(pending.awaitingMe).toBe(2);
    expect(pending.items.find((i) => i.kind === 'household-correct')!.lines).toEqual([
      `贫困户属性 ${attr === 'dibao' ? '一般贫困户 → 低保贫困户' : '低保贫困户 → 一般贫困户'}`,
    ]);
    await approveRequest(ctxFor(store, v.county), v.county, idc.request!.id);
    expect((await record(r.household.id)).members.find((x) => x.id === m.id)!.idNumber).toBe(newId);
  });

  it('approvers: never the requester; village, leader and sector never; a township user only within its scope; the county office anywhere', async () => {
    const r = await family();
    const form = r.income!;
    const out = await submitChange(
      ctxFor(store, v.township),
      v.township,
      r.household.id,
      { kind: 'income-edit', year: 0, items: { ...form.items, migrantWage: (form.items.migrantWage ?? 0) + 1000 }, note: form.note },
      '补录务工收入',
    );
    const id = out.request!.id;
    const self = await refusal(approveRequest(ctxFor(store, v.township), v.township, id));
    expect([self.status, self.message]).toEqual([403, '不能审批自己提交的申请，须由另一位乡镇或县扶贫办工作人员审批']);
    for (const viewer of [v.village, v.leader, v.sector]) {
      const e = await refusal(approveRequest(ctxFor(store, viewer), viewer, id));
      expect(e.status, viewer.role).toBe(403);
      expect(e.message).toBe('只有乡镇或县扶贫办账号可以审批变更申请');
      expect((await refusal(rejectRequest(ctxFor(store, viewer), viewer, id, '不同意'))).status).toBe(403);
    }
    const far = await refusal(approveRequest(ctxFor(store, townshipB), townshipB, id));
    // Out of scope is answered exactly as a missing request.
    expect([far.status, far.message]).toEqual([404, '该变更申请不存在']);
    expect((await refusal(approveRequest(ctxFor(store, v.county), v.county, 'CR-none'))).status).toBe(404);
    expect((await store.changeRequests.get(ALL, id))!.status).toBe('pending');

    const ok = await approveRequest(ctxFor(store, township2), township2, id);
    expect(ok.request!.status).toBe('approved');
    const again = await refusal(approveRequest(ctxFor(store, v.county), v.county, id));
    expect([again.status, again.message]).toEqual([409, '该申请已批准，不能再处理']);
  });

  it('a request whose record changed since is refused as 已过期, saying what changed, and stays pending', async () => {
    const r = await family();
    const form = r.income!;
    const base = form.items.migrantWage ?? 0;
    const first = await submitChange(
      ctxFor(store, v.village),
      v.village,
      r.household.id,
      { kind: 'income-edit', year: 0, items: { ...form.items, migrantWage: base + 1000 }, note: form.note },
      '第一次核实',
    );
    const second = await submitChange(
      ctxFor(store, township2),
      township2,
      r.household.id,
      { kind: 'income-edit', year: 0, items: { ...form.items, migrantWage: base + 2000 }, note: form.note },
      '第二次核实',
    );
    await approveRequest(ctxFor(store, v.township), v.township, second.request!.id);
    const stale = await refusal(approveRequest(ctxFor(store, v.county), v.county, first.request!.id));
    expect(stale.status).toBe(409);
    expect(stale.code).toBe('stale');
    expect(stale.message).toContain('申请已过期');
    expect(stale.message).toContain(`外出务工收入：提交时 ${base === 0 ? '空' : base}，现为 ${base + 2000}`);
    expect((await store.changeRequests.get(ALL, first.request!.id))!.status).toBe('pending');
    expect((await record(r.household.id)).income!.items.migrantWage).toBe(base + 2000);
  });

  it('reject needs a reason and changes nothing; withdraw is for the requester only; both are in the history', async () => {
    const r = await family();
    const attr = r.household.attribute === 'tekun' ? 'general' : 'tekun';
    const a = await submitChange(ctxFor(store, v.village), v.village, r.household.id, { kind: 'household-correct', fields: { attribute: attr } }, '五保供养');
    const blank = await refusal(rejectRequest(ctxFor(store, v.township), v.township, a.request!.id, '  '));
    expect([blank.status, blank.message]).toEqual([400, '驳回须填写原因']);
    const ownReject = await refusal(rejectRequest(ctxFor(store, v.village), v.village, a.request!.id, 'x'));
    expect(ownReject.status).toBe(403);
    const rejected = await rejectRequest(ctxFor(store, v.township), v.township, a.request!.id, '不符合特困供养条件');
    expect(rejected.status).toBe('rejected');
    expect((await record(r.household.id)).household.attribute).toBe(r.household.attribute);

    const b = await submitChange(ctxFor(store, v.village), v.village, r.household.id, { kind: 'household-correct', fields: { attribute: attr } }, '再次申请');
    const notMine = await refusal(withdrawRequest(ctxFor(store, v.township), v.township, b.request!.id));
    expect([notMine.status, notMine.message]).toEqual([403, '只有提交人可以撤回申请']);
    const w = await withdrawRequest(ctxFor(store, v.village), v.village, b.request!.id);
    expect(w.status).toBe('withdrawn');
    expect((await refusal(approveRequest(ctxFor(store, v.township), v.township, b.request!.id))).status).toBe(409);

    const lines = await history(r.household.id);
    expect(
      lines.some(
        (t) =>
          t.startsWith(`2018-11-20 ${v.township.name} 驳回 ${v.village.name}的申请：修改 户档案 贫困户属性 `) && t.endsWith('（原因：不符合特困供养条件）'),
      ),
    ).toBe(true);
    expect(lines.some((t) => t.startsWith(`2018-11-20 ${v.village.name} 撤回 申请：修改 户档案 贫困户属性 `))).toBe(true);
  });

  it('the request list is scoped in SQL: the other township sees none, the sector department may not list', async () => {
    const r = await family();
    await submitChange(
      ctxFor(store, v.village),
      v.village,
      r.household.id,
      { kind: 'household-correct', fields: { attribute: r.household.attribute === 'dibao' ? 'general' : 'dibao' } },
      '属性更正',
    );
    expect((await listRequests(store, v.county, { status: 'pending' })).items).toHaveLength(1);
    expect((await listRequests(store, v.township, { status: 'pending' })).awaitingMe).toBe(1);
    expect((await listRequests(store, v.village, { status: 'pending' })).items[0]!.canWithdraw).toBe(true);
    expect((await listRequests(store, townshipB, {})).items).toHaveLength(0);
    expect((await refusal(listRequests(store, v.sector))).status).toBe(403);
    expect(
      (await refusal(submitChange(ctxFor(store, v.township), townshipB, r.household.id, { kind: 'household-correct', fields: { workTeam: 'x' } }, 'x'))).status,
    ).toBe(404);
  });
});
