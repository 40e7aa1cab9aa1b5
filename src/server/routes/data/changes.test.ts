// 动态调整 endpoints against every role of the scope matrix (test/kits/matrix.ts): who may
// change, who may approve, reject and withdraw, and that no answer leaks out-of-scope rows or full
// ID numbers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../../test/dialects.js';
import { makeIdNumber } from '../../../domain/idNumber.js';
import { hashPassword } from '../../auth/password.js';
import { createMatrix, MATRIX_ACCOUNTS, MATRIX_CODES, MATRIX_PASSWORD, MATRIX_ROLES, signIn, type Matrix, type MatrixRole } from '../../../../test/kits/matrix.js';

const EDITORS: readonly MatrixRole[] = ['county', 'township', 'village'];
type Outcome = { status: string; message: string; request: { id: string; lines: string[]; canDecide: boolean; canWithdraw: boolean } | null };

describeEachDialect('change request routes × roles', (testDb) => {
  let m: Matrix;

  beforeAll(async () => {
    m = await createMatrix(await testDb.fresh());
  });
  afterAll(() => m.close());

  const own = (role: MatrixRole) => m.expect[role].households.in[0]!;
  const members = (hid: string) => m.county.records.find((r) => r.household.id === hid)!.members;
  let seq = 0;
  const newId = () => makeIdNumber('620521', '2018-09-01', 500 + 2 * seq++ + 1);

  it('no session: every endpoint answers 401', async () => {
    const anon = await m.anonymous();
    expect((await anon.get('/api/change-requests')).statusCode).toBe(401);
    const posts: [string, unknown][] = [
      ['/api/households/H001/members', { member: { name: '甲', relation: 'son' }, category: 'birth' }],
      ['/api/households/H001/members/H001-01/remove', { category: 'death' }],
      ['/api/change-requests/x/approve', {}], ['/api/change-requests/x/reject', { reason: '不同意' }], ['/api/change-requests/x/withdraw', {}],
    ];
    for (const [url, body] of posts) expect((await anon.post(url, body)).statusCode, url).toBe(401);
    expect((await anon.patch('/api/households/H001', { fields: { workTeam: 'x' }, reason: 'x' })).statusCode).toBe(401);
    expect((await anon.patch('/api/households/H001/members/H001-01', { fields: { education: 'x' }, reason: 'x' })).statusCode).toBe(401);
  });

  it('adding a member: editors within scope (at once without an ID, pending with one), out of scope 403, leader and sector 403, no leaks', async () => {
    for (const role of MATRIX_ROLES) {
      const hid = own(role);
      const plain = await m.as(role).post(`/api/households/${hid}/members`, { member: { name: `新生儿${role}`, relation: 'grandson', birthDate: '2018-09-01' }, category: 'birth' });
      expect(plain.statusCode, `${role} plain`).toBe(EDITORS.includes(role) ? 200 : 403);
      expect(m.leaks(role, plain.body), role).toEqual([]);
      if (!EDITORS.includes(role)) continue;
      expect((plain.json() as Outcome).status).toBe('applied');
      const id = newId();
      const withId = await m.as(role).post(`/api/households/${hid}/members`, { member: { name: `婚入${role}`, relation: 'daughter-in-law', idNumber: id }, category: 'marriage-in', note: '与长子结婚' });
      expect(withId.statusCode, `${role} with ID`).toBe(200);
      const out = withId.json() as Outcome;
      expect(out.status).toBe('pending');
      expect(out.message).toBe('已提交，待乡镇审核');
      if (role !== 'county') expect(withId.body, `${role}: the ID number comes back masked`).not.toContain(id);
      for (const other of m.expect[role].households.out) {
        const r = await m.as(role).post(`/api/households/${other}/members`, { member: { name: '越权', relation: 'son' }, category: 'birth' });
        expect(r.statusCode, `${role} → ${other}`).toBe(404);
        expect(m.leaks(role, r.body)).toEqual([]);
      }
    }
  });

  it('the sector department’s history shows requests through its projection: members (ID masked) yes, income no', async () => {
    const hid = own('village');
    const form = m.county.records.find((r) => r.household.id === hid)!.income!;
    const put = await m.as('village').put(`/api/households/${hid}/income`, { items: { ...form.items, migrantWage: 12345 }, note: form.note, reason: '核实' });
    expect((put.json() as Outcome).status).toBe('pending');
    const sector = await m.as('sector').get(`/api/households/${hid}`);
    expect(m.leaks('sector', sector.body)).toEqual([]);
    const texts = (sector.json() as { history: { text: string }[] }).history.map((h) => h.text);
    expect(texts.some((t) => t.includes('申请新增 成员') && /证件号码 \d{4}\*+\w{4}/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes('收入测算表'))).toBe(false);
    const county = (await m.as('county').get(`/api/households/${hid}`)).json() as { history: { text: string }[] };
    expect(county.history.some((h) => h.text.includes('申请修改') && h.text.includes('收入测算表 外出务工收入'))).toBe(true);
    await m.as('village').post(`/api/change-requests/${(put.json() as Outcome).request!.id}/withdraw`);
  });

  it('bad input is a Chinese 400 naming what is wrong, and nothing is stored', async () => {
    const hid = own('village');
    const before = ((await m.as('county').get(`/api/households/${hid}`)).json() as { members: unknown[] }).members.length;
    const cases: [unknown, RegExp][] = [
      [{ member: { name: '甲', relation: 'son', idNumber: '62052120180901123X' }, category: 'birth' }, /证件号码有误/],
      [{ member: { name: '乙', relation: 'son' }, category: 'other' }, /请填写说明/],
      [{ member: { name: '丙', relation: 'son' }, category: 'adopted' }, /增员原因/],
      [{ member: { name: '丁', relation: 'head' }, category: 'marriage-in' }, /一户只能有一位户主/],
    ];
    for (const [body, message] of cases) {
      const r = await m.as('village').post(`/api/households/${hid}/members`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect((r.json() as { error: { message: string } }).error.message).toMatch(message);
    }
    expect(((await m.as('county').get(`/api/households/${hid}`)).json() as { members: unknown[] }).members.length).toBe(before);
  });

  it('the request list: each role sees the requests of its own households only; the sector department 403; no leaks', async () => {
    for (const role of MATRIX_ROLES) {
      const r = await m.as(role).get('/api/change-requests?status=pending');
      if (role === 'sector') {
        expect(r.statusCode).toBe(403);
        continue;
      }
      expect(r.statusCode, role).toBe(200);
      expect(m.leaks(role, r.body), role).toEqual([]);
      const body = r.json() as { items: { householdId: string; canDecide: boolean }[]; awaitingMe: number };
      for (const i of body.items) expect(m.expect[role].households.in, role).toContain(i.householdId);
      expect(body.awaitingMe, role).toBe(body.items.filter((i) => i.canDecide).length);
      if (role === 'leader' || role === 'village') expect(body.awaitingMe, role).toBe(0);
    }
    const township = (await m.as('township').get('/api/change-requests?status=pending')).json() as { items: { householdId: string }[]; awaitingMe: number };
    // The village's request and the county's (in township A) wait for the township; its own does not.
    expect(township.awaitingMe).toBe(township.items.length - 1);
  });

  it('approve: village, leader and sector 403, the requester 403; the township approves the village’s request, the county the township’s', async () => {
    const list = (await m.as('county').get('/api/change-requests?status=pending')).json() as { items: { id: string; requestedBy: string }[] };
    const byVillage = list.items.find((i) => i.requestedBy === MATRIX_ACCOUNTS.village.name)!;
    const byTownship = list.items.find((i) => i.requestedBy === MATRIX_ACCOUNTS.township.name)!;
    // None of them may approve (403), which is said before any lookup.
    for (const [role, status] of [['village', 403], ['leader', 403], ['sector', 403]] as const) {
      const r = await m.as(role).post(`/api/change-requests/${byVillage.id}/approve`, {});
      expect(r.statusCode, role).toBe(status);
      expect((await m.as(role).post(`/api/change-requests/${byVillage.id}/reject`, { reason: '不同意' })).statusCode, role).toBe(status);
    }
    const self = await m.as('township').post(`/api/change-requests/${byTownship.id}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect((self.json() as { error: { message: string } }).error.message).toContain('不能审批自己提交的申请');
    const ok = await m.as('township').post(`/api/change-requests/${byVillage.id}/approve`, {});
    expect(ok.statusCode).toBe(200);
    expect(m.leaks('township', ok.body)).toEqual([]);
    expect((ok.json() as { status: string }).status).toBe('applied');
    const twice = await m.as('county').post(`/api/change-requests/${byVillage.id}/approve`, {});
    expect(twice.statusCode).toBe(409);
    expect((await m.as('county').post(`/api/change-requests/${byTownship.id}/approve`, {})).statusCode).toBe(200);
    expect((await m.as('county').post('/api/change-requests/CR-none/approve', {})).statusCode).toBe(404);
  });

  it('a township user of another township can neither see nor decide a request: 404 as for a missing one, and it stays pending', async () => {
    const passwordHash = await hashPassword(MATRIX_PASSWORD);
    await m.store.transaction((trx) => m.store.users.create(trx, {
      username: 'm-township-b', name: '河西乡测试', role: 'township', scopeCodes: [MATRIX_CODES.townshipB], passwordHash,
    }, { id: 'matrix', name: '测试数据' }, '测试账户'));
    const other = await signIn(m.app, 'm-township-b');
    const hid = own('village');
    const req = await m.as('village').patch(`/api/households/${hid}`, { fields: { attribute: 'dibao' }, reason: '纳入低保' });
    const id = (req.json() as Outcome).request!.id;
    const listed = (await other.get('/api/change-requests')).json() as { items: { id: string }[]; awaitingMe: number };
    expect(listed.items.map((i) => i.id)).not.toContain(id);
    for (const [url, body] of [[`/api/change-requests/${id}/approve`, {}], [`/api/change-requests/${id}/reject`, { reason: '不同意' }]] as const) {
      const r = await other.post(url, body);
      expect(r.statusCode, url).toBe(404);
      expect((r.json() as { error: { message: string } }).error.message).toBe('该变更申请不存在');
    }
    const still = (await m.as('township').get(`/api/change-requests?household=${hid}&status=pending`)).json() as { items: { id: string }[] };
    expect(still.items.map((i) => i.id)).toContain(id);
    expect((await m.as('township').post(`/api/change-requests/${id}/reject`, { reason: '材料不全' })).statusCode).toBe(200);
  });

  it('reject needs a reason; withdraw is the requester’s; a household correction of the attribute waits, of the work team applies', async () => {
    const hid = own('village');
    const team = await m.as('village').patch(`/api/households/${hid}`, { fields: { workTeam: '县农业局驻村工作队' }, reason: '工作队轮换' });
    expect(team.statusCode).toBe(200);
    expect((team.json() as Outcome).status).toBe('applied');
    const attr = await m.as('village').patch(`/api/households/${hid}`, { fields: { attribute: 'tekun' }, reason: '五保供养' });
    expect((attr.json() as Outcome).status).toBe('pending');
    const id = (attr.json() as Outcome).request!.id;
    const blank = await m.as('township').post(`/api/change-requests/${id}/reject`, { reason: ' ' });
    expect(blank.statusCode).toBe(400);
    const notMine = await m.as('township').post(`/api/change-requests/${id}/withdraw`);
    expect(notMine.statusCode).toBe(403);
    expect((await m.as('township').post(`/api/change-requests/${id}/reject`, { reason: '不符合条件' })).statusCode).toBe(200);

    const again = await m.as('village').patch(`/api/households/${hid}`, { fields: { attribute: 'tekun' }, reason: '再次申请' });
    const againId = (again.json() as Outcome).request!.id;
    const w = await m.as('village').post(`/api/change-requests/${againId}/withdraw`);
    expect(w.statusCode).toBe(200);
    expect((w.json() as { request: { status: string; statusLabel: string } }).request).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回' });
    for (const role of ['leader', 'sector'] as const) {
      expect((await m.as(role).patch(`/api/households/${own(role)}`, { fields: { workTeam: 'x' }, reason: 'x' })).statusCode, role).toBe(403);
    }
  });

  it('correcting and removing members: at once for ordinary fields, pending for an ID number, the head needs a successor', async () => {
    const hid = own('village');
    const ms = members(hid);
    const head = ms.find((x) => x.relation === 'head')!;
    const second = ms.find((x) => x.relation !== 'head')!;
    const edu = await m.as('village').patch(`/api/households/${hid}/members/${second.id}`, { fields: { education: '大专' }, reason: '核对文化程度' });
    expect(edu.statusCode).toBe(200);
    expect((edu.json() as Outcome).status).toBe('applied');
    const idFix = await m.as('village').patch(`/api/households/${hid}/members/${second.id}`, { fields: { idNumber: makeIdNumber('620521', second.birthDate!, second.sex === 'F' ? 998 : 999) }, reason: '更正证件号码' });
    expect(idFix.statusCode, idFix.body).toBe(200);
    expect((idFix.json() as Outcome).status).toBe('pending');
    const noHead = await m.as('village').post(`/api/households/${hid}/members/${head.id}/remove`, { category: 'death' });
    expect(noHead.statusCode).toBe(400);
    expect((noHead.json() as { error: { message: string } }).error.message).toContain('请指定新户主');
    const gone = await m.as('village').post(`/api/households/${hid}/members/${second.id}/remove`, { category: 'moved-out', note: '迁往新疆' });
    expect(gone.statusCode).toBe(200);
    expect((gone.json() as Outcome).status).toBe('applied');
    const page = (await m.as('village').get(`/api/households/${hid}`)).json() as { members: { id: string }[]; history: { text: string }[] };
    expect(page.members.map((x) => x.id)).not.toContain(second.id);
    expect(page.history.some((h) => h.text.endsWith(`删除 成员 ${second.name}（原因：迁出：迁往新疆）`))).toBe(true);
    // The ID correction was made before the removal: its approval is now refused as stale.
    const pending = (await m.as('township').get(`/api/change-requests?status=pending&household=${hid}`)).json() as { items: { id: string; kind: string }[] };
    const stale = await m.as('township').post(`/api/change-requests/${pending.items.find((i) => i.kind === 'member-correct')!.id}/approve`, {});
    expect(stale.statusCode).toBe(409);
    expect((stale.json() as { error: { message: string } }).error.message).toMatch(/^申请已过期：/);
    for (const role of ['leader', 'sector'] as const) {
      const mid = members(own(role))[0]!.id;
      expect((await m.as(role).patch(`/api/households/${own(role)}/members/${mid}`, { fields: { education: 'x' }, reason: 'x' })).statusCode, role).toBe(403);
      expect((await m.as(role).post(`/api/households/${own(role)}/members/${mid}/remove`, { category: 'death' })).statusCode, role).toBe(403);
    }
  });
});
