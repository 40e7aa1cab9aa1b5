// The change log's hash chain: each row's hash covers its content and the hash of the row before
// it, so editing, removing or slipping in a row anywhere breaks the chain from there on.
import { hash as digest } from 'node:crypto';
import type { ChangesTable } from './schema.js';

/**
 * Serialisation version, the first element of what is hashed. A future change to the
 * serialisation gets a new tag; verification then chooses by tag, and rows hashed under v1 stay
 * verifiable.
 */
export const CHAIN_VERSION = 'tuopin-change-v1';

/** `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** Every column but `seq` and `hash`, in a fixed order. */
export type ChainedRow = Omit<ChangesTable, 'seq' | 'hash'>;

const FIELDS = [
  'at',
  'actor_id',
  'actor_name',
  'entity',
  'entity_id',
  'household_id',
  'village_code',
  'township_code',
  'county_code',
  'action',
  'before',
  'after',
  'reason',
  'batch_id',
  'prev_hash',
] as const satisfies readonly (keyof ChainedRow)[];

/**
 * The text that is hashed: the version tag, then for each column in FIELDS order `|-` for null
 * or `|<length>:<value>` (length in UTF-16 code units, as JavaScript counts). Length prefixes
 * make it unambiguous without escaping, so the large before/after JSON is not copied through
 * JSON.stringify again: a county import chains ~90,000 rows inside its time budget.
 * `seq` is left out on purpose: the order is bound by `prev_hash`.
 */
export function chainText(r: ChainedRow): string {
  let s = CHAIN_VERSION;
  for (const f of FIELDS) {
    const v = r[f];
    s += v === null ? '|-' : `|${v.length}:${v}`;
  }
  return s;
}

/** SHA-256 (lower-case hex) of chainText(r), UTF-8 encoded. */
export function changeHash(r: ChainedRow): string {
  return digest('sha256', chainText(r), 'hex');
}

/**
 * PostgreSQL advisory lock key taken by every change-log append (and by verification's
 * checkpoint): two writers cannot both read the same tail and fork the chain. Any fixed
 * 64-bit number would do; this one spells "tuopin" in ASCII.
 */
export const CHAIN_LOCK_KEY = 0x7475_6f70_696e;
