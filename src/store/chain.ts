// The change log's hash chain: each row's hash covers its content and the hash of the row before
// it, so editing, removing or slipping in a row anywhere breaks the chain from there on.
import { createHash } from 'node:crypto';
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

/**
 * SHA-256 (hex) of the row. The serialisation is a JSON array of the column values in a fixed
 * order: JSON of strings and nulls has exactly one form, so the same row always gives the same
 * text whichever engine it was read back from. `seq` is left out on purpose: the order is bound
 * by `prev_hash`, and a row's content does not depend on the number the engine gave it.
 */
export function changeHash(r: ChainedRow): string {
  const text = JSON.stringify([
    CHAIN_VERSION, r.at, r.actor_id, r.actor_name, r.entity, r.entity_id, r.household_id, r.village_code, r.township_code,
    r.county_code, r.action, r.before, r.after, r.reason, r.batch_id, r.prev_hash,
  ]);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * PostgreSQL advisory lock key taken by every change-log append (and by verification's
 * checkpoint): two writers cannot both read the same tail and fork the chain. Any fixed
 * 64-bit number would do; this one spells "tuopin" in ASCII.
 */
export const CHAIN_LOCK_KEY = 0x7475_6f70_696e;
