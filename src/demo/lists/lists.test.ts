import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinyin } from 'pinyin-pro';
import { parseIdNumber } from '../../domain/idNumber.js';
import { LIST_KINDS } from '../../io/lists/profiles.js';
import type { ListKind } from '../../io/lists/profiles.js';
import { parseList } from '../../io/lists/parse.js';
import type { ListParse } from '../../io/lists/parse.js';
import { readWorkbook } from '../../io/sheets/index.js';
import { readWithOpenpyxl, records } from '../../../test/kits/readBack.js';
import { DEMO_COUNTY_CODE, generateCounty } from '../generate.js';
import type { DemoCounty } from '../generate.js';
import { generateDemoLists, truthOf } from './generate.js';
import type { DemoTruth } from './generate.js';
import { writeDemoLists } from './write.js';

const SEED = 7;
const SCALE = 0.05;
let county: DemoCounty;
let dirA: string;
let dirB: string;
let truth: DemoTruth;
const parsed = new Map<ListKind, ListParse>();

beforeAll(async () => {
  county = generateCounty({ seed: SEED, scale: SCALE });
  dirA = mkdtempSync(join(tmpdir(), 'tuopin-lists-a-'));
  dirB = mkdtempSync(join(tmpdir(), 'tuopin-lists-b-'));
  await writeDemoLists(dirA, generateDemoLists(county, { seed: SEED }));
  // A second run from a freshly generated county: nothing may depend on object identity or the clock.
  await writeDemoLists(dirB, generateDemoLists(generateCounty({ seed: SEED, scale: SCALE }), { seed: SEED }));
  truth = JSON.parse(readFileSync(join(dirA, 'truth.json'), 'utf8')) as DemoTruth;
  for (const kind of LIST_KINDS) parsed.set(kind, parseList(readWorkbook(join(dirA, `${kind}.xlsx`)), kind));
}, 120_000);

afterAll(() => {
  rmSync(dirA, { recursive: true, force: true });
  rmSync(dirB, { recursive: true, force: true });
});

const members = (): Map<string, DemoCounty['members'][number]> => new Map(county.members.map((m) => [m.id, m]));
const households = (): Map<string, DemoCounty['households'][number]> => new Map(county.households.map((h) => [h.id, h]));

function rowOf(kind: ListKind, row: number): ListParse['rows'][number] {
  const r = parsed.get(kind)!.rows.find((x) => x.row === row);
  if (!r) throw new Error(`${kind} 第${row}行不存在`);
  return r;
}

describe('demo lists: determinism', () => {
  it('the same seed writes the same bytes and the same truth', () => {
    for (const name of [...LIST_KINDS.map((k) => `${k}.xlsx`), 'truth.json']) {
      expect(readFileSync(join(dirA, name)).equals(readFileSync(join(dirB, name))), name).toBe(true);
    }
  });

  it('another seed gives other lists', () => {
    const other = generateDemoLists(county, { seed: SEED + 1 });
    expect(JSON.stringify(truthOf(other).lists['school-roll'].rows)).not.toBe(JSON.stringify(truth.lists['school-roll'].rows));
  });

  it('truth.json has the agreed shape: one entry per list row, in sheet rows', () => {
    expect(truth.seed).toBe(SEED);
    for (const kind of LIST_KINDS) {
      const t = truth.lists[kind];
      expect(t.source.length).toBeGreaterThan(0);
      expect(t.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
      expect(t.rows.map((r) => r.row)).toEqual(parsed.get(kind)!.rows.map((r) => r.row));
      for (const d of t.discrepancies) expect(Object.keys(d).sort()).toEqual(expect.arrayContaining(['householdId', 'kind', 'memberId', 'row']));
    }
  });
});

describe('demo lists: every list is accepted', () => {
  it.each(LIST_KINDS)('%s is read by parseList with no errors', (kind) => {
    const p = parsed.get(kind)!;
    expect(p.rejected).toBe(false);
    expect(p.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(p.rows.length).toBeGreaterThan(0);
    // Every ID warning is a planted slip, on the row the truth says.
    const slips = new Map(truth.lists[kind].rows.map((r) => [r.row, r.typos]));
    for (const w of p.issues.filter((i) => i.code.startsWith('id-'))) expect(slips.get(w.row!)).toContain('bad-check');
  });
});

describe('demo lists: the truth says what the cells hold', () => {
  it('each planted slip is in its row, and rows without ID slips carry valid, fictitious ID numbers', () => {
    const byId = members();
    const seen = new Set<string>();
    for (const kind of LIST_KINDS) {
      for (const t of truth.lists[kind].rows) {
        const r = rowOf(kind, t.row);
        const raw = r.person.idNumber;
        const m = t.memberId ? byId.get(t.memberId)! : null;
        for (const typo of t.typos) seen.add(typo);
        if (t.typos.includes('missing-id')) expect(raw).toBeNull();
        else if (kind !== 'national-export' || raw !== null) {
          const id = parseIdNumber(raw);
          if (t.typos.includes('bad-check')) expect(id.ok ? null : id.problem).toBe('bad-check');
          else {
            expect(id.ok, `${kind} 第${t.row}行 ${String(raw)}`).toBe(true);
            if (id.ok) {
              expect(id.value.normalized.slice(0, 6)).toBe(DEMO_COUNTY_CODE);
              if (m) expect(id.value.normalized).toBe(m.idNumber);
            }
          }
        }
        if (t.typos.includes('id15')) expect(String(raw)).toMatch(/^\d{15}$/u);
        if (t.typos.includes('full-width')) expect(String(raw)).toMatch(/[０-９]/u);
        if (t.typos.includes('lower-x')) expect(String(raw)).toMatch(/x$/u);
        if (t.typos.includes('spaces')) expect(String(raw)).toMatch(/ /u);
        if (m && r.person.name !== null) {
          const typedName = r.person.name;
          if (t.typos.includes('homophone')) {
            expect(typedName).not.toBe(m.name);
            expect(pinyin(typedName, { toneType: 'none' })).toBe(pinyin(m.name, { toneType: 'none' }));
          } else if (t.typos.includes('lookalike')) {
            expect(typedName).not.toBe(m.name);
            expect(typedName.length).toBe(m.name.length);
          } else expect(typedName).toBe(m.name);
        }
        if (m && r.person.birthDate !== null) {
          if (t.typos.includes('day-month-swap')) {
            expect(r.person.birthDate).toBe(`${m.birthDate!.slice(0, 4)}-${m.birthDate!.slice(8, 10)}-${m.birthDate!.slice(5, 7)}`);
          } else expect(r.person.birthDate).toBe(m.birthDate);
        }
      }
    }
    for (const typo of ['homophone', 'lookalike', 'day-month-swap', 'missing-id', 'id15', 'bad-check', 'full-width', 'spaces']) expect(seen).toContain(typo);
  });

  it('outsiders are there and are not registry members', () => {
    const ids = new Set(county.members.map((m) => m.idNumber));
    let outsiders = 0;
    for (const kind of LIST_KINDS) {
      for (const t of truth.lists[kind].rows) {
        if (t.memberId !== null) continue;
        outsiders++;
        const id = parseIdNumber(rowOf(kind, t.row).person.idNumber);
        if (id.ok) expect(ids.has(id.value.normalized)).toBe(false);
      }
    }
    expect(outsiders).toBeGreaterThan(county.members.length * 0.5);
  });

  it('each planted discrepancy holds in the list and the registry', () => {
    const byId = members();
    const byHousehold = households();
    const counts = new Map<string, number>();
    for (const kind of LIST_KINDS) {
      for (const d of truth.lists[kind].discrepancies) {
        counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1);
        const m = d.memberId ? byId.get(d.memberId) : undefined;
        const v = d.row === null ? null : rowOf(kind, d.row).values;
        const h = d.householdId ? byHousehold.get(d.householdId) : undefined;
        switch (d.kind) {
          case 'dropout':
            expect(['primary', 'grade7', 'grade8', 'grade9', 'high-school', 'secondary-vocational']).toContain(m!.schoolStatus);
            if (v) expect(v.schoolStatus).toBe('dropped-out');
            break;
          case 'uninsured':
            expect(m!.basicMedical).not.toBe(false);
            expect(['not-enrolled', 'stopped']).toContain(v!.enrolment);
            break;
          case 'deceased':
            expect(m).toBeDefined();
            expect(v!.deathDate).toMatch(/^\d{4}-/u);
            break;
          case 'housing-mismatch':
            expect(['A', 'B']).toContain(h!.housing.grade);
            expect(['C', 'D']).toContain(v!.houseGrade);
            break;
          case 'assistance-mismatch':
            if (v) expect(v.assistance).not.toBe(h!.attribute);
            else expect(['dibao', 'tekun']).toContain(h!.attribute);
            break;
          case 'four-kinds':
            expect(m).toBeDefined();
            break;
          case 'disability-mismatch':
            expect(v!.disabilityGrade).not.toBe(m!.disabilityGrade);
            break;
          case 'missing-in-registry': {
            const t = truth.lists[kind].rows.find((r) => r.row === d.row)!;
            expect(t.memberId).toBeNull();
            expect(h).toBeDefined();
            break;
          }
          case 'missing-in-national':
            expect(m).toBeDefined();
            expect(parsed.get('national-export')!.rows.some((r) => r.values.memberId === m!.id)).toBe(false);
            break;
          case 'field-mismatch':
            expect(['attribute', 'status', 'health', 'householdSize']).toContain(d.field);
            if (d.field === 'householdSize') expect(v!.householdSize).not.toBe(county.members.filter((x) => x.householdId === d.householdId).length);
            if (d.field === 'attribute') expect(v!.attribute).not.toBe(h!.attribute);
            if (d.field === 'status') expect(v!.status).not.toBe(h!.status);
            if (d.field === 'health') expect(v!.health).not.toBe(m!.health);
            break;
        }
      }
    }
    // Every kind of discrepancy is planted, at rates a county would see (a few in a thousand to a few in a hundred).
    for (const kind of [
      'dropout',
      'uninsured',
      'housing-mismatch',
      'assistance-mismatch',
      'disability-mismatch',
      'missing-in-registry',
      'missing-in-national',
      'field-mismatch',
    ])
      expect(counts.get(kind) ?? 0, kind).toBeGreaterThan(0);
    const uninsured = counts.get('uninsured')! / truth.lists['medical-insurance'].rows.filter((r) => r.memberId).length;
    expect(uninsured).toBeGreaterThan(0.002);
    expect(uninsured).toBeLessThan(0.02);
  });
});

describe('demo lists: read back by openpyxl', () => {
  it('the school roll has its title, its header in the department’s words and ID numbers as text', () => {
    const wb = readWithOpenpyxl(join(dirA, 'school-roll.xlsx'));
    const sheet = wb.sheets[0]!;
    expect(sheet.name).toBe('学籍名单');
    expect(String(sheet.values[0]![0])).toContain('学籍名单');
    expect(sheet.values[1]).toEqual(expect.arrayContaining(['学生姓名', '身份证号', '学籍状态']));
    expect(sheet.freeze_panes).toBe('A3');
    const rows = records(sheet, 2);
    expect(rows.length).toBe(truth.lists['school-roll'].rows.length);
    const idCol = sheet.values[1]!.indexOf('身份证号');
    const withId = sheet.data_types.slice(2).filter((r, i) => rows[i]!['身份证号'] !== null && r[idCol]);
    expect(withId.length).toBeGreaterThan(0);
    for (const r of withId) expect(r[idCol]).toBe('s');
  });
});
