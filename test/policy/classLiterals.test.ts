// Policy is data: what a class means (pre-exit, needs remediation, its label and colour) is the
// rulebook's, so no product code compares with or spells a class code ('A', 'B', 'C'). House
// grades (HouseGrade 'A'-'D', 危房等级) are not classes and stay. Tests and fixtures may use codes.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const DIRS = ['src', 'web/src'];

/** Test files and test kits: they may name the classes of the rulebooks they run. */
function excluded(path: string): boolean {
  return /\.test\.tsx?$/.test(path) || /fixtures?\.tsx?$/i.test(path) || /Fixtures\.tsx?$/.test(path) || path.includes('/testing/');
}

const CLASSY = String.raw`(?:\b\w*(?:[cC]lass|cls)\w*|\bc)(?:\??\.\w+)*`;
const RULES: { name: string; re: RegExp; unless?: RegExp }[] = [
  // cls === 'A', a.class !== 'C', s.householdClass === 'B', c !== 'A' ...
  { name: '类别代码比较', re: new RegExp(String.raw`${CLASSY}\s*[!=]==?\s*'[A-Z]'`) },
  { name: '类别代码比较', re: new RegExp(String.raw`'[A-Z]'\s*[!=]==?\s*${CLASSY}`) },
  // { code: 'A', label: 'A类' } fallbacks, `${x}类` is fine (the code comes from data).
  { name: '类别名称常量', re: /'[A-Z]类'/ },
  { name: '类别代码对象', re: /\bcode:\s*'[A-Z]'/ },
  // recentMoves(scope, 'B', 'A'): two class codes as arguments; grade lists and labels excepted.
  { name: '类别代码参数', re: /'[A-Z]'\s*,\s*'[A-Z]'/, unless: /grade|Grade|级|'D'|Sex|'M'/ },
  // expectedClass = … ? 'C' : 'A', expectedClass: 'A' | 'B': a class-named value set to or typed as a code.
  { name: '类别代码赋值', re: /\b\w*(?:[cC]lass|cls)\w*\??\s*(?::|=(?!=))[^;]*'[A-Z]'/, unless: /grade|Grade|级/ },
  // tabs[0]?.value ?? 'A': a class code as the fallback of a class-named value.
  { name: '类别代码缺省值', re: /\?\?\s*'[A-Z]'/, unless: /grade|Grade|级/ },
  // { A: 'green', B: 'gold' }: a map keyed by class code.
  { name: '以类别代码为键', re: /^\s*['"]?[A-C]['"]?\s*:\s*['"]/ },
];

export function classLiterals(path: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const code = line
      .replace(/\/\/.*$/, '')
      .replace(/^\s*\*.*$/, '')
      .replace(/\/\*.*?\*\//g, '');
    for (const r of RULES) {
      if (r.re.test(code) && !(r.unless?.test(code) ?? false)) out.push(`${path}:${i + 1}（${r.name}）：${line.trim()}`);
    }
  });
  return out;
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

describe('no class code in product code', () => {
  it('src/ and web/src compare with and spell no class code (the rulebook says what a class means)', () => {
    const found: string[] = [];
    let scanned = 0;
    for (const d of DIRS) {
      for (const f of files(join(ROOT, d))) {
        const rel = relative(ROOT, f);
        if (excluded(rel)) continue;
        scanned++;
        found.push(...classLiterals(rel, readFileSync(f, 'utf8')));
      }
    }
    expect(scanned).toBeGreaterThan(100);
    expect(found).toEqual([]);
  });

  it('catches the shapes the code had before, and leaves house grades alone', () => {
    const caught = [
      "    if (c !== 'A' && c !== 'B') out.push('不是预脱贫户');",
      "  if (kind === 'household' && input.step === 'county-approval' && s.householdClass !== 'A') {",
      "  const ids = new Set([...results.filter((r) => r.class === 'A' || r.class === 'B').map((r) => r.householdId)]);",
      "    recentExits: viewer.role === 'sector' ? null : await ctx.store.tasks.recentMoves(viewer.scope, 'B', 'A', 10),",
      "  const classes = rb?.classes ?? [{ code: 'A', label: 'A类' }, { code: 'B', label: 'B类' }];",
      "        <Empty description={d.class === 'A' || d.class === 'B' ? '预脱贫户' : '不是预脱贫户'} />",
      "          <Alert type={a.class === 'C' ? 'error' : 'warning'} />",
      "  const cls = search.get('class') ?? tabs[0]?.value ?? 'A';",
      "  A: 'green',",
      "    const expectedClass = d.scope !== 'in-scope' ? 'out-of-scope' : !above ? 'C' : gaps.length === 0 ? 'A' : 'B';",
      "  expectedClass: 'A' | 'B' | 'C' | 'out-of-scope';",
    ];
    for (const line of caught) expect(classLiterals('x.ts', line), line).not.toEqual([]);
    const fine = [
      "export const HouseGrade = z.enum(['A', 'B', 'C', 'D']);",
      "  gradeAfter: HouseGrade.refine((g) => g === 'A' || g === 'B', '改造后的等级应为 A 级或 B 级（安全住房）'),",
      "  if ((g === 'C' || g === 'D') && h.housing.renovation !== 'accepted') gaps.push(x);",
      "const GRADES = ['A', 'B', 'C', 'D'].map((g) => ({ value: g, label: `${g}级` }));",
      "  { C级: 'C', D级: 'D', 'A级安全': 'A', 'B级安全': 'B' },",
      "    grade = rng.chance(0.4) ? 'A' : 'B';",
      '  return label ? label : `${code}类`;',
      "/** 0 -> 'A', 25 -> 'Z', 26 -> 'AA' (bijective base 26, as Excel names columns). */",
    ];
    for (const line of fine) expect(classLiterals('x.ts', line), line).toEqual([]);
  });
});
