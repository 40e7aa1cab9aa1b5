// The phone's own store for offline capture (docs/offline.md): the village package and the queue
// of changes made without signal, in IndexedDB. A raw wrapper: two object stores and a handful of
// calls do not need a library. Everything here is removed at sign-out (clearOffline).
import type { OfflineVillageResponse } from '../../../src/contract/offline.js';
import type { QueueItem } from './queueTypes.js';

const DB_NAME = 'tuopin-offline';
const META = 'meta';
const QUEUE = 'queue';

/** What the phone remembers of the village and of who took it along. */
export interface OfflineMeta {
  pkg: OfflineVillageResponse;
  /** Shown in the offline header; the server's session is not reachable without signal. */
  user: { username: string; name: string };
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
      if (!db.objectStoreNames.contains(QUEUE)) db.createObjectStore(QUEUE, { keyPath: 'id', autoIncrement: true });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('无法打开浏览器存储（IndexedDB）'));
  });
}

async function run<T>(store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await open();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const req = fn(tx.objectStore(store));
      tx.oncomplete = () => resolve(req ? req.result : undefined);
      tx.onerror = () => reject(tx.error ?? new Error('浏览器存储写入失败'));
      tx.onabort = () => reject(tx.error ?? new Error('浏览器存储写入被中止（存储空间不足？）'));
    });
  } finally {
    db.close();
  }
}

export async function loadMeta(): Promise<OfflineMeta | null> {
  if (typeof indexedDB === 'undefined') return null;
  return ((await run<OfflineMeta>(META, 'readonly', (s) => s.get('village'))) as OfflineMeta | undefined) ?? null;
}

export async function saveMeta(meta: OfflineMeta): Promise<void> {
  await run(META, 'readwrite', (s) => s.put(meta, 'village'));
}

export async function listQueue(): Promise<QueueItem[]> {
  return ((await run<QueueItem[]>(QUEUE, 'readonly', (s) => s.getAll())) ?? []).sort((a, b) => a.id! - b.id!);
}

export async function addToQueue(item: Omit<QueueItem, 'id'>): Promise<void> {
  await run(QUEUE, 'readwrite', (s) => s.add(item));
}

export async function putQueueItem(item: QueueItem): Promise<void> {
  await run(QUEUE, 'readwrite', (s) => s.put(item));
}

/** Sign-out: the village's personal data and the queue leave the phone. */
export async function clearOffline(): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  await run(META, 'readwrite', (s) => s.clear());
  await run(QUEUE, 'readwrite', (s) => s.clear());
}
