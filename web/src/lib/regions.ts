// The region tree in the user's scope, fetched once per sign-in and shared by filters, the
// header and the admin page.
import { useEffect, useState } from 'react';
import { api } from '../api/endpoints.js';
import type { RegionNode } from '../api/types.js';

export interface Regions {
  tree: RegionNode[];
  byCode: Map<string, RegionNode & { parentCode: string | null }>;
  townships: RegionNode[];
}

let cache: Promise<Regions> | null = null;

export function resetRegions(): void {
  cache = null;
}

function index(tree: RegionNode[]): Regions {
  const byCode = new Map<string, RegionNode & { parentCode: string | null }>();
  const townships: RegionNode[] = [];
  const walk = (nodes: RegionNode[], parent: string | null) => {
    for (const n of nodes) {
      byCode.set(n.code, { ...n, parentCode: parent });
      if (n.level === 'township') townships.push(n);
      if (n.children) walk(n.children, n.code);
    }
  };
  walk(tree, null);
  return { tree, byCode, townships };
}

export function loadRegions(): Promise<Regions> {
  if (!cache) {
    cache = api.regions().then((r) => index(r.regions));
    cache.catch(() => {
      cache = null;
    });
  }
  return cache;
}

export function useRegions(): Regions | null {
  const [regions, setRegions] = useState<Regions | null>(null);
  useEffect(() => {
    let live = true;
    loadRegions().then(
      (r) => {
        if (live) setRegions(r);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  return regions;
}
