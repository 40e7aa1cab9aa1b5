// The region tree in the viewer's scope, for filters, the header and the admin page.
import type { Region } from '../../domain/types.js';
import { requireViewer } from '../auth/viewer.js';
import { RegionsResponse, type RegionNode } from '../../contract/api.js';
import type { App, AppDeps } from '../types.js';

/** Regions (ordered county, townships, villages) as a forest: a node whose parent is not in the list is a root. */
export function regionForest(regions: readonly Region[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>();
  for (const r of regions) {
    nodes.set(r.code, { code: r.code, name: r.name, level: r.level, parentCode: r.parentCode, poorVillage: r.poorVillage, children: [] });
  }
  const roots: RegionNode[] = [];
  for (const r of regions) {
    const node = nodes.get(r.code) as RegionNode;
    const parent = r.parentCode === null ? undefined : nodes.get(r.parentCode);
    if (parent === undefined) roots.push(node);
    else parent.children.push(node);
  }
  return roots;
}

export function registerRegionRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/regions',
    {
      schema: {
        tags: ['区划'],
        summary: '当前用户范围内的区划树（县、乡镇、村）',
        response: { 200: RegionsResponse },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      return { regions: regionForest(await deps.store.regions.list(viewer.scope)) };
    },
  );
}
