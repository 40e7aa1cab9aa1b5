/**
 * The slips a clerk makes typing a person into a sector list, planted into the demo lists with
 * the truth of which row carries which. Homophones are found with pinyin-pro (the same library
 * the linkage reads names with, but the generator's own choice of characters); the look-alike
 * table here is the generator's, deliberately wider than the linkage settings' table, so the
 * benchmark also meets slips the settings do not list.
 */
import { pinyin } from 'pinyin-pro';
import type { Random } from '../../domain/random.js';

export type Typo = 'homophone' | 'lookalike' | 'day-month-swap' | 'missing-id' | 'id15' | 'bad-check' | 'full-width' | 'lower-x' | 'spaces';

/** Share of rows carrying each slip, per list; a department's habits give each list its own. */
export type TypoRates = Readonly<Record<Typo, number>>;

export const TYPICAL_RATES: TypoRates = {
  homophone: 0.015,
  lookalike: 0.008,
  'day-month-swap': 0.006,
  'missing-id': 0.02,
  id15: 0.01,
  'bad-check': 0.008,
  'full-width': 0.006,
  'lower-x': 0.5,
  spaces: 0.01,
};

const LOOKALIKES = [
  '未末',
  '己已',
  '土士',
  '娟涓',
  '婷停',
  '梅悔',
  '凤风',
  '萍苹',
  '秀绣',
  '芳方',
  '琴芩',
  '燕雁',
  '丽莉',
  '静净',
  '玲岭',
  '峰锋',
  '俊浚',
  '鹏朋',
  '辉挥',
  '福富',
  '贵贡',
  '祥详',
  '旺汪',
  '珍诊',
  '翠萃',
  '莲连',
  '菊鞠',
  '娥蛾',
  '彩采',
  '瑞端',
  '泽译',
  '豪毫',
  '凯恺',
  '皓浩',
  '欣忻',
  '怡冶',
  '萱宣',
  '琪淇',
  '妍研',
  '瑶遥',
  '雅鸦',
  '军车',
  '兰兴',
  '红江',
  '英央',
  '宝室',
  '霞暇',
  '强弦',
  '刚则',
  '杰烈',
  '成戍',
];

const LOOKALIKE_OF = new Map<string, string[]>();
for (const group of LOOKALIKES) {
  for (const a of group) LOOKALIKE_OF.set(a, [...(LOOKALIKE_OF.get(a) ?? []), ...[...group].filter((b) => b !== a)]);
}

/** Characters given-name slips are drawn from, by toneless reading. */
const HOMOPHONE_POOL =
  '福富付复贵桂明名鸣铭文温德得忠中钟生升声国果才财材发法有友全泉宝保成城诚玉育山珊永勇华化祥翔林琳霖海春喜兴禄路学雪军君平萍强刚伟维建健红宏虹鸿亮东冬斌彬滨峰锋风凤武辉慧杰洁波博磊俊峻龙隆鹏利丽莉小晓志智新欣心浩豪宇雨语轩萱鑫瑞睿阳扬杨晨辰泽天子紫凯佳嘉家皓然宸硕煜兰英秀梅珍翠芳花香菊琴娥叶巧仙爱彩银霞燕艳静敏玲萍娟娜怡涵婷琪悦妍诗瑶梓馨思彤可雅乐';
const BY_READING = new Map<string, string[]>();
for (const ch of new Set(HOMOPHONE_POOL)) {
  const r = pinyin(ch, { toneType: 'none', type: 'array' })[0] ?? ch;
  BY_READING.set(r, [...(BY_READING.get(r) ?? []), ch]);
}

function reading(ch: string): string {
  return pinyin(ch, { toneType: 'none', type: 'array' })[0] ?? ch;
}

/** A given-name character replaced by one that reads the same; null when no character of the name has one. */
export function homophoneOf(rng: Random, name: string): string | null {
  const chars = [...name];
  const spots: { i: number; options: string[] }[] = [];
  for (let i = 1; i < chars.length; i++) {
    const options = (BY_READING.get(reading(chars[i]!)) ?? []).filter((c) => c !== chars[i]);
    if (options.length > 0) spots.push({ i, options });
  }
  if (spots.length === 0) return null;
  const spot = rng.pick(spots);
  chars[spot.i] = rng.pick(spot.options);
  return chars.join('');
}

export function lookalikeOf(rng: Random, name: string): string | null {
  const chars = [...name];
  const spots = chars.map((c, i) => ({ i, options: i === 0 ? [] : (LOOKALIKE_OF.get(c) ?? []) })).filter((s) => s.options.length > 0);
  if (spots.length === 0) return null;
  const spot = rng.pick(spots);
  chars[spot.i] = rng.pick(spot.options);
  return chars.join('');
}

/** YYYY-MM-DD with day and month swapped, when the day could be a month (and differs from it). */
export function swapDayMonth(date: string): string | null {
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  if (d > 12 || d === m) return null;
  return `${date.slice(0, 4)}-${date.slice(8, 10)}-${date.slice(5, 7)}`;
}

/** The old 15-digit form (before 1999): no century, no check character. */
export function toId15(id: string): string | null {
  if (id.slice(6, 8) !== '19') return null;
  return id.slice(0, 6) + id.slice(8, 17);
}

const CHECKS = '0123456789X';
export function withBadCheck(rng: Random, id: string): string {
  const others = [...CHECKS].filter((c) => c !== id[17]);
  return id.slice(0, 17) + rng.pick(others);
}

export function fullWidth(id: string): string {
  return id.replace(/[0-9X]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** As typed with spaces between the region, birth date and sequence groups. */
export function spaced(id: string): string {
  return `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
}
