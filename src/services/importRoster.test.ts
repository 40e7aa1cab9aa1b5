// The import use case end to end on every engine: a real roster file written by the roster writer,
// read by our reader, validated, diffed and applied; broken files change nothing stored.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.js';
import { RELATION_LABELS } from '../domain/labels.js';
import { generateCounty } from '../demo/generate.js';
import { writeRoster } from '../io/roster/write.js';
import { loadRulebook } from '../rulebooks/loader.js';
import { openStore, ALL, type Store } from '../store/index.js';
import { reassess } from './reassess.js';
import { assessCounty } from './assessCounty.js';
import type { ServiceContext } from './context.js';
import { importRoster, ImportRejectedError } from './importRoster.js';

const rulebook = loadRulebook('seed-county-2018');
const dir = mkdtempSync(join(tmpdir(), 'tuopin-import-test-'));
const clerk = { id: 'u-clerk', name: '县扶贫办录入员' };
let tick = 0;
const clock = () => new Date(Date.UTC(2018, 9, 1, 8, 0, tick++)).toISOString();

const smallCounty = generateCounty({ seed: 7, scale: 0.02, year: 2018 });
const goodRoster = join(dir, 'good.xlsx');

/** Rows per table, and the change log length: what "nothing stored" is checked against. */
async function counts(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['regions', 'households', 'members', 'income_forms', 'tasks', 'changes', 'imports'] as const) {
    const r = await store.db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

/** A copy of the good roster with one cell changed, edited with exceljs (not our writer). */
async function rosterWithCell(name: string, sheetName: string, header: string, personRow: number, value: string | number): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(goodRoster);
  const ws = wb.getWorksheet(sheetName)!;
  let headerRow = 0;
  let col = 0;
  ws.eachRow((row, r) => {
    if (headerRow) return;
    row.eachCell((cell, c) => {
      if (String(cell.value).trim() === header) {
        headerRow = r;
        col = c;
      }
    });
  });
  if (!headerRow) throw new Error(`fixture: header ${header} not found in ${sheetName}`);
  ws.getRow(headerRow + personRow).getCell(col).value = value;
  const out = join(dir, name);
  await wb.xlsx.writeFile(out);
  return out;
}

beforeAll(async () => {
  await writeRoster(goodRoster, smallCounty);
});

describeEachDialect('importRoster', (testDb) => {
  let store: Store;
  let ctx: ServiceContext;

  beforeEach(async () => {
    store = await openStore(await testDb.fresh(), { clock });
    ctx = { store, actor: clerk, clock };
    return () => store.close();
  });

  it('imports a clean roster: every household, member, form and task, with one import record', async () => {
    const outcome = await importRoster(ctx, goodRoster, { incomeYear: 2018 });
    expect(outcome.households).toBe(smallCounty.households.length);
    expect(outcome.members).toBe(smallCounty.members.length);
    expect(outcome.counts.households.creates).toBe(smallCounty.households.length);
    expect(outcome.counts.members.creates).toBe(smallCounty.members.length);
    expect(outcome.counts.tasks.creates).toBe(smallCounty.tasks.length);
    const c = await counts(store);
    expect(c).toMatchObject({ households: smallCounty.households.length, members: smallCounty.members.length, imports: 1 });
    // The records read back are the generated ones: the file carried every field.
    const stored = await store.registry.loadRecords(ALL, { year: 2018 });
    const byId = new Map(stored.map((r) => [r.household.id, r]));
    for (const h of smallCounty.households.slice(0, 20)) expect(byId.get(h.id)?.household).toEqual(h);
    const members = new Map(stored.flatMap((r) => r.members).map((m) => [m.id, m]));
    for (const m of smallCounty.members.slice(0, 50)) expect(members.get(m.id)).toEqual(m);
  });

  it('re-importing the same roster changes nothing and never duplicates', async () => {
    await importRoster(ctx, goodRoster, { incomeYear: 2018 });
    const before = await counts(store);
    const again = await importRoster(ctx, goodRoster, { incomeYear: 2018 });
    expect(again.unchanged).toBe(true);
    const after = await counts(store);
    expect(after).toEqual({ ...before, imports: before['imports']! + 1 });
  });

  it('a re-import with one edited income item records exactly that change, with who, when, before, after and why', async () => {
    await importRoster(ctx, goodRoster, { incomeYear: 2018 });
    const edited = await rosterWithCell('edited.xlsx', '花名册', '外出务工收入', 1, 98765);
    const outcome = await importRoster(ctx, edited, { incomeYear: 2018 });
    expect(outcome.counts.incomes.updates).toBe(1);
    expect(outcome.counts.households.updates + outcome.counts.members.updates).toBe(0);
    const log = await store.changes.list(ALL, { batchId: outcome.importId });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ entity: 'income', action: 'update', actor: clerk, reason: '导入花名册 edited.xlsx' });
    expect(log[0]!.after).toEqual({ 'items.migrantWage': 98765 });
  });

  it('a re-import that empties a stored ID number says so in its warnings', async () => {
    await importRoster(ctx, goodRoster, { incomeYear: 2018 });
    const emptied = await rosterWithCell('noid.xlsx', '花名册', '证件号码', 2, '');
    const outcome = await importRoster(ctx, emptied, { incomeYear: 2018 });
    const member = smallCounty.members[1]!;
    expect(outcome.counts.members.updates).toBe(1);
    const cleared = outcome.warnings.filter((w) => w.code === 'id-number-cleared');
    expect(cleared).toEqual([expect.objectContaining({ severity: 'warning', header: '证件号码' })]);
    expect(cleared[0]!.message).toContain(member.id);
    expect(cleared[0]!.message).toContain('清空');
  });

  describe('a broken roster changes nothing stored', () => {
    const cases: Array<[string, () => Promise<string>, RegExp]> = [
      ['an ID number with a wrong check character', () => rosterWithCell('badid.xlsx', '花名册', '证件号码', 2, '62990119800101001X'), /校验/],
      ['an ID number turned into a float by Excel', () => rosterWithCell('float.xlsx', '花名册', '证件号码', 2, 629901198001010000), /文本/],
      ['text in a number column', () => rosterWithCell('text.xlsx', '花名册', '外出务工收入', 1, '一万二'), /数字|数值/],
      [
        'a duplicate person number',
        async () => {
          const second = smallCounty.members[1]!.id;
          return rosterWithCell('dup.xlsx', '花名册', '人编号', 1, second);
        },
        /重复/,
      ],
      [
        'an empty file',
        async () => {
          const p = join(dir, 'empty.xlsx');
          writeFileSync(p, '');
          return p;
        },
        /空/,
      ],
      [
        'a file that is not a spreadsheet',
        async () => {
          const p = join(dir, 'report.xlsx');
          writeFileSync(p, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64, 1)]));
          return p;
        },
        /不是电子表格/,
      ],
    ];
    for (const [name, make, pattern] of cases) {
      it(name, async () => {
        await importRoster(ctx, goodRoster, { incomeYear: 2018 });
        const before = await counts(store);
        const file = await make();
        const err = await importRoster(ctx, file, { incomeYear: 2018 }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ImportRejectedError);
        const rejected = err as ImportRejectedError;
        const text = [rejected.message, ...rejected.issues.map((i) => i.message)].join('\n');
        expect(text).toMatch(pattern);
        // Row-level problems name the sheet, the row and the column.
        for (const issue of rejected.issues.filter((i) => i.severity === 'error' && i.row !== null)) {
          expect(issue.sheet).toBeTruthy();
          expect(issue.column).toMatch(/^[A-Z]+$/);
        }
        expect(await counts(store)).toEqual(before);
      });
    }
  });

  it('a members-only CSV re-import changes only what it carries: villages, county incidence and household facts stay', async () => {
    await importRoster(ctx, goodRoster, { incomeYear: 2018 });
    const regionsBefore = await store.regions.list(ALL);
    const recordsBefore = await store.registry.loadRecords(ALL, { year: 2018 });
    const countyBefore = (await assessCounty(ctx, { rulebook })).county!;
    expect(countyBefore.incidenceNow).not.toBeNull();
    expect(countyBefore.poorVillages).toBeGreaterThan(0);

    // The members alone, as a township clerk exports them: no village sheet, no household facts.
    const villageOf = new Map(smallCounty.households.map((h) => [h.id, h.villageCode]));
    const nameOf = new Map(smallCounty.regions.map((r) => [r.code, r]));
    const quote = (v: string | null) => (v === null ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const lines = ['户编号,人编号,姓名,证件号码,与户主关系,乡镇,行政村,行政区划代码'];
    for (const m of smallCounty.members) {
      const village = nameOf.get(villageOf.get(m.householdId)!)!;
      const township = nameOf.get(village.parentCode!)!;
      const relation = RELATION_LABELS.label(m.relation);
      lines.push([m.householdId, m.id, m.name, m.idNumber, relation, township.name, village.name, village.code].map(quote).join(','));
    }
    const csv = join(dir, 'members-only.csv');
    writeFileSync(csv, '\uFEFF' + lines.join('\r\n') + '\r\n');

    const outcome = await importRoster(ctx, csv, { incomeYear: 2018 });
    expect(outcome.counts.regions.updates).toBe(0);
    expect(outcome.counts.households.updates).toBe(0);
    expect(await store.regions.list(ALL)).toEqual(regionsBefore);
    const recordsAfter = await store.registry.loadRecords(ALL, { year: 2018 });
    const householdsBefore = new Map(recordsBefore.map((r) => [r.household.id, r.household]));
    for (const r of recordsAfter) expect(r.household).toEqual(householdsBefore.get(r.household.id));
    const countyAfter = (await assessCounty(ctx, { rulebook })).county!;
    expect(countyAfter).toMatchObject({
      incidenceNow: countyBefore.incidenceNow,
      incidenceAfter: countyBefore.incidenceAfter,
      ruralPopulation: countyBefore.ruralPopulation,
      poorVillages: countyBefore.poorVillages,
      poorVillagesExited: countyBefore.poorVillagesExited,
    });
    // The report says what the file did not carry and was kept.
    const kept = outcome.warnings.filter((w) => w.code === 'kept-not-carried');
    expect(kept.map((w) => w.message).join('\n')).toMatch(/村情.*保持不变/);
    expect(kept.map((w) => w.message).join('\n')).toMatch(/是否解决安全饮水/);
  });

  it('the assessment of the imported county matches the generator and sorts households into A, B and C', async () => {
    await importRoster(ctx, goodRoster, { incomeYear: 2018 });
    const report = await reassess(ctx, { rulebook });
    const classes = new Set(report.results.map((r) => r.class));
    for (const c of ['A', 'B', 'C', 'out-of-scope']) expect(classes).toContain(c);
    expect(report.runId).not.toBeNull();
    expect(report.county?.registeredPoor).toBe(smallCounty.members.length);
  });
});
