import { Writable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.js';
import { openStore, type Store } from '../../store/index.js';
import { buildApp } from '../app.js';
import type { ServerConfig } from '../config.js';
import { testConfig } from '../../../test/kits/serverConfig.js';
import { cookiesOf, signIn } from '../../../test/kits/matrix.js';
import type { App } from '../types.js';
import { hashPassword } from './password.js';
import { CSRF_HEADER, hashToken, PRE_SESSION_COOKIE, SESSION_COOKIE } from './session.js';

const PASSWORD = 'chengguan-2018';
const T0 = Date.parse('2018-10-08T08:00:00.000Z');

describeEachDialect('sign-in, sessions and CSRF', (db) => {
  let store: Store;
  let app: App;
  let now: number;
  let logLines: string[];

  async function build(config: Partial<ServerConfig> = {}) {
    if (app !== undefined) await app.close();
    logLines = [];
    const logStream = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    app = await buildApp(
      { store, clock: () => new Date(now).toISOString(), config: testConfig({ logLevel: 'info', loginRateLimit: { max: 1000, windowMs: 60_000 }, ...config }) },
      { logStream },
    );
  }

  beforeEach(async () => {
    now = T0;
    store = await openStore(await db.fresh(), { clock: () => new Date(now).toISOString() });
    const passwordHash = await hashPassword(PASSWORD);
    await store.transaction((trx) =>
      store.users.create(
        trx,
        { username: 'chengguan', name: '城关镇扶贫站', role: 'township', scopeCodes: ['620521101'], passwordHash },
        { id: 't', name: '测试' },
        null,
      ),
    );
    await build();
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  /** Anonymous visitor: pre-session cookie and its token. */
  async function visitor() {
    const r = await app.inject({ method: 'GET', url: '/api/session' });
    return { cookie: cookiesOf(r).join('; '), token: (r.json() as { csrfToken: string }).csrfToken };
  }

  async function login(password: string, v?: { cookie: string; token: string }) {
    const who = v ?? (await visitor());
    return app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: who.cookie, [CSRF_HEADER]: who.token },
      payload: { username: 'ChengGuan', password },
    });
  }

  it('with TUOPIN_SESSION_SECRET the stored session id is an HMAC keyed by it, and a new secret signs everyone out', async () => {
    await build({ sessionSecret: 'county-office-secret-1' });
    const r = await login(PASSWORD);
    expect(r.statusCode).toBe(200);
    const sid = ([] as string[]).concat(r.headers['set-cookie'] as string | string[]).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    const value = sid.split(';')[0]!.split('=')[1]!;
    expect(await store.sessions.find(hashToken(value))).toBeNull();
    expect(await store.sessions.find(hashToken(value, 'county-office-secret-1'))).not.toBeNull();
    const me = () => app.inject({ method: 'GET', url: '/api/session', headers: { cookie: `${SESSION_COOKIE}=${value}` } });
    expect((await me()).json()).toMatchObject({ user: { username: 'chengguan' } });
    await build({ sessionSecret: 'county-office-secret-2' });
    expect((await me()).json()).toMatchObject({ user: null });
  });

  it('signs in with the right password: session cookie HttpOnly, SameSite=Strict, Path=/; /api/session shows the user', async () => {
    const r = await login(PASSWORD);
    expect(r.statusCode).toBe(200);
    const body = r.json() as { user: { username: string; role: string; scope: string[] }; csrfToken: string };
    expect(body.user).toMatchObject({ username: 'chengguan', role: 'township', scope: ['620521101'] });
    const setCookie = ([] as string[]).concat(r.headers['set-cookie'] as string | string[]);
    const sid = setCookie.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(sid).toBeDefined();
    expect(sid).toMatch(/; HttpOnly/);
    expect(sid).toMatch(/; SameSite=Strict/);
    expect(sid).toMatch(/; Path=\//);
    expect(sid).not.toMatch(/; Secure/);
    // The stored id is the hash, not the cookie value.
    const value = (sid as string).split(';')[0]!.split('=')[1]!;
    expect(await store.sessions.find(value)).toBeNull();
    expect(await store.sessions.find(hashToken(value))).not.toBeNull();

    const s = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: `${SESSION_COOKIE}=${value}` } });
    expect(s.json()).toMatchObject({ user: { username: 'chengguan' }, csrfToken: body.csrfToken, setupRequired: false, demo: false });
  });

  it('marks the cookie Secure when configured for HTTPS', async () => {
    await build({ cookieSecure: true });
    const r = await login(PASSWORD);
    expect(String(r.headers['set-cookie'])).toMatch(/tuopin_sid=[^;]+;[^,]*Secure/);
  });

  it('refuses a wrong password or unknown user with the same 401 message', async () => {
    const wrong = await login('not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: { code: 'bad-credentials', message: '用户名或密码错误' } });
    const v = await visitor();
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: v.cookie, [CSRF_HEADER]: v.token },
      payload: { username: 'nobody', password: PASSWORD },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(cookiesOf(wrong).some((c) => c.startsWith(SESSION_COOKIE))).toBe(false);
  });

  /** A login as `username` from `address` (each address its own visitor). */
  async function loginFrom(address: string, password: string, username = 'ChengGuan') {
    const r = await app.inject({ method: 'GET', url: '/api/session', remoteAddress: address });
    const v = { cookie: cookiesOf(r).join('; '), token: (r.json() as { csrfToken: string }).csrfToken };
    return app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: address,
      headers: { cookie: v.cookie, [CSRF_HEADER]: v.token },
      payload: { username, password },
    });
  }
  const answer = (r: { statusCode: number; json: () => unknown }) => ({ status: r.statusCode, body: r.json() });

  it('backs off per user name and address: 5 failures make that address wait (doubling), never the owner at another address', async () => {
    for (let i = 1; i <= 4; i++) expect((await loginFrom('10.0.0.66', `wrong-password-${i}`)).statusCode).toBe(401);
    const fifth = await loginFrom('10.0.0.66', 'wrong-password-5');
    expect(answer(fifth)).toEqual({ status: 429, body: { error: { code: 'login-backoff', message: '登录失败次数过多，请 30 秒后再试' } } });
    // The attacker's address waits even with the right password ...
    expect((await loginFrom('10.0.0.66', PASSWORD)).statusCode).toBe(429);
    // ... while the owner, from their own address, signs in at once.
    expect((await loginFrom('10.0.0.7', PASSWORD)).statusCode).toBe(200);
    // Nothing is written to the account: no lock an attacker could set.
    expect(await store.users.byUsername('chengguan')).toMatchObject({ failedLogins: 0, lockedUntil: null });

    now += 30_001;
    const sixth = await loginFrom('10.0.0.66', 'wrong-password-6');
    expect(answer(sixth)).toEqual({ status: 429, body: { error: { code: 'login-backoff', message: '登录失败次数过多，请 60 秒后再试' } } });
    now += 60_001;
    expect((await loginFrom('10.0.0.66', PASSWORD)).statusCode).toBe(200);
    // Success clears that address's count.
    expect((await loginFrom('10.0.0.66', 'wrong-password-7')).statusCode).toBe(401);
  });

  it('answers an unknown user name exactly as a known one, failure by failure, back-off included', async () => {
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 1; i <= 7; i++) {
      known.push(answer(await loginFrom('10.0.0.66', `wrong-password-${i}`)));
      unknown.push(answer(await loginFrom('10.0.0.66', `wrong-password-${i}`, 'nobody-here')));
    }
    expect(unknown).toEqual(known);
    expect(known.filter((a) => (a as { status: number }).status === 429).length).toBe(3);
  });

  it('the admin sees the wait the server counts and unlocks it for every address', async () => {
    const passwordHash = await hashPassword(PASSWORD);
    await store.transaction((trx) =>
      store.users.create(
        trx,
        { username: 'admin', name: '管理员', role: 'county', admin: true, scopeCodes: [], passwordHash },
        { id: 't', name: '测试' },
        null,
      ),
    );
    const adminLogin = await loginFrom('10.0.0.1', PASSWORD, 'admin');
    expect(adminLogin.statusCode).toBe(200);
    const cookie = cookiesOf(adminLogin)
      .filter((c) => c.startsWith(SESSION_COOKIE))
      .join('; ');
    const token = (adminLogin.json() as { csrfToken: string }).csrfToken;
    const users = async () =>
      (
        (await app.inject({ method: 'GET', url: '/api/admin/users', headers: { cookie } })).json() as {
          users: { id: string; username: string; lockedUntil: string | null; failedLogins: number }[];
        }
      ).users.find((u) => u.username === 'chengguan')!;

    for (let i = 1; i <= 5; i++) await loginFrom('10.0.0.66', `wrong-password-${i}`);
    for (let i = 1; i <= 5; i++) await loginFrom('10.0.0.67', `wrong-password-${i}`);
    const shown = await users();
    expect(shown).toMatchObject({ lockedUntil: new Date(now + 30_000).toISOString(), failedLogins: 10 });

    const unlock = await app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${shown.id}`,
      headers: { cookie, [CSRF_HEADER]: token },
      payload: { unlock: true },
    });
    expect(unlock.statusCode).toBe(200);
    expect((unlock.json() as { user: { lockedUntil: string | null } }).user.lockedUntil).toBeNull();
    expect((await loginFrom('10.0.0.66', PASSWORD)).statusCode).toBe(200);
    expect((await loginFrom('10.0.0.67', PASSWORD)).statusCode).toBe(200);
  });

  it('rate-limits login attempts per client address', async () => {
    await build({ loginRateLimit: { max: 3, windowMs: 60_000 } });
    const v = await visitor();
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await login(`wrong-${i}-password`, v)).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
    const limited = await login(PASSWORD, v);
    expect(limited.statusCode).toBe(429);
    expect((limited.json() as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'rate-limited',
      message: expect.stringContaining('秒后再试'),
    });
  });

  it('refuses state-changing requests without or with a wrong CSRF token (403), before and after sign-in', async () => {
    const v = await visitor();
    const noToken = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: v.cookie },
      payload: { username: 'chengguan', password: PASSWORD },
    });
    expect(noToken.statusCode).toBe(403);
    expect((noToken.json() as { error: { code: string } }).error.code).toBe('csrf');
    // A token without its cookie (another browser's token) is as bad as none.
    const noCookie = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { [CSRF_HEADER]: v.token },
      payload: { username: 'chengguan', password: PASSWORD },
    });
    expect(noCookie.statusCode).toBe(403);

    const c = await signIn(app, 'chengguan', null, PASSWORD);
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie, [CSRF_HEADER]: v.token } });
    expect(wrong.statusCode).toBe(403);
    const none = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie } });
    expect(none.statusCode).toBe(403);
    // Still signed in: the refused logout did nothing.
    expect((await c.get('/api/session')).json()).toMatchObject({ user: { username: 'chengguan' } });
  });

  it('refuses a cross-origin request even with a valid token (403), accepts the same origin', async () => {
    const c = await signIn(app, 'chengguan', null, PASSWORD);
    const headers = { cookie: c.cookie, [CSRF_HEADER]: c.csrfToken, host: '127.0.0.1:8080' };
    const evil = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...headers, origin: 'https://evil.example.com' } });
    expect(evil.statusCode).toBe(403);
    expect((evil.json() as { error: { code: string } }).error.code).toBe('cross-origin');
    const nullOrigin = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...headers, origin: 'null' } });
    expect(nullOrigin.statusCode).toBe(403);
    const fetchMeta = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...headers, 'sec-fetch-site': 'cross-site' } });
    expect(fetchMeta.statusCode).toBe(403);
    const same = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...headers, origin: 'http://127.0.0.1:8080' } });
    expect(same.statusCode).toBe(200);
  });

  it('logout deletes the session: the old cookie no longer signs anyone in', async () => {
    const c = await signIn(app, 'chengguan', null, PASSWORD);
    expect(await store.sessions.countForUser((await store.users.byUsername('chengguan'))!.id)).toBe(1);
    const out = await c.post('/api/auth/logout');
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(new RegExp(`${SESSION_COOKIE}=;`));
    expect((await c.get('/api/session')).json()).toMatchObject({ user: null });
    expect((await c.get('/api/regions')).statusCode).toBe(401);
    expect(await store.sessions.countForUser((await store.users.byUsername('chengguan'))!.id)).toBe(0);
  });

  it('ends a session idle for more than 8 hours, and keeps one in use', async () => {
    const c = await signIn(app, 'chengguan', null, PASSWORD);
    now += 7 * 3600_000;
    expect((await c.get('/api/session')).json()).toMatchObject({ user: { username: 'chengguan' } });
    now += 7 * 3600_000; // 14 h after sign-in, 7 h after the last request
    expect((await c.get('/api/session')).json()).toMatchObject({ user: { username: 'chengguan' } });
    now += 8 * 3600_000 + 1;
    expect((await c.get('/api/session')).json()).toMatchObject({ user: null });
  });

  it('treats the session of a disabled or deleted-from-under user as signed out', async () => {
    const c = await signIn(app, 'chengguan', null, PASSWORD);
    const id = (await store.users.byUsername('chengguan'))!.id;
    await store.transaction((trx) => store.users.update(trx, id, { disabled: true }, { id: 't', name: '测试' }, '停用'));
    expect((await c.get('/api/session')).json()).toMatchObject({ user: null });
    const again = await login(PASSWORD);
    expect(again.statusCode).toBe(403);
    expect((again.json() as { error: { code: string } }).error.code).toBe('disabled');
  });

  it('replaces the session id at sign-in, so a planted cookie is worthless', async () => {
    const first = await signIn(app, 'chengguan', null, PASSWORD);
    const r = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: first.cookie, [CSRF_HEADER]: first.csrfToken },
      payload: { username: 'chengguan', password: PASSWORD },
    });
    expect(r.statusCode).toBe(200);
    expect((await first.get('/api/session')).json()).toMatchObject({ user: null });
  });

  it('never writes passwords, session cookies or CSRF tokens to the log', async () => {
    const v = await visitor();
    await login('wrong-password-zz', v);
    const c = await signIn(app, 'chengguan', null, PASSWORD);
    await c.post('/api/auth/logout');
    const text = logLines.join('');
    expect(text).toContain('登录失败');
    expect(text).toContain('登录成功');
    for (const secret of [PASSWORD, 'wrong-password-zz', v.token, c.csrfToken, ...c.cookie.split('; ').map((x) => x.split('=')[1]!)]) {
      expect(text).not.toContain(secret);
    }
  });

  it('asks for setup on a first non-demo run, creates the admin once, then refuses', async () => {
    await store.close();
    store = await openStore(await db.fresh(), { clock: () => new Date(now).toISOString() });
    await build();
    const v = await visitor();
    expect((await app.inject({ method: 'GET', url: '/api/session' })).json()).toMatchObject({ user: null, setupRequired: true, demo: false });
    const weak = await app.inject({
      method: 'POST',
      url: '/api/setup',
      headers: { cookie: v.cookie, [CSRF_HEADER]: v.token },
      payload: { username: 'admin', name: '管理员', password: '1234567890' },
    });
    expect(weak.statusCode).toBe(400);
    expect((weak.json() as { error: { message: string } }).error.message).toContain('密码不能全部是数字');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/setup',
      headers: { cookie: v.cookie, [CSRF_HEADER]: v.token },
      payload: { username: 'admin', name: '县扶贫办', password: 'first-admin-2018' },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ user: { username: 'admin', role: 'county', admin: true } });
    const sid = cookiesOf(ok).find((x) => x.startsWith(`${SESSION_COOKIE}=`) && !x.endsWith('='));
    expect(sid).toBeDefined();
    expect(cookiesOf(ok)).toContain(`${PRE_SESSION_COOKIE}=`);

    const v2 = await visitor();
    const again = await app.inject({
      method: 'POST',
      url: '/api/setup',
      headers: { cookie: v2.cookie, [CSRF_HEADER]: v2.token },
      payload: { username: 'admin2', name: '第二个', password: 'second-admin-2018' },
    });
    expect(again.statusCode).toBe(409);
    expect((again.json() as { error: { code: string } }).error.code).toBe('setup-done');
    expect(await store.users.count()).toBe(1);
    expect((await app.inject({ method: 'GET', url: '/api/session' })).json()).toMatchObject({ setupRequired: false });
  });

  it('refuses setup in demo mode', async () => {
    await store.close();
    store = await openStore(await db.fresh(), { clock: () => new Date(now).toISOString() });
    await build({ demo: true });
    const v = await visitor();
    expect((await app.inject({ method: 'GET', url: '/api/session' })).json()).toMatchObject({ setupRequired: false, demo: true });
    const r = await app.inject({
      method: 'POST',
      url: '/api/setup',
      headers: { cookie: v.cookie, [CSRF_HEADER]: v.token },
      payload: { username: 'admin', name: '县扶贫办', password: 'first-admin-2018' },
    });
    expect(r.statusCode).toBe(409);
    expect(await store.users.count()).toBe(0);
  });
});
