// What `npm run build` puts into dist/: the product only. The compiler lists the files of the build
// program (tsconfig.build.json, every file it emits and every file those import); none may be a
// fixture, a test kit, a test, or code that starts Python, and none may live outside src/.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Names that mark a test world; a product file with such a name is a kit that slipped in. */
const TEST_NAME = /fixture|testkit|test[-_]?kit|readBack|matrix|\.test\.|\.spec\.|(^|\/)(test|tests|testing|__tests__)\//i;
/** Starting an interpreter: the openpyxl read-back is the one place that does, and it is a test kit. */
const STARTS_PYTHON = /python/i;

/** Repository files of a TypeScript program, relative to the root (packages left out). */
function programFiles(project: string): string[] {
  const out = execFileSync(process.execPath, [TSC, '-p', join(ROOT, project), '--listFilesOnly'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.split(/[\\/]/).includes('node_modules'))
    .map((l) => relative(ROOT, l).split(sep).join('/'));
}

/** The reasons a build file does not belong in dist/, empty when it does. */
function offences(file: string, content: string): string[] {
  const why: string[] = [];
  if (!file.startsWith('src/') && !file.endsWith('.json')) why.push('outside src/');
  if (TEST_NAME.test(file)) why.push('test name');
  if (STARTS_PYTHON.test(content) && /child_process/.test(content)) why.push('starts Python');
  if (/from ['"]vitest['"]|from ['"]fast-check['"]/.test(content)) why.push('imports a test library');
  return why;
}

describe('the build holds no test world', () => {
  it('recognises a fixture, a kit, a test and a Python starter', () => {
    expect(offences('test/fixtures/domain.ts', '')).toContain('outside src/');
    expect(offences('src/domain/fixtures.ts', '')).toEqual(['test name']);
    expect(offences('src/io/sheets/testkit.ts', '')).toEqual(['test name']);
    expect(offences('src/server/testing/matrix.ts', '')).toEqual(['test name']);
    expect(offences('src/a.test.ts', "import { it } from 'vitest';")).toEqual(['test name', 'imports a test library']);
    const readBack = "import { execFileSync } from 'node:child_process';\nexecFileSync('/usr/bin/python3', [])";
    expect(offences('src/io/ledger/export.ts', readBack)).toEqual(['starts Python']);
    expect(offences('src/io/ledger/ledgers.ts', "import ExcelJS from 'exceljs';")).toEqual([]);
  });

  it('compiles only product files from src/ into dist/', { timeout: 120_000 }, () => {
    const files = programFiles('tsconfig.build.json');
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain('src/cli/main.ts');
    const bad = files
      .map((f) => ({ file: f, why: offences(f, readFileSync(join(ROOT, f), 'utf8')) }))
      .filter((x) => x.why.length > 0)
      .map((x) => `${x.file}: ${x.why.join(', ')}`);
    expect(bad).toEqual([]);
  });
});
