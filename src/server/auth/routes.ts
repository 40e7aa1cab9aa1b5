// Session, login, logout and first-run setup.
import type { Actor } from '../../store/index.js';
import { ErrorBody, LoginRequest, LoginResponse, OkResponse, SessionResponse, SetupRequest } from '../../contract/api.js';
import { conflict, forbidden, HttpError } from '../errors.js';
import { chinaDate } from '../../services/history.js';
import type { App, AppDeps } from '../types.js';
import { burnVerify, hashPassword, verifyPassword } from './password.js';
import { presentSessionUser } from './present.js';
import { cookieOptions, SESSION_COOKIE, type SessionService } from './session.js';

/** Writes the login check makes (counting failures, locking, unlocking). */
export const LOGIN_ACTOR: Actor = { id: 'auth', name: '登录服务' };
export const SETUP_ACTOR: Actor = { id: 'setup', name: '系统初始化' };
export const SETUP_DONE_KEY = 'setup.completedAt';

const ms = (iso: string) => Date.parse(iso);

const badCredentials = () => new HttpError(401, 'bad-credentials', '用户名或密码错误');

function lockedError(until: string, now: string): HttpError {
  const minutes = Math.max(1, Math.ceil((ms(until) - ms(now)) / 60_000));
  return new HttpError(403, 'locked', `登录失败次数过多，账户已锁定，请 ${minutes} 分钟后再试或请管理员解锁`);
}

export function registerAuthRoutes(app: App, deps: AppDeps, sessions: SessionService): void {
  const { store, clock, config } = deps;
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
        summary: '登录（按来源地址限流；同一账户连续失败多次后锁定）',
        body: LoginRequest,
        response: { 200: LoginResponse, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody },
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const user = await store.users.byUsername(username);
      if (user === null) {
        await burnVerify(password);
        request.log.info({ event: 'login-failed', reason: 'unknown-user' }, '登录失败：用户不存在');
        throw badCredentials();
      }
      const now = clock();
      if (user.lockedUntil !== null && ms(user.lockedUntil) > ms(now)) {
        request.log.info({ event: 'login-refused', userId: user.id }, '登录被拒绝：账户锁定中');
        throw lockedError(user.lockedUntil, now);
      }
      if (!(await verifyPassword(password, user.passwordHash))) {
        const failures = user.failedLogins + 1;
        const lock = failures >= config.lockout.attempts;
        const lockedUntil = lock ? new Date(ms(now) + config.lockout.durationMs).toISOString() : null;
        await store.transaction((trx) =>
          store.users.update(
            trx,
            user.id,
            lock ? { failedLogins: 0, lockedUntil } : { failedLogins: failures, lockedUntil: null },
            LOGIN_ACTOR,
            lock ? `连续 ${failures} 次登录失败，账户锁定` : '登录失败',
            now,
          ),
        );
        request.log.warn({ event: 'login-failed', userId: user.id, failures, locked: lock }, '登录失败：密码错误');
        if (lock) throw lockedError(lockedUntil as string, now);
        throw badCredentials();
      }
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
