// The command line as an operator uses it: separate processes, exit codes, stdout/stderr, and the
// exported workbooks read back with Debian's openpyxl and compared with `assess --json`.
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HouseholdAssessment, VillageAssessment } from '../src/domain/assessment.js';
import { readWithOpenpyxl, records, sheetByName } from './kits/readBack.js';
import { maskFor } from '../src/domain/mask.js';
import type { Access } from '../src/services/access.js';
import { setObjectionPhone } from '../src/services/exitObjectionPhone.js';
import { recordHouseholdSteps } from '../src/services/exitProcedure.js';
import { ALL, DEFAULT_SQLITE_PATH, openStore, regionsScope } from '../src/store/index.js';
import { DEFAULT_RULEBOOK_ID } from '../src/rulebooks/loader.js';
import { HELP_DEFAULT_DB, HELP_DEFAULT_RULEBOOK } from '../src/cli/defaults.js';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'tuopin-cli-test-'));
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

/**
 * Every module the CLI entry loads before a command runs: static imports followed from
 * src/cli/run.ts and the command table it loads (type-only imports are erased; the commands'
 * own `await import()` is not followed).
 */
function startupGraph(): { modules: string[]; packages: string[] } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const builtins = new Set(builtinModules);
  const visit = (file: string): void => {
    const rel = relative(root, file);
    if (modules.has(rel)) return;
    modules.add(rel);
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^;]*?\sfrom\s+)?'([^']+)'/gm)].map((m) => m[1]!);
    for (const spec of specifiers) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (!spec.startsWith('node:') && !builtins.has(spec)) packages.add(spec);
    }
  };
  visit(join(root, 'src/cli/run.ts'));
  visit(join(root, 'src/cli/main.ts'));
  return { modules: [...modules].sort(), packages: [...packages].sort() };
}

describe('tuopin start-up', () => {
  it('loads only commander, the command table and pure domain code before a command runs', () => {
    const { modules, packages } = startupGraph();
    expect(packages).toEqual(['commander']);
    expect(modules).toContain('src/cli/main.ts');
    for (const m of modules) expect(m).toMatch(/^src\/(cli|domain)\/|^src\/runtime\.ts$/);
    // The commands themselves (store, services, workbooks, the server) load when they run.
    expect(modules.filter((m) => m.startsWith('src/cli/commands/') || m === 'src/cli/context.ts')).toEqual([]);
  });

  it('names the same defaults in its help as the store and the rulebook loader use', () => {
    expect(HELP_DEFAULT_DB).toBe(DEFAULT_SQLITE_PATH);
    expect(HELP_DEFAULT_RULEBOOK).toBe(DEFAULT_RULEBOOK_ID);
  });

  it('prints help for the program and for a nested command with exit code 0', () => {
    const top = tuopin('--help');
    expect(top.status).toBe(0);
    for (const c of ['demo', 'import', 'assess', 'export', 'exit', 'start', 'audit', 'serve']) expect(top.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    expect(top.stdout).toContain(DEFAULT_SQLITE_PATH);
    const verify = tuopin('audit', 'verify', '--help');
    expect(verify.status).toBe(0);
    expect(verify.stdout).toContain('--expect-head <hash>');
    expect(verify.stdout).toContain('发现异常时 3');
    const bad = tuopin('export', '--for', 'x', join(dir, 'x'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Allowed choices are office, internal, public-notice');
    expect(existsSync(db)).toBe(false);
  });
});

interface Report {
  county: { name: string; households: Record<string, number> };
  villages: VillageAssessment[];
  households: HouseholdAssessment[];
}

describe('tuopin CLI', () => {
  let report: Report;

  beforeAll(() => {
    const demo = tuopin('demo', '--seed', '11', '--scale', '0.03', '--roster', join(dir, 'roster.xlsx'));
    expect(demo.stderr).toBe('');
    expect(demo.status).toBe(0);
    expect(demo.stdout).toMatch(/已导入 roster\.xlsx：\d+ 户 \d+ 人/);
    const json = tuopin('assess', '--json');
    expect(json.status).toBe(0);
    report = JSON.parse(json.stdout) as Report;
  }, 180_000);

  it('demo keeps the roster file it generated when --roster is given', () => {
    expect(existsSync(join(dir, 'roster.xlsx'))).toBe(true);
  });

  it('assess prints the county summary by township with A/B/C counts, incidence and the county criteria', () => {
    const r = tuopin('assess', '--no-save');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('示范县');
    expect(r.stdout).toMatch(/乡镇\s+A类户\s+B类户\s+C类户/);
    expect(r.stdout).toMatch(/全县\s+\d+\s+\d+\s+\d+/);
    expect(r.stdout).toContain('县退出条件');
    const total = r.stdout
      .split('\n')
      .find((l) => l.startsWith('全县'))!
      .trim()
      .split(/\s+/);
    expect(Number(total[1])).toBe(report.county.households['A']);
    expect(Number(total[2])).toBe(report.county.households['B']);
    expect(Number(total[3])).toBe(report.county.households['C']);
  });

  it('assess --json gives every household its class with reasons, indicator by indicator', () => {
    const c = report.households.find((h) => h.class === 'C' && h.inScope)!;
    expect(c.summary.length).toBeGreaterThan(0);
    const b = report.households.find((h) => h.class === 'B')!;
    const unmet = b.indicators.filter((i) => i.veto && !i.met);
    expect(unmet.length).toBeGreaterThan(0);
    for (const i of unmet) {
      expect(i.remediable).toBe(true);
      expect(i.reasons.length).toBeGreaterThan(0);
    }
  });

  it('export writes ledgers whose numbers openpyxl reads back equal to the assessment', () => {
    const out = join(dir, 'out');
    const r = tuopin('export', out);
    expect(r.status).toBe(0);
    const files = readdirSync(out);
    const ledger = files.find((f) => f.includes('台账'))!;
    const income = files.find((f) => f.includes('收入测算表'))!;
    expect(ledger).toBeTruthy();
    expect(income).toBeTruthy();

    const wb = readWithOpenpyxl(join(out, ledger));
    const names = wb.sheets.map((s) => s.name);
    const sheetFor = (prefix: string) =>
      sheetByName(
        wb,
        names.find((n) => n.startsWith(prefix))!,
      );
    for (const cls of ['A', 'B', 'C'] as const) {
      const rows = records(sheetFor(`${cls}类`));
      const expected = report.households.filter((h) => h.class === cls);
      expect(rows).toHaveLength(expected.length);
      const byId = new Map(expected.map((h) => [h.householdId, h]));
      for (const row of rows) {
        const h = byId.get(String(row['户编号']))!;
        expect(h).toBeDefined();
        expect(row['家庭人口']).toBe(h.size);
        expect(row['人均纯收入（元）']).toBeCloseTo(Math.round(h.income!.perCapita * 100) / 100, 2);
        // The office's internal copy masks ID numbers: never the full 18 characters.
        expect(String(row['身份证号'] ?? '')).not.toMatch(/^\d{17}[\dX]$/);
      }
    }
    const villages = records(sheetByName(wb, '村退出测算'));
    const poorVillage = report.villages.find((v) => v.poorVillage && v.incidenceNow !== null)!;
    const row = villages.find((v) => v['行政村'] === poorVillage.name)!;
    expect(row['贫困发生率（现）']).toBeCloseTo(poorVillage.incidenceNow!, 6);
    expect(row['贫困发生率（退出后）']).toBeCloseTo(poorVillage.incidenceAfter!, 6);
  });

  it('a broken roster is refused with exit code 2, a report naming the row and column, and nothing imported', () => {
    const before = tuopin('assess', '--json', '--no-save');
    const bad = join(dir, 'broken.csv');
    writeFileSync(bad, '户编号,人编号,姓名,证件号码,与户主关系,县,乡镇,行政村\n9001,900101,王五,62990119800101001X,户主,示范县,城关镇,东关村\n');
    const r = tuopin('import', bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/broken 第2行 D列（证件号码）“62990119800101001X”：身份证号“62990119800101001X”校验位应为2/);
    const last = r.stderr.trim().split('\n').pop()!;
    expect(last).toMatch(/^错误：花名册有 \d+ 处错误，未导入任何数据$/);
    const after = tuopin('assess', '--json', '--no-save');
    expect((JSON.parse(after.stdout) as Report).households.length).toBe((JSON.parse(before.stdout) as Report).households.length);
  });

  it('exit notice writes a village’s 公示名单 workbook: the households under notice, the township phone, no ID number or phone', async () => {
    // Two class-A households of one village reach the notice (recorded through the services, dated back).
    const byVillage = new Map<string, string[]>();
    for (const h of report.households.filter((x) => x.class === 'A')) byVillage.set(h.villageCode, [...(byVillage.get(h.villageCode) ?? []), h.householdId]);
    const [code, ids] = [...byVillage].find(([, list]) => list.length >= 2)!;
    const listed = ids.slice(0, 2);
    const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    const store = await openStore(db);
    let idNumbers: string[];
    try {
      const village: Access = { userId: 'u-cun', name: '村文书', role: 'village', scope: regionsScope([code]), sector: null, mask: maskFor('internal') };
      const county: Access = { userId: 'u-admin', name: '县扶贫办', role: 'county', scope: ALL, sector: null, mask: maskFor('office') };
      const ctx = (a: Access) => ({ store, actor: { id: a.userId, name: a.name }, clock: () => new Date().toISOString() });
      for (const [step, offset] of [
        ['appraisal', -6],
        ['check', -6],
        ['agreement', -5],
        ['notice-start', -4],
      ] as const) {
        await recordHouseholdSteps(ctx(village), village, code, {
          householdIds: listed,
          step,
          date: day(offset),
          document: `文号-${step}`,
          backdateReason: '纸质记录补录',
          minutes: step === 'appraisal' ? '评议通过' : null,
          votesFor: step === 'appraisal' ? 20 : null,
          votesAgainst: step === 'appraisal' ? 1 : null,
        });
      }
      const township = (await store.regions.list(ALL)).find((r) => r.code === code)!.parentCode!;
      await setObjectionPhone(ctx(county), county, township, '0931-8123456');
      idNumbers = (await store.registry.loadRecords(ALL, { householdIds: listed }))
        .flatMap((r) => r.members.map((m) => m.idNumber ?? ''))
        .filter((x) => x !== '');
    } finally {
      await store.close();
    }
    expect(idNumbers.length).toBeGreaterThan(0);

    const out = join(dir, 'notice.xlsx');
    const r = tuopin('exit', 'notice', '--village', code, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`已写出 ${out}`);
    expect(r.stdout).toContain(`2 户，公示期 ${day(-4)} 至 ${day(3)}，监督电话 0931-8123456`);
    const sheet = readWithOpenpyxl(out).sheets[0]!;
    const text = sheet.values
      .flat()
      .filter((v) => v !== null)
      .map(String)
      .join('\n');
    const villageName = report.villages.find((v) => v.code === code)!.name;
    expect(text).toContain(`${villageName}`);
    for (const id of listed) expect(text).toContain(report.households.find((h) => h.householdId === id)!.headName!);
    expect(text).toContain('0931-8123456');
    expect(text).not.toMatch(/\d{17}[\dXx]|\d{15}|(?<!\d)1[3-9]\d{9}(?!\d)/);
    for (const id of idNumbers) expect(text).not.toContain(id.slice(6, 14));
  });

  it('exit notice for an unknown village fails with a one-line reason and writes nothing', () => {
    const out = join(dir, 'none.xlsx');
    const r = tuopin('exit', 'notice', '--village', '999999999999', '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('错误：找不到村：999999999999（请用 12 位村代码）');
    expect(existsSync(out)).toBe(false);
  });

  it('a file that does not exist, and a bad option, fail with a one-line reason', () => {
    const missing = tuopin('import', join(dir, 'nope.xlsx'));
    expect(missing.status).not.toBe(0);
    expect(missing.stderr.trim()).toMatch(/^错误：找不到文件/);
    const seed = tuopin('demo', '--seed', 'abc');
    expect(seed.status).not.toBe(0);
    expect(seed.stderr.trim().split('\n').pop()).toMatch(/--seed 应为整数/);
  });
});

// Runs after the suite above (same file, same database): it tampers with the log on purpose.
describe('tuopin backup and restore', () => {
  it('backs up, restores into a new file with the chain verified, and prints the same head hash', () => {
    const file = join(dir, 'county.backup');
    const b = tuopin('backup', file);
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    const head = /^链头哈希：([0-9a-f]{64})$/m.exec(b.stdout)![1]!;
    const target = join(dir, 'restored.db');
    const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'src/cli/run.ts'), '--db', target, 'restore', file], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, TUOPIN_DB: '', DATABASE_URL: '' },
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('恢复后变更日志核验：完好');
    expect(r.stdout).toContain(`链头哈希：${head}`);
    expect(tuopin('backup', file).stderr.trim()).toBe(`错误：备份文件已存在：${file}（不会覆盖，请换一个文件名）`);
  });
});

describe('tuopin audit verify', () => {
  it('says the log is intact with exit code 0 and prints the head hash for the weekly report', () => {
    const r = tuopin('audit', 'verify');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('变更日志核验：完好');
    expect(r.stdout).toMatch(/^链头哈希：[0-9a-f]{64}$/m);
    expect(r.stdout).toMatch(/已记录本次核验锚点：第 \d+ 条/);
  });

  it('finds a change row edited directly in the SQLite file: exit code 3 and the seq in the last stderr line', () => {
    const head = /^链头哈希：([0-9a-f]{64})$/m.exec(tuopin('audit', 'verify').stdout)![1]!;
    const raw = new Database(db);
    try {
      // What someone with the file would do: the append-only trigger is in the way, so drop it.
      raw.exec('drop trigger changes_no_update');
      const info = raw.prepare(`update changes set after = replace(after, '"name":"', '"name":"假') where seq = 7`).run();
      expect(info.changes).toBe(1);
    } finally {
      raw.close();
    }
    const r = tuopin('audit', 'verify', '--expect-head', head);
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('第 7 条 【内容被修改】');
    expect(r.stdout).toContain('仍在日志中');
    expect(r.stderr.trim().split('\n').pop()).toBe('错误：变更日志核验未通过：发现 1 处异常，首处在第 7 条（内容被修改）');
  });

  it('refuses a malformed --expect-head with a one-line reason', () => {
    const r = tuopin('audit', 'verify', '--expect-head', 'abc');
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('错误：--expect-head 应为 64 位十六进制哈希，实际为“abc”');
  });
});
