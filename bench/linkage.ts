// Record-linkage benchmark: a synthetic 1,000,000-row list (10% of rows without a valid ID,
// planted name and date typos) against a 60,000-member synthetic registry. Reports time, peak
// RSS, and precision/recall against the planted truth next to exact-ID matching alone (what a
// VLOOKUP on the ID column does today).
// Run: npx tsx bench/linkage.ts [rows] [members]
import { makeIdNumber } from '../src/domain/idNumber.js';
import { NameAnalyzer, RegistryIndex } from '../src/domain/linkage/index.js';
import type { LinkPerson, RegistryPerson } from '../src/domain/linkage/index.js';
import { personName, surnameFor } from '../src/demo/names.js';
import type { Ethnicity } from '../src/demo/names.js';
import { Random } from '../src/domain/random.js';
import { loadLinkageSettings } from '../src/io/lists/linkageSettings.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const MEMBERS = Number(process.argv[3] ?? 60_000);
const COUNTY = '620199';
const TOWNSHIPS = 15;
const VILLAGES_PER_TOWNSHIP = 20;
const rng = new Random(20180901);

const villages: string[] = [];
for (let t = 1; t <= TOWNSHIPS; t++) for (let v = 1; v <= VILLAGES_PER_TOWNSHIP; v++) villages.push(`${COUNTY}${100 + t}${200 + v}`);

// Each (birth date) gets its own sequence counter so no two synthetic people share an ID.
const nextSeq = new Map<string, number>();
function uniqueId(birthDate: string, sex: 'M' | 'F'): string {
  // Offices number people from a point in the sequence, not from 000.
  let s = nextSeq.get(birthDate) ?? rng.int(1, 400);
  if ((s % 2 === 1) !== (sex === 'M')) s++;
  nextSeq.set(birthDate, s + 1);
  if (s > 999) throw new Error('sequence space exhausted');
  return makeIdNumber(COUNTY, birthDate, s);
}

interface Person {
  name: string;
  id: string;
  sex: 'M' | 'F';
  birthDate: string;
  villageCode: string;
  relation: string;
}

function person(): Person {
  const sex = rng.chance(0.5) ? 'M' : 'F';
  const year = rng.int(1935, 2016);
  const birthDate = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  const ethnicity: Ethnicity = rng.weighted([
    ['汉族', 85],
    ['回族', 10],
    ['东乡族', 3],
    ['藏族', 2],
  ] as const);
  const name = personName(rng, surnameFor(rng, ethnicity), sex, year, ethnicity);
  return { name, id: uniqueId(birthDate, sex), sex, birthDate, villageCode: rng.pick(villages), relation: rng.pick(['head', 'spouse', 'son', 'daughter']) };
}

// ------------------------------------------------------------------ typos
const analyzer = new NameAnalyzer(loadLinkageSettings());
const POOL = [
  ...new Set(
    '王李张刘杨陈赵马何孙周吴徐朱胡郭高魏福贵明文德忠生国才发有全财宝成玉山永华祥林海春喜旺兴禄学军平强勇刚伟建红亮东斌峰武辉杰波磊俊涛龙鹏利小志新浩宇轩博鑫瑞阳晨睿泽天子豪凯逸航佳皓然宸硕煜兰英秀梅花珍翠芳凤桂莲香菊琴娥叶巧仙爱彩银霞燕丽娟艳静敏玲萍雪慧娜欣怡涵萱雨婷琪悦妍诗瑶梓馨思彤可雅乐语晓名鸣君玮宏虹鸿蓝莹颖方芬绣秀丹单娇姣敬境婧靖峻骏斌彬滨海凯恺锴明铭茗民敏闽'.split(
      '',
    ),
  ),
];
const byReading = new Map<string, string[]>();
for (const ch of POOL) {
  const r = analyzer.reading(ch);
  byReading.set(r, [...(byReading.get(r) ?? []), ch]);
}
const LOOKALIKE_PAIRS = [
  ['未', '末'],
  ['娟', '涓'],
  ['婷', '停'],
  ['梅', '悔'],
  ['凤', '风'],
  ['萍', '苹'],
  ['明', '朋'],
  ['秀', '绣'],
  ['丽', '莉'],
  ['静', '净'],
  ['玲', '铃'],
  ['峰', '锋'],
  ['杰', '烈'],
  ['辉', '挥'],
  ['福', '富'],
  ['祥', '详'],
  ['珍', '诊'],
  ['彩', '采'],
  ['瑞', '端'],
  ['泽', '译'],
  ['凯', '恺'],
  ['皓', '浩'],
  ['欣', '忻'],
  ['涵', '函'],
  ['萱', '宣'],
  ['琪', '淇'],
  ['悦', '阅'],
  ['妍', '研'],
  ['瑶', '遥'],
];
const lookalikeOf = new Map<string, string>();
for (const [a, b] of LOOKALIKE_PAIRS) {
  lookalikeOf.set(a!, b!);
  lookalikeOf.set(b!, a!);
}

function homophone(name: string): string | null {
  const chars = [...name];
  for (let i = chars.length - 1; i >= 1; i--) {
    const options = (byReading.get(analyzer.reading(chars[i]!)) ?? []).filter((c) => c !== chars[i]);
    if (options.length > 0) {
      chars[i] = rng.pick(options);
      return chars.join('');
    }
  }
  return null;
}
function lookalike(name: string): string | null {
  const chars = [...name];
  for (let i = chars.length - 1; i >= 1; i--) {
    const alt = lookalikeOf.get(chars[i]!);
    if (alt) {
      chars[i] = alt;
      return chars.join('');
    }
  }
  return null;
}
function swappedDate(d: string): string | null {
  const m = d.slice(5, 7);
  const day = d.slice(8, 10);
  return Number(day) <= 12 && m !== day ? `${d.slice(0, 4)}-${day}-${m}` : null;
}
function toFullWidth(s: string): string {
  return [...s].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
}

// ------------------------------------------------------------------ data
let t0 = performance.now();
const registry: RegistryPerson[] = [];
for (let i = 0; i < MEMBERS; i++) {
  const p = person();
  registry.push({
    memberId: `P${i}`,
    householdId: `H${Math.floor(i / 4)}`,
    name: p.name,
    idNumber: p.id,
    sex: p.sex,
    birthDate: p.birthDate,
    villageCode: p.villageCode,
    relation: p.relation,
  });
}

interface Planted {
  row: LinkPerson;
  truth: string | null;
  noValidId: boolean;
  typo: string;
}
const planted: Planted[] = [];
const typoCounts = new Map<string, number>();
const presentMembers = Math.min(ROWS, Math.round(MEMBERS * 0.95));
for (let i = 0; i < ROWS; i++) {
  const isMember = i < presentMembers;
  const m = isMember ? registry[i]! : null;
  const base: Person = m
    ? { name: m.name!, id: m.idNumber as string, sex: m.sex!, birthDate: m.birthDate!, villageCode: m.villageCode!, relation: m.relation! }
    : person();
  let name = base.name;
  let birthDate: string | null = base.birthDate;
  let typo = 'none';
  if (isMember) {
    const x = rng.next();
    if (x < 0.08) {
      const h = homophone(name);
      if (h) {
        name = h;
        typo = 'homophone';
      }
    } else if (x < 0.11) {
      const l = lookalike(name);
      if (l) {
        name = l;
        typo = 'lookalike';
      }
    } else if (x < 0.13) {
      const s = swappedDate(base.birthDate);
      if (s) {
        birthDate = s;
        typo = 'day-month-swapped';
      }
    } else if (x < 0.14) {
      birthDate = null;
      typo = 'no-birth-date';
    }
  }
  // The ID column: 10% of rows without a valid ID, and some valid IDs in forms a VLOOKUP misses.
  let idNumber: unknown = base.id;
  let noValidId = false;
  const y = rng.next();
  if (y < 0.05) {
    idNumber = null;
    noValidId = true;
    if (typo === 'none') typo = 'no-id';
  } else if (y < 0.08) {
    idNumber = base.id.slice(0, 17) + (base.id[17] === '1' ? '2' : '1');
    noValidId = true;
    if (typo === 'none') typo = 'bad-check';
  } else if (y < 0.1) {
    idNumber = `${base.id.slice(0, 15)}000`;
    noValidId = true;
    if (typo === 'none') typo = 'float-damaged';
  } else if (y < 0.12 && base.birthDate < '2000') {
    idNumber = base.id.slice(0, 6) + base.id.slice(8, 17);
    if (typo === 'none') typo = '15-digit';
  } else if (y < 0.13) {
    idNumber = toFullWidth(base.id);
    if (typo === 'none') typo = 'full-width';
  } else if (y < 0.14) {
    idNumber = `${base.id.slice(0, 6)} ${base.id.slice(6, 14)} ${base.id.slice(14)}`;
    if (typo === 'none') typo = 'spaced';
  }
  if (isMember) typoCounts.set(typo, (typoCounts.get(typo) ?? 0) + 1);
  planted.push({
    row: {
      name,
      idNumber,
      sex: rng.chance(0.95) ? base.sex : null,
      birthDate,
      villageCode: rng.chance(0.8) ? base.villageCode : null,
      relation: rng.chance(0.5) ? base.relation : null,
    },
    truth: m ? m.memberId : null,
    noValidId,
    typo,
  });
}
const genMs = performance.now() - t0;

// ------------------------------------------------------------------ run
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const rssBefore = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
t0 = performance.now();
const index = new RegistryIndex(registry, loadLinkageSettings());
const indexMs = performance.now() - t0;
const outcomes = { match: 0, possible: 0, none: 0 };
let scored = 0;
let tp = 0,
  fp = 0,
  possibleTrue = 0,
  possibleFalse = 0,
  byId = 0;
const missedByTypo = new Map<string, number>();
t0 = performance.now();
for (const p of planted) {
  const r = index.link(p.row);
  outcomes[r.outcome]++;
  if (r.method === 'id') byId++;
  else scored += r.candidates;
  if (r.outcome === 'match') {
    if (r.memberId === p.truth) tp++;
    else fp++;
  } else if (r.outcome === 'possible') {
    if (r.memberId === p.truth) possibleTrue++;
    else possibleFalse++;
  }
  if (p.truth !== null && !(r.outcome === 'match' && r.memberId === p.truth)) missedByTypo.set(p.typo, (missedByTypo.get(p.typo) ?? 0) + 1);
}
const linkMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const peakRss = process.resourceUsage().maxRSS / 1024;

// Exact-ID matching alone: the raw cell text looked up as it is.
const exact = new Map<string, string>();
for (const m of registry) exact.set(m.idNumber as string, m.memberId);
let etp = 0,
  efp = 0;
for (const p of planted) {
  const hit = typeof p.row.idNumber === 'string' ? exact.get(p.row.idNumber) : undefined;
  if (hit === undefined) continue;
  if (hit === p.truth) etp++;
  else efp++;
}

const truthRows = planted.filter((p) => p.truth !== null).length;
const f = (x: number) => x.toFixed(4);
console.log(`list ${ROWS} rows (${planted.filter((p) => p.noValidId).length} without a valid ID), registry ${MEMBERS} members, ${truthRows} rows are members`);
console.log(`planted among member rows: ${[...typoCounts].map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`generation ${(genMs / 1000).toFixed(1)} s (not timed); rss before linking ${(rssBefore / 2 ** 20).toFixed(0)} MB`);
console.log(
  `index ${indexMs.toFixed(0)} ms; linking ${(linkMs / 1000).toFixed(2)} s (${Math.round(ROWS / (linkMs / 1000))} rows/s); total ${((indexMs + linkMs) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores); peak RSS ${peakRss.toFixed(0)} MB`,
);
console.log(`candidates scored ${scored} (${(scored / Math.max(1, ROWS - byId)).toFixed(2)} per row not found by ID)`);
console.log(`outcomes: match ${outcomes.match} (by ID ${byId}), possible ${outcomes.possible}, none ${outcomes.none}`);
console.log(`linkage (match only): precision ${f(tp / (tp + fp))}, recall ${f(tp / truthRows)}  [TP ${tp}, FP ${fp}]`);
console.log(
  `possible matches: ${possibleTrue} right member, ${possibleFalse} wrong/none; recall if every right possible is confirmed ${f((tp + possibleTrue) / truthRows)}`,
);
console.log(`exact ID alone: precision ${f(etp / Math.max(1, etp + efp))}, recall ${f(etp / truthRows)}  [TP ${etp}, FP ${efp}]`);
console.log(`member rows not matched, by planted typo: ${[...missedByTypo].map(([k, v]) => `${k} ${v}`).join(', ')}`);
