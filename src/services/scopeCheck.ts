// "Is this region inside the viewer's scope?" for checks made in JS on regions (not rows): a
// village is in scope when it, its township or its county is listed.
import type { Region } from '../domain/types.js';
import type { Scope } from '../store/index.js';

export function inScopeCodes(scope: Scope, region: Region, regions: ReadonlyMap<string, Region>): boolean {
  if (scope.kind === 'all') return true;
  const chain: string[] = [];
  for (let r: Region | undefined = region; r !== undefined && chain.length < 4; r = r.parentCode === null ? undefined : regions.get(r.parentCode))
    chain.push(r.code);
  return chain.some((c) => scope.codes.includes(c));
}
