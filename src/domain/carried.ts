// What a roster file carries, and keeping what it does not. Pure.
//
// A re-import updates only what the file holds (docs/roster.md): a field whose column is not in
// the file, or a village the file has no village-sheet row for, keeps its stored value. A blank
// cell in a column the file does have is a value (it clears), and the import reports it.

/**
 * Record paths the file has columns for, by entity. A path names a field ('status') or a nested
 * one ('water.piped'); a parent path ('indicators') covers everything under it.
 */
export interface Carried {
  household: readonly string[];
  member: readonly string[];
  /** Income-form paths ('items.migrantWage', 'note'); a record without a form keeps its form anyway. */
  income: readonly string[];
  /** Region fields the village sheet has columns for; none without a village sheet. */
  village: readonly string[];
  /** Codes of the villages that have a row in the village sheet: only these take `village`. */
  villageRows: readonly string[];
  /** Regions the file names by their code or a placeholder only (no 县/乡镇 column): they keep their stored name. */
  unnamedRegions: readonly string[];
}

/** Region fields every import sets from the location columns: the tree itself. */
export const REGION_IDENTITY: readonly string[] = ['code', 'name', 'level', 'parentCode'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function covered(carried: ReadonlySet<string>, path: string): 'all' | 'part' | 'none' {
  if (carried.has(path)) return 'all';
  const prefix = `${path}.`;
  for (const p of carried) if (p.startsWith(prefix)) return 'part';
  return 'none';
}

function merge(stored: unknown, incoming: unknown, carried: ReadonlySet<string>, prefix: string): unknown {
  const s = isPlainObject(stored) ? stored : {};
  const i = isPlainObject(incoming) ? incoming : {};
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(s), ...Object.keys(i)])) {
    const path = prefix + key;
    const c = covered(carried, path);
    if (c === 'all') {
      // Absent stays absent (an income item not on the form).
      if (key in i) out[key] = i[key];
    } else if (c === 'none') {
      // Under a parent the store had as null, a field the file does not carry is not recorded.
      out[key] = key in s ? s[key] : null;
    } else if (!isPlainObject(s[key]) && !isPlainObject(i[key])) {
      // Neither side has the nested object: nothing to keep under it.
      out[key] = key in i ? i[key] : s[key];
    } else {
      out[key] = merge(s[key], i[key], carried, `${path}.`);
    }
  }
  return out;
}

/**
 * The incoming record with every field the file does not carry taken from the stored record, so
 * the diff sees no change there.
 */
export function keepNotCarried<T extends object>(stored: T, incoming: T, carried: ReadonlySet<string>): T {
  return merge(stored, incoming, carried, '') as T;
}
