/** Reads the linkage settings from rulebooks/linkage/*.json (default: default.json). */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseLinkageSettings } from '../../domain/linkage/settings.js';
import type { LinkageSettings } from '../../domain/linkage/settings.js';
import { defaultRulebookDir } from '../../rulebooks/loader.js';

export const DEFAULT_LINKAGE_SETTINGS = 'default';

/** By name (a file in rulebooks/linkage/) or by path to a .json file. */
export function loadLinkageSettings(nameOrPath: string = DEFAULT_LINKAGE_SETTINGS): LinkageSettings {
  const path = nameOrPath.endsWith('.json') ? resolve(nameOrPath) : join(defaultRulebookDir(), 'linkage', `${nameOrPath}.json`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`无法读取比对设置文件“${path}”：${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return parseLinkageSettings(json);
}
