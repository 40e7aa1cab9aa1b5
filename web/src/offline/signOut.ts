// Sign-out removes the village's personal data from the phone (docs/offline.md). Changes not yet
// sent would go with it: the person is asked first.
import { clearOffline, listQueue } from './db.js';
import { unsentCount } from './queueTypes.js';

/** False when the person chose to stay signed in to send what is still waiting. */
export async function confirmSignOut(): Promise<boolean> {
  const unsent = unsentCount(await listQueue().catch(() => []));
  if (unsent === 0) return true;
  return window.confirm(`离线队列中还有 ${unsent} 条修改尚未发送或需要处理。退出登录将从手机上删除本村数据和这些修改。确定退出吗？`);
}

export const wipeOfflineData = (): Promise<void> => clearOffline().catch(() => undefined);
