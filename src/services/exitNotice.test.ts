// The printed notice list (公示名单) never carries an ID number or a phone: generated for a village
// whose every household has ID numbers and phones, as JSON for the print page and as an .xlsx read
// back by openpyxl, and scanned.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.js';
import { noticeWorkbook } from '../io/notice/noticeWorkbook.js';
import { readWithOpenpyxl } from '../../test/kits/readBack.js';
import { ALL, openStore, type Store } from '../store/index.js';
import type { Access } from './access.js';
import { seedCounty, viewersFor, type SeededCounty } from '../../test/fixtures/data.js';
import { noticeList, objectionPhoneKey } from './exitNotice.js';
import { recordHouseholdSteps } from './exitProcedure.js';

let now = '2018-11-01T02:00:00.000Z';
const clock = () => now;
const ctxFor = (store: Store, v: Access) => ({ store, actor: { id: v.userId, name: v.name }, clock });

/** Anything that looks like an ID number, a mobile number or a long digit run, and any of the given values or their fragments. */
function leaks(text: string, ids: string[], phones: string[]): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\d{17}[\dXx]|\d{15}/g)) found.push(`ID-like ${m[0]}`);
  for (const m of text.matchAll(/(?<!\d)1[3-9]\d{9}(?!\d)/g)) found.push(`mobile ${m[0]}`);
  for (const m of text.matchAll(/\d{11,}/g)) found.push(`long number ${m[0]}`);
  for (const id of ids) {
    // Masking for public notices keeps nothing: no 8-character run of an ID number (birth date, tail with region) may appear.
    for (let i = 0; i + 8 <= id.length; i++) if (text.includes(id.slice(i, i + 8))) found.push(`ID fragment of ${id}`);
  }
  for (const p of phones) {
    const digits = p.replace(/\D/g, '');
    if (text.includes(digits) || text.includes(digits.slice(-7))) found.push(`phone ${p}`);
  }
  return found;
}

describeEachDialect('exit notice list', (testDb) => {
  let store: Store;
  let s: SeededCounty;
  let v: ReturnType<typeof viewersFor>;

  beforeEach(async () => {
    now = '2018-11-01T02:00:00.000Z';
    store = await openStore(await testDb.fresh(), { clock });
    s = await seedCounty(store, { clock });
    v = viewersFor(s);
    return () => store.close();
  });

  it('lists names, groups and sizes of the households under notice with the dates and the township phone, and no ID number or phone anywhere', async () => {
    // Every member of the village gets an ID number and a mobile, every household a phone and a cadre phone.
    const ids = s.householdsOf(s.villageA1);
    let n = 0;
    await store.db
      .updateTable('households')
      .set((eb) => ({ phone: eb.val('13912345678'), cadre_phone: eb.val('18687654321') }))
      .where('village_code', '=', s.villageA1)
      .execute();
    for (const m of await store.db.selectFrom('members').select(['id', 'id_number']).where('household_id', 'in', ids).execute()) {
      await store.db
        .updateTable('members')
        .set({ phone: `1370000${String(1000 + n++).padStart(4, '0')}`, id_number: m.id_number ?? `62290119800101${String(1000 + n).slice(-3)}1` })
        .where('id', '=', m.id)
        .execute();
    }
    const records = await store.registry.loadRecords(ALL, { householdIds: ids });
    const idNumbers = records.flatMap((r) => r.members.map((m) => m.idNumber!));
    const phones = records.flatMap((r) => [r.household.phone!, r.household.cadre.phone!, ...r.members.map((m) => m.phone!)]);
    expect(idNumbers.every((x) => x.length >= 15)).toBe(true);

    const results = await store.assessments.latestResults(ALL, { villageCode: s.villageA1 });
    const pre = results.filter((r) => r.class === 'A' || r.class === 'B').map((r) => r.householdId);
    expect(pre.length).toBeGreaterThan(0);
    const ctx = ctxFor(store, v.village);
    for (const [step, day] of [
      ['appraisal', '2018-11-10'],
      ['check', '2018-11-12'],
      ['agreement', '2018-11-14'],
      ['notice-start', '2018-11-20'],
    ] as const) {
      now = `${day}T02:00:00.000Z`;
      const extra = step === 'appraisal' ? { minutes: '评议通过', votesFor: 20, votesAgainst: 0 } : {};
      await recordHouseholdSteps(ctx, v.village, s.villageA1, { step, date: day, document: `文号-${step}`, householdIds: pre, ...extra });
    }
    await store.transaction((trx) =>
      store.settings.set(trx, objectionPhoneKey(s.townshipA), '0931-8123456', { id: 'u-county', name: '县扶贫办' }, '设置监督电话'),
    );

    const list = await noticeList(store, v.village, s.villageA1);
    expect(list.start).toBe('2018-11-20');
    expect(list.end).toBe('2018-11-27');
    expect(list.rows.length).toBe(pre.length);
    const heads = records
      .filter((r) => pre.includes(r.household.id))
      .map((r) => r.members.find((m) => m.relation === 'head')!.name)
      .sort();
    expect(list.rows.map((r) => r.headName).sort()).toEqual(heads);
    expect(list.objectionPhone).toBe('0931-8123456');
    const json = JSON.stringify(list);
    expect(leaks(json, idNumbers, phones)).toEqual([]);

    const dir = mkdtempSync(join(tmpdir(), 'tuopin-notice-'));
    const file = join(dir, 'notice.xlsx');
    writeFileSync(file, await noticeWorkbook(list));
    const wb = readWithOpenpyxl(file);
    const sheet = wb.sheets[0]!;
    expect(sheet.name).toBe('公示名单');
    expect(sheet.paper_size).toBe(9);
    const text = sheet.values
      .flat()
      .map((c) => (c === null ? '' : String(c)))
      .join('\n');
    expect(text).toContain(list.title);
    expect(text).toContain('公示期：2018-11-20 至 2018-11-27（7 天）');
    expect(text).toContain('监督电话：0931-8123456');
    for (const h of heads) expect(text).toContain(h);
    expect(leaks(text, idNumbers, phones)).toEqual([]);
    // The scan itself can fail: the same text with one household phone in it is caught.
    expect(leaks(`${text}\n${phones[0]}`, idNumbers, phones).length).toBeGreaterThan(0);
    expect(leaks(`${text}\n${idNumbers[0]}`, idNumbers, phones).length).toBeGreaterThan(0);
  });

  it('a village with nothing under notice prints an empty draft with blanks for the dates; another township’s village is refused', async () => {
    const list = await noticeList(store, v.village, s.villageA1);
    expect(list.rows).toEqual([]);
    expect(list.start).toBeNull();
    expect(list.footer.join()).toContain('监督电话：____');
    const other = s.county.regions.find((r) => r.level === 'village' && r.parentCode === s.townshipB)!.code;
    await expect(noticeList(store, v.township, other)).rejects.toMatchObject({ status: 404 });
  });
});
