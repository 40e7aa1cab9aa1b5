// Hand-built assessment results for the ledger tests and the export benchmark: the ledger
// writer is tested on its own, without the engine. Names read like the cases they stand for.
import type {
  CountyAssessment, HouseholdAssessment, IncomeLine, IncomeResult, IndicatorCheck, Remediation, TownshipSummary, VillageAssessment,
} from '../../domain/assessment.js';
import { OUT_OF_SCOPE } from '../../domain/assessment.js';
import { INCOME_ITEMS } from '../../domain/types.js';
import type { IncomeItemCode, IndicatorCode } from '../../domain/types.js';
import type { Rulebook } from '../../domain/rulebook.js';
import type { LedgerHousehold, LedgerInput, LedgerVillage } from './ledgers.js';

export const EXCLUDED_ITEMS: readonly IncomeItemCode[] = ['oneOffRelief', 'medicalReimbursement', 'housingSubsidy', 'relocationSubsidy', 'microCredit', 'donorHelp'];
const LINE = 3700;

const LABELS: Record<Exclude<IndicatorCode, 'income'>, string> = {
  'food-clothing': '吃穿不愁', water: '饮水安全', education: '义务教育', medical: '基本医疗', housing: '住房安全',
};

/** An income result with consistent arithmetic (amounts in whole yuan). */
export function incomeResult(items: Partial<Record<IncomeItemCode, number>>, size: number, excluded: readonly IncomeItemCode[] = EXCLUDED_ITEMS): IncomeResult {
  const lines: IncomeLine[] = [];
  let gross = 0;
  let costs = 0;
  let excl = 0;
  for (const def of INCOME_ITEMS) {
    const amount = items[def.code];
    if (amount === undefined) continue;
    const counted = !excluded.includes(def.code);
    lines.push({ code: def.code, label: def.label, category: def.category, amount, counted });
    if (!counted) excl += amount;
    else if (def.category === 'cost') costs += amount;
    else gross += amount;
  }
  const net = gross - costs;
  const perCapita = net / size;
  const pass = Math.round(perCapita * 100) > LINE * 100;
  return {
    year: 2018, items: lines, grossCounted: gross, costs, excluded: excl, net, size, perCapita,
    lineName: 'poverty', line: LINE, pass,
    arithmetic: `(${gross.toFixed(2)} − ${costs.toFixed(2)}) ÷ ${size}人 = ${perCapita.toFixed(2)}元，${pass ? '超过' : '未超过'}${LINE}元`,
  };
}

function met(indicator: Exclude<IndicatorCode, 'income'>): IndicatorCheck {
  return { indicator, label: LABELS[indicator], veto: true, met: true, metByVerifiedTask: false, reasons: [], remediation: [], remediable: false };
}

function unmet(indicator: Exclude<IndicatorCode, 'income'>, text: string, member: { id: string; name: string } | null, tasks: Remediation[]): IndicatorCheck {
  return {
    indicator, label: LABELS[indicator], veto: true, met: false, metByVerifiedTask: false,
    reasons: [{ memberId: member?.id ?? null, memberName: member?.name ?? null, text, rule: '规则', values: {} }],
    remediation: tasks,
    remediable: tasks.length > 0 && tasks.every((t) => t.qualifies),
  };
}

function allMet(): IndicatorCheck[] {
  return (['food-clothing', 'water', 'education', 'medical', 'housing'] as const).map(met);
}

function replace(checks: IndicatorCheck[], check: IndicatorCheck): IndicatorCheck[] {
  return checks.map((c) => (c.indicator === check.indicator ? check : c));
}

interface Place { townshipName: string; villageName: string; villageCode: string }

export const PLACES = {
  dongshan: { townshipName: '东山镇', villageName: '东山村', villageCode: '620521101201' },
  xigou: { townshipName: '东山镇', villageName: '西沟村', villageCode: '620521101202' },
  nanchuan: { townshipName: '南川乡', villageName: '南川村', villageCode: '620521102201' },
} as const satisfies Record<string, Place>;

function household(place: Place, id: string, over: Partial<LedgerHousehold> & Pick<LedgerHousehold, 'class' | 'classLabel'>): LedgerHousehold {
  return {
    householdId: id, villageCode: place.villageCode, headName: '户主', size: 4, inScope: true, scopeReason: null,
    preExit: over.class === 'A' || over.class === 'B', income: null, indicators: allMet(), summary: [],
    townshipName: place.townshipName, villageName: place.villageName,
    headIdNumber: null, phone: null, attributeLabel: '一般贫困户', mainCauseLabel: '缺资金',
    ...over,
  };
}

/** Full ID numbers used in the fixture: none may appear in a masked export. */
export const FULL_IDS = {
  liMing: '620521198203150317',
  wangFang: '620521197511020026',
  zhaoQiang: '62052119690707041X',
  chenJing: '620521199001010028',
  sunLi: '620521195505050049',
  zhouHua: '620521196006060015',
  wuGang: '620521197707070030',
} as const;

export const households = {
  /** A: income 5,000 per person, every indicator met. */
  aConsolidating: household(PLACES.dongshan, '6205211012010001', {
    class: 'A', classLabel: 'A类', headName: '李明', headIdNumber: FULL_IDS.liMing, phone: '13812345678', size: 4,
    income: incomeResult({ migrantWage: 18000, farming: 3500, productionCost: 1500, oneOffRelief: 800 }, 4),
  }),
  /** B: housing C-grade, renovation in progress, task due in the year. */
  bHousingTask: household(PLACES.dongshan, '6205211012010002', {
    class: 'B', classLabel: 'B类', headName: '王芳', headIdNumber: FULL_IDS.wangFang, phone: '0931-8123456', size: 3,
    attributeLabel: '低保贫困户', mainCauseLabel: '因病',
    income: incomeResult({ localWage: 9000, dibao: 3600, farming: 1200 }, 3),
    indicators: replace(allMet(), unmet('housing', '住房为C级危房，改造进行中（未竣工验收）', null, [
      { taskId: 'T-2018-0007', dueDate: '2018-11-30', status: 'in-progress', qualifies: true, why: '年内到期' },
    ])),
    summary: ['住房安全：住房为C级危房，改造进行中（未竣工验收）'],
  }),
  /** B: a 13-year-old member out of school, a task to bring him back. */
  bEducationMember13: household(PLACES.xigou, '6205211012020001', {
    class: 'B', classLabel: 'B类', headName: '赵强', headIdNumber: FULL_IDS.zhaoQiang, phone: '15900001111', size: 5,
    income: incomeResult({ migrantWage: 24000, livestock: 2000 }, 5),
    indicators: replace(allMet(), unmet('education', '赵小明（13岁）为非在校生，原因：家庭困难', { id: 'M-3', name: '赵小明' }, [
      { taskId: 'T-2018-0011', dueDate: '2018-09-01', status: 'open', qualifies: true, why: '年内到期' },
    ])),
    summary: ['义务教育：赵小明（13岁）为非在校生，原因：家庭困难'],
  }),
  /** C: per-capita income below the line. */
  cIncomeBelowLine: household(PLACES.xigou, '6205211012020002', {
    class: 'C', classLabel: 'C类', headName: '陈静', headIdNumber: FULL_IDS.chenJing, phone: null, size: 4,
    mainCauseLabel: '缺劳力',
    income: incomeResult({ farming: 8000, pension: 2400, productionCost: 600 }, 4),
    summary: ['收入：人均纯收入2450.00元，未超过3700元'],
  }),
  /** C: a member without critical-illness insurance and no task this year. */
  cMedicalNoTask: household(PLACES.nanchuan, '6205211022010001', {
    class: 'C', classLabel: 'C类', headName: '孙丽', headIdNumber: FULL_IDS.sunLi, phone: '13700009999', size: 2,
    mainCauseLabel: '因病',
    income: incomeResult({ localWage: 9000, pension: 1800 }, 2),
    indicators: replace(allMet(), unmet('medical', '孙丽患慢性病，未参加大病保险', { id: 'M-9', name: '孙丽' }, [])),
    summary: ['基本医疗：孙丽患慢性病，未参加大病保险'],
  }),
  /** Out of scope: the whole household lives on the guarantee. */
  outOfScopeGuarantee: household(PLACES.nanchuan, '6205211022010002', {
    class: OUT_OF_SCOPE, classLabel: '不在筛查范围', inScope: false, preExit: false, scopeReason: '兜底保障户',
    headName: '周华', headIdNumber: FULL_IDS.zhouHua, phone: '13600002222', size: 1, attributeLabel: '特困供养贫困户',
    indicators: [],
  }),
  /** Out of scope: relocation not yet moved in. */
  outOfScopeRelocation: household(PLACES.dongshan, '6205211012010003', {
    class: OUT_OF_SCOPE, classLabel: '不在筛查范围', inScope: false, preExit: false, scopeReason: '易地扶贫搬迁未入住',
    headName: '吴刚', headIdNumber: FULL_IDS.wuGang, phone: null, size: 3, indicators: [],
  }),
} satisfies Record<string, LedgerHousehold>;

function counts(list: readonly LedgerHousehold[]): { households: Record<string, number>; people: Record<string, number> } {
  const h: Record<string, number> = {};
  const p: Record<string, number> = {};
  for (const x of list) {
    h[x.class] = (h[x.class] ?? 0) + 1;
    p[x.class] = (p[x.class] ?? 0) + x.size;
  }
  return { households: h, people: p };
}

function village(place: Place, code: string, townshipCode: string, rural: number, remaining: number, list: readonly LedgerHousehold[], over: Partial<LedgerVillage> = {}): LedgerVillage {
  const mine = list.filter((h) => h.villageCode === place.villageCode);
  const preExitPeople = mine.filter((h) => h.preExit).reduce((s, h) => s + h.size, 0);
  const after = (remaining - preExitPeople) / rural;
  return {
    code, name: place.villageName, townshipCode, townshipName: place.townshipName, poorVillage: true, exited: false,
    ruralPopulation: rural, remainingPoor: remaining, preExitPeople, incidenceNow: remaining / rural, incidenceAfter: after,
    ...counts(mine),
    indicators: [
      { key: 'leadingIndustry', label: '有主导产业', met: true, value: true },
      { key: 'collectiveIncome', label: '有村集体经济收入', met: true, value: 52000 },
      { key: 'hardenedRoad', label: '通硬化路', met: true, value: true },
    ],
    indicatorsMet: true,
    preExit: after < 0.03,
    reasons: after < 0.03 ? [] : [`退出后贫困发生率${(after * 100).toFixed(2)}%，未低于3%`],
    ...over,
  };
}

function township(code: string, name: string, villages: readonly LedgerVillage[]): TownshipSummary {
  const mine = villages.filter((v) => v.townshipCode === code);
  const households: Record<string, number> = {};
  const people: Record<string, number> = {};
  for (const v of mine) {
    for (const [k, n] of Object.entries(v.households)) households[k] = (households[k] ?? 0) + n;
    for (const [k, n] of Object.entries(v.people)) people[k] = (people[k] ?? 0) + n;
  }
  const rural = mine.reduce((s, v) => s + (v.ruralPopulation ?? 0), 0);
  const remaining = mine.reduce((s, v) => s + v.remainingPoor, 0);
  const preExit = mine.reduce((s, v) => s + v.preExitPeople, 0);
  return {
    code, name, households, people, remainingPoor: remaining, ruralPopulation: rural,
    incidenceNow: rural > 0 ? remaining / rural : null, incidenceAfter: rural > 0 ? (remaining - preExit) / rural : null,
    villages: mine.length, preExitVillages: mine.filter((v) => v.preExit).length,
  };
}

function county(townships: readonly TownshipSummary[], villages: readonly LedgerVillage[]): CountyAssessment {
  const rural = townships.reduce((s, t) => s + t.ruralPopulation, 0);
  const remaining = townships.reduce((s, t) => s + t.remainingPoor, 0);
  const after = townships.reduce((s, t) => s + (t.incidenceAfter ?? 0) * t.ruralPopulation, 0) / rural;
  const households: Record<string, number> = {};
  const people: Record<string, number> = {};
  for (const t of townships) {
    for (const [k, n] of Object.entries(t.households)) households[k] = (households[k] ?? 0) + n;
    for (const [k, n] of Object.entries(t.people)) people[k] = (people[k] ?? 0) + n;
  }
  const inScopeHouseholds = Object.entries(households).filter(([k]) => k !== OUT_OF_SCOPE).reduce((s, [, n]) => s + n, 0);
  const inScopePeople = Object.entries(people).filter(([k]) => k !== OUT_OF_SCOPE).reduce((s, [, n]) => s + n, 0);
  return {
    code: '620521', name: '示范县', ruralPopulation: rural, registeredPoor: remaining + 120, remainingPoor: remaining,
    inScopeHouseholds, inScopePeople, households, people,
    incidenceNow: remaining / rural, incidenceAfter: after,
    poorVillages: villages.length, poorVillagesExited: villages.filter((v) => v.exited).length,
    poorVillagesPreExit: villages.filter((v) => v.preExit).length,
    criteria: [
      { key: 'incidence', label: '综合贫困发生率', value: after, threshold: 0.03, comparison: '<', met: after < 0.03, note: null },
      { key: 'exitedVillageShare', label: '贫困村退出比例', value: 0.5, threshold: 0.8, comparison: '>=', met: false, note: '含预退出村' },
      { key: 'misexitRate', label: '错退率', value: null, threshold: 0.02, comparison: '<', met: null, note: '待第三方抽查' },
    ],
    ready: false,
    blockers: ['贫困村退出比例未达到80%', '错退率待第三方抽查核实'],
  };
}

/** The scenario of the ledger tests: 2 townships, 3 villages, A/B/C and out-of-scope households. */
export function ledgerFixture(rulebook: Rulebook): LedgerInput {
  const list: LedgerHousehold[] = Object.values(households).map((h) => structuredClone(h));
  const villages = [
    village(PLACES.dongshan, PLACES.dongshan.villageCode, '620521101', 1200, 30, list),
    village(PLACES.xigou, PLACES.xigou.villageCode, '620521101', 800, 40, list, {
      indicators: [
        { key: 'leadingIndustry', label: '有主导产业', met: false, value: false },
        { key: 'collectiveIncome', label: '有村集体经济收入', met: false, value: 0 },
      ],
      indicatorsMet: false,
    }),
    village(PLACES.nanchuan, PLACES.nanchuan.villageCode, '620521102', 950, 20, list, { exited: false }),
  ];
  const townships = [township('620521102', '南川乡', villages), township('620521101', '东山镇', villages)];
  return {
    rulebook, countyName: '示范县', referenceDate: '2018-12-31', generatedAt: '2018-10-08T09:30:00+08:00',
    households: list, villages, townships, county: county(townships, villages),
  };
}

// ------------------------------------------------------------------------------ synthetic (benchmark)

/** A county-sized input: `n` households spread over 15 townships x 12 villages, deterministic. */
export function syntheticLedgerInput(rulebook: Rulebook, n: number): LedgerInput {
  const base = Object.values(households);
  const list: LedgerHousehold[] = [];
  const villages: LedgerVillage[] = [];
  const places: (Place & { townshipCode: string })[] = [];
  for (let t = 0; t < 15; t++) {
    for (let v = 0; v < 12; v++) {
      const townshipCode = `620521${String(101 + t)}`;
      places.push({ townshipName: `第${t + 1}镇`, villageName: `第${t + 1}镇${v + 1}村`, villageCode: `${townshipCode}${String(201 + v)}`, townshipCode });
    }
  }
  for (let i = 0; i < n; i++) {
    const proto = base[i % base.length]!;
    const place = places[i % places.length]!;
    const seq = String(Math.floor(i / places.length) + 1).padStart(4, '0');
    list.push({
      ...proto, householdId: `${place.villageCode}${seq}`, villageCode: place.villageCode,
      townshipName: place.townshipName, villageName: place.villageName,
      // Unique names, IDs and phones, so the shared-strings table is as large as a real county's.
      headName: `${proto.headName ?? '户主'}${i}`,
      headIdNumber: proto.headIdNumber === null ? null : `620521${String(1950 + (i % 50))}0101${String(i % 1000).padStart(3, '0')}X`,
      phone: proto.phone === null ? null : `139${String(i).padStart(8, '0')}`,
      summary: proto.summary.map((line) => `${line}（${i}）`),
    });
  }
  for (const p of places) {
    villages.push(village(p, p.villageCode, p.townshipCode, 1500, 60, list));
  }
  const townships = [...new Set(places.map((p) => p.townshipCode))].map((code) => township(code, places.find((p) => p.townshipCode === code)!.townshipName, villages));
  return {
    rulebook, countyName: '示范县', referenceDate: '2018-12-31', generatedAt: '2018-10-08T09:30:00+08:00',
    households: list, villages, townships, county: county(townships, villages),
  };
}
