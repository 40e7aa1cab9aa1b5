// The objection phone on the notice list: who may set the county default and which township's
// phone, how a bad number is refused, and that every change is in the change log.
import { beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.js';
import { ALL, openStore, type Store } from '../store/index.js';
import type { Access } from './access.js';
import { seedCounty, viewersFor, type SeededCounty } from '../../test/fixtures/data.js';
import { noticeList, objectionPhoneKey } from './exitNotice.js';
import { normalizeObjectionPhone, objectionPhones, setObjectionPhone } from './exitObjectionPhone.js';

const clock = () => '2018-11-01T02:00:00.000Z';
const ctxFor = (store: Store, v: Access) => ({ store, actor: { id: v.userId, name: v.name }, clock });

describeEachDialect('exit objection phone setting', (testDb) => {
  let store: Store;
  let s: SeededCounty;
  let v: ReturnType<typeof viewersFor>;

  beforeEach(async () => {
    store = await openStore(await testDb.fresh(), { clock });
    s = await seedCounty(store, { clock });
    v = viewersFor(s);
    return () => store.close();
  });

  const phoneOf = async (viewer: Access, code: string | null) => (await objectionPhones(store, viewer)).find((e) => e.townshipCode === code)?.phone;

  it('the county office sets the county default and any township’s phone; the notice prints the township’s, else the default', async () => {
    await setObjectionPhone(ctxFor(store, v.county), v.county, null, '0931-8000000');
    expect((await noticeList(store, v.county, s.villageA1)).objectionPhone).toBe('0931-8000000');
    await setObjectionPhone(ctxFor(store, v.county), v.county, s.townshipB, '0931 8222222');
    await setObjectionPhone(ctxFor(store, v.county), v.county, s.townshipA, '（0931）8111111');
    expect(await phoneOf(v.county, s.townshipA)).toBe('0931-8111111');
    expect(await phoneOf(v.county, s.townshipB)).toBe('0931-8222222');
    expect((await noticeList(store, v.county, s.villageA1)).objectionPhone).toBe('0931-8111111');
    // Cleared: back to the county default.
    await setObjectionPhone(ctxFor(store, v.county), v.county, s.townshipA, '');
    expect(await phoneOf(v.county, s.townshipA)).toBeNull();
    expect((await noticeList(store, v.county, s.villageA1)).objectionPhone).toBe('0931-8000000');

    const logged = await store.changes.list(ALL, { entity: 'setting' });
    expect(logged.map((c) => [c.entityId, c.after?.['value'], c.actor.name, c.reason])).toEqual([
      [objectionPhoneKey(null), '0931-8000000', '县扶贫办张三', '设置公示监督电话（全县）'],
      [objectionPhoneKey(s.townshipB), '0931-8222222', '县扶贫办张三', `设置公示监督电话（${s.townshipB}）`],
      [objectionPhoneKey(s.townshipA), '0931-8111111', '县扶贫办张三', `设置公示监督电话（${s.townshipA}）`],
      [objectionPhoneKey(s.townshipA), '', '县扶贫办张三', `清除公示监督电话（${s.townshipA}）`],
    ]);
  });

  it('refuses a number that belongs to the registry (a member’s or a household’s own phone), in Chinese, and stores nothing', async () => {
    const records = await store.registry.loadRecords(ALL);
    const memberPhone = records.flatMap((r) => r.members.map((m) => m.phone)).find((p): p is string => p !== null && /1[3-9]\d{9}/.test(p.replace(/\D/g, '')));
    expect(memberPhone, 'the seeded county has a member with a mobile').toBeDefined();
    const digits = memberPhone!.replace(/\D/g, '').slice(0, 11);
    for (const typed of [digits, ` ${digits} `]) {
      await expect(setObjectionPhone(ctxFor(store, v.county), v.county, s.townshipA, typed)).rejects.toMatchObject({
        status: 400,
        code: 'phone-in-registry',
        message: expect.stringContaining('是花名册中登记的农户或成员本人的电话'),
      });
    }
    expect(await phoneOf(v.county, s.townshipA)).toBeNull();
    // The office's own mobile, registered for nobody, is accepted.
    await setObjectionPhone(ctxFor(store, v.county), v.county, s.townshipA, '13909310000');
    expect(await phoneOf(v.county, s.townshipA)).toBe('13909310000');
  });

  it('a township office sets its own township’s phone (an office mobile too), not the county default nor another township’s', async () => {
    const list = await objectionPhones(store, v.township);
    expect(list.map((e) => [e.townshipCode, e.canEdit])).toEqual([
      [null, false],
      [s.townshipA, true],
    ]);
    await setObjectionPhone(ctxFor(store, v.township), v.township, s.townshipA, '13909310000');
    expect(await phoneOf(v.township, s.townshipA)).toBe('13909310000');
    // An office mobile that is not any listed household's phone is printed as is.
    expect((await noticeList(store, v.township, s.villageA1)).objectionPhone).toBe('13909310000');
    await expect(setObjectionPhone(ctxFor(store, v.township), v.township, null, '0931-8000000')).rejects.toMatchObject({
      status: 403,
      message: '全县通用的监督电话由县扶贫办设置',
    });
    await expect(setObjectionPhone(ctxFor(store, v.township), v.township, s.townshipB, '0931-8000000')).rejects.toMatchObject({
      status: 404,
      message: '该乡镇不存在',
    });
    expect(await store.settings.get(objectionPhoneKey(s.townshipB))).toBeNull();
  });

  it('leader, sector and village users may read but not set the phone', async () => {
    for (const who of [v.leader, v.sector, v.village]) {
      expect(
        (await objectionPhones(store, who)).every((e) => !e.canEdit),
        who.role,
      ).toBe(true);
      for (const code of [null, s.townshipA]) {
        await expect(setObjectionPhone(ctxFor(store, who), who, code, '0931-8000000'), `${who.role} ${code}`).rejects.toMatchObject({
          status: 403,
          message: '监督电话由县扶贫办或乡镇设置',
        });
      }
    }
    expect(await store.changes.list(ALL, { entity: 'setting' })).toEqual([]);
  });

  it('a number that is neither a landline with area code nor a mobile is refused in Chinese and nothing is stored; an unknown township is 404', async () => {
    for (const bad of ['8123456', '0931-812', '12345678901', '电话', '139093100001']) {
      await expect(setObjectionPhone(ctxFor(store, v.county), v.county, s.townshipA, bad), bad).rejects.toMatchObject({
        status: 400,
        message: `监督电话“${bad}”格式不对：应为带区号的办公电话（如 0931-8123456）或 11 位手机号`,
      });
    }
    await expect(setObjectionPhone(ctxFor(store, v.county), v.county, 'NOPE', '0931-8000000')).rejects.toMatchObject({ status: 404 });
    expect(await store.changes.list(ALL, { entity: 'setting' })).toEqual([]);
  });
});

it('normalizes the usual ways an office number is written', () => {
  expect(normalizeObjectionPhone(' 0931-8123456 ')).toBe('0931-8123456');
  expect(normalizeObjectionPhone('(0931)8123456')).toBe('0931-8123456');
  expect(normalizeObjectionPhone('010-12345678转801')).toBe('010-12345678转801');
  expect(normalizeObjectionPhone('09318123456')).toBe('09318123456');
  expect(normalizeObjectionPhone('')).toBe('');
});
