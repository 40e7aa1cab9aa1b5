// `tuopin weekly` as an operator runs it: a separate process, the table on stdout, the workbook
// read back with openpyxl, a closed week's snapshot the same on the second run, and a malformed
// week refused in Chinese.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';
import { seedCounty } from './fixtures/data.js';
import { readWithOpenpyxl, records, sheetByName } from './kits/readBack.js';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'tuopin-cli-weekly-'));
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

beforeAll(async () => {
  const store = await openStore(db);
  try {
    await seedCounty(store);
  } finally {
    await store.close();
  }
}, 120_000);

describe('tuopin weekly', () => {
  it('prints a closed week from its snapshot, writes the workbook, and refuses a malformed week', async () => {
    const first = tuopin('weekly', '--week', '2018-W41');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('第 2018-W41 周（2018-10-08 至 2018-10-14）周调度（已存档）');
    expect(first.stdout).toContain('全县合计');
    const store = await openStore(db, { readonly: true });
    try {
      expect(await store.supervision.weeks()).toEqual(['2018-W41']);
    } finally {
      await store.close();
    }
    expect(tuopin('weekly', '--week', '2018-W41').stdout).toBe(first.stdout);

    const out = join(dir, 'weekly.xlsx');
    const written = tuopin('weekly', '--week', '2018-W41', '--out', out);
    expect(written.status, written.stderr).toBe(0);
    expect(written.stdout).toContain(`已写出 ${out}`);
    const wb = readWithOpenpyxl(out);
    const rows = records(sheetByName(wb, '周调度'));
    expect(rows.at(-1)).toMatchObject({ 乡镇: '全县合计' });
    expect(rows.length).toBeGreaterThan(1);
    expect(sheetByName(wb, '周调度').paper_size).toBe(9);

    const bad = tuopin('weekly', '--week', '2018-41');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('周次');
  }, 180_000);
});
