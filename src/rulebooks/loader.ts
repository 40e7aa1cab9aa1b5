// Loads rulebooks from JSON files: `extends` names a parent whose settings the child overrides
// (objects merge key by key, arrays and scalars replace), then the result is validated.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rulebook } from '../domain/rulebook.js';

export class RulebookError extends Error {
  override name = 'RulebookError';
}

/** The rulebooks/ folder shipped with the package (works from src/ under tsx/vitest and from dist/). */
export function defaultRulebookDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rulebooks'))) return join(dir, 'rulebooks');
    dir = dirname(dir);
  }
  throw new RulebookError('找不到规则库目录 rulebooks/');
}

export const DEFAULT_RULEBOOK_ID = 'seed-county-2018';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergeRulebookJson(parent: Json, child: Json): Json {
  if (!isObject(parent) || !isObject(child)) return child;
  const out: Record<string, Json> = { ...parent };
  for (const [k, v] of Object.entries(child)) out[k] = k in parent ? mergeRulebookJson(parent[k]!, v) : v;
  return out;
}

function readJson(path: string): Record<string, Json> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new RulebookError(`规则库文件不存在：${path}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new RulebookError(`规则库文件不是有效的 JSON：${path}（${(e as Error).message}）`);
  }
  if (!isObject(parsed)) throw new RulebookError(`规则库文件应为 JSON 对象：${path}`);
  return parsed;
}

/** Resolve `extends` chains (a parent is looked up by id in the same folder, then the default folder). */
function resolveRaw(path: string, seen: string[]): Record<string, Json> {
  const raw = readJson(path);
  const parentId = raw['extends'];
  delete raw['extends'];
  if (parentId === undefined) return raw;
  if (typeof parentId !== 'string') throw new RulebookError(`规则库 ${path} 的 extends 应为规则库编号`);
  if (seen.includes(parentId)) throw new RulebookError(`规则库继承出现循环：${[...seen, parentId].join(' → ')}`);
  const candidates = [join(dirname(path), `${parentId}.json`), join(defaultRulebookDir(), `${parentId}.json`)];
  const parentPath = candidates.find((p) => existsSync(p));
  if (!parentPath) throw new RulebookError(`规则库 ${path} 继承的“${parentId}”不存在`);
  const parent = resolveRaw(parentPath, [...seen, parentId]);
  return mergeRulebookJson(parent, raw) as Record<string, Json>;
}

export function parseRulebook(raw: unknown, source: string): Rulebook {
  const result = Rulebook.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(根)'}：${i.message}`);
    throw new RulebookError(`规则库 ${source} 校验失败：\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Load a rulebook by id (from the rulebooks folder) or by path to a JSON file. */
export function loadRulebook(idOrPath: string = DEFAULT_RULEBOOK_ID, dir: string = defaultRulebookDir()): Rulebook {
  const path = idOrPath.endsWith('.json') ? resolve(idOrPath) : join(dir, `${idOrPath}.json`);
  if (!idOrPath.endsWith('.json') && !existsSync(path)) {
    const known = listRulebookIds(dir).join('、');
    throw new RulebookError(`没有编号为“${idOrPath}”的规则库（可用：${known}）`);
  }
  return parseRulebook(resolveRaw(path, [idOrPath]), path);
}

export function listRulebookIds(dir: string = defaultRulebookDir()): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}
