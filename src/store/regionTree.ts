// Township and county codes of every region, derived from the parent links. Stored beside each
// region and household so a scope filter is a plain indexed `in (...)`, not a recursive query.
import type { DerivedCodes } from './mapping.js';

export interface TreeNode {
  code: string;
  level: string;
  parentCode: string | null;
}

export function deriveCodes(nodes: Iterable<TreeNode>): Map<string, DerivedCodes> {
  const byCode = new Map<string, TreeNode>();
  for (const n of nodes) byCode.set(n.code, n);
  const out = new Map<string, DerivedCodes>();
  for (const start of byCode.values()) {
    let township: string | null = null;
    let county: string | null = null;
    const seen = new Set<string>();
    let node: TreeNode | undefined = start;
    while (node !== undefined) {
      if (seen.has(node.code)) throw new Error(`区划上下级关系出现循环：${[...seen, node.code].join(' → ')}`);
      seen.add(node.code);
      if (node.level === 'township' && township === null) township = node.code;
      if (node.level === 'county' && county === null) county = node.code;
      if (node.parentCode === null) break;
      const parent = byCode.get(node.parentCode);
      if (parent === undefined) throw new Error(`区划 ${node.code}（${node.level}）的上级 ${node.parentCode} 不存在`);
      node = parent;
    }
    out.set(start.code, { township, county });
  }
  return out;
}
