// The read-side services of the web on every engine: dashboard, household page, ledger pages and
// villages agree with the stored run and stay inside the viewer's scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.js';
import { OUT_OF_SCOPE, type HouseholdAssessment } from '../domain/assessment.js';
import { maskFor } from '../domain/mask.js';
import { householdSheetTable } from '../io/ledger/ledgers.js';
import { loadRulebook } from '../rulebooks/loader.js';
import { ALL, openStore, type Change, type Store } from '../store/index.js';
import { AccessError } from './access.js';
import { dashboard } from './dashboard.js';
import { seedCounty, viewersFor, type SeededCounty } from '../../test/fixtures/data.js';
import { chinaDate, historyLine } from './history.js';
import { householdDetail } from './householdDetail.js';
import { ledgerPage } from './ledgerPages.js';
import { listVillages, villageDetail } from './villages.js';

const rulebook = loadRulebook('seed-county-2018');

describe('history lines', () => {
  const base: Change = {
    seq: 1,
    at: '2018-11-02T03:00:00.000Z',
    actor: { id: 'u1', name: '张三' },
    entity: 'income',
    entityId: 'H1:2018',
    householdId: 'H1',
    action: 'update',
    before: { 'items.migrantWage': 12000 },
    after: { 'items.migrantWage': 15000 },
    reason: '补录务工收入',
    batchId: null,
  };

  it('reads an income edit as the office writes it', () => {
    expect(historyLine(base, maskFor('office'))?.text).toBe('2018-11-02 张三 修改 2018年收入测算表：外出务工收入 12000 → 15000（原因：补录务工收入）');
  });

  it('reads a household created by an import with its member count', () => {
    const c: Change = {
      ...base,
      entity: 'household',
      entityId: 'H1',
      action: 'create',
      before: null,
      after: { id: 'H1', members: [{}, {}, {}, {}] },
      reason: '导入花名册 花名册.xlsx',
    };
    expect(historyLine(c, maskFor('office'))?.text).toBe('2018-11-02 张三 导入花名册 花名册.xlsx：建立户档案（4人）');
  });

  it('masks ID numbers and phones for the viewer, and labels enums and booleans', () => {
    const c: Change = {
      ...base,
      entity: 'member',
      entityId: 'H1-01',
      action: 'update',
      before: { idNumber: '620521198001010016', health: 'healthy', pension: false },
      after: { idNumber: '620521198001010024', health: 'chronic', pension: true },
      reason: null,
    };
    const text = historyLine(c, maskFor('internal'), new Map([['H1-01', '李四']]))!.text;
    expect(text).toBe('2018-11-02 张三 修改 成员 李四：证件号码 6205**********0016 → 6205**********0024；健康状况 健康 → 长期慢性病；基本养老保险 否 → 是');
    expect(text).not.toContain('620521198001010016');
  });

  it('dates in China time', () => {
    expect(chinaDate('2018-11-01T17:30:00.000Z')).toBe('2018-11-02');
  });

  it('drops fields a filter hides, and the line when nothing is left', () => {
    expect(historyLine(base, maskFor('office'), new Map(), () => false)).toBeNull();
  });
});

describeEachDialect('data views', (testDb) => {
  let store: Store;
  let s: SeededCounty;
  let v: ReturnType<typeof viewersFor>;
  let results: HouseholdAssessment[];

  beforeAll(async () => {
    store = await openStore(await testDb.fresh());
    s = await seedCounty(store);
    v = viewersFor(s);
    results = await store.assessments.latestResults(ALL);
  });
  afterAll(() => store.close());

  it('the county dashboard repeats the stored county figures; blockers for county-wide viewers only', async () => {
    const run = (await store.assessments.latestRun())!;
    const d = await dashboard(store, v.county);
    expect(d.registeredPoor).toBe(run.county!.registeredPoor);
    expect(d.inScopeHouseholds).toBe(run.county!.inScopeHouseholds);
    for (const c of d.classes) expect(c.households, c.code).toBe(run.county!.households[c.code] ?? 0);
    expect(d.incidenceNow).toBeCloseTo(run.county!.incidenceNow!, 12);
    expect(d.incidenceAfter).toBeCloseTo(run.county!.incidenceAfter!, 12);
    expect(d.county?.blockers).toEqual(run.county!.blockers);
    expect(d.townships.map((t) => t.code).sort()).toEqual(
      s.county.regions
        .filter((r) => r.level === 'township')
        .map((r) => r.code)
        .sort(),
    );
    const failing = d.failing.map((f) => f.households);
    expect(failing).toEqual([...failing].sort((a, b) => b - a));
    expect((await dashboard(store, v.sector)).county).not.toBeNull();
  });

  it('a township dashboard counts its own households only and shows no county blockers', async () => {
    const own = new Set(s.householdsOf(s.townshipA));
    const d = await dashboard(store, v.township);
    expect(d.registeredHouseholds).toBe(own.size);
    expect(d.registeredPoor).toBe(results.filter((r) => own.has(r.householdId)).reduce((n, r) => n + r.size, 0));
    expect(d.townships.map((t) => t.code)).toEqual([s.townshipA]);
    expect(d.county).toBeNull();
    // A township compares its villages: one row each, adding up to the township.
    const villageCodes = s.county.regions.filter((r) => r.level === 'village' && r.parentCode === s.townshipA).map((r) => r.code);
    expect(d.villageRows.map((r) => r.code).sort()).toEqual([...villageCodes].sort());
    expect(d.villageRows.reduce((n, r) => n + r.remainingPoor, 0)).toBe(d.townships[0]!.remainingPoor);
    for (const code of Object.keys(d.townships[0]!.households)) {
      expect(
        d.villageRows.reduce((n, r) => n + (r.households[code] ?? 0), 0),
        code,
      ).toBe(d.townships[0]!.households[code]);
    }
    expect((await dashboard(store, v.county)).villageRows).toEqual([]);
    const village = await dashboard(store, v.village);
    expect(village.registeredHouseholds).toBe(s.householdsOf(s.villageA1).length);
    expect(village.villages).toBe(1);
  });

  it('the household page itemises the form with the rulebook’s counted/excluded flags and tells the import in its history', async () => {
    const id = s.householdsOf(s.villageA1)[0]!;
    const d = await householdDetail(store, v.village, id);
    expect(d.members.map((m) => m.id)).toEqual(s.county.members.filter((m) => m.householdId === id).map((m) => m.id));
    expect(d.income.lines).toHaveLength(27);
    for (const line of d.income.lines) expect(line.counted, line.code).toBe(!rulebook.income.excludedItems.includes(line.code));
    expect(d.income.lines.find((l) => l.code === 'oneOffRelief')?.categoryLabel).toBe('转移性收入');
    expect(d.assessment?.householdId).toBe(id);
    expect(d.history.at(-1)!.text).toMatch(new RegExp(`导入花名册 示范县花名册\\.xlsx：建立户档案（${d.members.length}人）$`));
    expect(d.canEditIncome).toBe(true);
    expect((await householdDetail(store, v.leader, id)).canEditIncome).toBe(false);
    const other = s.householdsOf(s.townshipB)[0]!;
    await expect(householdDetail(store, v.village, other)).rejects.toMatchObject({ status: 404 });
    await expect(householdDetail(store, v.village, 'nope')).rejects.toBeInstanceOf(AccessError);
  });

  it('ledger pages have the workbook’s columns and cells, masked for the viewer, in scope', async () => {
    const page = await ledgerPage(store, v.township, 'B', 1, 5);
    const table = householdSheetTable(rulebook, 'B', { mask: maskFor('internal') });
    expect(page.columns.map((c) => c.header)).toEqual(table.columns.map((c) => c.header));
    const expected = results.filter((r) => r.class === 'B' && s.householdsOf(s.townshipA).includes(r.householdId));
    expect(page.total).toBe(expected.length);
    const idCol = page.columns.findIndex((c) => c.header === '身份证号');
    for (const row of page.rows) expect(String(row[idCol])).toMatch(/^(|\d{4}\*{10}[0-9X]{4})$/);
    const oos = await ledgerPage(store, v.county, OUT_OF_SCOPE, 1, 5);
    expect(oos.columns.at(-1)?.header).toBe('不纳入原因');
    await expect(ledgerPage(store, v.county, 'Z')).rejects.toMatchObject({ status: 404 });
  });

  it('a ledger page narrows to a township or village, never past the viewer’s scope', async () => {
    const inVillage = results.filter((r) => r.class === 'A' && s.householdsOf(s.villageA1).includes(r.householdId));
    expect(inVillage.length).toBeGreaterThan(0);
    expect((await ledgerPage(store, v.township, 'A', 1, 200, null, s.villageA1)).total).toBe(inVillage.length);
    expect((await ledgerPage(store, v.county, 'A', 1, 200, null, s.villageA1)).total).toBe(inVillage.length);
    const townA = results.filter((r) => r.class === 'A' && s.householdsOf(s.townshipA).includes(r.householdId)).length;
    expect((await ledgerPage(store, v.county, 'A', 1, 200, null, s.townshipA)).total).toBe(townA);
    // The village team asking for its township keeps its village; another township gives nothing.
    expect((await ledgerPage(store, v.village, 'A', 1, 200, null, s.townshipA)).total).toBe(inVillage.length);
    expect((await ledgerPage(store, v.village, 'A', 1, 200, null, s.townshipB)).total).toBe(0);
    expect((await ledgerPage(store, v.township, 'A', 1, 200, null, s.townshipB)).total).toBe(0);
  });

  it('a column filter keeps identity and the allowed indicator columns only', async () => {
    const page = await ledgerPage(store, v.sector, 'B', 1, 5, { indicator: (c) => c === 'housing', income: false, summaries: false });
    const headers = page.columns.map((c) => c.header);
    expect(headers).toContain(rulebook.indicators.housing.label);
    expect(headers).not.toContain(rulebook.indicators.education.label);
    expect(headers).not.toContain('人均纯收入（元）');
    expect(headers).not.toContain('未达标原因');
    for (const row of page.rows) expect(row).toHaveLength(headers.length);
  });

  it('villages: the scope’s villages with their stored figures; a village page groups its households by class', async () => {
    const mine = await listVillages(store, v.township);
    expect(mine.map((x) => x.code).sort()).toEqual(
      s.county.regions
        .filter((r) => r.level === 'village' && r.parentCode === s.townshipA)
        .map((r) => r.code)
        .sort(),
    );
    expect(mine.every((x) => x.townshipName !== null)).toBe(true);
    const d = await villageDetail(store, v.village, s.villageA1);
    const ids = d.classes.flatMap((c) => c.households.map((h) => h.id)).sort();
    expect(ids).toEqual([...s.householdsOf(s.villageA1)].sort());
    for (const c of d.classes) for (const h of c.households) expect(h.class ?? '').toBe(c.code);
    const otherVillage = s.county.regions.find((r) => r.level === 'village' && r.parentCode === s.townshipB)!.code;
    await expect(villageDetail(store, v.village, otherVillage)).rejects.toMatchObject({ status: 404 });
  });
});
