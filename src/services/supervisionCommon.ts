// What the supervision use cases share: the rulebook's supervision settings, request parsing with
// a Chinese error naming the field, the region map and today in China time.
import type { z } from 'zod';
import type { SupervisionSettings } from '../domain/supervision.js';
import type { Region } from '../domain/types.js';
import { ALL, type Store, type Trx } from '../store/index.js';
import { AccessError } from './access.js';
import type { ServiceContext } from './context.js';
import { chinaDate } from './history.js';
import { activeRulebook } from './rulebooks.js';

export async function supervisionSettings(store: Store, trx?: Trx): Promise<SupervisionSettings> {
  return (await activeRulebook(store, trx)).supervision;
}

export const bad = (code: string, message: string) => new AccessError(400, code, message);
export const conflict = (message: string) => new AccessError(409, 'invalid-state', message);

export function parse<T extends z.ZodTypeAny>(schema: T, input: unknown, what = '请求'): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  throw bad('invalid-input', `${what}有误：${first?.path.join('.') || '内容'} ${first?.message ?? ''}`.trim());
}

export async function regionMap(store: Store, trx?: Trx): Promise<Map<string, Region>> {
  return new Map((await store.regions.list(ALL, trx ? { trx } : {})).map((r) => [r.code, r]));
}

export const todayOf = (ctx: ServiceContext): string => chinaDate(ctx.clock());

/** The township a region belongs to (itself for a township), or null. */
export function townshipOf(regions: Map<string, Region>, code: string | null): Region | null {
  const r = code === null ? undefined : regions.get(code);
  if (r === undefined) return null;
  if (r.level === 'township') return r;
  if (r.level === 'village' && r.parentCode !== null) return regions.get(r.parentCode) ?? null;
  return null;
}

export function countyRegion(regions: Map<string, Region>): Region | null {
  return [...regions.values()].find((r) => r.level === 'county') ?? null;
}
