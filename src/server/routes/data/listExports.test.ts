// The filtered 农户 list as a workbook: every row the list has (all pages), titled and named for
// the scope it came from, read back with openpyxl; a scope's export never holds another's rows.
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../../../../test/dialects.js';
import { tempFile } from '../../../../test/fixtures/roster.js';
import { createMatrix, MATRIX_CODES, type Matrix } from '../../../../test/kits/matrix.js';
import { readWithOpenpyxl, records, sheetByName } from '../../../../test/kits/readBack.js';

interface ListPage {
  total: number;
  items: { id: string }[];
}

describeEachDialect('list exports', (testDb) => {
  let m: Matrix;
  beforeEach(async () => {
    m = await createMatrix(await testDb.fresh());
  });
  afterEach(async () => {
    await m.close();
  });

  async function exported(who: Parameters<Matrix['as']>[0], url: string) {
    const r = await m.as(who).get(url);
    expect(r.statusCode, url).toBe(200);
    const name = decodeURIComponent(String(r.headers['content-disposition']).split("filename*=UTF-8''")[1]!);
    const file = tempFile('list.xlsx');
    writeFileSync(file, r.rawPayload);
    const wb = readWithOpenpyxl(file);
    const sheet = sheetByName(wb, '农户名单');
    // A4 landscape with the header repeated: a list prints like the ledgers.
    expect(sheet.orientation).toBe('landscape');
    return { name, title: String(sheet.values[0]?.[0] ?? ''), rows: records(sheet) };
  }

  it('GET /api/export/households.xlsx: the filtered list, every page, named and titled for the scope', async () => {
    const list = (await m.as('township').get('/api/households?pageSize=1')).json() as ListPage;
    const all = (await m.as('township').get(`/api/households?pageSize=200`)).json() as ListPage;
    const t = await exported('township', '/api/export/households.xlsx?pageSize=1&page=2');
    expect(t.name).toMatch(/^城关镇农户名单_\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(t.title).toBe('城关镇农户名单');
    // The page and page size of the screen do not cut the export.
    expect(t.rows).toHaveLength(list.total);
    expect(new Set(t.rows.map((r) => r['户编号']))).toEqual(new Set(all.items.map((i) => i.id)));
    expect(Object.keys(t.rows[0]!)).toEqual(expect.arrayContaining(['户主', '类别', '人均纯收入（元）', '未达标指标']));

    // A filtered village is named with its township; the rows are that village's only.
    const v = await exported('county', `/api/export/households.xlsx?village=${MATRIX_CODES.villageA1}`);
    expect(v.name).toMatch(/^城关镇红星村农户名单/);
    const inVillage = (await m.as('county').get(`/api/households?village=${MATRIX_CODES.villageA1}&pageSize=200`)).json() as ListPage;
    expect(v.rows.map((r) => r['户编号']).sort()).toEqual(inVillage.items.map((i) => i.id).sort());

    // The village team's export stays in its village even when it asks for the other township.
    const outside = await exported('village', `/api/export/households.xlsx?township=${MATRIX_CODES.townshipB}`);
    expect(outside.rows).toEqual([]);
    expect((await m.as('sector').get('/api/export/households.xlsx')).statusCode).toBe(403);
  });

  it('every role that may export gets exactly the households its list shows (scope matrix)', async () => {
    for (const who of ['county', 'leader', 'township', 'village'] as const) {
      const shown = (await m.as(who).get('/api/households?pageSize=200')).json() as ListPage;
      const file = await exported(who, '/api/export/households.xlsx');
      expect(file.rows.map((r) => r['户编号']).sort(), who).toEqual(shown.items.map((i) => i.id).sort());
    }
  });
});
