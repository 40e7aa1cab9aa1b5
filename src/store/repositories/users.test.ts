import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.js';
import { openStore, UsernameTakenError, type Store } from '../index.js';
import { usernameKey } from './users.js';

const admin = { id: 'u-admin', name: '县扶贫办 管理员' };
const HASH_A = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
const HASH_B = 'scrypt$32768$8$1$b3RoZXJzYWx0b3RoZXJzYQ$b3RoZXJoYXNob3RoZXJoYXNob3RoZXJoYXNob3RoZXI';

describe('usernameKey', () => {
  it('folds case, full-width letters and surrounding spaces', () => {
    expect(usernameKey('  ＡＤＭＩＮ ')).toBe('admin');
    expect(usernameKey('Zhang.San')).toBe('zhang.san');
    expect(usernameKey('张三')).toBe('张三');
  });
});

describeEachDialect('user, session and settings repositories', (db) => {
  let store: Store;
  let now = '2018-10-01T08:00:00.000Z';
  beforeEach(async () => {
    store = await openStore(await db.fresh(), { clock: () => now });
  });
  afterEach(async () => {
    await store.close();
  });

  const township = () =>
    store.transaction((trx) =>
      store.users.create(
        trx,
        { username: 'ChengGuan', name: '城关镇扶贫站', role: 'township', scopeCodes: ['620521101'], passwordHash: HASH_A },
        admin,
        '新建乡镇账户',
      ),
    );

  it('creates a user and reads it back by id and case-insensitively by username', async () => {
    const u = await township();
    expect(u).toMatchObject({
      username: 'ChengGuan',
      role: 'township',
      admin: false,
      sector: null,
      scopeCodes: ['620521101'],
      disabled: false,
      failedLogins: 0,
    });
    expect(await store.users.byId(u.id)).toEqual(u);
    const found = await store.users.byUsername('chengguan');
    expect(found?.id).toBe(u.id);
    expect(found?.passwordHash).toBe(HASH_A);
    expect(await store.users.count()).toBe(1);
    expect(await store.users.byUsername('nobody')).toBeNull();
  });

  it('refuses a username that differs only in case', async () => {
    await township();
    await expect(
      store.transaction((trx) => store.users.create(trx, { username: 'CHENGGUAN', name: '另一个', role: 'county', passwordHash: HASH_B }, admin, null)),
    ).rejects.toBeInstanceOf(UsernameTakenError);
    expect(await store.users.count()).toBe(1);
  });

  it('logs creation and updates with only the changed fields, never the password hash', async () => {
    const u = await township();
    now = '2018-10-02T08:00:00.000Z';
    await store.transaction((trx) =>
      store.users.update(trx, u.id, { name: '城关镇', passwordHash: HASH_B, scopeCodes: ['620521101'] }, admin, '改名并重置密码'),
    );
    const changes = await store.changes.list({ kind: 'all' }, { entity: 'user' });
    expect(changes.map((c) => c.action)).toEqual(['create', 'update']);
    expect(changes[0]?.after).toMatchObject({ username: 'ChengGuan', role: 'township', password: '（已设置）' });
    // scopeCodes did not change, so it is not in the update row.
    expect(changes[1]?.before).toEqual({ name: '城关镇扶贫站', password: '（原密码）' });
    expect(changes[1]?.after).toEqual({ name: '城关镇', password: '（已更改）' });
    expect(changes[1]?.actor).toEqual(admin);
    expect(changes[1]?.reason).toBe('改名并重置密码');
    const raw = JSON.stringify(changes);
    expect(raw).not.toContain(HASH_A);
    expect(raw).not.toContain(HASH_B);
    expect((await store.users.byUsername('chengguan'))?.passwordHash).toBe(HASH_B);
    expect((await store.users.byId(u.id))?.updatedAt).toBe('2018-10-02T08:00:00.000Z');
  });

  it('writes nothing when an update changes nothing', async () => {
    const u = await township();
    await store.transaction((trx) => store.users.update(trx, u.id, { name: '城关镇扶贫站', disabled: false }, admin, null));
    expect(await store.changes.list({ kind: 'all' }, { entity: 'user' })).toHaveLength(1);
  });

  it('rolls the user back with the transaction', async () => {
    await expect(
      store.transaction(async (trx) => {
        await store.users.create(trx, { username: 'temp', name: '临时', role: 'county', passwordHash: HASH_A }, admin, null);
        throw new Error('中止');
      }),
    ).rejects.toThrow('中止');
    expect(await store.users.count()).toBe(0);
    expect(await store.changes.list({ kind: 'all' }, { entity: 'user' })).toHaveLength(0);
  });

  it('keeps sessions by hash, expires them and deletes them with the user sign-out', async () => {
    const u = await township();
    await store.sessions.create({ idHash: 'h1', userId: u.id, csrfToken: 'c1', createdAt: now, lastSeenAt: now, expiresAt: '2018-10-01T16:00:00.000Z' });
    await store.sessions.create({ idHash: 'h2', userId: u.id, csrfToken: 'c2', createdAt: now, lastSeenAt: now, expiresAt: '2018-10-01T09:00:00.000Z' });
    expect((await store.sessions.find('h1'))?.csrfToken).toBe('c1');
    expect(await store.sessions.deleteExpired('2018-10-01T10:00:00.000Z')).toBe(1);
    expect(await store.sessions.find('h2')).toBeNull();
    await store.sessions.touch('h1', '2018-10-01T11:00:00.000Z', '2018-10-01T19:00:00.000Z');
    expect((await store.sessions.find('h1'))?.expiresAt).toBe('2018-10-01T19:00:00.000Z');
    expect(await store.sessions.deleteForUser(u.id)).toBe(1);
    expect(await store.sessions.countForUser(u.id)).toBe(0);
  });

  it('sets settings with a logged change, secrets logged without their value', async () => {
    expect(await store.settings.get('activeRulebook')).toBeNull();
    await store.transaction((trx) => store.settings.set(trx, 'activeRulebook', 'seed-county-2018', admin, '初始规则库'));
    await store.transaction((trx) => store.settings.set(trx, 'activeRulebook', 'seed-province-2018', admin, '改用省定标准'));
    await store.transaction((trx) => store.settings.set(trx, 'activeRulebook', 'seed-province-2018', admin, '无变化'));
    await store.transaction((trx) => store.settings.set(trx, 'secret', 'abcdefghijklmnop', admin, null, { secret: true }));
    expect(await store.settings.all()).toEqual({ activeRulebook: 'seed-province-2018', secret: 'abcdefghijklmnop' });
    const changes = await store.changes.list({ kind: 'all' }, { entity: 'setting' });
    expect(changes.map((c) => [c.action, c.before, c.after])).toEqual([
      ['create', null, { value: 'seed-county-2018' }],
      ['update', { value: 'seed-county-2018' }, { value: 'seed-province-2018' }],
      ['create', null, { value: '（已更改）' }],
    ]);
  });
});
