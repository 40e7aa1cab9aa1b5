// Names for what change-log verification finds, shared by the store, the CLI, the API contract
// and the web page (which may import only zod and the domain).

export const BREAK_KINDS = ['modified', 'relinked', 'missing-hash', 'checkpoint', 'expected-head'] as const;
export type BreakKind = (typeof BREAK_KINDS)[number];

export const BREAK_LABELS: Readonly<Record<BreakKind, string>> = {
  modified: '内容被修改',
  relinked: '记录被删除或插入',
  'missing-hash': '哈希缺失',
  checkpoint: '已核验的记录被删除或改动',
  'expected-head': '报告中的链头哈希不在日志中',
};

/** The change log's entity names, as an operator reads them. */
export const CHANGE_ENTITY_LABELS: Readonly<Record<string, string>> = {
  region: '区划',
  household: '农户',
  member: '成员',
  income: '收入测算表',
  task: '整改任务',
  user: '用户',
  setting: '系统设置',
  assessment: '户类别',
};

export const HEAD_HASH_PATTERN = /^[0-9a-fA-F]{64}$/;
