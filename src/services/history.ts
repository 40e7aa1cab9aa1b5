// A household's change log as plain-Chinese lines, e.g.
//   2018-11-02 张三 修改 收入测算表：外出务工收入 12000 → 15000（原因：补录务工收入）
//   2018-10-01 县扶贫办录入员 导入花名册 花名册.xlsx：建立户档案（4人）
// Personal values (ID numbers, phones, bank accounts) go through the viewer's masker, so the
// history never shows more than the member table next to it.
import { maskEmbedded, masker, type Masker, type MaskOptions } from '../domain/mask.js';
import {
  ATTRIBUTE_LABELS,
  CAUSE_LABELS,
  GRADE_LABELS,
  HEALTH_LABELS,
  INDICATOR_LABELS,
  LABOUR_LABELS,
  RELATION_LABELS,
  RELOCATION_LABELS,
  RENOVATION_LABELS,
  SCHOOL_STATUS_LABELS,
  SEX_LABELS,
  STANDARD_LABELS,
  STATUS_LABELS,
  TASK_STATUS_LABELS,
  type LabelMap,
} from '../domain/labels.js';
import { STEP_LABELS } from '../domain/taskFlow.js';
import { INCOME_ITEMS } from '../domain/types.js';
import { describeMeasure, formatFunds, MEASURE_CATEGORY_LABELS, MEASURE_STATUS_LABELS, Measure } from '../domain/plan.js';
import type { Change, Json } from '../store/index.js';

export interface HistoryLine {
  seq: number;
  at: string;
  actor: string;
  entity: Change['entity'];
  action: Change['action'];
  /** The whole line as printed. */
  text: string;
  reason: string | null;
}

type Kind = 'text' | 'bool' | 'number' | 'money' | 'fen' | 'id' | 'phone' | 'bank' | 'causes' | LabelMap<string>;

interface FieldLabel {
  label: string;
  kind: Kind;
}

const L = (label: string, kind: Kind = 'text'): FieldLabel => ({ label, kind });
const enumOf = <C extends string>(m: LabelMap<C>) => m as unknown as LabelMap<string>;

const HOUSEHOLD_FIELDS: Record<string, FieldLabel> = {
  villageCode: L('所属行政村'),
  group: L('自然村'),
  attribute: L('贫困户属性', enumOf(ATTRIBUTE_LABELS)),
  standard: L('识别标准', enumOf(STANDARD_LABELS)),
  identifiedYear: L('识别年度', 'number'),
  mainCause: L('主要致贫原因', enumOf(CAUSE_LABELS)),
  otherCauses: L('其他致贫原因', 'causes'),
  status: L('脱贫属性', enumOf(STATUS_LABELS)),
  exitYear: L('脱贫年度', 'number'),
  relocation: L('易地扶贫搬迁', enumOf(RELOCATION_LABELS)),
  guarantee: L('兜底保障户', 'bool'),
  foodClothingOk: L('吃穿不愁', 'bool'),
  foodClothingNote: L('吃穿情况说明'),
  'housing.grade': L('危房等级', enumOf(GRADE_LABELS)),
  'housing.renovation': L('危房改造情况', enumOf(RENOVATION_LABELS)),
  'housing.area': L('住房面积', 'number'),
  'water.secured': L('是否解决安全饮水', 'bool'),
  'water.piped': L('是否自来水入户', 'bool'),
  'water.fetchMinutes': L('取水往返时间', 'number'),
  'water.litresPerPersonDay': L('人均日供水量', 'number'),
  'water.qualityOk': L('水质是否达标', 'bool'),
  'water.reliabilityPercent': L('供水保证率', 'number'),
  cultivatedLand: L('耕地面积', 'number'),
  forestLand: L('林地面积', 'number'),
  roadDistanceKm: L('距村主干道距离', 'number'),
  sanitaryToilet: L('卫生厕所', 'bool'),
  'cadre.name': L('帮扶责任人'),
  'cadre.unit': L('帮扶单位'),
  'cadre.phone': L('帮扶责任人联系电话', 'phone'),
  workTeam: L('驻村工作队'),
  phone: L('联系电话', 'phone'),
  bankAccount: L('开户银行账号', 'bank'),
};

const MEMBER_FIELDS: Record<string, FieldLabel> = {
  householdId: L('所属户编号'),
  name: L('姓名'),
  idNumber: L('证件号码', 'id'),
  sex: L('性别', enumOf(SEX_LABELS)),
  birthDate: L('出生日期'),
  ethnicity: L('民族'),
  relation: L('与户主关系', enumOf(RELATION_LABELS)),
  education: L('文化程度'),
  schoolStatus: L('在校生状况', enumOf(SCHOOL_STATUS_LABELS)),
  outOfSchoolReason: L('失学辍学原因'),
  homeSchooled: L('送教上门', 'bool'),
  health: L('健康状况', enumOf(HEALTH_LABELS)),
  disabilityGrade: L('残疾等级', 'number'),
  labour: L('劳动技能', enumOf(LABOUR_LABELS)),
  migrantPlace: L('务工状况'),
  migrantMonths: L('务工时间（月）', 'number'),
  basicMedical: L('基本医疗保险', 'bool'),
  criticalIllness: L('大病保险', 'bool'),
  pension: L('基本养老保险', 'bool'),
  medicalAssistance: L('医疗救助', 'bool'),
  familyDoctor: L('家庭医生签约', 'bool'),
  phone: L('本人联系电话', 'phone'),
};

const INCOME_FIELDS: Record<string, FieldLabel> = {
  year: L('年度', 'number'),
  note: L('收入说明'),
  ...Object.fromEntries(INCOME_ITEMS.map((i) => [`items.${i.code}`, L(i.label, 'money')])),
};

const TASK_FIELDS: Record<string, FieldLabel> = {
  memberId: L('成员人编号'),
  indicator: L('指标', enumOf(INDICATOR_LABELS)),
  dueDate: L('完成时限'),
  status: L('状态', enumOf(TASK_STATUS_LABELS)),
  sector: L('责任部门'),
  note: L('说明'),
  responsible: L('责任人'),
  evidenceNote: L('完成情况'),
  evidenceDate: L('完成日期'),
  returnReason: L('退回原因'),
  declineReason: L('不予立项原因'),
};

const PLAN_FIELDS: Record<string, FieldLabel> = {
  mainCause: L('主要致贫原因', enumOf(CAUSE_LABELS)),
  otherCauses: L('其他致贫原因', 'causes'),
  goals: L('帮扶目标'),
};

const MEASURE_FIELDS: Record<string, FieldLabel> = {
  category: L('措施类别', enumOf(MEASURE_CATEGORY_LABELS)),
  content: L('措施内容'),
  responsibleName: L('责任人'),
  responsibleUnit: L('责任单位'),
  fundsFen: L('到户资金', 'fen'),
  startDate: L('开始日期'),
  endDate: L('结束日期'),
  status: L('状态', enumOf(MEASURE_STATUS_LABELS)),
  note: L('备注'),
};

const ENTITY_FIELDS: Partial<Record<Change['entity'], Record<string, FieldLabel>>> = {
  household: HOUSEHOLD_FIELDS,
  member: MEMBER_FIELDS,
  income: INCOME_FIELDS,
  task: TASK_FIELDS,
  plan: PLAN_FIELDS,
  measure: MEASURE_FIELDS,
};

const VERBS: Record<Change['action'], string> = { create: '新增', update: '修改', delete: '删除' };

/**
 * Which changes and fields a viewer may see in history lines (the server's sector projection):
 * `path` is a dotted field path of an update, or '*' for a whole-record create or delete.
 * Null = everything.
 */
export type FieldFilter = ((change: Change, path: string) => boolean) | null;

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

function formatValue(v: Json | undefined, kind: Kind, m: Masker): string {
  if (v === null || v === undefined || v === '') return '空';
  if (kind === 'id') return m.idNumber(String(v));
  if (kind === 'phone') return m.phone(String(v));
  if (kind === 'bank') return m.bankAccount(String(v));
  if (kind === 'fen' && typeof v === 'number') return formatFunds(v);
  if (kind === 'bool') return v === true ? '是' : v === false ? '否' : String(v);
  if (kind === 'causes' && Array.isArray(v)) {
    return v.length === 0 ? '无' : v.map((c) => CAUSE_LABELS.labels[c as keyof typeof CAUSE_LABELS.labels] ?? String(c)).join('、');
  }
  if (typeof v === 'number') return formatNumber(v);
  if (typeof kind === 'object' && typeof v === 'string') return kind.labels[v] ?? v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function fieldLabel(entity: Change['entity'], path: string): FieldLabel {
  return ENTITY_FIELDS[entity]?.[path] ?? L(path);
}

/** Day in China time (UTC+8): an edit at 23:30 local is that day, not the UTC day before. */
export function chinaDate(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso.slice(0, 10);
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
}

function subject(c: Change, memberNames: ReadonlyMap<string, string>): string {
  switch (c.entity) {
    case 'household':
      return '户档案';
    case 'income': {
      const year = c.entityId.split(':')[1];
      return year === undefined ? '收入测算表' : `${year}年收入测算表`;
    }
    case 'member': {
      const name = (c.after?.['name'] ?? c.before?.['name'] ?? memberNames.get(c.entityId) ?? null) as string | null;
      return name === null ? `成员 ${c.entityId}` : `成员 ${name}`;
    }
    case 'task':
      return `整改任务 ${c.entityId}`;
    case 'assessment':
      return '户类别';
    case 'plan':
      return '一户一策';
    case 'measure': {
      // An update row holds only the changed fields: the caller may pass the content by measure id.
      const content = (c.after?.['content'] ?? c.before?.['content'] ?? memberNames.get(c.entityId) ?? null) as string | null;
      return content === null ? `帮扶措施 ${c.entityId}` : `帮扶措施“${content}”`;
    }
    case 'change-request':
      return '变更申请';
    case 'check-point':
      return `疑点 #${c.entityId}`;
    case 'check-evidence':
      return `疑点 #${String(c.after?.['pointId'] ?? '')} 佐证材料“${String(c.after?.['fileName'] ?? '')}”`;
    default:
      return c.entityId;
  }
}

function memberCount(after: Record<string, Json> | null): number | null {
  const members = after?.['members'];
  return Array.isArray(members) ? members.length : null;
}

function reasonSuffix(reason: string | null): string {
  return reason === null || reason === '' ? '' : `（原因：${reason}）`;
}

/** Each changed field of `entity` as label, before and after, masked for the viewer. */
export function fieldChangeParts(
  entity: Change['entity'],
  fields: Readonly<Record<string, { before: Json; after: Json }>>,
  mask: MaskOptions,
  allow: ((path: string) => boolean) | null = null,
): { label: string; before: string; after: string }[] {
  const m = masker(mask);
  return Object.entries(fields)
    .filter(([p]) => allow === null || allow(p))
    .map(([p, v]) => {
      const f = fieldLabel(entity, p);
      return { label: f.label, before: formatValue(v.before, f.kind, m), after: formatValue(v.after, f.kind, m) };
    });
}

/** “证件号码 6201***… → 6205***…” for each changed field of `entity`, masked for the viewer. */
export function fieldChangeTexts(
  entity: Change['entity'],
  fields: Readonly<Record<string, { before: Json; after: Json }>>,
  mask: MaskOptions,
  allow: ((path: string) => boolean) | null = null,
): string[] {
  return fieldChangeParts(entity, fields, mask, allow).map((x) => `${x.label} ${x.before} → ${x.after}`);
}

/** A member as one phrase: “李四（之子，男，2018-03-01出生，证件号码 6201***…）”. */
export function memberPhrase(member: Record<string, Json>, mask: MaskOptions, allow: ((path: string) => boolean) | null = null): string {
  const m = masker(mask);
  const ok = (k: string) => Boolean(member[k]) && (allow === null || allow(k));
  const parts = [
    ok('relation') ? formatValue(member['relation'], MEMBER_FIELDS['relation']!.kind, m) : null,
    ok('sex') ? formatValue(member['sex'], MEMBER_FIELDS['sex']!.kind, m) : null,
    ok('birthDate') ? `${String(member['birthDate'])}出生` : null,
    ok('idNumber') ? `证件号码 ${m.idNumber(String(member['idNumber']))}` : null,
  ].filter((x): x is string => x !== null);
  return `${String(member['name'] ?? '')}${parts.length ? `（${parts.join('，')}）` : ''}`;
}

const REQUEST_VERBS: Record<string, string> = {
  'member-add': '新增',
  'member-remove': '减少',
  'member-correct': '修改',
  'household-correct': '修改',
  'income-edit': '修改',
};
const DECISION_VERBS: Record<string, string> = { approved: '批准', rejected: '驳回', withdrawn: '撤回' };

/**
 * What a request asks, from the summary its create row carries: “修改 成员 张三 证件号码 A → B”.
 * Null when the field filter hides all of it.
 */
export function requestText(
  summary: Record<string, Json> | null,
  mask: MaskOptions,
  allow: ((entity: Change['entity'], path: string) => boolean) | null = null,
): string | null {
  if (summary === null) return null;
  const kind = String(summary['kind'] ?? '');
  const entity = (summary['entity'] ?? 'household') as Change['entity'];
  const subjectText = String(summary['subject'] ?? '');
  const verb = REQUEST_VERBS[kind] ?? '修改';
  if (kind === 'member-add' || kind === 'member-remove') {
    if (allow !== null && !allow('member', '*')) return null;
    const member = (summary['member'] ?? {}) as Record<string, Json>;
    // A sector department sees the member's name but only the fields its projection shows.
    return `${verb} 成员 ${memberPhrase(member, mask, allow === null ? null : (p) => allow('member', p))}`;
  }
  const fields = (summary['fields'] ?? {}) as Record<string, { before: Json; after: Json }>;
  const parts = fieldChangeTexts(entity, fields, mask, allow === null ? null : (p) => allow(entity, p));
  if (parts.length === 0) return null;
  return `${verb} ${subjectText} ${parts.join('；')}`;
}

export function historyLine(
  c: Change,
  mask: MaskOptions,
  memberNames: ReadonlyMap<string, string> = new Map(),
  allow: FieldFilter = null,
  /** Change requests' create-row summaries and requesters, so a decision line can say what was decided. */
  requests: ReadonlyMap<string, Record<string, Json> | null> = new Map(),
  requesters: ReadonlyMap<string, string> = new Map(),
): HistoryLine | null {
  const m = masker(mask);
  const head = `${chinaDate(c.at)} ${c.actor.name}`;
  const base = { seq: c.seq, at: c.at, actor: c.actor.name, entity: c.entity, action: c.action, reason: c.reason };
  const what = subject(c, memberNames);

  if (c.entity === 'exit-step' || c.entity === 'exit-procedure' || c.entity === 'exit-objection') {
    if (allow !== null && !allow(c, '*')) return null;
    const text = exitHistoryText(c);
    return text === null ? null : { ...base, text: `${head} ${text}` };
  }

  if (c.entity === 'assessment' && c.action === 'update') {
    // “2018-11-20 李四 户类别 B类 → A类（原因：整改任务全部验收）”
    const cls = (v: Json | undefined) => (v === 'out-of-scope' ? '不在筛查范围' : typeof v === 'string' ? `${v}类` : '空');
    if (allow !== null && !allow(c, 'class')) return null;
    return { ...base, text: `${head} ${what} ${cls(c.before?.['class'])} → ${cls(c.after?.['class'])}${reasonSuffix(c.reason)}` };
  }
  if (c.entity === 'task' && c.action === 'update' && typeof c.after?.['step'] === 'string') {
    // A workflow step (tasks.ts): “2018-11-20 县住建局 完成 整改任务 T123（住房安全：D级→A级，2018-11-18 验收）”.
    if (allow !== null && !allow(c, '*')) return null;
    const step = c.after['step'];
    const verb = (STEP_LABELS as Record<string, string>)[step] ?? step;
    const summary = typeof c.after['summary'] === 'string' && c.after['summary'] !== '' ? `（${c.after['summary']}）` : '';
    return { ...base, text: `${head} ${verb} ${what}${summary}${reasonSuffix(c.reason)}` };
  }
  if (c.entity === 'attachment' && c.action === 'create') {
    if (allow !== null && !allow(c, '*')) return null;
    return { ...base, text: `${head} 上传 整改任务 ${String(c.after?.['taskId'] ?? '')} 的佐证材料 ${String(c.after?.['fileName'] ?? '')}` };
  }
  if (c.entity === 'check-point' && c.action === 'update') {
    // The step's reason says what happened (入户核实：属实, 审核通过，销号 …); the raw fields are for the point's own page.
    return { ...base, text: `${head} ${what}：${maskEmbedded(c.reason ?? '更新', mask)}` };
  }
  if (c.entity === 'change-request') {
    // “2018-11-20 王村驻村工作队 申请修改 成员 张三 证件号码 6201***…（待审核）”,
    // “2018-11-21 某乡扶贫工作站 批准 钱七的申请：修改 成员 张三 证件号码 …”.
    const created = c.action === 'create' ? c.after : (requests.get(c.entityId) ?? null);
    const filter = allow === null ? null : (entity: Change['entity'], path: string) => allow({ ...c, entity }, path);
    const asked = requestText(created, mask, filter);
    if (asked === null) return null;
    if (c.action === 'create') return { ...base, text: `${head} 申请${asked}（待审核）${reasonSuffix(c.reason)}` };
    const status = String(c.after?.['status'] ?? '');
    const by = requesters.get(c.entityId);
    const whose = status === 'withdrawn' || by === undefined ? '' : `${by}的`;
    return { ...base, text: `${head} ${DECISION_VERBS[status] ?? status} ${whose}申请：${asked}${reasonSuffix(c.reason)}` };
  }
  if (c.action === 'update') {
    const paths = Object.keys({ ...(c.before ?? {}), ...(c.after ?? {}) }).filter((p) => allow === null || allow(c, p));
    if (paths.length === 0) return null;
    const parts = paths.map((p) => {
      const f = fieldLabel(c.entity, p);
      return `${f.label} ${formatValue(c.before?.[p], f.kind, m)} → ${formatValue(c.after?.[p], f.kind, m)}`;
    });
    return { ...base, text: `${head} 修改 ${what}：${parts.join('；')}${reasonSuffix(c.reason)}` };
  }

  if (allow !== null && !allow(c, '*')) return null;
  if (c.entity === 'measure') {
    // “新增帮扶措施：产业类 养殖肉牛2头（县农业农村局 王某，到户资金 6000 元，2018-09-01 至 2018-12-31）”
    // Null fields are left out of create/delete records; put them back before reading the record.
    const m = Measure.omit({ id: true, householdId: true }).safeParse({ responsibleUnit: null, note: null, ...(c.after ?? c.before ?? {}) });
    if (m.success) return { ...base, text: `${head} ${VERBS[c.action]}帮扶措施：${describeMeasure(m.data)}${reasonSuffix(c.reason)}` };
  }
  if (c.action === 'create' && c.entity === 'household') {
    const n = memberCount(c.after);
    const what2 = `建立户档案${n === null ? '' : `（${n}人）`}`;
    // An import names its file in the reason: “导入花名册 xxx.xlsx：建立户档案（4人）”.
    if (c.reason !== null && c.reason.startsWith('导入')) return { ...base, text: `${head} ${c.reason}：${what2}` };
    return { ...base, text: `${head} ${what2}${reasonSuffix(c.reason)}` };
  }
  if (c.reason !== null && c.reason.startsWith('导入')) return { ...base, text: `${head} ${c.reason}：${VERBS[c.action]}${what}` };
  return { ...base, text: `${head} ${VERBS[c.action]} ${what}${reasonSuffix(c.reason)}` };
}

/**
 * Exit-procedure lines (退出程序), e.g. “退出程序 公示（2018-11-20 至 2018-11-27）”. A step whose date
 * lies further back than the rulebook allows reads “补录 …（补录原因：…）”, never silently.
 */
function exitHistoryText(c: Change): string | null {
  const a = c.after ?? {};
  const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
  const proc = a['kind'] === 'village' ? '村退出程序' : '退出程序';
  if (c.entity === 'exit-step' && c.action === 'create') {
    // The row names the step as the rulebook did when it was recorded, so the line needs no rulebook.
    const label = str('name') || str('step');
    const doc = str('document');
    let detail: string;
    if (a['notice'] === 'start') detail = `${label}（${str('date')} 起，${doc}）`;
    else if (a['notice'] === 'end') detail = `${str('noticeName') || label}（${str('noticeStart') || '?'} 至 ${str('date')}）期满结束（${doc}）`;
    else if (a['votesFor'] !== undefined)
      detail = `${label}（${str('date')}，赞成 ${String(a['votesFor'] ?? '?')} 票、反对 ${String(a['votesAgainst'] ?? '?')} 票，${doc}）`;
    else detail = `${label}（${str('date')}，${doc}）`;
    const backdate = str('backdateReason');
    return backdate === '' ? `${proc} ${detail}` : `补录 ${proc} ${detail}（补录原因：${backdate}）`;
  }
  if (c.entity === 'exit-objection') {
    if (c.action === 'create') return `${proc} 登记公示异议（${str('receivedOn')} 收到：${str('content')}）`;
    const outcome = a['outcome'] === 'upheld' ? '异议属实' : '异议不属实';
    return `${proc} 处理公示异议：${outcome}（${str('resolvedOn')}，${str('note')}）`;
  }
  if (c.entity === 'exit-procedure' && c.action === 'update') {
    if (a['status'] === 'sent-back') return `${proc} 退回：${str('closedReason')}`;
    if (a['status'] === 'completed') return `${proc} 完成${str('name') === '' ? '' : `（${str('name')}）`}`;
  }
  // The procedure's creation is told by its first step.
  return null;
}

/** Oldest first, as the change log reads; lines a field filter leaves empty are dropped. */
export function historyLines(
  changes: readonly Change[],
  mask: MaskOptions,
  memberNames: ReadonlyMap<string, string> = new Map(),
  allow: FieldFilter = null,
): HistoryLine[] {
  const out: HistoryLine[] = [];
  const requests = new Map<string, Record<string, Json> | null>();
  const requesters = new Map<string, string>();
  for (const c of changes) {
    if (c.entity === 'change-request' && c.action === 'create') {
      requests.set(c.entityId, c.after);
      requesters.set(c.entityId, c.actor.name);
    }
  }
  for (const c of changes) {
    const line = historyLine(c, mask, memberNames, allow, requests, requesters);
    if (line !== null) out.push(line);
  }
  return out;
}
