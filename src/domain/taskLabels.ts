// Names of the task workflow steps and the hygiene checklist, without Zod, so the web bundle can
// share them with taskFlow.ts.
export type TaskStep = 'accept' | 'decline' | 'assign' | 'start' | 'complete' | 'verify' | 'return' | 'reopen';

export const STEP_LABELS: Readonly<Record<TaskStep, string>> = {
  accept: '确认',
  decline: '不予立项',
  assign: '分派',
  start: '开始办理',
  complete: '完成',
  verify: '验收',
  return: '退回',
  reopen: '重新办理',
};
