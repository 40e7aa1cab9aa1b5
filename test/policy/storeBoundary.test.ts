// Services, routes, the CLI, the demo and the benchmarks reach the database through the store's
// repositories only: a query written outside src/store/ would skip the Scope filter the
// repositories put in every read, and the change row every write logs. This test reads the
// product sources (tests may set up odd states directly) and fails on any query-builder call,
// any `sql` template and any Kysely import outside src/store/.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SCANNED = ['src', 'bench'];
const STORE = `src${sep}store${sep}`;

/**
 * Files that still hold a raw query, with the repository method that replaces it. Each entry must
 * still match (a stale entry fails too), so the list only shrinks.
 */
const KNOWN: Record<string, string> = {};

const RULES: { what: string; pattern: RegExp }[] = [
  { what: 'a Kysely query builder', pattern: /\.\s*(selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|selectNoFrom|executeQuery)\s*\(/ },
  { what: 'the raw Kysely handle (store.db)', pattern: /[sS]tore\)?\s*\.\s*db\b/ },
  { what: 'a sql template', pattern: /\bsql\s*(`|<[^>]*>\s*`|\.(raw|ref|lit|join|id|table|val)\s*\()/ },
  { what: 'an import of kysely', pattern: /from\s+['"]kysely['"]|import\(\s*['"]kysely['"]\s*\)/ },
];

/** Comments blanked (they may name a query), lines kept; string contents stay, which is fine for these patterns. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, '')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Each raw query use in `text`, as "line: what". */
function rawQueries(text: string): string[] {
  const out: string[] = [];
  code(text)
    .split('\n')
    .forEach((line, i) => {
      for (const r of RULES) if (r.pattern.test(line)) out.push(`${i + 1}: ${r.what}`);
    });
  return out;
}

function productFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.cache') out.push(...productFiles(p));
    } else if (/\.(ts|tsx|mts)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !/\.d\.ts$/.test(e.name)) {
      out.push(p);
    }
  }
  return out;
}

describe('the store boundary', () => {
  it('recognises the raw queries it forbids, and leaves repository calls alone', () => {
    expect(rawQueries("const rows = await store.db.selectFrom('regions').select(['code']).execute();")).toEqual([
      '1: a Kysely query builder',
      '1: the raw Kysely handle (store.db)',
    ]);
    expect(rawQueries("const row = await trx.selectFrom('households').select('id').executeTakeFirst();")).toHaveLength(1);
    expect(rawQueries("await (trx ?? store.db).selectFrom('households')")).toHaveLength(2);
    expect(rawQueries('this.#store.db\n  .insertInto("x")')).toEqual(['1: the raw Kysely handle (store.db)', '2: a Kysely query builder']);
    expect(rawQueries('const x = sql`select 1`;\nconst y = sql<number>`select 2`;\nsql.raw("x")')).toHaveLength(3);
    expect(rawQueries("import { sql } from 'kysely';")).toEqual(['1: an import of kysely']);
    expect(
      rawQueries(
        [
          'const [record] = await store.registry.loadRecords(viewer.scope, { householdIds: [id], trx });',
          'await store.transaction((trx) => store.assessments.saveRun(trx, run));',
          'const target = opts.db ?? config.db; // store.db.selectFrom in a comment',
          "/* trx.updateTable('x') */ const url = 'postgres://u@h/db';",
        ].join('\n'),
      ),
    ).toEqual([]);
    expect(rawQueries("/**\n * A comment\n */\nconst r = await trx.selectFrom('x');")).toEqual(['4: a Kysely query builder']);
  });

  it('no product file outside src/store/ queries the database itself', () => {
    const found: Record<string, string[]> = {};
    for (const top of SCANNED) {
      for (const file of productFiles(join(ROOT, top))) {
        const rel = relative(ROOT, file);
        if (rel.startsWith(STORE)) continue;
        const hits = rawQueries(readFileSync(file, 'utf8'));
        if (hits.length > 0) found[rel.split(sep).join('/')] = hits;
      }
    }
    const unexpected = Object.fromEntries(Object.entries(found).filter(([f]) => !(f in KNOWN)));
    expect(unexpected, '这些文件绕过了仓储（src/store/repositories）直接查询数据库：请把查询移入仓储方法').toEqual({});
    const stale = Object.keys(KNOWN).filter((f) => !(f in found));
    expect(stale, '这些文件已不再直接查询数据库：请从 KNOWN 中删去').toEqual([]);
  });
});
