// 动态调整 as data: the kinds of change and their reason categories. Free of Zod so the web bundle
// imports it as is. Which fields wait for the township's approval is the rulebook's (changeApproval).

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
