// Use case: the printable household handbook (户册), one A4 document kept at the household and
// shown to anyone who visits: facts, members, causes, the income form with the per-capita figure
// and the line, indicator status with reasons, the plan's measures and the assistance so far.
//
// Because it is public, every personal value goes through maskFor('public-notice') whoever prints
// it: no ID number, phone, bank account or health detail. Labels are resolved here, so the page
// only lays the text out.
import { masker, maskFor } from '../domain/mask.js';
import {
  ATTRIBUTE_LABELS,
  CAUSE_LABELS,
  GRADE_LABELS,
  INDICATOR_LABELS,
  LABOUR_LABELS,
  RELATION_LABELS,
  RELOCATION_LABELS,
  RENOVATION_LABELS,
  SCHOOL_STATUS_LABELS,
  SEX_LABELS,
  STATUS_LABELS,
} from '../domain/labels.js';
import { formatFunds, MEASURE_CATEGORY_LABELS, MEASURE_STATUS_LABELS } from '../domain/plan.js';
import { can } from '../domain/roles.js';
import type { Store } from '../store/index.js';
import { notAllowed, type Access } from './access.js';
import { householdDetail } from './householdDetail.js';
import { readPlan } from './plans.js';
import { projectSettings } from './projects.js';
import { maskEmbedded, type MaskOptions } from '../domain/mask.js';
import { formatYuan } from '../domain/projects.js';

/** “2018年 饮水 人饮巩固提升工程（验收，已拨付 100,000.00 元）”: names are typed by people, so they pass the masker. */
async function projectLines(store: Store, viewer: Access, householdId: string, mask: MaskOptions): Promise<string[]> {
  const settings = await projectSettings(store);
  const projects = await store.projects.list(viewer.scope, { householdId });
  const money = await store.projects.money(projects.map((p) => p.id));
  return projects.map((p) => {
    const paid = money.disbursements.filter((d) => d.projectId === p.id).reduce((s, d) => s + d.fen, 0);
    const status = settings.statuses.find((s) => s.code === p.status)?.label ?? p.status;
    return `${p.year}年 ${settings.types[p.type] ?? p.type} ${maskEmbedded(p.name, mask)}（${status}，已拨付 ${formatYuan(paid)}）`;
  });
}

export interface HandbookFact {
  label: string;
  value: string;
}

export interface HandbookMember {
  name: string;
  relation: string;
  sex: string;
  birthYear: string;
  idNumber: string;
  education: string;
  schoolStatus: string;
  labour: string;
  phone: string;
}

export interface HandbookIncomeLine {
  categoryLabel: string;
  label: string;
  amount: number;
  counted: boolean;
}

export interface HandbookIncome {
  year: number;
  lines: HandbookIncomeLine[];
  note: string | null;
  /** From the stored assessment; null when the household was not assessed yet. */
  net: number | null;
  size: number | null;
  perCapita: number | null;
  /** The line's Chinese name (贫困线, 监测线, ...). */
  lineName: string;
  line: number;
  pass: boolean | null;
  arithmetic: string | null;
}

export interface HandbookMeasure {
  id: string;
  category: string;
  content: string;
  responsible: string;
  funds: string;
  startDate: string;
  endDate: string;
  status: string;
  note: string | null;
}

export interface Handbook {
  householdId: string;
  headName: string | null;
  size: number;
  townshipName: string | null;
  villageName: string | null;
  group: string | null;
  facts: HandbookFact[];
  members: HandbookMember[];
  mainCause: string | null;
  otherCauses: string[];
  goals: string | null;
  income: HandbookIncome;
  classLabel: string | null;
  indicators: { label: string; met: boolean; reasons: string[] }[];
  measures: HandbookMeasure[];
  /** Measures done and tasks verified, one line each, oldest first. */
  assistance: string[];
  year: number;
  /** Projects reaching the household (项目库), one line each. */
  projects: string[];
}

/** Rulebook line keys as printed; the key itself (“poverty”) means nothing to a household. */
const LINE_LABELS: Readonly<Record<string, string>> = { poverty: '贫困线', province: '省定标准', municipal: '市定标准', monitoring: '监测线' };

const HEALTH_SENSITIVE: ReadonlySet<string> = new Set(['medical', 'education']);

const dash = (v: string | number | null | undefined, unit = '') => (v === null || v === undefined || v === '' ? '—' : `${v}${unit}`);
const yesNo = (v: boolean | null | undefined) => (v === true ? '是' : v === false ? '否' : '—');

/** County office, leaders, townships and villages in scope; sector departments read their sector only, never the whole household. */
export async function householdHandbook(store: Store, viewer: Access, householdId: string): Promise<Handbook> {
  if (!can(viewer.role, 'handbook.view')) throw notAllowed('户册包含全户信息，行业部门账号不能查看或打印');
  const d = await householdDetail(store, viewer, householdId);
  const plan = await readPlan(store, viewer, householdId);
  const m = masker(maskFor('public-notice'));
  const h = d.household;
  const a = d.assessment;
  const head = d.members.find((x) => x.relation === 'head');
  const taskDone = d.tasks.filter((t) => t.status === 'verified');

  const facts: HandbookFact[] = [
    { label: '户编号', value: h.id },
    { label: '贫困户属性', value: ATTRIBUTE_LABELS.label(h.attribute) },
    { label: '识别年度', value: dash(h.identifiedYear) },
    { label: '脱贫属性', value: STATUS_LABELS.label(h.status) + (h.exitYear !== null ? `（${h.exitYear}年）` : '') },
    { label: '易地扶贫搬迁', value: RELOCATION_LABELS.label(h.relocation) },
    { label: '兜底保障', value: yesNo(h.guarantee) },
    {
      label: '住房',
      value: `${h.housing.grade === null ? '—' : GRADE_LABELS.label(h.housing.grade)}，${RENOVATION_LABELS.label(h.housing.renovation)}${h.housing.area !== null ? `，${h.housing.area}㎡` : ''}`,
    },
    { label: '安全饮水', value: yesNo(h.water.secured) + (h.water.piped === true ? '（自来水入户）' : '') },
    { label: '耕地 / 林地', value: `${dash(h.cultivatedLand, '亩')} / ${dash(h.forestLand, '亩')}` },
    { label: '帮扶责任人', value: [h.cadre.name, h.cadre.unit].filter(Boolean).join('，') || '—' },
    { label: '联系电话', value: m.phone(h.cadre.phone) || '—' },
    { label: '驻村工作队', value: dash(h.workTeam) },
  ];

  const members: HandbookMember[] = d.members.map((x) => ({
    name: x.name,
    relation: RELATION_LABELS.label(x.relation),
    sex: x.sex === null ? '—' : SEX_LABELS.label(x.sex),
    birthYear: x.birthDate === null ? '—' : `${x.birthDate.slice(0, 4)}年`,
    idNumber: m.idNumber(x.idNumber) || '—',
    education: dash(x.education),
    schoolStatus: SCHOOL_STATUS_LABELS.label(x.schoolStatus),
    labour: x.labour === null ? '—' : LABOUR_LABELS.label(x.labour),
    phone: m.phone(x.phone) || '—',
  }));

  const income: HandbookIncome = {
    year: d.income.year,
    lines: d.income.lines
      .filter((l) => l.amount !== null)
      .map((l) => ({ categoryLabel: l.categoryLabel, label: l.label, amount: l.amount as number, counted: l.counted })),
    note: d.income.note,
    net: a?.income?.net ?? null,
    size: a?.income?.size ?? null,
    perCapita: a?.income?.perCapita ?? null,
    lineName: LINE_LABELS[d.income.lineName] ?? '收入线',
    line: a?.income?.line ?? d.income.line,
    pass: a?.income?.pass ?? null,
    arithmetic: a?.income?.arithmetic ?? null,
  };

  const measures: HandbookMeasure[] = plan.measures.map((x) => ({
    id: x.id,
    category: MEASURE_CATEGORY_LABELS.label(x.category),
    content: x.content,
    responsible: [x.responsibleUnit, x.responsibleName].filter(Boolean).join(' '),
    funds: formatFunds(x.fundsFen),
    startDate: x.startDate,
    endDate: x.endDate,
    status: MEASURE_STATUS_LABELS.label(x.status),
    note: x.note,
  }));

  const assistance = [
    ...plan.measures
      .filter((x) => x.status === 'done')
      .map((x) => ({
        date: x.endDate,
        text: `${x.endDate} 完成帮扶措施：${MEASURE_CATEGORY_LABELS.label(x.category)} ${x.content}（到户资金 ${formatFunds(x.fundsFen)}）`,
      })),
    ...taskDone.map((t) => ({
      date: t.dueDate,
      text: `${t.dueDate} 前完成整改并验收：${INDICATOR_LABELS.label(t.indicator)}${t.sector ? `（${t.sector}）` : ''}${t.note ? `，${m.healthText(t.note, '')}` : ''}`,
    })),
  ]
    .sort((x, y) => x.date.localeCompare(y.date))
    .map((x) => x.text);

  return {
    householdId: h.id,
    headName: a?.headName ?? head?.name ?? null,
    size: a?.size ?? d.members.length,
    townshipName: d.townshipName,
    villageName: d.villageName,
    group: h.group,
    facts,
    members,
    mainCause: plan.mainCause === null ? null : CAUSE_LABELS.label(plan.mainCause),
    otherCauses: plan.otherCauses.map((c) => CAUSE_LABELS.label(c)),
    goals: plan.goals,
    income,
    classLabel: a === null ? null : a.classLabel,
    // Medical and schooling reasons can name an illness or a disability (“因病休学”): on a public
    // page those are hidden, the verdict stays. Income, water, housing and food reasons are facts
    // about the household, which is what the page is for.
    indicators: (a?.indicators ?? []).map((c) => ({
      label: c.label,
      met: c.met,
      reasons: c.reasons.map((r) => (HEALTH_SENSITIVE.has(c.indicator) ? m.healthText(r.text, '（涉及健康信息，已隐去）') : r.text)),
    })),
    measures,
    assistance,
    year: d.rulebook.year,
    projects: await projectLines(store, viewer, h.id, m.options),
  };
}
