// The scope matrix: a small county seeded into a fresh store, one signed-in client per role, and
// for every role the records it must and must not see. Every endpoint test runs each role against
// it: in-scope records present, out-of-scope ids absent anywhere in the response, no full ID
// number / phone / bank account for roles that get masked values, no hidden sector fields.
//
//   const m = await createMatrix(await db.fresh());
//   const res = await m.as('township').get('/api/households');
//   expect(m.leaks('township', res.body)).toEqual([]);
//
// Kept free of vitest so it type-checks and builds with the rest of src/.
import type { LightMyRequestResponse } from 'fastify';
import { smallCounty, COUNTY_CODE, TOWNSHIP_CODE, TOWNSHIP2_CODE, VILLAGE_CODE, type SyntheticCounty } from '../fixtures/domain.js';
import { makeIdNumber } from '../../src/domain/idNumber.js';
import type { HouseholdRecord, Member } from '../../src/domain/types.js';
import { loadRulebook } from '../../src/rulebooks/loader.js';
import { reassess } from '../../src/services/reassess.js';
import { diffRecords, openStore, type Clock, type Store, type User } from '../../src/store/index.js';
import { buildApp } from '../../src/server/app.js';
import { hashPassword } from '../../src/server/auth/password.js';
import { CSRF_HEADER } from '../../src/server/auth/session.js';
import type { ServerConfig } from '../../src/server/config.js';
import { testConfig } from './serverConfig.js';
import { ROLES, type Role, type Sector } from '../../src/domain/roles.js';
import { householdFieldVisible, memberFieldVisible } from '../../src/server/projection.js';
import { viewerFor } from '../../src/server/auth/viewer.js';
import type { App, AppDeps } from '../../src/server/types.js';

export type MatrixRole = Role;
export const MATRIX_ROLES: readonly MatrixRole[] = ROLES;
export const MATRIX_PASSWORD = 'matrix-pass-2018';
const SEED_ACTOR = { id: 'matrix', name: '测试数据' };

/** Region codes of the matrix county (test/fixtures/domain.ts smallCounty). */
export const MATRIX_CODES = {
  county: COUNTY_CODE,
  /** 城关镇 */
  townshipA: TOWNSHIP_CODE,
  /** 河西乡 */
  townshipB: TOWNSHIP2_CODE,
  /** 红星村 (城关镇): H001, H040, H063, H060 */
  villageA1: VILLAGE_CODE,
  /** 向阳村 (城关镇): H011, H003 */
  villageA2: `${TOWNSHIP_CODE}202`,
  /** 东风村 (河西乡): H100 */
  villageB1: `${TOWNSHIP2_CODE}201`,
  /** 新华村 (河西乡): no households */
  villageB2: `${TOWNSHIP2_CODE}202`,
} as const;

interface Account {
  username: string;
  name: string;
  role: Role;
  admin: boolean;
  sector: Sector | null;
  scope: string[];
}

/** The leader covers township B and one village of township A: a mix of levels on purpose. */
export const MATRIX_ACCOUNTS: Readonly<Record<MatrixRole, Account>> = {
  county: { username: 'm-county', name: '县扶贫办测试', role: 'county', admin: true, sector: null, scope: [] },
  leader: { username: 'm-leader', name: '县领导测试', role: 'leader', admin: false, sector: null, scope: [MATRIX_CODES.townshipB, MATRIX_CODES.villageA2] },
  sector: { username: 'm-jiaoyu', name: '教育局测试', role: 'sector', admin: false, sector: '教育', scope: [] },
  township: { username: 'm-township', name: '城关镇测试', role: 'township', admin: false, sector: null, scope: [MATRIX_CODES.townshipA] },
  village: { username: 'm-village', name: '红星村测试', role: 'village', admin: false, sector: null, scope: [MATRIX_CODES.villageA1] },
};

export interface InOut {
  in: string[];
  out: string[];
}

export interface Expectation {
  /** Household ids (members are `<household>-NN`). */
  households: InOut;
  villages: InOut;
  townships: InOut;
  /** Every region code of /api/regions (county, townships, villages). */
  regions: InOut;
  /** Full personal values (ID numbers, phones, bank accounts) that must not appear at all. */
  secrets: string[];
  /** JSON keys of household/member fields this role must not receive. */
  hiddenFields: string[];
}

export interface Client {
  readonly role: MatrixRole | null;
  readonly csrfToken: string;
  /** Cookie header the client sends. */
  readonly cookie: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export interface Matrix {
  app: App;
  store: Store;
  deps: AppDeps;
  county: SyntheticCounty;
  users: Record<MatrixRole, User>;
  as(role: MatrixRole): Client;
  /** A client with no session (but a pre-session CSRF token). */
  anonymous(): Promise<Client>;
  expect: Readonly<Record<MatrixRole, Expectation>>;
  /**
   * What in a response body this role must not see: out-of-scope household/member ids and
   * village codes, secrets, hidden field keys. Empty = no leak.
   */
  leaks(role: MatrixRole, body: string): string[];
  close(): Promise<void>;
}

const SURNAMES = ['赵', '钱', '孙', '周', '吴', '郑', '冯', '陈', '褚', '卫'];

/**
 * smallCounty with names, ID numbers, phones and bank accounts unique per household, so a
 * value found in a response can only have come from one household.
 */
export function matrixCounty(): SyntheticCounty {
  const base = smallCounty();
  const records: HouseholdRecord[] = base.records.map((r, i) => {
    const surname = SURNAMES[i % SURNAMES.length] as string;
    const n = String(i + 1).padStart(2, '0');
    const members: Member[] = r.members.map((m, k) => ({
      ...m,
      name: surname + [...m.name].slice(1).join(''),
      idNumber: m.birthDate === null ? null : makeIdNumber('620521', m.birthDate, i * 40 + k * 2 + (m.sex === 'F' ? 0 : 1)),
      phone: k === 0 ? `1381000${n}${String(k).padStart(2, '0')}` : null,
    }));
    return {
      ...r,
      household: {
        ...r.household,
        phone: `1391234${n}00`,
        bankAccount: `62284800000000${n}77`,
        cadre: { ...r.household.cadre, phone: `1370000${n}99` },
      },
      members,
    };
  });
  return { regions: base.regions, records };
}

function inOut<T>(all: readonly T[], visible: (x: T) => boolean, key: (x: T) => string): InOut {
  return { in: all.filter(visible).map(key), out: all.filter((x) => !visible(x)).map(key) };
}

function expectations(county: SyntheticCounty): Record<MatrixRole, Expectation> {
  const parent = new Map(county.regions.map((r) => [r.code, r.parentCode]));
  const within = (code: string, scope: readonly string[]): boolean => {
    for (let c: string | null | undefined = code; c != null; c = parent.get(c)) if (scope.includes(c)) return true;
    return false;
  };
  const secrets = county.records
    .flatMap((r) => [r.household.phone, r.household.bankAccount, r.household.cadre.phone, ...r.members.flatMap((m) => [m.idNumber, m.phone])])
    .filter((v): v is string => v !== null);

  const out = {} as Record<MatrixRole, Expectation>;
  for (const role of MATRIX_ROLES) {
    const acc = MATRIX_ACCOUNTS[role];
    const wide = acc.role === 'county' || acc.role === 'sector';
    const sees = (code: string) => wide || within(code, acc.scope);
    const viewer = viewerFor({
      id: 'x',
      username: acc.username,
      name: acc.name,
      role: acc.role,
      admin: acc.admin,
      sector: acc.sector,
      scopeCodes: acc.scope,
      failedLogins: 0,
      lockedUntil: null,
      disabled: false,
      createdAt: '',
      updatedAt: '',
    });
    const sample = county.records[0] as HouseholdRecord;
    const hiddenFields = [
      ...Object.keys(sample.household).filter((k) => !householdFieldVisible(viewer, k as keyof typeof sample.household)),
      ...Object.keys(sample.members[0] as Member).filter((k) => !memberFieldVisible(viewer, k as keyof Member)),
    ];
    out[role] = {
      households: inOut(
        county.records,
        (r) => sees(r.household.villageCode),
        (r) => r.household.id,
      ),
      villages: inOut(
        county.regions.filter((r) => r.level === 'village'),
        (r) => sees(r.code),
        (r) => r.code,
      ),
      townships: inOut(
        county.regions.filter((r) => r.level === 'township'),
        (r) => sees(r.code),
        (r) => r.code,
      ),
      // A scoped user sees its regions and below, not the county or a township above its village.
      regions: inOut(
        county.regions,
        (r) => wide || within(r.code, acc.scope),
        (r) => r.code,
      ),
      // The county office works with full values; every other role gets them masked.
      secrets: acc.role === 'county' ? [] : secrets,
      hiddenFields,
    };
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function leakFinder(county: SyntheticCounty, exp: Record<MatrixRole, Expectation>) {
  const names = new Map(county.records.map((r) => [r.household.id, r.members.map((m) => m.name)]));
  return (role: MatrixRole, body: string): string[] => {
    const e = exp[role];
    const found: string[] = [];
    for (const id of e.households.out) {
      // H001 but not H0010; H001-01 (a member) counts.
      if (new RegExp(`(?<![A-Za-z0-9])${escapeRe(id)}(?![0-9])`).test(body)) found.push(`范围外农户 ${id}`);
      for (const name of names.get(id) ?? []) if (body.includes(name)) found.push(`范围外人员 ${name}（${id}）`);
    }
    for (const code of e.villages.out) {
      if (new RegExp(`(?<![0-9])${code}(?![0-9])`).test(body)) found.push(`范围外村 ${code}`);
    }
    for (const s of e.secrets) if (body.includes(s)) found.push(`未脱敏 ${s}`);
    for (const k of e.hiddenFields) if (body.includes(`"${k}":`)) found.push(`不应可见的字段 ${k}`);
    return found;
  };
}

export interface MatrixOptions {
  /** Run and store an assessment after seeding (default true): the data endpoints read it. */
  assess?: boolean;
  config?: Partial<ServerConfig>;
  clock?: Clock;
}

/**
 * A client that first fetches a pre-session CSRF token, then (with a username) signs in and
 * keeps the session cookie and token. Throws when the login is refused.
 */
export async function signIn(app: App, username: string | null, role: MatrixRole | null = null, password = MATRIX_PASSWORD): Promise<Client> {
  const s = await app.inject({ method: 'GET', url: '/api/session' });
  let cookie = cookiesOf(s).join('; ');
  let csrfToken = (s.json() as { csrfToken: string }).csrfToken;
  if (username !== null) {
    const r = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie, [CSRF_HEADER]: csrfToken },
      payload: { username, password },
    });
    if (r.statusCode !== 200) throw new Error(`矩阵测试登录失败（${username}）：${r.statusCode} ${r.body}`);
    cookie = cookiesOf(r)
      .filter((c) => !c.endsWith('='))
      .join('; ');
    csrfToken = (r.json() as { csrfToken: string }).csrfToken;
  }
  const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: { cookie, ...(method === 'GET' ? {} : { [CSRF_HEADER]: csrfToken }) },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  return {
    role,
    csrfToken,
    cookie,
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body ?? {}),
    put: (url, body) => send('PUT', url, body ?? {}),
    patch: (url, body) => send('PATCH', url, body ?? {}),
    delete: (url) => send('DELETE', url),
  };
}

/** `name=value` of every Set-Cookie of a response. */
export function cookiesOf(res: LightMyRequestResponse): string[] {
  const raw = res.headers['set-cookie'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
  return list.map((c) => c.split(';')[0] as string);
}

export async function createMatrix(target: string, opts: MatrixOptions = {}): Promise<Matrix> {
  const clock: Clock = opts.clock ?? (() => new Date().toISOString());
  const store = await openStore(target, { clock });
  try {
    const county = matrixCounty();
    const plan = diffRecords({ regions: [], records: [] }, { regions: county.regions, records: county.records });
    await store.transaction((trx) => store.registry.applyImport(trx, plan, SEED_ACTOR, '矩阵测试数据', null));
    if (opts.assess !== false) {
      await reassess({ store, actor: SEED_ACTOR, clock }, { rulebook: loadRulebook() });
    }
    const passwordHash = await hashPassword(MATRIX_PASSWORD);
    const users = {} as Record<MatrixRole, User>;
    await store.transaction(async (trx) => {
      for (const role of MATRIX_ROLES) {
        const a = MATRIX_ACCOUNTS[role];
        users[role] = await store.users.create(
          trx,
          { username: a.username, name: a.name, role: a.role, admin: a.admin, sector: a.sector, scopeCodes: a.scope, passwordHash },
          SEED_ACTOR,
          '矩阵测试账户',
        );
      }
    });
    const deps: AppDeps = {
      store,
      clock,
      config: testConfig({ loginRateLimit: { max: 10_000, windowMs: 60_000 }, ...opts.config }),
    };
    const app = await buildApp(deps);
    const clients = {} as Record<MatrixRole, Client>;
    for (const role of MATRIX_ROLES) clients[role] = await signIn(app, MATRIX_ACCOUNTS[role].username, role);
    const exp = expectations(county);
    return {
      app,
      store,
      deps,
      county,
      users,
      as: (role) => clients[role],
      anonymous: () => signIn(app, null, null),
      expect: exp,
      leaks: leakFinder(county, exp),
      async close() {
        await app.close();
        await store.close();
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
