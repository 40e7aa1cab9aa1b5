// Who the users are and what each kind of account may do: the roles, the sector departments, and
// one permission table read by the services, the routes and the web (menus, buttons). can()
// answers for the role only; whether the record is in the user's scope (region, own sector's
// task, not one's own request) is checked where the record is, by the store and the services.
// Free of Zod so the web's first bundle imports it as is; the API's Zod enums (src/contract/api.ts)
// are built from ROLES and SECTORS.

export const ROLES = ['county', 'leader', 'sector', 'township', 'village'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  county: '县扶贫办',
  leader: '县级领导',
  sector: '行业部门',
  township: '乡镇用户',
  village: '村级用户',
};

export const SECTORS = ['教育', '卫健', '医保', '住建', '水务', '民政', '人社', '残联'] as const;
export type Sector = (typeof SECTORS)[number];

/** What an account of a role covers, apart from what it may do. */
export interface RoleTraits {
  /** The whole county, with no assigned regions (the others see only the regions assigned to them). */
  readonly countyWide: boolean;
  /** Sees one sector's fields and indicators and works on that sector's tasks only. */
  readonly sectorBound: boolean;
  /** May carry the administrator flag (user management, change-log verification). */
  readonly mayBeAdmin: boolean;
}

export const ROLE_TRAITS: Readonly<Record<Role, RoleTraits>> = {
  county: { countyWide: true, sectorBound: false, mayBeAdmin: true },
  leader: { countyWide: false, sectorBound: false, mayBeAdmin: false },
  sector: { countyWide: true, sectorBound: true, mayBeAdmin: false },
  township: { countyWide: false, sectorBound: false, mayBeAdmin: false },
  village: { countyWide: false, sectorBound: false, mayBeAdmin: false },
};

export const ACTIONS = [
  'roster.import',
  'rulebook.switch',
  'user.admin',
  'audit.verify',
  'income.edit',
  'member.edit',
  'household.edit',
  'household.exitDecision',
  'change.read',
  'change.approve',
  'plan.edit',
  'handbook.view',
  'ledger.export',
  'task.propose',
  'task.accept',
  'task.assign',
  'task.work',
  'task.verify',
  'exit.record',
  'objectionPhone.county',
  'objectionPhone.township',
  'project.edit',
  'project.money',
  'project.notice',
  'spotCheck.read',
  'spotCheck.draw',
  'spotCheck.form',
  'check.upload',
  'check.review',
  'check.read',
  'check.finding',
  'check.verify',
  'check.assign',
  'check.close',
  'leader.assign',
  'visit.record',
  'problem.record',
  'problem.rectify',
  'problem.verify',
  'accountability.decide',
  'weekly.read',
  'weekly.notes',
  'offline.take',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Permission {
  readonly roles: readonly Role[];
  /** Also needs the administrator flag (which only a role with mayBeAdmin can carry). */
  readonly admin: boolean;
  /** What it allows, as docs/web.md's role table says it. */
  readonly label: string;
}

const p = (label: string, roles: readonly Role[], admin = false): Permission => ({ roles, admin, label });

const OFFICE = ['county'] as const;
const EDITORS = ['county', 'township', 'village'] as const;
const MANAGERS = ['county', 'township'] as const;
const READERS = ['county', 'leader', 'township', 'village'] as const;
// Projects are the county office's and the responsible sector department's (a sector account only its own sector's).
const PROJECT_OWNERS = ['county', 'sector'] as const;
const SPOT_CHECKERS = ['county', 'leader', 'township'] as const;

export const PERMISSIONS: Readonly<Record<Action, Permission>> = {
  'roster.import': p('导入花名册', OFFICE),
  'rulebook.switch': p('切换规则库', OFFICE),
  'user.admin': p('管理用户', OFFICE, true),
  'audit.verify': p('核验变更日志', OFFICE, true),
  'income.edit': p('修改收入测算表', EDITORS),
  'member.edit': p('增减、更正成员', EDITORS),
  'household.edit': p('更正户信息', EDITORS),
  'household.exitDecision': p('县级决定农户脱贫属性、脱贫年度（须填文号和原因，单独记入变更记录）', OFFICE),
  'change.read': p('查看变更申请', READERS),
  'change.approve': p('审批他人提交的变更申请', MANAGERS),
  'plan.edit': p('修改一户一策', EDITORS),
  'handbook.view': p('查看、打印户册', READERS),
  'ledger.export': p('导出台账', READERS),
  'task.propose': p('生成整改建议', MANAGERS),
  'task.accept': p('确认整改建议或不予立项', MANAGERS),
  'task.assign': p('分派整改任务', MANAGERS),
  'task.work': p('办理整改任务（开始、完成、重新办理）', [...EDITORS, 'sector']),
  'task.verify': p('验收、退回整改任务', MANAGERS),
  'exit.record': p('记录退出程序的步骤和公示异议', EDITORS),
  'objectionPhone.county': p('设置全县通用的监督电话', OFFICE),
  'objectionPhone.township': p('设置乡镇的监督电话', MANAGERS),
  'project.edit': p('录入、修改项目（状态、受益户）', PROJECT_OWNERS),
  'project.money': p('录入项目资金下达和拨付', PROJECT_OWNERS),
  'project.notice': p('张贴项目公示，记录和处理异议', [...PROJECT_OWNERS, 'township', 'village']),
  // Villages are what is checked: their own accounts neither see the sample nor fill its forms.
  'spotCheck.read': p('查看抽查和三率自评估（本辖区的样本户和核查表）', SPOT_CHECKERS),
  'spotCheck.draw': p('抽取抽查样本、开展三率自评估', OFFICE),
  'spotCheck.form': p('填写本辖区样本户的核查表和未建档户调查表', SPOT_CHECKERS),
  // 名单比对: a sector department uploads and reviews only the list kinds its sector sends (rulebook crossCheck.listKinds).
  'check.upload': p('上传行业部门名单并比对', PROJECT_OWNERS),
  'check.review': p('确认或否定可能匹配', PROJECT_OWNERS),
  'check.read': p('查看比对结果和疑点', [...READERS, 'sector']),
  'check.finding': p('入户核实疑点并记录结果', EDITORS),
  'check.verify': p('审核疑点核实结果、销号', MANAGERS),
  'check.assign': p('分派疑点核实责任人', MANAGERS),
  'check.close': p('未经入户核实直接销号疑点（须填说明）', OFFICE),
  'leader.assign': p('安排县级领导联系的乡镇和村（联乡包村）', OFFICE),
  'visit.record': p('记录督查走访（领导和乡镇干部）', ['county', 'leader', 'township']),
  'problem.record': p('登记问题（来自考核、巡察、督查、暗访、抽查、比对、举报）', ['county', 'leader']),
  'problem.rectify': p('记录本单位问题的整改情况', ['township', 'village', 'sector']),
  'problem.verify': p('核实问题整改、退回重新整改', OFFICE),
  'accountability.decide': p('记录组织处理和纪律处分', OFFICE),
  'weekly.read': p('查看周调度和测算推演', READERS),
  'weekly.notes': p('填写周调度分析和例会记录', OFFICE),
  // Only a village's own team carries personal data away on a phone, and only its village's.
  'offline.take': p('带走本村数据离线使用（户、成员、收入测算表、待办整改任务）', ['village']),
};

/** A role alone, or a signed-in user (whose admin flag counts only where its role may carry it). */
export type Who = Role | { readonly role: Role; readonly admin?: boolean };

/** May `who` take `action` at all (its scope and the record's state are checked elsewhere)? */
export function can(who: Who, action: Action): boolean {
  const role = typeof who === 'string' ? who : who.role;
  const admin = typeof who === 'string' ? false : who.admin === true && ROLE_TRAITS[role].mayBeAdmin;
  const rule = PERMISSIONS[action];
  return rule.roles.includes(role) && (!rule.admin || admin);
}

export const coversCounty = (role: Role): boolean => ROLE_TRAITS[role].countyWide;
export const isSectorBound = (role: Role): boolean => ROLE_TRAITS[role].sectorBound;
export const mayBeAdmin = (role: Role): boolean => ROLE_TRAITS[role].mayBeAdmin;
