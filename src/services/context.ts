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
