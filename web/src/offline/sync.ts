// Sends the queue once there is signal (docs/offline.md): oldest first, each change through the
// same endpoint as an online edit, with the version it was made on. A 409 version-conflict marks
// the change for a person to resolve; a lost connection stops the run and leaves the rest waiting.
import { ApiError, get, patch, post, put, setCsrfToken } from '../api/client.js';
import type { SessionInfo } from '../api/types.js';
import type { OfflineVillageResponse } from '../../../src/contract/offline.js';
import { listQueue, loadMeta, putQueueItem, saveMeta } from './db.js';
import { unsentCount, type QueueItem } from './queueTypes.js';

const quiet = { silent: true, allow401: true } as const;

interface Outcome {
  status?: string;
  message?: string;
}

async function sendChange(item: QueueItem): Promise<string> {
  const c = item.change;
  const id = encodeURIComponent(c.householdId);
  const expectedVersion = item.baseVersion;
  switch (c.kind) {
    case 'income': {
      const out = await put<Outcome>(`/api/households/${id}/income`, { items: c.items, note: c.note, reason: c.reason, expectedVersion }, quiet);
      return out.message ?? '已发送';
    }
    case 'member-correct': {
      const out = await patch<Outcome>(
        `/api/households/${id}/members/${encodeURIComponent(c.memberId)}`,
        { fields: c.fields, reason: c.reason, expectedVersion },
        quiet,
      );
      return out.message ?? '已发送';
    }
    case 'member-remove': {
      const { category, note, newHeadId } = c;
      const out = await post<Outcome>(
        `/api/households/${id}/members/${encodeURIComponent(c.memberId)}/remove`,
        { category, note, newHeadId, expectedVersion },
        quiet,
      );
      return out.message ?? '已发送';
    }
    case 'task-complete': {
      const task = encodeURIComponent(c.taskId);
      // Photos first, as online: a task is never marked done without the evidence it was closed with.
      for (let i = c.uploaded; i < c.photos.length; i++) {
        const p = c.photos[i]!;
        const form = new FormData();
        form.append('file', new File([p.blob], p.name, { type: p.type }), p.name);
        await post(`/api/tasks/${task}/attachments`, undefined, { form, ...quiet });
        c.uploaded = i + 1;
        await putQueueItem(item);
      }
      await post(
        `/api/tasks/${task}/steps`,
        { step: 'complete', evidenceNote: c.evidenceNote, evidenceDate: c.evidenceDate, closeOut: c.closeOut, expectedVersion },
        quiet,
      );
      return '任务已完成，待乡镇验收';
    }
    case 'visit':
      throw new Error('unreachable: visit records are held');
  }
}

export interface SyncResult {
  sent: number;
  attention: number;
  /** Why the run stopped early (no signal, signed out), if it did. */
  stopped: string | null;
}

/** The CSRF token of the cookie's session: the page may have opened offline, without one. */
async function ensureSession(): Promise<string | null> {
  const s = await get<SessionInfo>('/api/session', quiet);
  setCsrfToken(s.csrfToken);
  if (!s.user) return '登录已失效：请重新登录后再发送（队列保留在手机上）';
  // The queue is its recorder's: another account signed in on this phone does not send it in their name.
  const owner = (await loadMeta())?.user;
  if (owner && owner.username !== s.user.username) return `离线队列中的修改由${owner.name}记录，请以该账号登录后发送`;
  return null;
}

let running: Promise<SyncResult> | null = null;

/** One run at a time: the online event and the button may both ask. */
export function sendQueue(now: () => string = () => new Date().toISOString()): Promise<SyncResult> {
  running ??= run(now).finally(() => {
    running = null;
  });
  return running;
}

async function run(now: () => string): Promise<SyncResult> {
  const result: SyncResult = { sent: 0, attention: 0, stopped: null };
  try {
    result.stopped = await ensureSession();
  } catch {
    result.stopped = '无法连接服务器，修改仍在队列中等待';
  }
  if (result.stopped) return result;
  for (const item of await listQueue()) {
    if (item.state !== 'waiting') continue;
    try {
      item.message = await sendChange(item);
      item.state = 'sent';
      item.sentAt = now();
      result.sent++;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 0 || e.status === 401)) {
        result.stopped = e.status === 0 ? '网络中断，其余修改仍在队列中等待' : '登录已失效：请重新登录后再发送（队列保留在手机上）';
        break;
      }
      item.state = e instanceof ApiError && e.code === 'version-conflict' ? 'conflict' : 'failed';
      item.message = e instanceof Error ? e.message : String(e);
      result.attention++;
    }
    await putQueueItem(item);
  }
  return result;
}

/** Takes the village along (again): the package with the current versions, kept in IndexedDB. */
export async function takeVillage(user: { username: string; name: string }): Promise<OfflineVillageResponse> {
  const owner = (await loadMeta())?.user;
  if (owner && owner.username !== user.username && unsentCount(await listQueue()) > 0)
    throw new Error(`此手机上还有${owner.name}记录的离线修改尚未发送：请先以该账号登录发送，或由其退出登录后再带走本村数据`);
  const pkg = await get<OfflineVillageResponse>('/api/offline/village', { silent: true });
  await saveMeta({ pkg, user });
  return pkg;
}

/** The freshest package this phone can get: the server's when online, else the stored one. */
export async function refreshPackage(): Promise<OfflineVillageResponse | null> {
  const meta = await loadMeta();
  if (!meta) return null;
  return takeVillage(meta.user);
}
