// Search finds only by what the role can see: a role that sees ID numbers masked (first 4 and
// last 4) gets the same answer for an existing number as for a made-up one with the same visible
// ends, so search cannot confirm a hidden ID number. And searching is rate-limited per session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, dialects } from '../../../../test/dialects.js';
import { createMatrix, MATRIX_ROLES, type Matrix, type MatrixRole } from '../../../../test/kits/matrix.js';

/** The same visible ends (first 4, last 4), other middle digits: no member has it. */
function forged(id: string, taken: ReadonlySet<string>): string {
  for (let n = 0; n < 1000; n++) {
    const middle = String(n).padStart(id.length - 8, '7');
    const candidate = id.slice(0, 4) + middle.slice(0, id.length - 8) + id.slice(-4);
    if (!taken.has(candidate)) return candidate;
  }
  throw new Error('no free ID number');
}

describeEachDialect('household search by ID number', (testDb) => {
  let m: Matrix;
  let ids: Set<string>;

  beforeAll(async () => {
    m = await createMatrix(await testDb.fresh());
    ids = new Set(m.county.records.flatMap((r) => r.members.map((x) => x.idNumber).filter((x): x is string => x !== null)));
  });
  afterAll(() => m.close());

  const search = async (role: MatrixRole, q: string) => {
    const r = await m.as(role).get(`/api/households?q=${encodeURIComponent(q)}&pageSize=200`);
    expect(r.statusCode, `${role} q=${q}`).toBe(200);
    return r.json() as { total: number; items: { id: string }[] };
  };

  it('a role that sees IDs masked gets the same answer for a real full ID number as for a made-up one', async () => {
    for (const role of MATRIX_ROLES.filter((r) => r !== 'county')) {
      const hh = m.county.records.find((r) => m.expect[role].households.in.includes(r.household.id))!;
      const real = hh.members.find((x) => x.idNumber !== null)!.idNumber!;
      expect(await search(role, real), role).toEqual(await search(role, forged(real, ids)));
    }
  });

  it('a role that sees IDs masked cannot confirm hidden digits with a longer tail', async () => {
    for (const role of MATRIX_ROLES.filter((r) => r !== 'county')) {
      const hh = m.county.records.find((r) => m.expect[role].households.in.includes(r.household.id))!;
      const real = hh.members.find((x) => x.idNumber !== null)!.idNumber!;
      const fake = forged(real, ids);
      expect(await search(role, real.slice(-7)), role).toEqual(await search(role, fake.slice(-7)));
      // The visible tail still finds the household.
      expect((await search(role, real.slice(-4))).items.map((i) => i.id), role).toContain(hh.household.id);
    }
  });

  it('the county office, which sees ID numbers in full, finds exactly the one household', async () => {
    const hh = m.county.records[0]!;
    const real = hh.members.find((x) => x.idNumber !== null)!.idNumber!;
    expect((await search('county', real)).items.map((i) => i.id)).toEqual([hh.household.id]);
    expect((await search('county', forged(real, ids))).total).toBe(0);
  });
});

describe('search rate limit', () => {
  let m: Matrix;

  beforeAll(async () => {
    m = await createMatrix(await dialects[0]!.fresh(), { config: { searchRateLimit: { max: 3, windowMs: 60_000 } } });
  });
  afterAll(() => m.close());

  it('answers 429 in Chinese once a session has searched too often; another session still searches', async () => {
    const c = m.as('village');
    for (let i = 0; i < 3; i++) expect((await c.get(`/api/households?q=${i}`)).statusCode).toBe(200);
    const refused = await c.get('/api/households?q=9');
    expect(refused.statusCode).toBe(429);
    expect((refused.json() as { error: { message: string } }).error.message).toMatch(/搜索过于频繁，请 \d+ 秒后再试/);
    // Paging through the plain list is not a search.
    expect((await c.get('/api/households?page=1')).statusCode).toBe(200);
    expect((await m.as('township').get('/api/households?q=9')).statusCode).toBe(200);
  });
});
