import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeIdNumber } from '../idNumber.js';
import { NameAnalyzer } from './names.js';
import { RegistryIndex, readRowId } from './link.js';
import type { LinkPerson, RegistryPerson } from './link.js';
import { compareBirth, compareName, withinOneEdit } from './compare.js';
import { LinkageSettings, parseLinkageSettings } from './settings.js';
import { describeResult } from './explain.js';

const defaults = parseLinkageSettings(JSON.parse(readFileSync(new URL('../../../rulebooks/linkage/default.json', import.meta.url), 'utf8')));
const V1 = '620121101001';
const V2 = '620121101002';
const V3 = '620121202001';

function member(memberId: string, name: string, birthDate: string, sex: 'M' | 'F', villageCode: string, seq = 11, withId = true): RegistryPerson {
  return {
    memberId,
    householdId: `H${memberId}`,
    name,
    sex,
    birthDate,
    villageCode,
    relation: 'head',
    idNumber: withId ? makeIdNumber('620121', birthDate, seq) : null,
  };
}

function row(p: Partial<LinkPerson>): LinkPerson {
  return { name: null, idNumber: null, sex: null, birthDate: null, villageCode: null, relation: null, ...p };
}

function registry(extra: RegistryPerson[] = [], settings = defaults): RegistryIndex {
  // Filler members so that surname shares are realistic: many 王 and 李, few 禹.
  const filler: RegistryPerson[] = [];
  const common = ['王', '王', '王', '李', '李', '张', '刘', '陈', '杨', '赵'];
  for (let i = 0; i < 400; i++) {
    const s = common[i % common.length]!;
    filler.push(member(`F${i}`, `${s}某${'甲乙丙丁戊'[i % 5]}${i}`, `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`, i % 2 ? 'M' : 'F', V3, (i % 400) * 2 + 1));
  }
  return new RegistryIndex([...extra, ...filler], settings);
}

describe('ID numbers first', () => {
  const m = member('P1', '王晓明', '1980-05-06', 'M', V1, 123);
  const idx = registry([m]);
  const id = m.idNumber as string;

  it('finds a member by a 15-digit, full-width, spaced or lower-case x number', () => {
    const id15 = id.slice(0, 6) + id.slice(8, 17);
    const full = [...id].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    for (const raw of [id, id15, full, ` ${id.slice(0, 6)} ${id.slice(6)} `, id.toLowerCase()]) {
      const r = idx.link(row({ idNumber: raw, name: '完全不同' }));
      expect(r, String(raw)).toMatchObject({ outcome: 'match', method: 'id', memberId: 'P1' });
    }
  });

  it('an ID whose check character is wrong is not used as an ID, but its first 17 digits still find the member', () => {
    const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    expect(readRowId(wrong)).toMatchObject({ id: null, problem: 'bad-check', birthDate: '1980-05-06' });
    const r = idx.link(row({ idNumber: wrong, name: '王晓明', villageCode: V1 }));
    expect(r).toMatchObject({ outcome: 'match', method: 'score', memberId: 'P1', idProblem: 'bad-check' });
    expect(r.comparisons.find((c) => c.field === 'idNumber')?.level).toBe('one-typo');
  });

  it('a valid ID not in the registry is reported as such and a namesake with another valid ID is not taken', () => {
    const other = makeIdNumber('620121', '1980-05-06', 125); // a twin: one sequence digit and the check differ
    const r = idx.link(row({ idNumber: other, name: '王晓刚', villageCode: V1, sex: 'M' }));
    expect(r.idProblem).toBe('not-in-registry');
    expect(r.outcome).not.toBe('match');
    expect(r.comparisons.find((c) => c.field === 'idNumber')?.level).toBe('else');
  });
});

describe('names that cope with Chinese typos', () => {
  const a = new NameAnalyzer(defaults);
  const level = (x: string, y: string) => compareName(a.features(x), a.features(y), a);

  it('levels', () => {
    expect(level('王晓明', '王晓明')).toBe('exact');
    expect(level('王晓明', '王小明')).toBe('homophone');
    expect(level('刘兰英', '牛兰英')).toBe('confusable'); // l-n
    expect(level('张成', '章程')).toBe('homophone');
    expect(level('陈金花', '陈京花')).toBe('confusable'); // in-ing
    expect(level('黄芳', '房芳')).toBe('confusable'); // hu-f
    expect(level('胡军', '福军')).toBe('confusable');
    expect(level('张成', '赞成')).toBe('confusable'); // zh-z, ang-an
    expect(level('王末', '王未')).toBe('lookalike');
    expect(level('晓明王', '王晓明')).toBe('swapped');
    expect(level('王明', '王晓明')).toBe('edit1');
    expect(level('王晓明', '李建国')).toBe('else');
    expect(level('王 晓明', '王晓明')).toBe('exact');
  });

  it('pinyin is cached per distinct name', () => {
    const b = new NameAnalyzer(defaults);
    for (let i = 0; i < 1000; i++) b.features(i % 2 ? '王晓明' : '李建国');
    expect(b.cachedNames).toBe(2);
  });

  it('withinOneEdit agrees with a plain Levenshtein/transposition distance', () => {
    const dist = (s: string[], t: string[]): number => {
      const d = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= s.length; i++)
        for (let j = 1; j <= t.length; j++) {
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      return d[s.length]![t.length]!;
    };
    const word = fc.array(fc.constantFrom('王', '晓', '明', '李'), { maxLength: 5 });
    fc.assert(fc.property(word, word, (s, t) => withinOneEdit(s, t) === dist(s, t) <= 1));
  });
});

describe('birth dates', () => {
  it('exact, day and month swapped, year only', () => {
    expect(compareBirth('1980-05-06', '1980-05-06')).toBe('exact');
    expect(compareBirth('1980-05-06', '1980-06-05')).toBe('day-month-swapped');
    expect(compareBirth('1980-05-06', '1980-07-06')).toBe('year-only');
    expect(compareBirth('1980-05-06', '1981-05-06')).toBe('else');
    expect(compareBirth(null, '1981-05-06')).toBe('missing');
  });
});

describe('scoring rows without an ID', () => {
  const target = member('P1', '王晓明', '1980-05-06', 'M', V1, 123);
  const idx = registry([target, member('P2', '王晓东', '1975-01-01', 'M', V2, 131)]);

  it('a homophone typo with the birth date scores possible or match, and explains itself', () => {
    const r = idx.link(row({ name: '王小明', birthDate: '1980-05-06' }));
    expect(['possible', 'match']).toContain(r.outcome);
    expect(r.memberId).toBe('P1');
    expect(r.comparisons.find((c) => c.field === 'name')).toMatchObject({ level: 'homophone' });
    expect(r.comparisons.find((c) => c.field === 'birthDate')).toMatchObject({ level: 'exact' });
    const total = r.comparisons.reduce((s, c) => s + c.weight, 0) + (r.surnameAdjustment?.weight ?? 0);
    expect(r.score).toBeCloseTo(total, 1);
    expect(describeResult(r)).toContain('同音字');
    const withVillage = idx.link(row({ name: '王小明', birthDate: '1980-05-06', villageCode: V1, sex: 'M' }));
    expect(withVillage).toMatchObject({ outcome: 'match', memberId: 'P1' });
  });

  it('a day-month swap is handled', () => {
    const r = idx.link(row({ name: '王晓明', birthDate: '1980-06-05', villageCode: V1, sex: 'M' }));
    expect(r).toMatchObject({ outcome: 'match', memberId: 'P1' });
    expect(r.comparisons.find((c) => c.field === 'birthDate')?.level).toBe('day-month-swapped');
  });

  it('a stranger gets none', () => {
    const r = idx.link(row({ name: '赵铁柱', birthDate: '1999-09-09', villageCode: V2, sex: 'M' }));
    expect(r.outcome).toBe('none');
    expect(r.memberId).toBeNull();
  });

  it('agreement on a common surname weighs less than on a rare one', () => {
    const rare = member('R1', '禹晓明', '1980-05-06', 'M', V1, 141);
    // The whole-name adjustment would replace the surname's at the exact level; this is about the surname.
    const both = registry([target, rare], LinkageSettings.parse({ ...defaults, nameFrequency: { ...defaults.nameFrequency!, enabled: false } }));
    const common = both.link(row({ name: '王晓明', birthDate: '1980-05-06' }));
    const uncommon = both.link(row({ name: '禹晓明', birthDate: '1980-05-06' }));
    expect(common.memberId).toBe('P1');
    expect(uncommon.memberId).toBe('R1');
    expect(common.surnameAdjustment!.weight).toBeLessThan(0);
    expect(uncommon.surnameAdjustment!.weight).toBeGreaterThan(0);
    expect(uncommon.score!).toBeGreaterThan(common.score!);
  });

  it('an exact name many members share weighs less than a unique one (names without a surname, such as 洛桑)', () => {
    const namesakes = [V1, V2, V3, V1, V2].map((v, i) => member(`T${i}`, '洛桑', `19${60 + i}-03-0${i + 1}`, 'M', v, 301 + i * 2));
    const unique = member('U1', '禹振邦', '1975-08-09', 'M', V1, 401);
    const idx2 = registry([...namesakes, unique]);
    const common = idx2.link(row({ name: '洛桑', sex: 'M', villageCode: V3 }));
    const rare = idx2.link(row({ name: '禹振邦', sex: 'M', villageCode: V1 }));
    expect(common.surnameAdjustment).toMatchObject({ basis: 'name', surname: '洛桑' });
    expect(common.surnameAdjustment!.weight).toBeLessThan(rare.surnameAdjustment!.weight);
    expect(common.outcome).not.toBe('match');
    expect(describeResult(common)).toContain('姓名“洛桑”占');
  });

  it('the birth date and sex an ID number carries do not count again beside that number', () => {
    // A neighbour's number: the same birth date, one sequence digit off, and a wrong check character.
    const neighbour = member('N1', '李天宸', '1995-07-06', 'M', V1, 411);
    const idx2 = registry([neighbour]);
    const id = neighbour.idNumber as string;
    const typed = `${id.slice(0, 16)}3${id[17] === 'X' ? '0' : 'X'}`;
    const r = idx2.link(row({ name: '李泽天', idNumber: typed }));
    expect(r.comparisons.find((c) => c.field === 'idNumber')?.level).toBe('one-typo');
    expect(r.comparisons.find((c) => c.field === 'birthDate')?.level).toBe('missing');
    expect(r.outcome).not.toBe('match');
    const counted = registry([neighbour], LinkageSettings.parse({ ...defaults, idImpliedFieldsCountTwice: true }));
    expect(counted.link(row({ name: '李泽天', idNumber: typed })).score!).toBeGreaterThan(r.score!);
  });

  it('thresholds come from the settings', () => {
    const r = idx.link(row({ name: '王小明', birthDate: '1980-05-06', villageCode: V1 }));
    const strict = LinkageSettings.parse({ ...defaults, thresholds: { match: r.score! + 1, possible: r.score! - 1, ambiguityMargin: 0 } });
    const lax = LinkageSettings.parse({ ...defaults, thresholds: { match: r.score! - 1, possible: r.score! - 2, ambiguityMargin: 0 } });
    const none = LinkageSettings.parse({ ...defaults, thresholds: { match: r.score! + 2, possible: r.score! + 1, ambiguityMargin: 0 } });
    const row1 = row({ name: '王小明', birthDate: '1980-05-06', villageCode: V1 });
    expect(registry([target], strict).link(row1).outcome).toBe('possible');
    expect(registry([target], lax).link(row1).outcome).toBe('match');
    expect(registry([target], none).link(row1).outcome).toBe('none');
  });

  it('two members nearly as likely make only a possible match', () => {
    const twins = registry([member('T1', '王晓明', '1980-05-06', 'M', V1, 123), member('T2', '王晓明', '1980-05-06', 'M', V1, 125)]);
    const r = twins.link(row({ name: '王晓明', birthDate: '1980-05-06', villageCode: V1 }));
    expect(r.outcome).toBe('possible');
    expect(r.runnerUp).not.toBeNull();
  });
});

describe('settings', () => {
  it('the shipped defaults validate and the schema refuses nonsense', () => {
    expect(defaults.thresholds.match).toBeGreaterThan(defaults.thresholds.possible);
    expect(() => parseLinkageSettings({ ...defaults, thresholds: { match: 1, possible: 5, ambiguityMargin: 0 } })).toThrow(/可能匹配阈值/);
    expect(() => parseLinkageSettings({ ...defaults, blocking: [{ name: 'x', parts: ['shoeSize'], forValidId: true, maxBlockSize: 1 }] })).toThrow(
      /比对设置无效/,
    );
    const weights = { ...defaults.comparisons.name, homophone: { weight: -3 } };
    const custom = parseLinkageSettings({ ...defaults, comparisons: { ...defaults.comparisons, name: weights } });
    const idx = registry([member('P1', '王晓明', '1980-05-06', 'M', V1, 123)], custom);
    const r = idx.link(row({ name: '王小明', birthDate: '1980-05-06' }));
    expect(r.comparisons.find((c) => c.field === 'name')).toMatchObject({ level: 'homophone', weight: -3 });
  });
});
