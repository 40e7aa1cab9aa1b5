// 动态调整 as data: the kinds of change, their reason categories and the fields whose change needs
// a second person's approval at the township. Free of Zod so the web bundle imports it as is.

export type ChangeKind = 'member-add' | 'member-remove' | 'member-correct' | 'household-correct' | 'income-edit';

export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  'member-add': '新增成员',
  'member-remove': '减少成员',
  'member-correct': '更正成员信息',
  'household-correct': '更正户信息',
  'income-edit': '修改收入测算表',
};

/** Why a member joins the household (增员原因). */
export const ADD_CATEGORIES = { birth: '出生', 'marriage-in': '婚入', other: '其他' } as const;
export type AddCategory = keyof typeof ADD_CATEGORIES;
/** Why a member leaves it (减员原因). */
export const REMOVE_CATEGORIES = { death: '死亡', 'moved-out': '迁出', 'marriage-out': '婚出', other: '其他' } as const;
export type RemoveCategory = keyof typeof REMOVE_CATEGORIES;

/**
 * The fields whose change needs a second person's approval at the township (the one list: the
 * service, the web and the docs read it from here). Paths as the change log writes them: a
 * member field, a household field, or `items` for every line of the income form.
 */
export const SENSITIVE_FIELDS = {
  member: ['idNumber'],
  household: ['attribute'],
  income: ['items'],
} as const satisfies Record<'member' | 'household' | 'income', readonly string[]>;
