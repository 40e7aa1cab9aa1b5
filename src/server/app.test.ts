import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.js';
import { smallCounty } from '../../test/fixtures/domain.js';
import { diffRecords, openStore, type Store } from '../store/index.js';
import { buildApp } from './app.js';
import { DEMO_PASSWORD, ensureDemoUsers } from './auth/demo.js';
import { hashPassword } from './auth/password.js';
import type { ServerConfig } from './config.js';
import { testConfig } from '../../test/kits/serverConfig.js';
import type { AdminUser, RegionNode } from '../contract/api.js';
import { createMatrix, MATRIX_CODES, signIn, type Matrix } from '../../test/kits/matrix.js';
import type { App } from './types.js';

const codes = (nodes: RegionNode[]): string[] => nodes.flatMap((n) => [n.code, ...codes(n.children)]);

describe('the app without a database behind the routes', () => {
  let store: Store;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tuopin-app-'));
    store = await openStore(join(dir, 'app.db'));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function appWith(config: Partial<ServerConfig>): Promise<App> {
    return buildApp({ store, clock: () => new Date().toISOString(), config: testConfig(config) });
  }

  it('documents the API at /api/openapi.json, every core route with its schema', async () => {
    const app = await appWith({});
    const r = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json() as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const [path, method] of [
      ['/api/session', 'get'],
      ['/api/auth/login', 'post'],
      ['/api/auth/logout', 'post'],
      ['/api/setup', 'post'],
      ['/api/admin/users', 'get'],
      ['/api/admin/users', 'post'],
      ['/api/admin/users/{id}', 'patch'],
      ['/api/regions', 'get'],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(JSON.stringify(doc.paths['/api/auth/login']?.['post']?.requestBody)).toContain('password');
    expect(doc.paths['/api/openapi.json']).toBeUndefined();
    await app.close();
  });

  it('serves a Chinese “not built” page when dist/web is missing, JSON 404s under /api', async () => {
    const app = await appWith({ webDir: join(dir, 'no-such-dir') });
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('网页界面尚未构建');
    expect(page.body).toContain('npm run build');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const api = await app.inject({ method: 'GET', url: '/api/no-such-endpoint' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: { code: 'not-found', message: '接口不存在' } });
    expect(api.headers['cache-control']).toBe('no-store');
    await app.close();
  });

  it('serves the built app with an SPA fallback for client routes, not for /api or missing files', async () => {
    const web = join(dir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>拓贫</title><div id="root"></div>');
    writeFileSync(join(web, 'assets', 'app-1a2b3c.js'), 'console.log("app")');
    const app = await appWith({ webDir: web });
    const root = await app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.body).toContain('<div id="root">');
    const deep = await app.inject({ method: 'GET', url: '/households/H001?tab=income' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<div id="root">');
    expect(deep.headers['cache-control']).toBe('no-cache');
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1a2b3c.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
    const api = await app.inject({ method: 'GET', url: '/api/unknown' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/application\/json/);
    await app.close();
  });

  it('answers malformed JSON and schema violations with a Chinese 400', async () => {
    const app = await appWith({});
    const s = await app.inject({ method: 'GET', url: '/api/session' });
    const cookie = String(s.headers['set-cookie']).split(';')[0]!;
    const token = (s.json() as { csrfToken: string }).csrfToken;
    const headers = { cookie, 'x-csrf-token': token, 'content-type': 'application/json' };
    const bad = await app.inject({ method: 'POST', url: '/api/auth/login', headers, payload: '{"username": ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: { code: 'invalid-json', message: '请求内容不是有效的 JSON' } });
    const missing = await app.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { username: 'x' } });
    expect(missing.statusCode).toBe(400);
    const err = (missing.json() as { error: { code: string; message: string; details: { path: string; message: string }[] } }).error;
    expect(err.code).toBe('validation');
    expect(err.details[0]?.path).toBe('password');
    // Zod's Chinese locale for a missing field, not English.
    expect(err.message).toMatch(/[\u4e00-\u9fff]/);
    expect(err.message).not.toMatch(/Invalid|expected/);
    await app.close();
  });
});

describeEachDialect('admin API and regions', (db) => {
  let m: Matrix;
  beforeEach(async () => {
    m = await createMatrix(await db.fresh(), { assess: false });
  });
  afterEach(async () => {
    await m.close();
  });

  it('lets only the admin use the admin routes (401 signed out, 403 other roles)', async () => {
    const anon = await m.anonymous();
    expect((await anon.get('/api/admin/users')).statusCode).toBe(401);
    for (const role of ['leader', 'sector', 'township', 'village'] as const) {
      const c = m.as(role);
      expect((await c.get('/api/admin/users')).statusCode, role).toBe(403);
      expect((await c.post('/api/admin/users', { username: 'x-new', name: '新', password: 'new-user-2018', role: 'county' })).statusCode, role).toBe(403);
      expect((await c.patch(`/api/admin/users/${m.users[role].id}`, { role: 'county', admin: true })).statusCode, role).toBe(403);
    }
    const list = await m.as('county').get('/api/admin/users');
    expect(list.statusCode).toBe(200);
    const users = (list.json() as { users: AdminUser[] }).users;
    expect(users.map((u) => u.username).sort()).toEqual(['m-county', 'm-jiaoyu', 'm-leader', 'm-township', 'm-village']);
    expect(list.body).not.toContain('scrypt$');
    expect(users.find((u) => u.username === 'm-leader')?.scopeNames).toEqual(['河西乡', '向阳村']);
  });

  it('creates a township user who then sees only that township in /api/regions', async () => {
    const admin = m.as('county');
    const created = await admin.post('/api/admin/users', {
      username: 'HeXi',
      name: '河西乡扶贫站',
      password: 'hexi-xiang-2018',
      role: 'township',
      scope: [MATRIX_CODES.townshipB],
      reason: '新乡镇账户',
    });
    expect(created.statusCode).toBe(201);
    expect((created.json() as { user: AdminUser }).user).toMatchObject({
      username: 'HeXi',
      role: 'township',
      scope: [MATRIX_CODES.townshipB],
      scopeNames: ['河西乡'],
      admin: false,
    });

    const hexi = await signIn(m.app, 'hexi', null, 'hexi-xiang-2018');
    const r = await hexi.get('/api/regions');
    expect(r.statusCode).toBe(200);
    const tree = (r.json() as { regions: RegionNode[] }).regions;
    expect(tree.map((n) => n.code)).toEqual([MATRIX_CODES.townshipB]);
    expect(codes(tree).sort()).toEqual([MATRIX_CODES.townshipB, MATRIX_CODES.villageB1, MATRIX_CODES.villageB2].sort());
    const log = await m.store.changes.list({ kind: 'all' }, { entity: 'user' });
    expect(log.at(-1)).toMatchObject({ action: 'create', actor: { id: m.users.county.id }, reason: '新乡镇账户' });
  });

  it('checks role and scope fit together', async () => {
    const admin = m.as('county');
    const base = { username: 'bad-one', name: '测试', password: 'bad-account-2018' };
    const cases: [object, string][] = [
      [{ role: 'township', scope: [MATRIX_CODES.villageA1] }, '乡镇账户应分管一个乡镇'],
      [{ role: 'township', scope: [] }, '请为该账户选择分管区域'],
      [{ role: 'village', scope: ['999999999999'] }, '区划代码不存在'],
      [{ role: 'sector' }, '行业部门账户必须选择所属行业'],
      [{ role: 'leader', admin: true, scope: [MATRIX_CODES.townshipA] }, '只有县扶贫办账户可以设为管理员'],
      [{ role: 'county', scope: [MATRIX_CODES.townshipA] }, '不需要分管区域'],
    ];
    for (const [extra, message] of cases) {
      const r = await admin.post('/api/admin/users', { ...base, ...extra });
      expect(r.statusCode, JSON.stringify(extra)).toBe(400);
      expect((r.json() as { error: { message: string } }).error.message).toContain(message);
    }
    const dup = await admin.post('/api/admin/users', { ...base, username: 'M-Township', role: 'county' });
    expect(dup.statusCode).toBe(409);
    expect(await m.store.users.count()).toBe(5);
  });

  it('resets a password (signing the user out), reassigns scope, disables and unlocks', async () => {
    const admin = m.as('county');
    const village = m.as('village');
    const id = m.users.village.id;
    const reset = await admin.patch(`/api/admin/users/${id}`, { password: 'new-village-pw-2018' });
    expect(reset.statusCode).toBe(200);
    expect((await village.get('/api/regions')).statusCode).toBe(401);
    const again = await signIn(m.app, 'm-village', null, 'new-village-pw-2018');

    const moved = await admin.patch(`/api/admin/users/${id}`, { scope: [MATRIX_CODES.villageB1] });
    expect((moved.json() as { user: AdminUser }).user.scopeNames).toEqual(['东风村']);
    expect(codes(((await again.get('/api/regions')).json() as { regions: RegionNode[] }).regions)).toEqual([MATRIX_CODES.villageB1]);

    const sector = await admin.patch(`/api/admin/users/${id}`, { role: 'sector', sector: '水务' });
    expect((sector.json() as { user: AdminUser }).user).toMatchObject({ role: 'sector', sector: '水务', scope: [] });

    await m.store.transaction((trx) => m.store.users.update(trx, id, { lockedUntil: '2999-01-01T00:00:00.000Z' }, { id: 't', name: 't' }, null));
    expect(((await admin.get('/api/admin/users')).json() as { users: AdminUser[] }).users.find((u) => u.id === id)?.lockedUntil).not.toBeNull();
    await admin.patch(`/api/admin/users/${id}`, { unlock: true });
    expect((await m.store.users.byId(id))?.lockedUntil).toBeNull();

    const disabled = await admin.patch(`/api/admin/users/${id}`, { disabled: true, reason: '人员调离' });
    expect((disabled.json() as { user: AdminUser }).user.disabled).toBe(true);
    expect((await again.get('/api/regions')).statusCode).toBe(401);
    expect((await admin.patch('/api/admin/users/u-nobody', { name: '无' })).statusCode).toBe(404);
    expect((await admin.patch(`/api/admin/users/${id}`, {})).statusCode).toBe(400);
  });

  it('does not let the admin lock themselves out', async () => {
    const admin = m.as('county');
    const self = m.users.county.id;
    for (const body of [{ disabled: true }, { admin: false }, { role: 'township', scope: [MATRIX_CODES.townshipA] }]) {
      const r = await admin.patch(`/api/admin/users/${self}`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(409);
    }
    expect(await m.store.users.byId(self)).toMatchObject({ admin: true, disabled: false, role: 'county' });
  });
});

describeEachDialect('demo accounts', (db) => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(await db.fresh());
    const c = smallCounty();
    const plan = diffRecords({ regions: [], records: [] }, { regions: c.regions, records: c.records });
    await store.transaction((trx) => store.registry.applyImport(trx, plan, { id: 't', name: '测试' }, null, null));
  });
  afterEach(async () => {
    await store.close();
  });

  it('creates one account per role from the stored regions, once, with the documented password', async () => {
    const first = await ensureDemoUsers(store);
    expect(first.created).toBe(true);
    expect(first.accounts.map((a) => [a.username, a.role, a.sector, a.scope])).toEqual([
      ['admin', 'county', null, []],
      ['lingdao', 'leader', null, ['620521101', '620521102']],
      ['jiaoyu', 'sector', '教育', []],
      ['zhujian', 'sector', '住建', []],
      ['shuiwu', 'sector', '水务', []],
      ['yibao', 'sector', '医保', []],
      ['xiangzhen', 'township', null, ['620521101']],
      ['cun', 'village', null, ['620521101201']],
    ]);
    expect(first.accounts.every((a) => a.password === DEMO_PASSWORD)).toBe(true);
    const second = await ensureDemoUsers(store);
    expect(second.created).toBe(false);
    expect(second.accounts).toHaveLength(8);
    expect(await store.users.count()).toBe(8);

    const app = await buildApp({ store, clock: () => new Date().toISOString(), config: testConfig({ demo: true }) });
    const cun = await signIn(app, 'cun', null, DEMO_PASSWORD);
    expect(codes(((await cun.get('/api/regions')).json() as { regions: RegionNode[] }).regions)).toEqual(['620521101201']);
    await app.close();
  });

  it('adds the scoped demo accounts once their regions exist, if only demo accounts are there', async () => {
    await store.close();
    store = await openStore(await db.fresh());
    expect((await ensureDemoUsers(store)).accounts.map((a) => a.username)).toEqual(['admin', 'jiaoyu', 'zhujian', 'shuiwu', 'yibao']);
    const c = smallCounty();
    await store.transaction((trx) => store.regions.upsertMany(trx, c.regions, { id: 't', name: '测试' }, null));
    const later = await ensureDemoUsers(store);
    expect(later.created).toBe(true);
    expect(later.accounts.map((a) => a.username)).toEqual(['admin', 'lingdao', 'jiaoyu', 'zhujian', 'shuiwu', 'yibao', 'xiangzhen', 'cun']);
    expect(await store.users.count()).toBe(8);
  });

  it('creates no demo account when accounts exist', async () => {
    const passwordHash = await hashPassword('real-admin-2018');
    await store.transaction((trx) =>
      store.users.create(trx, { username: 'real', name: '真实管理员', role: 'county', admin: true, passwordHash }, { id: 't', name: 't' }, null),
    );
    const r = await ensureDemoUsers(store);
    expect(r).toEqual({ created: false, accounts: [] });
    expect(await store.users.count()).toBe(1);
  });
});
