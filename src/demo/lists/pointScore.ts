/**
 * Points to verify (疑点) found by the cross-check, scored against the planted discrepancies of
 * truth.json, per point kind. A planted discrepancy is found by a point of the same kind about
 * the same member; a household-level point (member null: 住房, 低保, a household field of the
 * national export) by one about the same household; a row of nobody (member and household both
 * unknown to the check) by one on the same row. When the truth names a field, the point's field
 * must be it.
 */
import type { Discrepancy } from './builder.js';

/** A point as `tuopin check --json` prints it (the agreed interface). */
export interface CheckPoint {
  kind: string;
  householdId: string | null;
  memberId: string | null;
  row: number | null;
  field: string | null;
}

export interface PointKindScore {
  kind: string;
  planted: number;
  points: number;
  found: number;
  /** Points that are about a planted discrepancy. */
  right: number;
  precision: number;
  recall: number;
}

function same(d: Discrepancy, p: CheckPoint): boolean {
  if (d.kind !== p.kind) return false;
  if (d.field !== undefined && p.field !== null && p.field !== d.field) return false;
  if (d.memberId !== null && p.memberId !== null) return d.memberId === p.memberId;
  if (p.memberId === null && p.householdId !== null && d.householdId !== null) return d.householdId === p.householdId;
  if (p.memberId === null && p.householdId === null && d.memberId === null && d.row !== null) return d.row === p.row;
  return false;
}

/** Scores one list's points against that list's planted discrepancies. */
export function scorePoints(planted: readonly Discrepancy[], points: readonly CheckPoint[]): PointKindScore[] {
  const kinds = [...new Set([...planted.map((d) => d.kind), ...points.map((p) => p.kind)])].sort();
  return kinds.map((kind) => {
    const ds = planted.filter((d) => d.kind === kind);
    const ps = points.filter((p) => p.kind === kind);
    const found = ds.filter((d) => ps.some((p) => same(d, p))).length;
    const right = ps.filter((p) => ds.some((d) => same(d, p))).length;
    return {
      kind,
      planted: ds.length,
      points: ps.length,
      found,
      right,
      precision: ps.length === 0 ? 1 : right / ps.length,
      recall: ds.length === 0 ? 1 : found / ds.length,
    };
  });
}

/** Sums per-kind scores over lists. */
export function sumPointScores(scores: readonly PointKindScore[]): PointKindScore[] {
  const by = new Map<string, PointKindScore>();
  for (const s of scores) {
    const t = by.get(s.kind) ?? { kind: s.kind, planted: 0, points: 0, found: 0, right: 0, precision: 1, recall: 1 };
    t.planted += s.planted;
    t.points += s.points;
    t.found += s.found;
    t.right += s.right;
    t.precision = t.points === 0 ? 1 : t.right / t.points;
    t.recall = t.planted === 0 ? 1 : t.found / t.planted;
    by.set(s.kind, t);
  }
  return [...by.values()].sort((a, b) => (a.kind < b.kind ? -1 : 1));
}
