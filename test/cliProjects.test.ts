// `tuopin project import` and `tuopin project ledger` as an operator runs them: separate
// processes, exit codes, the refusal report on stderr, and the ledger read back with openpyxl.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL, openStore } from '../src/store/index.js';
import { seedCounty, type SeededCounty } from './fixtures/data.js';
import { libraryXlsx } from './fixtures/projects.js';
import { readWithOpenpyxl, records, sheetByName } from './kits/readBack.js';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'tuopin-cli-projects-'));
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

beforeAll(async () => {
  const store = await openStore(db);
  try {
    s = await seedCounty(store);
  } finally {
    await store.close();
  }
}, 120_000);

describe('tuopin project', () => {
  it('import refuses a broken library with the report, exit 2, and stores nothing', async () => {
    const file = join(dir, 'broken.xlsx');
    writeFileSync(file, await libraryXlsx([['XM-1', '饮水工程', '饮水', 2018, null, '没有这个村', '蓄水池', null, null, null, null, null, null, 1000, null]]));
    const r = tuopin('project', 'import', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('项目库有 1 处问题，未导入任何项目');
    expect(r.stderr).toContain('项目库 第3行 F列（实施地点）“没有这个村”');
    const store = await openStore(db, { readonly: true });
    try {
      expect(await store.projects.list(ALL)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('imports a library and writes both ledgers, which reconcile', async () => {
    const file = join(dir, 'library.xlsx');
    writeFileSync(
      file,
      await libraryXlsx([
        ['XM-1', '饮水工程', '饮水', 2018, null, s.villageA1, '蓄水池1座', null, null, null, '水务', null, 120, 300000, 2000],
        ['XM-2', '产业项目', '产业', 2018, null, s.villageA1, '肉牛养殖', null, null, null, null, null, null, 100000.5, null],
      ]),
    );
    const r = tuopin('project', 'import', file);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('已导入 library.xlsx：2 个项目');
    const out = join(dir, 'ledger.xlsx');
    const l = tuopin('project', 'ledger', out);
    expect(l.status).toBe(0);
    expect(l.stdout).toContain('项目台账 2 个项目');
    expect(existsSync(out)).toBe(true);
    const wb = readWithOpenpyxl(out);
    const projects = records(sheetByName(wb, '项目台账'));
    expect(projects.map((x) => x['项目编号'])).toEqual(['XM-1', 'XM-2', '2 个项目']);
    expect(projects.at(-1)!['计划投资（元）']).toBeCloseTo(402000.5, 2);
    const funds = records(sheetByName(wb, '资金拨付台账'));
    expect(funds.at(-1)!['下达金额（元）']).toBe(projects.at(-1)!['已下达（元）']);
  });

  it('import of a missing file fails with a one-line reason', () => {
    const r = tuopin('project', 'import', join(dir, 'nope.xlsx'));
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^错误：找不到文件/);
  });
});
