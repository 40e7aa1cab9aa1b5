/**
 * Each list kind as its department hands it over: who is on it, in the department's words, with
 * the real discrepancies planted at realistic rates. The rules for what counts as a discrepancy
 * (docs/demo-lists.md):
 *   dropout: the roll says 辍学 for a member the registry has in school, or a member the registry
 *     has in compulsory school is not on the roll at all (row null);
 *   uninsured: the insurance list says 未参保/停保 for a member the registry has insured;
 *   deceased: a registry member on the death list;
 *   housing-mismatch: the appraisal says C/D, not renovated, for a house the registry has safe (A/B);
 *   assistance-mismatch: a 低保/特困 household of ours missing from the roll (row null), or a
 *     household of ours on the roll with another category than ours;
 *   four-kinds: a registry member on the four-kinds list;
 *   disability-mismatch: a certificate grade other than ours, or a certificate for a member we
 *     record without disability;
 *   missing-in-registry: a person in one of our households on the 户籍 or national list whom the
 *     registry lacks (row set, member null);
 *   missing-in-national: a member of ours the national export lacks (row null);
 *   field-mismatch: a national export field other than ours (field named; 家庭人口数 differs
 *     wherever the export lacks or adds a member).
 */
import { ageAt } from '../../domain/idNumber.js';
import { ATTRIBUTE_LABELS, CAUSE_LABELS, RELATION_LABELS } from '../../domain/labels.js';
import { Random } from '../../domain/random.js';
import type { ExitStatus, Health, HouseGrade, PovertyAttribute, Relation, Sex } from '../../domain/types.js';
import type { ListKind } from '../../io/lists/profiles.js';
import { DEMO_RULES } from '../generate.js';
import { personName, surnameFor } from '../names.js';
import type { Ethnicity } from '../names.js';
import { ListBuilder } from './builder.js';
import type { DemoList, ListSpec } from './builder.js';
import type { People, Person, PersonHousehold } from './people.js';
import { TYPICAL_RATES } from './typos.js';
import type { TypoRates } from './typos.js';

export interface KindContext {
  people: People;
  year: number;
  seed: number;
  countyName: string;
}

function rngFor(ctx: KindContext, kind: ListKind): Random {
  return Random.derive(ctx.seed, `demo-lists:${kind}`);
}

const rates = (over: Partial<TypoRates> = {}): TypoRates => ({ ...TYPICAL_RATES, ...over });

const CLEAN: TypoRates = {
  homophone: 0,
  lookalike: 0,
  'day-month-swap': 0,
  'missing-id': 0,
  id15: 0,
  'bad-check': 0,
  'full-width': 0,
  'lower-x': 0,
  spaces: 0,
};

function registryPeople(ctx: KindContext): Person[] {
  return ctx.people.registry.flatMap((h) => h.people);
}

function outsiderPeople(ctx: KindContext): Person[] {
  return ctx.people.outsiders.flatMap((h) => h.people);
}

function head(h: PersonHousehold): Person {
  return h.people.find((p) => p.relation === 'head') ?? h.people[0]!;
}

/** Rows of a list are in the department's order (by village), not the registry's. */
function byVillage<T extends { villageCode: string }>(items: T[], rng: Random): T[] {
  rng.shuffle(items);
  return items.sort((a, b) => (a.villageCode < b.villageCode ? -1 : a.villageCode > b.villageCode ? 1 : 0));
}

function shortTownship(name: string): string {
  return name.replace(/(回族乡|藏族乡|东乡族乡|镇|乡)$/u, '');
}

function dateIn(rng: Random, year: number, fromMonth = 1, toMonth = 12): string {
  const m = rng.int(fromMonth, toMonth);
  return `${year}-${String(m).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
}

// ------------------------------------------------------------------ 学籍

const GRADE_NAMES = ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'];

function gradeOf(status: string, age: number): { grade: string; school: 'primary' | 'middle' | 'high' | 'vocational' } {
  switch (status) {
    case 'grade7':
      return { grade: '七年级', school: 'middle' };
    case 'grade8':
      return { grade: '八年级', school: 'middle' };
    case 'grade9':
      return { grade: '九年级', school: 'middle' };
    case 'high-school':
      return { grade: ['高一', '高二', '高三'][Math.min(2, Math.max(0, age - 15))]!, school: 'high' };
    case 'preschool':
      return { grade: '学前班', school: 'primary' };
    case 'secondary-vocational':
      return { grade: ['一年级', '二年级', '三年级'][Math.min(2, Math.max(0, age - 15))]!, school: 'vocational' };
    default:
      return { grade: GRADE_NAMES[Math.min(5, Math.max(0, age - 6))]!, school: 'primary' };
  }
}

function schoolName(ctx: KindContext, p: Person, school: 'primary' | 'middle' | 'high' | 'vocational'): string {
  const t = shortTownship(ctx.people.villageNames.get(p.villageCode)?.township ?? '');
  switch (school) {
    case 'primary':
      return `${t}中心小学`;
    case 'middle':
      return `${t}初级中学`;
    case 'high':
      return `${ctx.countyName}第一中学`;
    case 'vocational':
      return `${ctx.countyName}职业技术学校`;
  }
}

const IN_SCHOOL = new Set(['primary', 'grade7', 'grade8', 'grade9', 'high-school', 'secondary-vocational']);
const COMPULSORY = new Set(['primary', 'grade7', 'grade8', 'grade9']);

function outsiderSchoolStatus(age: number): string | null {
  if (age >= 6 && age <= 11) return 'primary';
  if (age === 12) return 'grade7';
  if (age === 13) return 'grade8';
  if (age === 14) return 'grade9';
  if (age >= 15 && age <= 17) return 'high-school';
  return null;
}

function schoolRoll(ctx: KindContext): DemoList {
  const rng = rngFor(ctx, 'school-roll');
  const asOf = `${ctx.year}-10-15`;
  const spec: ListSpec = {
    kind: 'school-roll',
    source: `${ctx.countyName}教育局`,
    asOf,
    sheet: '学籍名单',
    title: `${ctx.countyName}${ctx.year}年秋季学期学生学籍名单`,
    columns: [
      ['seq', '序号'],
      ['name', '学生姓名'],
      ['sex', '性别'],
      ['birthDate', '出生日期'],
      ['idNumber', '身份证号'],
      ['township', '乡镇'],
      ['village', '村'],
      ['school', '学校名称'],
      ['grade', '年级'],
      ['class', '班级'],
      ['schoolStatus', '学籍状态'],
    ],
    textKeys: ['idNumber'],
    dateStyle: 'iso',
    rates: rates({ 'missing-id': 0.03 }),
  };
  const b = new ListBuilder(spec, rng, ctx.people);
  type Entry = { villageCode: string; p: Person; status: string; listed: string };
  const entries: Entry[] = [];
  for (const p of registryPeople(ctx)) {
    const m = p.member!;
    const age = ageAt(p.birthDate, asOf);
    const knownDropout = m.schoolStatus === 'none' && m.outOfSchoolReason !== null && !m.homeSchooled && age >= 6 && age <= 16;
    if (m.homeSchooled) entries.push({ villageCode: p.villageCode, p, status: 'primary', listed: '送教上门' });
    else if (knownDropout) entries.push({ villageCode: p.villageCode, p, status: 'primary', listed: '辍学' });
    else if (m.schoolStatus === 'preschool' && age >= DEMO_RULES.compulsoryMinAge) {
      // 学前班 children of school age are on the primary school's roll.
      entries.push({ villageCode: p.villageCode, p, status: 'preschool', listed: '在读' });
    } else if (IN_SCHOOL.has(m.schoolStatus)) {
      if (COMPULSORY.has(m.schoolStatus) && age >= DEMO_RULES.compulsoryMinAge && age <= DEMO_RULES.compulsoryMaxAge && rng.chance(0.006)) {
        b.discrepancy({ kind: 'dropout', householdId: p.householdKey, memberId: p.memberId, row: null });
        continue;
      }
      entries.push({ villageCode: p.villageCode, p, status: m.schoolStatus, listed: rng.chance(0.012) ? '辍学' : '在读' });
    }
  }
  for (const p of outsiderPeople(ctx)) {
    const status = outsiderSchoolStatus(ageAt(p.birthDate, asOf));
    if (status) entries.push({ villageCode: p.villageCode, p, status, listed: rng.chance(0.003) ? '辍学' : rng.chance(0.01) ? '休学' : '在读' });
  }
  for (const e of byVillage(entries, rng)) {
    const age = ageAt(e.p.birthDate, asOf);
    const g = gradeOf(e.status, age);
    const row = b.add(e.p, {
      school: schoolName(ctx, e.p, g.school),
      grade: g.grade,
      class: `${rng.int(1, 3)}班`,
      schoolStatus: e.listed,
    });
    if (e.listed === '辍学' && e.p.member && IN_SCHOOL.has(e.p.member.schoolStatus)) {
      b.discrepancy({ kind: 'dropout', householdId: e.p.householdKey, memberId: e.p.memberId, row });
    }
  }
  return b.build();
}

// ------------------------------------------------------------------ 教育资助

function educationAid(ctx: KindContext): DemoList {
  const rng = rngFor(ctx, 'education-aid');
  const asOf = `${ctx.year}-11-30`;
  const spec: ListSpec = {
    kind: 'education-aid',
    source: `${ctx.countyName}学生资助管理中心`,
    asOf,
    sheet: '资助名单',
    title: `${ctx.countyName}${ctx.year}年秋季学期学生资助发放名单`,
    columns: [
      ['seq', '序号'],
      ['name', '学生姓名'],
      ['idNumber', '身份证件号码'],
      ['sex', '性别'],
      ['township', '乡镇'],
      ['school', '就读学校'],
      ['aidItem', '资助项目'],
      ['amount', '资助金额'],
      ['year', '资助年度'],
    ],
    textKeys: ['idNumber'],
    dateStyle: 'iso',
    rates: rates(),
  };
  const b = new ListBuilder(spec, rng, ctx.people);
  type Entry = { villageCode: string; p: Person; item: string; amount: number; school: string };
  const entries: Entry[] = [];
  const addFor = (p: Person, status: string, poor: boolean): void => {
    const g = gradeOf(status, ageAt(p.birthDate, asOf));
    const school = schoolName(ctx, p, g.school);
    if (g.school === 'primary' || g.school === 'middle') {
      entries.push({ villageCode: p.villageCode, p, item: '营养改善计划', amount: 400, school });
      if (poor && rng.chance(0.6)) entries.push({ villageCode: p.villageCode, p, item: '寄宿生生活补助', amount: g.school === 'primary' ? 500 : 625, school });
    } else if (poor && g.school === 'high') entries.push({ villageCode: p.villageCode, p, item: '国家助学金', amount: 1000, school });
    else if (poor) entries.push({ villageCode: p.villageCode, p, item: '免学费', amount: 1000, school });
  };
  for (const p of registryPeople(ctx)) if (IN_SCHOOL.has(p.member!.schoolStatus)) addFor(p, p.member!.schoolStatus, true);
  for (const p of outsiderPeople(ctx)) {
    const status = outsiderSchoolStatus(ageAt(p.birthDate, asOf));
    if (status && COMPULSORY.has(status)) addFor(p, status, false);
  }
  for (const e of byVillage(entries, rng)) b.add(e.p, { school: e.school, aidItem: e.item, amount: e.amount, year: ctx.year });
  return b.build();
}

// ------------------------------------------------------------------ 医保

function medicalInsurance(ctx: KindContext): DemoList {
  const rng = rngFor(ctx, 'medical-insurance');
  const asOf = `${ctx.year}-09-30`;
  const spec: ListSpec = {
    kind: 'medical-insurance',
    source: `${ctx.countyName}医疗保障局`,
    asOf,
    sheet: '参保名单',
    title: `${ctx.countyName}${ctx.year}年度城乡居民基本医疗保险参保人员名单`,
    columns: [
      ['seq', '序号'],
      ['name', '参保人姓名'],
      ['idNumber', '公民身份号码'],
      ['sex', '性别'],
      ['birthDate', '出生日期'],
      ['township', '乡镇(街道)'],
      ['village', '村(社区)'],
      ['villageCode', '行政区划代码'],
      ['insuranceKind', '险种类型'],
      ['enrolment', '参保状态'],
      ['criticalIllness', '是否参加大病保险'],
      ['medicalAssistance', '医疗救助对象'],
      ['treatFirst', '先诊疗后付费'],
      ['oneStop', '一站式结算'],
      ['year', '参保年度'],
    ],
    textKeys: ['idNumber', 'villageCode'],
    dateStyle: 'compact',
    rates: rates(),
  };
  const b = new ListBuilder(spec, rng, ctx.people);
  const entries = byVillage(
    [
      ...registryPeople(ctx)
        .filter((p) => p.member!.basicMedical !== false)
        .map((p) => ({ villageCode: p.villageCode, p })),
      ...outsiderPeople(ctx).map((p) => ({ villageCode: p.villageCode, p })),
    ],
    rng,
  );
  for (const { p } of entries) {
    const m = p.member;
    const stopped = m !== null && rng.chance(0.008);
    const row = b.add(p, {
      insuranceKind: '城乡居民基本医疗保险',
      enrolment: stopped ? rng.pick(['未参保', '停保']) : '已参保',
      criticalIllness: stopped ? '否' : m ? (m.criticalIllness === false ? '否' : '是') : '是',
      medicalAssistance: m?.medicalAssistance ? '是' : '否',
      treatFirst: m ? '是' : '否',
      oneStop: m ? '是' : '否',
      year: ctx.year,
    });
    if (stopped) b.discrepancy({ kind: 'uninsured', householdId: p.householdKey, memberId: p.memberId, row });
  }
  return b.build();
}

// ------------------------------------------------------------------ 住建

const RENOVATION_TEXT: Record<string, string> = {
  none: '未改造',
  planned: '已列入计划',
  'in-progress': '正在改造',
  finished: '已竣工',
  accepted: '已竣工验收',
};

function housing(ctx: KindContext): DemoList {
  const rng = rngFor(ctx, 'housing');
  const asOf = `${ctx.year}-09-30`;
  const spec: ListSpec = {
    kind: 'housing',
    source: `${ctx.countyName}住房和城乡建设局`,
    asOf,
    sheet: '危房鉴定',
    title: `${ctx.countyName}农村住房安全鉴定及危房改造台账`,
    columns: [
      ['seq', '序号'],
      ['township', '乡镇'],
      ['village', '行政村'],
      ['name', '户主姓名'],
      ['idNumber', '户主身份证号码'],
      ['houseGrade', '危房鉴定等级'],
      ['renovation', '危房改造情况'],
      ['acceptanceDate', '竣工验收日期'],
      ['renovationYear', '改造年度'],
    ],
    textKeys: ['idNumber'],
    dateStyle: 'slash',
    rates: rates(),
  };
  const b = new ListBuilder(spec, rng, ctx.people);
  type Entry = { villageCode: string; h: PersonHousehold; grade: HouseGrade; renovation: string; planted: boolean };
  const entries: Entry[] = [];
  for (const h of ctx.people.registry) {
    const housingOf = h.household!.housing;
    if (housingOf.grade === null) continue;
    const safe = housingOf.grade === 'A' || housingOf.grade === 'B';
    if (safe && rng.chance(0.015)) entries.push({ villageCode: h.villageCode, h, grade: rng.chance(0.7) ? 'C' : 'D', renovation: 'none', planted: true });
    else entries.push({ villageCode: h.villageCode, h, grade: housingOf.grade, renovation: housingOf.renovation, planted: false });
  }
  for (const h of ctx.people.outsiders) {
    if (!rng.chance(0.35)) continue;
    const grade = rng.weighted<HouseGrade>([
      ['A', 55],
      ['B', 38],
      ['C', 5],
      ['D', 2],
    ]);
    entries.push({
      villageCode: h.villageCode,
      h,
      grade,
      renovation: grade === 'C' || grade === 'D' ? rng.pick(['none', 'planned', 'accepted']) : 'none',
      planted: false,
    });
  }
  for (const e of byVillage(entries, rng)) {
    const renovated = e.renovation === 'accepted' || e.renovation === 'finished';
    const year = renovated ? ctx.year - rng.int(0, 2) : null;
    const p = head(e.h);
    const row = b.add(p, {
      houseGrade: `${e.grade}级`,
      renovation: e.grade === 'A' || e.grade === 'B' ? null : RENOVATION_TEXT[e.renovation]!,
      acceptanceDate: e.renovation === 'accepted' && year ? dateIn(rng, year).replaceAll('-', '/') : null,
      renovationYear: year,
    });
    if (e.planted) b.discrepancy({ kind: 'housing-mismatch', householdId: e.h.key, memberId: p.memberId, row });
  }
  return b.build();
}

// ------------------------------------------------------------------ 民政 低保/特困

const ASSISTANCE_TEXT: Record<'dibao' | 'tekun', string> = { dibao: '农村低保', tekun: '特困供养' };

function civilAffairs(ctx: KindContext): DemoList {
  const rng = rngFor(ctx, 'civil-affairs');
  const asOf = `${ctx.year}-09-30`;
  const spec: ListSpec = {
    kind: 'civil-affairs',
    source: `${ctx.countyName}民政局`,
    asOf,
    sheet: '低保特困',
    title: `${ctx.countyName}${ctx.year}年第三季度农村低保和特困供养对象花名册`,
    columns: [
      ['seq', '序号'],
      ['villageCode', '行政区划代码'],
      ['township', '乡镇'],
      ['village', '村'],
      ['name', '户主姓名'],
      ['idNumber', '户主身份证号'],
      ['sex', '性别'],
      ['assistance', '保障类别'],
      ['householdSize', '保障人口'],
      ['from', '纳入时间'],
    ],
    textKeys: ['idNumber', 'villageCode'],
    dateStyle: 'iso',
    rates: rates(),
  };
  const b = new ListBuilder(spec, rng, ctx.people);
  type Entry = { villageCode: string; h: PersonHousehold; category: 'dibao' | 'tekun'; planted: boolean };
  const entries: Entry[] = [];
  for (const h of ctx.people.registry) {
    const attribute: PovertyAttribute = h.household!.attribute;
    if (attribute === 'general') {
      if (rng.chance(0.02)) entries.push({ villageCode: h.villageCode, h, category: 'dibao', planted: true });
      continue;
    }
    if (rng.chance(0.03)) {
      b.discrepancy({ kind: 'assistance-mismatch', householdId: h.key, memberId: head(h).memberId, row: null });
      continue;
    }
    if (rng.chance(0.01)) entries.push({ villageCode: h.villageCode, h, category: attribute === 'dibao' ? 'tekun' : 'dibao', planted: true });
    else entries.push({ villageCode: h.villageCode, h, category: attribute, planted: false });
  }
  const ours = entries.length;
  for (const h of ctx.people.outsiders) {
    if (entries.length - ours >= ours * 0.5) break;
    if (rng.chance(0.08)) entries.push({ villageCode: h.villageCode, h, category: rng.chance(0.9) ? 'dibao' : 'tekun', planted: false });
  }
  for (const e of byVillage(entries, rng)) {
    const p = head(e.h);
    const row = b.add(p, {
      assistance: ASSISTANCE_TEXT[e.category],
      householdSize: e.category === 'tekun' ? 1 : e.h.people.length,
      from: dateIn(rng, ctx.year - rng.int(1, 4)),
    });
    if (e.planted) b.discrepancy({ kind: 'assistance-mismatch', householdId: e.h.key, memberId: p.memberId, row });
  }
  return b.build();
}

// ------------------------------------------------------------------ 死亡

function deaths(ctx: KindContext): DemoList {
  const rng = rngFor(ctx, 'deaths');
  const asOf = `${ctx.year}-12-15`;
  const spec: ListSpec = {
    kind: 'deaths',
    source: `${ctx.countyName}公安局`,
    asOf,
    sheet: '死亡注销',
    title: `${ctx.countyName}${ctx.year}年1—11月死亡人员户籍注销及火化信息`,
    columns: [
      ['seq', '序号'],
      ['name', '死者姓名'],
      ['sex', '性别'],
      ['birthDate', '出生日期'],
      ['idNumber', '公民身份号码'],
      ['township', '乡镇'],
      ['village', '村'],
      ['deathDate', '死亡日期'],
      ['deathSource', '数据来源'],
    ],
    textKeys: ['idNumber'],
    dateStyle: 'chinese',
    rates: rates({ 'missing-id': 0.06, id15: 0.03 }),
  };
  const b = new ListBuilder(spec, rng, ctx.people);
  const dies = (p: Person, planted: number): boolean => {
    const age = ageAt(p.birthDate, asOf);
    const p70 = age >= 80 ? 0.08 : age >= 70 ? 0.035 : age >= 60 ? 0.012 : 0.0008;
    return rng.chance(p70 * planted);
  };
  // The registry's deaths are planted at a tenth of the natural rate: most deaths are removed
  // from the registry in time; those left are the discrepancy.
  const entries = byVillage(
    [
      ...registryPeople(ctx)
        .filter((p) => dies(p, 0.1))
        .map((p) => ({ villageCode: p.villageCode, p })),
      ...outsiderPeople(ctx)
        .filter((p) => dies(p, 1))
        .map((p) => ({ villageCode: p.villageCode, p })),
    ],
    rng,
  );
  for (const { p } of entries) {
    const row = b.add(p, {
      deathDate: dateIn(rng, ctx.year, 1, 11).replace(/^(\d+)-0?(\d+)-0?(\d+)$/u, '$1年$2月$3日'),
      deathSource: rng.pick(['火化', '户籍注销']),
    });
    if (p.memberId) b.discrepancy({ kind: 'deceased', householdId: p.householdKey, memberId: p.memberId, row });
  }
  return b.build();
}

// ------------------------------------------------------------------ 残联

const DISABILITY_TYPES: readonly (readonly [string, number, number])[] = [
  ['肢体残疾', 4, 45],
  ['视力残疾', 1, 12],
  ['听力残疾', 2, 12],
  ['言语残疾', 3, 3],
  ['智力残疾', 5, 10],
  ['精神残疾', 6, 10],
  ['多重残疾', 7, 8],
];
const GRADE_TEXT = ['一级', '二级', '三级', '四级'];

function disability(ctx: KindContext): DemoList {
  const rng = rngFor(ctx, 'disability');
  const asOf = `${ctx.year}-06-30`;
  const spec: ListSpec = {
    kind: 'disability',
    source: `${ctx.countyName}残疾人联合会`,
    asOf,
    sheet: '持证残疾人',
    title: `${ctx.countyName}持证残疾人名单`,
    columns: [
      ['seq', '序号'],
      ['name', '残疾人姓名'],
      ['sex', '性别'],
      ['idNumber', '身份证号'],
      ['township', '乡镇'],
      ['village', '村'],
      ['disabilityType', '残疾类别'],
      ['disabilityGrade', '残疾等级'],
      ['certificateNo', '残疾人证号码'],
    ],
    textKeys: ['idNumber', 'certificateNo'],
    dateStyle: 'iso',
    rates: rates(),
  };
  const b = new ListBuilder(spec, rng, ctx.people);
  type Entry = { villageCode: string; p: Person; grade: number; planted: boolean };
  const entries: Entry[] = [];
  for (const p of registryPeople(ctx)) {
    const ours = p.member!.disabilityGrade;
    if (ours !== null) {
      if (rng.chance(0.04)) entries.push({ villageCode: p.villageCode, p, grade: ((ours + rng.int(0, 2)) % 4) + 1, planted: true });
      else entries.push({ villageCode: p.villageCode, p, grade: ours, planted: false });
    } else if (ageAt(p.birthDate, asOf) >= 16 && rng.chance(0.002)) entries.push({ villageCode: p.villageCode, p, grade: rng.int(3, 4), planted: true });
  }
  const ours = entries.length;
  for (const p of outsiderPeople(ctx)) {
    if (entries.length - ours >= ours * 1.2) break;
    if (rng.chance(0.04)) entries.push({ villageCode: p.villageCode, p, grade: rng.int(1, 4), planted: false });
  }
  for (const e of byVillage(entries, rng)) {
    const [type, code] = rng.weighted(DISABILITY_TYPES.map((t) => [t, t[2]] as const));
    const row = b.add(e.p, { disabilityType: type, disabilityGrade: GRADE_TEXT[e.grade - 1]!, certificateNo: `${e.p.idNumber}${code}${e.grade}` });
    if (e.planted) b.discrepancy({ kind: 'disability-mismatch', householdId: e.p.householdKey, memberId: e.p.memberId, row });
  }
  return b.build();
}

// ------------------------------------------------------------------ 公安户籍

function householdRegistration(ctx: KindContext): DemoList {
  const rng = rngFor(ctx, 'household-registration');
  const asOf = `${ctx.year}-12-01`;
  const spec: ListSpec = {
    kind: 'household-registration',
    source: `${ctx.countyName}公安局`,
    asOf,
    sheet: '户籍信息',
    title: `${ctx.countyName}常住人口户籍信息`,
    columns: [
      ['hukouNo', '户号'],
      ['name', '姓名'],
      ['relation', '与户主关系'],
      ['sex', '性别'],
      ['birthDate', '出生日期'],
      ['idNumber', '公民身份号码'],
      ['villageCode', '区划代码'],
      ['township', '乡镇'],
      ['village', '村(社区)'],
      ['move', '变动情况'],
      ['moveDate', '变动日期'],
    ],
    textKeys: ['idNumber', 'villageCode', 'hukouNo'],
    dateStyle: 'compact',
    rates: rates({ 'missing-id': 0.005 }),
  };
  const b = new ListBuilder(spec, rng, ctx.people);
  const households = byVillage([...ctx.people.registry, ...ctx.people.outsiders.filter(() => rng.chance(0.5))], rng);
  let hukou = 0;
  for (const h of households) {
    const hukouNo = `${h.villageCode.slice(0, 6)}${String(++hukou * 7 + 100000).padStart(8, '0')}`;
    for (const p of h.people) b.add(p, { hukouNo, move: null, moveDate: null });
    if (h.household && rng.chance(0.015)) {
      // A child born this year or a bride married in: on the 户口 but not yet in our registry.
      const born = rng.chance(0.6);
      const sex: Sex = born ? (rng.chance(0.5) ? 'M' : 'F') : 'F';
      const birthDate = born ? dateIn(rng, ctx.year, 1, 10) : dateIn(rng, ctx.year - rng.int(20, 28));
      const relation: Relation = born ? (sex === 'M' ? 'grandson' : 'granddaughter') : 'daughter-in-law';
      const like = head(h);
      const ethnicity = (like.ethnicity as Ethnicity) ?? '汉族';
      const surname = born ? [...like.name][0]! : surnameFor(rng, ethnicity);
      const extra: Person = {
        memberId: null,
        householdKey: h.key,
        name: personName(rng, surname, sex, Number(birthDate.slice(0, 4)), ethnicity),
        idNumber: ctx.people.newId(rng, birthDate, sex),
        sex,
        birthDate,
        villageCode: h.villageCode,
        relation,
        ethnicity,
        member: null,
      };
      const moveDate = born ? birthDate : dateIn(rng, ctx.year, 1, 10);
      const row = b.add(extra, { hukouNo, move: born ? '出生' : '迁入', moveDate: moveDate.replaceAll('-', '') });
      b.discrepancy({ kind: 'missing-in-registry', householdId: h.key, memberId: null, row });
    }
  }
  return b.build();
}

// ------------------------------------------------------------------ 四类人员

function fourKinds(ctx: KindContext): DemoList {
  const rng = rngFor(ctx, 'four-kinds');
  const asOf = `${ctx.year}-11-30`;
  const spec: ListSpec = {
    kind: 'four-kinds',
    source: `${ctx.countyName}财政局、公安局交警大队、不动产登记中心、市场监督管理局`,
    asOf,
    sheet: '四类人员',
    title: `${ctx.countyName}财政供养人员、车辆、商品房、工商注册信息比对数据`,
    columns: [
      ['seq', '序号'],
      ['name', '姓名'],
      ['idNumber', '身份证号码'],
      ['fourKind', '比对类别'],
      ['detail', '详情'],
    ],
    textKeys: ['idNumber'],
    dateStyle: 'iso',
    rates: rates({ 'missing-id': 0, homophone: 0.005, lookalike: 0.003 }),
  };
  const b = new ListBuilder(spec, rng, ctx.people);
  const detail = (kind: string): string => {
    switch (kind) {
      case '财政供养人员':
        return rng.pick([`${ctx.countyName}人民医院`, `${ctx.countyName}第一中学`, `${ctx.countyName}农业农村局`, '乡镇卫生院']);
      case '车辆':
        return `甘Z${String(rng.int(10000, 99999))}`;
      case '商品房':
        return `${ctx.countyName}城区${rng.pick(['阳光', '滨河', '锦绣', '金城'])}小区${rng.int(1, 30)}号楼`;
      default:
        return rng.pick(['种植专业合作社', '个体工商户（餐饮）', '农机服务部', '商贸有限公司股东']);
    }
  };
  const kinds = ['财政供养人员', '车辆', '商品房', '工商注册'];
  const adult = (p: Person): boolean => ageAt(p.birthDate, asOf) >= 18;
  const entries = byVillage(
    [
      ...registryPeople(ctx)
        .filter((p) => adult(p) && rng.chance(0.003))
        .map((p) => ({ villageCode: p.villageCode, p })),
      ...outsiderPeople(ctx)
        .filter((p) => adult(p) && rng.chance(0.12))
        .map((p) => ({ villageCode: p.villageCode, p })),
    ],
    rng,
  );
  for (const { p } of entries) {
    const kind = rng.weighted<string>([
      [kinds[0]!, 20],
      [kinds[1]!, 45],
      [kinds[2]!, 20],
      [kinds[3]!, 15],
    ]);
    const row = b.add(p, { fourKind: kind, detail: detail(kind) });
    if (p.memberId) b.discrepancy({ kind: 'four-kinds', householdId: p.householdKey, memberId: p.memberId, row });
  }
  return b.build();
}

// ------------------------------------------------------------------ 人社

function pensionsEmployment(ctx: KindContext): DemoList {
  const rng = rngFor(ctx, 'pensions-employment');
  const asOf = `${ctx.year}-11-30`;
  const spec: ListSpec = {
    kind: 'pensions-employment',
    source: `${ctx.countyName}人力资源和社会保障局`,
    asOf,
    sheet: '养老就业',
    title: `${ctx.countyName}城乡居民养老保险参保及转移就业人员名单`,
    columns: [
      ['seq', '序号'],
      ['name', '姓名'],
      ['sex', '性别'],
      ['idNumber', '社会保障号码'],
      ['township', '乡镇'],
      ['village', '村'],
      ['pension', '城乡居民养老保险'],
      ['employer', '务工单位'],
      ['workMonths', '务工月数'],
      ['wage', '月工资'],
    ],
    textKeys: ['idNumber'],
    dateStyle: 'iso',
    rates: rates(),
  };
  const b = new ListBuilder(spec, rng, ctx.people);
  const working = (p: Person): boolean => {
    const age = ageAt(p.birthDate, asOf);
    return age >= 16 && age <= 64;
  };
  const entries = byVillage(
    [
      ...registryPeople(ctx)
        .filter((p) => working(p) && (p.member!.pension === true || (p.member!.migrantMonths ?? 0) > 0))
        .map((p) => ({ villageCode: p.villageCode, p })),
      ...outsiderPeople(ctx)
        .filter((p) => working(p) && rng.chance(0.5))
        .map((p) => ({ villageCode: p.villageCode, p })),
    ],
    rng,
  );
  for (const { p } of entries) {
    const m = p.member;
    const months = m ? (m.migrantMonths ?? 0) : rng.chance(0.5) ? rng.int(3, 12) : 0;
    b.add(p, {
      pension: m ? (m.pension ? '是' : '否') : '是',
      employer: months > 0 ? (m?.migrantPlace ?? rng.pick(['新疆', '兰州市', '宁波市', '天津市'])) : null,
      workMonths: months > 0 ? months : null,
      wage: months > 0 ? rng.int(25, 55) * 100 : null,
    });
  }
  return b.build();
}

// ------------------------------------------------------------------ 国办系统导出

const ATTRIBUTE_CODE: Record<PovertyAttribute, string> = { general: '01', dibao: '04', tekun: '06' };
const STATUS_CODE: Record<ExitStatus, string> = { 'not-exited': '0', exited: '1', returned: '3', 'pre-exit': '预脱贫' };
const HEALTH_CODE: Record<Health, string> = { healthy: '01', chronic: '02', 'serious-illness': '03', disabled: '04' };
const RELATION_CODE: Partial<Record<Relation, string>> = { head: '01', spouse: '02', son: '03', daughter: '04' };

function nationalExport(ctx: KindContext): DemoList {
  const rng = rngFor(ctx, 'national-export');
  const asOf = `${ctx.year}-11-30`;
  const spec: ListSpec = {
    kind: 'national-export',
    source: '全国扶贫开发信息系统',
    asOf,
    sheet: '户成员信息',
    title: `全国扶贫开发信息系统 建档立卡贫困人口信息（${ctx.countyName}，导出日期${asOf}）`,
    columns: [
      ['householdId', '户编号'],
      ['memberId', '人编号'],
      ['township', '乡(镇)'],
      ['village', '行政村'],
      ['villageCode', '行政区划代码'],
      ['headIdNumber', '户主证件号码'],
      ['householdSize', '家庭人口数'],
      ['attribute', '贫困户属性'],
      ['status', '脱贫状态'],
      ['exitYear', '脱贫年度'],
      ['mainCause', '主要致贫原因'],
      ['name', '姓名'],
      ['idNumber', '证件号码'],
      ['sex', '性别'],
      ['relation', '与户主关系'],
      ['ethnicity', '民族'],
      ['health', '健康状况'],
    ],
    textKeys: ['householdId', 'memberId', 'villageCode', 'headIdNumber', 'idNumber', 'attribute', 'status', 'mainCause', 'health', 'relation', 'sex'],
    dateStyle: 'iso',
    rates: CLEAN,
  };
  const b = new ListBuilder(spec, rng, ctx.people);
  const causeCodes = CAUSE_LABELS.codes;
  for (const h of ctx.people.registry) {
    const hh = h.household!;
    if (rng.chance(0.0015)) {
      for (const p of h.people) b.discrepancy({ kind: 'missing-in-national', householdId: h.key, memberId: p.memberId, row: null });
      continue;
    }
    let attribute = hh.attribute;
    let attributeDiffers = false;
    if (rng.chance(0.01)) {
      attribute = rng.pick(ATTRIBUTE_LABELS.codes.filter((c) => c !== hh.attribute));
      attributeDiffers = true;
    }
    let status = hh.status;
    let statusDiffers = false;
    if (rng.chance(0.005)) {
      status = hh.status === 'exited' ? 'not-exited' : 'exited';
      statusDiffers = true;
    }
    const leader = head(h);
    const people = h.people.filter((p) => {
      if (p === leader || !rng.chance(0.004)) return true;
      b.discrepancy({ kind: 'missing-in-national', householdId: h.key, memberId: p.memberId, row: null });
      return false;
    });
    const extra: Person[] = [];
    if (rng.chance(0.002)) {
      // A member removed locally (married out, moved) whom the national system still carries.
      const sex: Sex = rng.chance(0.5) ? 'M' : 'F';
      const birthDate = dateIn(rng, ctx.year - rng.int(18, 30));
      const ethnicity = (leader.ethnicity as Ethnicity) ?? '汉族';
      extra.push({
        memberId: null,
        householdKey: h.key,
        name: personName(rng, sex === 'M' ? [...leader.name][0]! : surnameFor(rng, ethnicity), sex, Number(birthDate.slice(0, 4)), ethnicity),
        idNumber: ctx.people.newId(rng, birthDate, sex),
        sex,
        birthDate,
        villageCode: h.villageCode,
        relation: sex === 'M' ? 'son' : 'daughter',
        ethnicity,
        member: null,
      });
    }
    const size = people.length + extra.length;
    let seqExtra = 900;
    let first = true;
    for (const p of [...people, ...extra]) {
      const m = p.member;
      let health = m?.health ?? 'healthy';
      const healthDiffers = m !== null && rng.chance(0.004);
      if (healthDiffers) health = health === 'healthy' ? 'chronic' : 'healthy';
      const row = b.add(
        p,
        {
          householdId: h.key,
          memberId: p.memberId ?? `${h.key}${seqExtra++}`,
          headIdNumber: leader.idNumber,
          householdSize: size,
          attribute: ATTRIBUTE_CODE[attribute],
          status: STATUS_CODE[status],
          exitYear: status === 'exited' ? (hh.exitYear ?? null) : null,
          mainCause: hh.mainCause ? String(causeCodes.indexOf(hh.mainCause) + 1).padStart(2, '0') : null,
          sex: p.sex === 'M' ? '1' : '2',
          relation: RELATION_CODE[p.relation] ?? RELATION_LABELS.label(p.relation),
          ethnicity: p.ethnicity,
          health: HEALTH_CODE[health],
        },
        { clean: true },
      );
      if (first) {
        if (size !== h.people.length) b.discrepancy({ kind: 'field-mismatch', householdId: h.key, memberId: null, row, field: 'householdSize' });
        if (attributeDiffers) b.discrepancy({ kind: 'field-mismatch', householdId: h.key, memberId: null, row, field: 'attribute' });
        if (statusDiffers) b.discrepancy({ kind: 'field-mismatch', householdId: h.key, memberId: null, row, field: 'status' });
        first = false;
      }
      if (healthDiffers) b.discrepancy({ kind: 'field-mismatch', householdId: h.key, memberId: p.memberId, row, field: 'health' });
      if (!m) b.discrepancy({ kind: 'missing-in-registry', householdId: h.key, memberId: null, row });
    }
  }
  return b.build();
}

export const LIST_BUILDERS: Readonly<Record<ListKind, (ctx: KindContext) => DemoList>> = {
  'school-roll': schoolRoll,
  'education-aid': educationAid,
  'medical-insurance': medicalInsurance,
  housing,
  'civil-affairs': civilAffairs,
  deaths,
  disability,
  'household-registration': householdRegistration,
  'four-kinds': fourKinds,
  'pensions-employment': pensionsEmployment,
  'national-export': nationalExport,
};
