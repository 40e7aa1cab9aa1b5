// A filter by township or village on a list the viewer sees through its scope: the narrower of the
// two, never wider. A village team asking for its township keeps its village; asking for another
// township sees nothing.
import { ALL, regionsScope, type Scope, type Store } from '../store/index.js';

export async function narrowScope(store: Store, scope: Scope, area: string | undefined): Promise<Scope> {
  if (area === undefined) return scope;
  if (scope.kind === 'all') return regionsScope([area]);
  const parents = new Map((await store.regions.list(ALL)).map((r) => [r.code, r.parentCode]));
  const chain = (code: string): string[] => {
    const out: string[] = [];
    for (let c: string | null | undefined = code; c; c = parents.get(c)) out.push(c);
    return out;
  };
  if (chain(area).some((c) => scope.codes.includes(c))) return regionsScope([area]);
  return regionsScope(scope.codes.filter((c) => chain(c).includes(area)));
}
