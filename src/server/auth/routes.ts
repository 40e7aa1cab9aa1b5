// Session, login, logout and first-run setup.
import type { Actor } from '../../store/index.js';
import { ErrorBody, LoginRequest, LoginResponse, OkResponse, SessionResponse, SetupRequest } from '../../contract/api.js';
import { conflict, forbidden, HttpError } from '../errors.js';
import { chinaDate } from '../../services/history.js';
import type { App, AppDeps } from '../types.js';
import type { LoginBackoff } from './backoff.js';
import { burnVerify, hashPassword, primeDummyHash, verifyPassword } from './password.js';
import { presentSessionUser } from './present.js';
import { cookieOptions, SESSION_COOKIE, type SessionService } from './session.js';

/** Writes the login check makes (counting failures, locking, unlocking). */
export const LOGIN_ACTOR: Actor = { id: 'auth', name: '登录服务' };
export const SETUP_ACTOR: Actor = { id: 'setup', name: '系统初始化' };
export const SETUP_DONE_KEY = 'setup.completedAt';

const ms = (iso: string) => Date.parse(iso);

const badCredentials = () => new HttpError(401, 'bad-credentials', '用户名或密码错误');

/** How long to wait, in the unit a person reads best. */
function waitText(untilMs: number, nowMs: number): string {
  const seconds = Math.max(1, Math.ceil((untilMs - nowMs) / 1000));
  return seconds < 120 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}

function backoffError(untilMs: number, nowMs: number): HttpError {
  return new HttpError(429, 'login-backoff', `登录失败次数过多，请 ${waitText(untilMs, nowMs)}后再试`);
}

export function registerAuthRoutes(app: App, deps: AppDeps, sessions: SessionService, backoff: LoginBackoff): void {
  const { store, clock, config } = deps;
  // The dummy hash is made now, so the first unknown name does not take longer than a known one.
  primeDummyHash();
  const rateLimit = { max: config.loginRateLimit.max, timeWindow: config.loginRateLimit.windowMs };

  app.get(
    '/api/session',
    {
      schema: {
        tags: ['账户'],
        summary: '当前登录状态与 CSRF 令牌',
        response: { 200: SessionResponse },
      },
    },
    async (request, reply) => {
      const demoToday = config.demo ? chinaDate(clock()) : null;
      if (request.session !== null) {
        return {
          user: await presentSessionUser(store, request.session.user),
          csrfToken: request.session.csrfToken,
          setupRequired: false,
          demo: config.demo,
          demoToday,
        };
      }
      // A stale cookie (expired or signed out elsewhere) is dropped so the browser stops sending it.
      if (request.cookies[SESSION_COOKIE] !== undefined) reply.clearCookie(SESSION_COOKIE, cookieOptions(deps));
      const setupRequired = !config.demo && (await store.users.count()) === 0;
      return { user: null, csrfToken: sessions.preSessionToken(request, reply), setupRequired, demo: config.demo, demoToday };
    },
  );

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['账户'],
        summary: '登录（按来源地址限流；同一用户名在同一地址连续失败多次后须等待，等待时间逐次加倍）',
        body: LoginRequest,
        response: { 200: LoginResponse, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody },
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const now = clock();
      const at = ms(now);
      // Refused before any lookup or hash, the same for every name, known or not.
      const waitUntil = backoff.refusedUntil(username, request.ip, at);
      if (waitUntil !== null) {
        request.log.info({ event: 'login-refused', reason: 'backoff' }, '登录被拒绝：失败次数过多，等待中');
        throw backoffError(waitUntil, at);
      }
      const user = await store.users.byUsername(username);
      // An unknown name runs the same hash against a dummy, so it takes as long as a wrong password.
      const ok = user === null ? (await burnVerify(password), false) : await verifyPassword(password, user.passwordHash);
      if (user === null || !ok) {
        const until = backoff.fail(username, request.ip, at);
        request.log.warn({ event: 'login-failed', ...(user === null ? { reason: 'unknown-user' } : { userId: user.id }), backoff: until !== null }, '登录失败');
        if (until !== null) throw backoffError(until, at);
        throw badCredentials();
      }
      backoff.succeed(username, request.ip);
      if (user.disabled) throw forbidden('账户已停用，请联系管理员', 'disabled');
      if (user.failedLogins !== 0 || user.lockedUntil !== null) {
        await store.transaction((trx) => store.users.update(trx, user.id, { failedLogins: 0, lockedUntil: null }, LOGIN_ACTOR, '登录成功，清除失败计数', now));
      }
      const csrfToken = await sessions.start(request, reply, user.id);
      request.log.info({ event: 'login', userId: user.id }, '登录成功');
      return { user: await presentSessionUser(store, { ...user, failedLogins: 0, lockedUntil: null }), csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: { tags: ['账户'], summary: '退出登录', response: { 200: OkResponse } },
    },
    async (request, reply) => {
      if (request.session !== null) request.log.info({ event: 'logout', userId: request.session.user.id }, '退出登录');
      await sessions.end(request, reply);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/setup',
    {
      schema: {
        tags: ['账户'],
        summary: '首次运行：创建第一个管理员账户（已有任何账户或演示模式时拒绝）',
        body: SetupRequest,
        response: { 201: LoginResponse, 409: ErrorBody },
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      if (config.demo) throw conflict('演示模式使用演示账户，不需要初始化', 'setup-not-allowed');
      const done = () => conflict('系统已初始化，不能再创建初始管理员', 'setup-done');
      if ((await store.users.count()) > 0) throw done();
      const { username, name, password } = request.body;
      const passwordHash = await hashPassword(password);
      let user;
      try {
        user = await store.transaction(async (trx) => {
          if ((await store.users.count({ trx })) > 0) throw done();
          // Two setups racing both see no users; the setting's primary key lets only one commit.
          await store.settings.set(trx, SETUP_DONE_KEY, clock(), SETUP_ACTOR, '系统初始化');
          return store.users.create(trx, { username, name, role: 'county', admin: true, passwordHash }, SETUP_ACTOR, '系统初始化：创建第一个管理员');
        });
      } catch (e) {
        if (!(e instanceof HttpError) && (await store.users.count()) > 0) throw done();
        throw e;
      }
      const csrfToken = await sessions.start(request, reply, user.id);
      request.log.info({ event: 'setup', userId: user.id }, '系统初始化：已创建管理员');
      reply.code(201);
      return { user: await presentSessionUser(store, user), csrfToken };
    },
  );
}
