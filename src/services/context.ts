// What every use case receives: the store, who is acting and a clock. Tests hand in fakes.
import type { Actor, Clock, Store } from '../store/index.js';

export interface ServiceContext {
  store: Store;
  actor: Actor;
  clock: Clock;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', name: '系统' };
export const CLI_ACTOR: Actor = { id: 'cli', name: '命令行操作员' };

export const systemClock: Clock = () => new Date().toISOString();

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * The demo's clock: the real clock moved by whole days so that today (China time) is `today`, a
 * day inside the autumn push, and overdue tasks, notice days and deadlines mean something. The
 * time of day and its running on stay real (sessions, ordering); midnight still turns the day.
 */
export function demoClock(today: string, real: Clock = systemClock): Clock {
  const realDay = Math.floor((Date.parse(real()) + CHINA_OFFSET_MS) / DAY_MS);
  const demoDay = Math.floor(Date.parse(`${today}T00:00:00Z`) / DAY_MS);
  const shift = (demoDay - realDay) * DAY_MS;
  return () => new Date(Date.parse(real()) + shift).toISOString();
}
