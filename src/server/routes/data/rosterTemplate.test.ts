// The roster template offered on the import page: the importer reads it back without a single
// issue (it is the importer's own format), it carries only the two fictitious example households,
// and only those who may import get it.
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../../../../test/dialects.js';
import { tempFile } from '../../../../test/fixtures/roster.js';
import { createMatrix, type Matrix } from '../../../../test/kits/matrix.js';
import { parseRoster } from '../../../io/roster/parse.js';
import { readWorkbook } from '../../../io/sheets/index.js';

describeEachDialect('roster template', (testDb) => {
  let m: Matrix;
  beforeEach(async () => {
    m = await createMatrix(await testDb.fresh());
  });
  afterEach(async () => {
    await m.close();
  });

  it('GET /api/imports/template.xlsx: a roster the importer reads cleanly, two example households, office only', async () => {
    const r = await m.as('county').get('/api/imports/template.xlsx');
    expect(r.statusCode).toBe(200);
    expect(decodeURIComponent(String(r.headers['content-disposition']).split("filename*=UTF-8''")[1]!)).toBe('建档立卡花名册模板.xlsx');
    const file = tempFile('template.xlsx');
    writeFileSync(file, r.rawPayload);
    const p = parseRoster(readWorkbook(file));
    expect(p.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(p.households).toHaveLength(2);
    expect(p.members.length).toBeGreaterThanOrEqual(2);
    expect(p.summary.unknownColumns).toEqual([]);
    // Made-up people of the demo county, never the store's.
    const stored = new Set(m.county.records.map((x) => x.household.id));
    expect(p.households.some((h) => stored.has(h.id))).toBe(false);
    for (const who of ['township', 'village'] as const) expect((await m.as(who).get('/api/imports/template.xlsx')).statusCode, who).toBe(403);
  });
});
