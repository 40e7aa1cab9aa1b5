// `tuopin check` and `tuopin check-report` as an operator runs them: separate processes, the
// agreed --json shape, exit 2 with nothing stored for a refused list, a newer version closing the
// points it no longer shows and keeping (not duplicating) the ones it still does, and the report
// workbook read back with openpyxl.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Member } from '../src/domain/types.js';
import { openStore } from '../src/store/index.js';
import { seedCounty, type SeededCounty } from './fixtures/data.js';
import { readWithOpenpyxl, records, sheetByName } from './kits/readBack.js';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'tuopin-cli-check-'));
const db = join(dir, 'county.db');

function tuopin(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'src/cli/run.ts'), '--db', db, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, TUOPIN_DB: '', DATABASE_URL: '' },
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let s: SeededCounty;
let pupils: Member[];

function roll(file: string, dropout: string | null, extra: string[] = []): string {
  const lines = [
    '姓名,身份证号,学校,年级,学籍状态',
    ...pupils.map((m) => `${m.name},${m.idNumber ?? ''},县一中,七年级,${m.id === dropout ? '辍学' : '在读'}`),
    ...extra,
  ];
  const path = join(dir, file);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

beforeAll(async () => {
  const store = await openStore(db);
  try {
    s = await seedCounty(store);
  } finally {
    await store.close();
  }
  // Every member the registry has in school is on the roll: only the planted drop-out raises a point.
  pupils = s.county.members.filter((m) => m.schoolStatus !== 'none' && m.idNumber !== null);
}, 120_000);

describe('tuopin check', () => {
  it('refuses a list without its required column: exit 2, the problem named, nothing stored', async () => {
    const path = join(dir, 'broken.csv');
    writeFileSync(path, '姓名,身份证号\n张三,620521200501010011\n');
    const r = tuopin('check', path, '--kind', 'school-roll', '--json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('学籍状态');
    expect(r.stdout).toBe('');
    const store = await openStore(db, { readonly: true });
    try {
      expect((await store.checks.lists()).total).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('a school roll with one drop-out: every row matched by ID, one 疑似辍学 point, as one JSON object', () => {
    expect(pupils.length).toBeGreaterThan(3);
    const dropout = pupils[1]!;
    const r = tuopin(
      'check',
      roll('roll-v1.csv', dropout.id, ['外县学生,,县一中,七年级,在读']),
      '--kind',
      'school-roll',
      '--source',
      '县教育局',
      '--as-of',
      '2018-10-15',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      run: Record<string, unknown>;
      rows: { row: number; outcome: string; memberId: string | null; householdId: string | null; method: string | null; score: number | null }[];
      points: { kind: string; memberId: string; householdId: string; row: number; field: string; ours: string; theirs: string; status: string }[];
    };
    expect(out.run).toMatchObject({
      kind: 'school-roll',
      source: '县教育局',
      asOf: '2018-10-15',
      version: 1,
      rows: pupils.length + 1,
      matched: pupils.length,
      unmatched: 1,
      pointsOpened: 1,
      pointsClosed: 0,
    });
    expect(out.rows[0]).toEqual({
      row: 2,
      outcome: 'match',
      householdId: pupils[0]!.householdId,
      memberId: pupils[0]!.id,
      score: expect.any(Number),
      method: 'id',
    });
    expect(out.rows.at(-1)).toMatchObject({ outcome: 'none', memberId: null, method: null });
    expect(out.points).toEqual([
      {
        kind: 'dropout',
        householdId: dropout.householdId,
        memberId: dropout.id,
        row: 3,
        field: 'schoolStatus',
        ours: expect.any(String),
        theirs: '辍学',
        status: 'open',
      },
    ]);
  });

  it('a newer version keeps a point it still shows, closes one it no longer shows, and adds none twice', () => {
    const again = JSON.parse(
      tuopin('check', roll('roll-v2.csv', pupils[1]!.id), '--kind', 'school-roll', '--source', '县教育局', '--as-of', '2018-10-15', '--json').stdout,
    ) as { run: Record<string, number> };
    expect(again.run).toMatchObject({ version: 2, pointsOpened: 0, pointsClosed: 0 });
    const fixed = tuopin('check', roll('roll-v3.csv', pupils[2]!.id), '--kind', 'school-roll', '--source', '县教育局', '--as-of', '2018-10-15', '--json');
    const v3 = JSON.parse(fixed.stdout) as { run: Record<string, number>; points: { memberId: string }[] };
    expect(v3.run).toMatchObject({ version: 3, pointsOpened: 1, pointsClosed: 1 });
    expect(v3.points.map((p) => p.memberId)).toEqual([pupils[2]!.id]);
  });

  it('the national export: a differing attribute, a row nobody matches, members the export lacks', () => {
    const m = pupils[0]!;
    const path = join(dir, 'national.csv');
    writeFileSync(path, `户编号,人编号,姓名,证件号码,贫困户属性\n${m.householdId},${m.id},${m.name},${m.idNumber},06\n999999,99999901,查无此人,,01\n`);
    const r = tuopin('check', path, '--kind', 'national-export', '--as-of', '2018-10-15', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { points: { kind: string; field: string | null; memberId: string | null }[] };
    expect(out.points).toContainEqual(expect.objectContaining({ kind: 'field-mismatch', field: 'attribute', memberId: null }));
    expect(out.points).toContainEqual(expect.objectContaining({ kind: 'missing-in-registry', memberId: null }));
    expect(out.points.some((p) => p.kind === 'missing-in-national')).toBe(true);
  });

  it('check-report writes 疑点台账 and 国办系统更正表, read back by openpyxl', () => {
    const out = join(dir, '疑点台账.xlsx');
    const r = tuopin('check-report', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const wb = readWithOpenpyxl(out);
    const points = records(sheetByName(wb, '疑点台账')).filter((p) => p['来源单位'] === '县教育局');
    expect(points.map((p) => [p['疑点类别'], p['状态'], p['核实结果']]).sort()).toEqual([
      ['疑似辍学', '已销号', '新名单已一致'],
      ['疑似辍学', '待核实', null],
    ]);
    expect(points.every((p) => p['名单'] === '辍学')).toBe(true);
    const sheet = records(sheetByName(wb, '国办系统更正表'));
    const member = pupils[0]!;
    // 贫困户属性 is a household attribute: the correction names the household, not a member.
    expect(sheet).toContainEqual(
      expect.objectContaining({
        '户编号(aac001)': member.householdId,
        '人编号(aab001)': null,
        操作: '更正',
        更正项目: 'aac006 贫困户属性',
        系统现值: '特困供养贫困户',
      }),
    );
    expect(sheet).toContainEqual(expect.objectContaining({ 操作: '核实后核减', 系统现值: '查无此人，户编号999999' }));
    expect(sheet.some((r) => r['操作'] === '补录')).toBe(true);
  });
});
