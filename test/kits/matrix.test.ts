import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../dialects.js';
import type { RegionNode } from '../../src/contract/api.js';
import { createMatrix, MATRIX_CODES, MATRIX_ROLES, type Matrix } from './matrix.js';

const codes = (nodes: RegionNode[]): string[] => nodes.flatMap((n) => [n.code, ...codes(n.children)]);

describeEachDialect('scope matrix: core endpoints', (db) => {
  let m: Matrix;
  beforeAll(async () => {
    m = await createMatrix(await db.fresh());
  });
  afterAll(async () => {
    await m.close();
  });

  it('knows what each role may see', () => {
    expect(m.expect.county.households.out).toEqual([]);
    expect(m.expect.sector.households.out).toEqual([]);
    expect(m.expect.township.households.in.sort()).toEqual(['H001', 'H003', 'H011', 'H040', 'H060', 'H063']);
    expect(m.expect.township.households.out).toEqual(['H100']);
    expect(m.expect.village.households.in.sort()).toEqual(['H001', 'H040', 'H060', 'H063']);
    expect(m.expect.leader.households.in.sort()).toEqual(['H003', 'H011', 'H100']);
    expect(m.expect.leader.regions.out.sort()).toEqual([MATRIX_CODES.county, MATRIX_CODES.townshipA, MATRIX_CODES.villageA1].sort());
    // The sector user must not receive housing, water or bank details; the county office sees all.
    expect(m.expect.sector.hiddenFields).toEqual(expect.arrayContaining(['housing', 'water', 'bankAccount', 'phone', 'health', 'basicMedical']));
    expect(m.expect.sector.hiddenFields).not.toContain('schoolStatus');
    expect(m.expect.county.hiddenFields).toEqual([]);
    expect(m.expect.county.secrets).toEqual([]);
    expect(m.expect.village.secrets.length).toBeGreaterThan(20);
  });

  it('stored an assessment run for the data endpoints to read', async () => {
    const run = await m.store.assessments.latestRun();
    expect(run?.householdCount).toBe(7);
  });

  it.each(MATRIX_ROLES)('GET /api/regions as %s: exactly the regions in scope', async (role) => {
    const r = await m.as(role).get('/api/regions');
    expect(r.statusCode).toBe(200);
    const seen = codes((r.json() as { regions: RegionNode[] }).regions);
    expect(seen.sort()).toEqual([...m.expect[role].regions.in].sort());
    for (const code of m.expect[role].regions.out) expect(seen).not.toContain(code);
    expect(m.leaks(role, r.body)).toEqual([]);
  });

  it('the leak finder is not blind: the whole county’s regions leak for the village user', async () => {
    const all = await m.as('county').get('/api/regions');
    expect(m.leaks('village', all.body)).toEqual(expect.arrayContaining([`范围外村 ${MATRIX_CODES.villageB1}`]));
    expect(m.leaks('village', '{"id":"H100-01","name":"冯建军"}')).toEqual(['范围外农户 H100', '范围外人员 冯建军（H100）']);
    expect(m.leaks('sector', '{"housing":{"grade":"C"}}')).toEqual(['不应可见的字段 housing']);
    expect(m.leaks('township', `{"bankAccount":"${m.county.records[0]!.household.bankAccount}"}`)).toHaveLength(1);
  });

  it.each(MATRIX_ROLES)('GET /api/admin/users as %s: only the admin', async (role) => {
    const r = await m.as(role).get('/api/admin/users');
    expect(r.statusCode).toBe(role === 'county' ? 200 : 403);
    if (role !== 'county') expect(r.body).not.toContain('m-county');
  });

  it.each(MATRIX_ROLES)('POST /api/admin/audit/verify as %s: only the county admin', async (role) => {
    const r = await m.as(role).post('/api/admin/audit/verify', { checkpoint: false });
    expect(r.statusCode).toBe(role === 'county' ? 200 : 403);
    if (role !== 'county') expect(r.body).not.toContain('"head"');
    else expect(r.json()).toMatchObject({ intact: true });
  });

  it('anonymous requests to scoped endpoints get 401 and no data', async () => {
    const anon = await m.anonymous();
    for (const url of ['/api/regions', '/api/admin/users', '/api/admin/audit']) {
      const r = await anon.get(url);
      expect(r.statusCode).toBe(401);
      expect(r.body).not.toContain(MATRIX_CODES.townshipA);
    }
  });
});

describe('matrix county', () => {
  it('gives every member a unique valid ID number and every household unique contact values', async () => {
    const { matrixCounty } = await import('./matrix.js');
    const c = matrixCounty();
    const ids = c.records.flatMap((r) => r.members.map((m) => m.idNumber)).filter((x) => x !== null);
    expect(new Set(ids).size).toBe(ids.length);
    const names = c.records.flatMap((r) => r.members.map((m) => m.name));
    expect(new Set(names).size).toBe(names.length);
  });
});
