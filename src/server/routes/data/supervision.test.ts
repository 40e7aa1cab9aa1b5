// The supervision endpoints against every role (test/kits/matrix.ts), and the flow they serve:
// the county office moves a leader's areas and the leader's reads follow; the leader records a
// visit in an assigned village and raises a finding as a problem; the township sees and rectifies
// it, the village next door does not see it; the county office verifies and decides; the
// 问题整改台账 and the weekly workbook are read back by openpyxl; a closed week never changes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../../test/dialects.js';
import { createMatrix, MATRIX_ACCOUNTS, MATRIX_CODES, MATRIX_ROLES, signIn, type Client, type Matrix, type MatrixRole } from '../../../../test/kits/matrix.js';
import { readWithOpenpyxl, records, sheetByName } from '../../../../test/kits/readBack.js';
import type { ProblemView, ProblemsResponse, VisitView, WeeklyResponse } from '../../../contract/supervision.js';

const GET_ACCESS: Readonly<Record<string, readonly MatrixRole[]>> = {
  '/api/supervision/leaders': ['county', 'leader'],
  '/api/supervision/visits': ['county', 'leader', 'township', 'village'],
  '/api/supervision/visits/compliance': ['county', 'leader'],
  '/api/supervision/problems': MATRIX_ROLES,
  '/api/export/problems.xlsx': MATRIX_ROLES,
  '/api/supervision/weekly?week=2018-W40': ['county', 'leader', 'township', 'village'],
  '/api/export/weekly.xlsx?week=2018-W40': ['county', 'leader', 'township', 'village'],
  '/api/supervision/rulebook-preview?id=gansu-2018': ['county'],
};

function readBack(body: Buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'tuopin-sup-'));
  try {
    const file = join(dir, 'book.xlsx');
    writeFileSync(file, body);
    return readWithOpenpyxl(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describeEachDialect('supervision API', (testDb) => {
  let m: Matrix;
  let now = '2018-10-10T02:00:00.000Z';

  beforeAll(async () => {
    m = await createMatrix(await testDb.fresh(), { clock: () => now });
  });
  afterAll(() => m.close());

  it('every read endpoint answers each role as the permission table says, and leaks nothing', async () => {
    for (const [url, roles] of Object.entries(GET_ACCESS)) {
      for (const role of MATRIX_ROLES) {
        const res = await m.as(role).get(url);
        expect(res.statusCode, `${role} ${url}`).toBe(roles.includes(role) ? 200 : 403);
        expect(m.leaks(role, res.body), `${role} ${url}`).toEqual([]);
      }
    }
    for (const role of MATRIX_ROLES) {
      const r = await m.as(role).post('/api/supervision/what-if', { dueThisMonth: true });
      expect(r.statusCode, `${role} what-if`).toBe(role === 'sector' ? 403 : 200);
      expect(m.leaks(role, r.body), `${role} what-if`).toEqual([]);
    }
    const anon = await m.anonymous();
    for (const url of Object.keys(GET_ACCESS)) expect((await anon.get(url)).statusCode, url).toBe(401);
  });

  it('only the county office assigns a leader’s areas; the leader’s reads follow the assignment and the change is logged', async () => {
    const leaderId = m.users.leader.id;
    for (const role of MATRIX_ROLES.filter((r) => r !== 'county')) {
      expect((await m.as(role).put(`/api/supervision/leaders/${leaderId}/areas`, { areas: [MATRIX_CODES.villageA1] })).statusCode, role).toBe(403);
    }
    const bad = await m.as('county').put(`/api/supervision/leaders/${leaderId}/areas`, { areas: [MATRIX_CODES.county] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { message: expect.stringContaining('联系点只能是乡镇或行政村') } });

    const moved = await m.as('county').put(`/api/supervision/leaders/${leaderId}/areas`, { areas: [MATRIX_CODES.villageA1], reason: '调整联系点' });
    expect(moved.statusCode).toBe(200);
    const seen = (await m.as('leader').get('/api/households?pageSize=200')).json() as { items: { id: string }[] };
    expect(seen.items.map((i) => i.id).sort()).toEqual([...m.expect.village.households.in].sort());
    const log = await m.store.db.selectFrom('changes').selectAll().where('entity', '=', 'user').where('entity_id', '=', leaderId).orderBy('seq', 'desc').executeTakeFirst();
    expect(log?.reason).toBe('调整联系点');
    expect(JSON.parse(log!.after!)).toEqual({ scopeCodes: [MATRIX_CODES.villageA1] });

    // Back as the matrix expects it: township B and one village of township A.
    const back = await m.as('county').put(`/api/supervision/leaders/${leaderId}/areas`, { areas: [MATRIX_CODES.villageA2, MATRIX_CODES.townshipB] });
    expect((back.json() as { areas: { code: string }[] }).areas.map((a) => a.code)).toEqual([MATRIX_CODES.townshipB, MATRIX_CODES.villageA2]);
    const list = (await m.as('leader').get('/api/supervision/leaders')).json() as { leaders: { id: string }[]; canAssign: boolean };
    expect(list).toMatchObject({ canAssign: false, leaders: [{ id: leaderId }] });
  });

  it('visit → problem → rectification → verification → decision, each by its own role and scope; the ledger reads back', async () => {
    const leader = m.as('leader');
    // Outside the leader's area: refused, nothing stored.
    const out = await leader.post('/api/supervision/visits', { date: '2018-10-09', villages: [MATRIX_CODES.villageA1], checked: '入户核查', findings: [] });
    expect(out.statusCode).toBe(400);
    expect(out.json()).toMatchObject({ error: { message: expect.stringContaining('不在您联系的范围内') } });
    expect(await m.store.db.selectFrom('changes').select('seq').where('entity', '=', 'visit').execute()).toEqual([]);
    expect((await m.as('sector').post('/api/supervision/visits', { date: '2018-10-09', villages: [MATRIX_CODES.villageA2], checked: 'x' })).statusCode).toBe(403);

    const res = await leader.post('/api/supervision/visits', {
      date: '2018-10-09',
      villages: [MATRIX_CODES.villageA2],
      households: ['H011'],
      checked: '危房改造验收、收入测算',
      findings: [{ villageCode: MATRIX_CODES.villageA2, householdId: 'H011', text: '危房改造已完工但未验收，台账写已验收' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const visit = res.json() as VisitView;
    expect(visit).toMatchObject({ week: '2018-W41', households: [{ id: 'H011' }], villages: [{ code: MATRIX_CODES.villageA2 }] });
    expect((await m.as('township').get(`/api/supervision/visits/${visit.id}`)).statusCode).toBe(200);
    expect((await m.as('village').get(`/api/supervision/visits/${visit.id}`)).statusCode).toBe(404);

    const raised = await leader.post(`/api/supervision/visits/${visit.id}/findings/${visit.findings[0]!.id}/problem`, {
      category: 'fraud',
      severity: 'major',
      people: ['向阳村 王文书'],
    });
    expect(raised.statusCode, raised.body).toBe(200);
    const { problemId } = raised.json() as { problemId: string };
    expect((await leader.post(`/api/supervision/visits/${visit.id}/findings/${visit.findings[0]!.id}/problem`, { category: 'fraud', severity: 'major' })).statusCode).toBe(409);

    const township = m.as('township');
    const listed = (await township.get('/api/supervision/problems')).json() as ProblemsResponse;
    expect(listed.items.map((p) => p.id)).toEqual([problemId]);
    expect(listed.items[0]).toMatchObject({ sourceLabel: '督查走访', categoryLabel: '弄虚作假', severityLabel: '重大', deadline: '2018-10-24', state: 'open', canRectify: true });
    expect(((await m.as('village').get('/api/supervision/problems')).json() as ProblemsResponse).items).toEqual([]);
    expect((await m.as('village').get(`/api/supervision/problems/${problemId}`)).statusCode).toBe(404);
    expect((await m.as('village').post(`/api/supervision/problems/${problemId}/rectification`, { date: '2018-10-10', text: 'x' })).statusCode).toBe(404);
    expect((await m.as('sector').get(`/api/supervision/problems/${problemId}`)).statusCode).toBe(404);

    expect((await township.post(`/api/supervision/problems/${problemId}/rectification`, { date: '2018-10-11', text: '已组织验收' })).statusCode).toBe(400);
    const rect = await township.post(`/api/supervision/problems/${problemId}/rectification`, { date: '2018-10-10', text: '已组织住建站现场验收，台账更正' });
    expect(rect.statusCode, rect.body).toBe(200);
    expect((rect.json() as ProblemView).state).toBe('rectified');
    expect((await leader.post(`/api/supervision/problems/${problemId}/verification`, { date: '2018-10-10', text: '属实', accepted: true })).statusCode).toBe(403);

    const county = m.as('county');
    const ver = await county.post(`/api/supervision/problems/${problemId}/verification`, { date: '2018-10-10', text: '现场核实属实', accepted: true });
    expect((ver.json() as ProblemView).state).toBe('verified');
    expect((await township.post(`/api/supervision/problems/${problemId}/decisions`, { person: '向阳村 王文书', group: 'organisational', kind: 'talk', decidedOn: '2018-10-10', document: 'x' })).statusCode).toBe(403);
    const wrongKind = await county.post(`/api/supervision/problems/${problemId}/decisions`, { person: '向阳村 王文书', group: 'disciplinary', kind: 'talk', decidedOn: '2018-10-10', document: '县纪委〔2018〕3号' });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json()).toMatchObject({ error: { message: expect.stringContaining('纪律处分方式“talk”不在规则库中') } });
    const decided = await county.post(`/api/supervision/problems/${problemId}/decisions`, {
      person: '向阳村 王文书',
      group: 'organisational',
      kind: 'admonish',
      decidedOn: '2018-10-10',
      document: '县扶贫办〔2018〕21号',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((decided.json() as ProblemView).decisions).toMatchObject([{ kindLabel: '诫勉谈话', document: '县扶贫办〔2018〕21号' }]);

    // A second major problem of the same village inside the window: the ledger flags unit and person.
    const second = await county.post('/api/supervision/problems', {
      source: 'unannounced',
      category: 'bad-data',
      severity: 'major',
      unitKind: 'village',
      unitCode: MATRIX_CODES.villageA2,
      people: ['向阳村 王文书'],
      description: '暗访发现两户收入测算表与实际不符',
      foundOn: '2018-10-10',
    });
    expect(second.statusCode, second.body).toBe(200);
    const ledger = (await county.get('/api/supervision/problems')).json() as ProblemsResponse;
    expect(ledger.flags.map((f) => [f.kind, f.name])).toEqual([
      ['person', '向阳村 王文书'],
      ['unit', '城关镇向阳村'],
    ]);
    expect(ledger.items.every((p) => p.flagged)).toBe(true);

    const xlsx = await county.get('/api/export/problems.xlsx');
    expect(xlsx.statusCode).toBe(200);
    const wb = readBack(xlsx.rawPayload);
    const rows = records(sheetByName(wb, '问题整改台账'));
    expect(rows.map((r) => r['问题编号']).sort()).toEqual([problemId, (second.json() as { id: string }).id].sort());
    const first = rows.find((r) => r['问题编号'] === problemId)!;
    expect(first).toMatchObject({ 问题来源: '督查走访', 责任单位: '城关镇向阳村', 严重程度: '重大', 状态: '已核实销号', 连续重大失误: '是' });
    expect(String(first['问责情况'])).toContain('诫勉谈话');
    expect(records(sheetByName(wb, '连续重大失误')).map((r) => r['建议'])).toEqual(['免职或调离', '约谈主要负责人']);
    expect(sheetByName(wb, '问题整改台账').orientation).toBe('landscape');
  });

  it('a closed week is written once and never changes; the running week is live; the workbook reads back', async () => {
    now = '2018-10-16T02:00:00.000Z';
    // Six days on, the sessions signed in at the start have gone idle: sign in again.
    const clients = new Map<MatrixRole, Client>();
    for (const role of ['county', 'leader', 'township'] as const) clients.set(role, await signIn(m.app, MATRIX_ACCOUNTS[role].username, role));
    const as = (role: MatrixRole) => clients.get(role)!;
    const res = await as('county').get('/api/supervision/weekly?week=2018-W41');
    expect(res.statusCode, res.body).toBe(200);
    const first = res.json() as WeeklyResponse;
    expect(first.snapshot).toBe(true);
    const visitsA = first.townships.find((t) => t.code === MATRIX_CODES.townshipA)!.figures.visits;
    expect(visitsA).toBe(1);
    // A visit recorded afterwards, dated inside the closed week: the snapshot keeps its figures.
    expect((await as('leader').post('/api/supervision/visits', { date: '2018-10-12', villages: [MATRIX_CODES.villageA2], checked: '补录' })).statusCode).toBe(200);
    const again = (await as('county').get('/api/supervision/weekly?week=2018-W41')).json() as WeeklyResponse;
    expect(again.pointsToVerify).toEqual({ open: expect.any(Number), checked: expect.any(Number), overdue: expect.any(Number) });
    expect(Array.isArray(again.spotChecks)).toBe(true);
    expect(again.townships).toEqual(first.townships);
    expect(again.createdAt).toBe(first.createdAt);
    const live = (await as('county').get('/api/supervision/weekly?week=2018-W42')).json() as WeeklyResponse;
    expect(live.snapshot).toBe(false);
    expect((await as('county').put('/api/supervision/weekly/2018-W42/notes', { analysis: 'x' })).statusCode).toBe(400);

    const notes = await as('county').put('/api/supervision/weekly/2018-W41/notes', { analysis: '城关镇进度较快', meeting: '10月15日例会：部署验收' });
    expect(notes.statusCode, notes.body).toBe(200);
    expect((await as('township').put('/api/supervision/weekly/2018-W41/notes', { analysis: 'x' })).statusCode).toBe(403);
    const township = (await as('township').get('/api/supervision/weekly?week=2018-W41')).json() as WeeklyResponse;
    expect(township.townships.map((t) => t.code)).toEqual([MATRIX_CODES.townshipA]);
    expect(township.county).toBeNull();

    const wb = readBack((await as('county').get('/api/export/weekly.xlsx?week=2018-W41')).rawPayload);
    const main = records(sheetByName(wb, '周调度'));
    expect(main.find((r) => r['乡镇'] === '城关镇')).toMatchObject({ 督查走访: 1 });
    expect(main.at(-1)).toMatchObject({ 乡镇: '全县合计' });
    expect(sheetByName(wb, '分析与例会').values.flat()).toContain('城关镇进度较快');
    expect(sheetByName(wb, '周调度').paper_size).toBe(9);
  });
  it('a spot-check form that finds the record wrong becomes one problem of the village, however often it is saved', async () => {
    const county = await signIn(m.app, MATRIX_ACCOUNTS.county.username, 'county');
    const drawn = await county.post('/api/spot-checks', { kind: 'spot', population: 'registered', seed: 7, design: { kind: 'per-village', perVillage: 1, minPerVillage: 0 } });
    expect(drawn.statusCode, drawn.body).toBe(200);
    const check = drawn.json() as { id: string; villages: { code: string; sampled: { householdId: string }[] }[] };
    const village = check.villages.find((v) => v.code === MATRIX_CODES.villageA2 && v.sampled.length > 0)!;
    const h = village.sampled[0]!.householdId;
    const form = {
      classRight: false,
      incomeRight: true,
      indicatorsRight: { 'food-clothing': true, water: true, education: true, medical: true, housing: true },
      dataAsOnSite: true,
      approves: true,
      checkedOn: '2018-10-15',
      note: '实为 B 类',
    };
    const before = ((await county.get('/api/supervision/problems')).json() as ProblemsResponse).items.length;
    for (let i = 0; i < 2; i++) expect((await county.put(`/api/spot-checks/${check.id}/forms/${h}`, form)).statusCode).toBe(200);
    const items = ((await county.get('/api/supervision/problems')).json() as ProblemsResponse).items;
    expect(items.length).toBe(before + 1);
    const p = items.find((x) => x.sourceRef === `${check.id}/${h}`)!;
    expect(p).toMatchObject({ source: 'spot-check', sourceLabel: '抽查', unitCode: MATRIX_CODES.villageA2, householdId: h, categoryLabel: '数据不准确', foundOn: '2018-10-15' });
    expect(p.description).toContain('类别与记录不符');
    const township = await signIn(m.app, MATRIX_ACCOUNTS.township.username, 'township');
    expect(((await township.get('/api/supervision/problems')).json() as ProblemsResponse).items.some((x) => x.id === p.id)).toBe(true);
  });

  it('the rulebook preview tells before the switch how many households the switch will move', async () => {
    // Last in the file: it switches the county's rulebook.
    const county = await signIn(m.app, MATRIX_ACCOUNTS.county.username, 'county');
    const preview = await county.get('/api/supervision/rulebook-preview?id=monitoring-2021');
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json() as { changed: number; households: number; movements: { from: string; to: string; households: number }[] };
    expect((await county.get('/api/supervision/rulebook-preview?id=no-such')).statusCode).toBe(400);
    const switched = await county.put('/api/rulebook', { id: 'monitoring-2021', reason: '试用监测规则' });
    expect(switched.statusCode, switched.body).toBe(200);
    const r = switched.json() as { households: number; unchanged: number; movements: { from: string | null; to: string; households: number }[] };
    expect(p.households).toBe(r.households);
    expect(p.changed).toBe(r.households - r.unchanged);
    const key = (x: { from: string | null; to: string; households: number }) => `${x.from}>${x.to}:${x.households}`;
    expect(p.movements.map(key).sort()).toEqual(r.movements.map(key).sort());
  });
});

