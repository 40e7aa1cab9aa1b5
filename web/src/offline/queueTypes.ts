// What a change made without signal looks like while it waits on the phone (docs/offline.md).
// Each carries the version of the record part it was made on (baseVersion), sent back with it.

export interface QueuedPhoto {
  name: string;
  type: string;
  blob: Blob;
}

export type QueuedChange =
  | { kind: 'income'; householdId: string; items: Record<string, number>; note: string | null; reason: string }
  | { kind: 'member-correct'; householdId: string; memberId: string; fields: Record<string, unknown>; reason: string }
  | { kind: 'member-remove'; householdId: string; memberId: string; category: string; note: string | null; newHeadId: string | null }
  | {
      kind: 'task-complete';
      householdId: string;
      taskId: string;
      evidenceNote: string;
      evidenceDate: string;
      closeOut: unknown;
      photos: QueuedPhoto[];
      /** Photos already on the server (a resend after a conflict does not upload them twice). */
      uploaded: number;
    }
  | { kind: 'visit'; householdId: string; date: string; note: string };

/**
 * waiting: to be sent; sent: the server took it; conflict: the record changed on the server meanwhile
 * (a person decides); failed: refused for another reason (shown, kept); held: no endpoint to send it
 * to yet (visit records); discarded: the person kept the server's record instead.
 */
export type QueueState = 'waiting' | 'sent' | 'conflict' | 'failed' | 'held' | 'discarded';

export interface QueueItem {
  id?: number;
  change: QueuedChange;
  /** “张三家 收入测算表”: what the queue page lists. */
  label: string;
  baseVersion: string | null;
  createdAt: string;
  state: QueueState;
  /** The server's answer (“已提交，待乡镇审核”) or its refusal. */
  message: string | null;
  sentAt: string | null;
}

export const STATE_LABELS: Record<QueueState, string> = {
  waiting: '待发送',
  sent: '已发送',
  conflict: '有冲突，需要处理',
  failed: '被拒绝，需要处理',
  held: '暂存（走访记录尚无接收接口）',
  discarded: '已放弃（保留服务器上的）',
};

/** Changes still on the phone only: waiting, held, or needing a person's decision. */
export const unsentCount = (items: readonly QueueItem[]): number => items.filter((i) => i.state !== 'sent' && i.state !== 'discarded').length;
