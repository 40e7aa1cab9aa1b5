import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, chainText, changeHash, type ChainedRow } from './chain.js';

const row: ChainedRow = {
  at: '2018-10-01T08:00:00.000Z',
  actor_id: 'u-1',
  actor_name: '县扶贫办',
  entity: 'household',
  entity_id: 'H001',
  household_id: null,
  village_code: '620521101201',
  township_code: null,
  county_code: '620521',
  action: 'update',
  before: '{"a":1}',
  after: '{"a":2}',
  reason: '核实',
  batch_id: null,
  prev_hash: GENESIS_HASH,
};

describe('change hash', () => {
  it('is SHA-256 over the documented v1 text (vector computed independently with Python hashlib)', () => {
    expect(chainText(row)).toBe(
      `tuopin-change-v1|24:2018-10-01T08:00:00.000Z|3:u-1|4:县扶贫办|9:household|4:H001|-|12:620521101201|-|6:620521|6:update|7:{"a":1}|7:{"a":2}|2:核实|-|64:${GENESIS_HASH}`,
    );
    expect(changeHash(row)).toBe('4753db45291207a48cdf0bcf343e8151ef96c31aa8ac16c9e5b664a248f906b7');
  });

  it('tells null from an empty string and cannot be fooled by moving text between columns', () => {
    expect(changeHash({ ...row, reason: '' })).not.toBe(changeHash({ ...row, reason: null }));
    expect(changeHash({ ...row, before: '{"a":1}|7:x', after: null })).not.toBe(changeHash(row));
    expect(changeHash({ ...row, entity_id: 'H00', household_id: '1' })).not.toBe(changeHash({ ...row, entity_id: 'H001', household_id: '' }));
  });

  it('covers every column and the previous hash', () => {
    for (const key of Object.keys(row) as (keyof ChainedRow)[]) {
      expect(changeHash({ ...row, [key]: `${row[key] ?? ''}x` }), key).not.toBe(changeHash(row));
    }
  });
});
