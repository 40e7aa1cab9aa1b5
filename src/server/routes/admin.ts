// User management (admin only): list, create, reset password, assign role/scope/sector,
// disable, unlock. Every change is logged by the user repository with the admin as actor.
import { ALL, UsernameTakenError, UserNotFoundError, type Store, type User, type UserPatch } from '../../store/index.js';
import type { LoginBackoff } from '../auth/backoff.js';
import { hashPassword } from '../auth/password.js';
import { adminUser } from '../auth/present.js';
import { actorOf, requireAdmin } from '../auth/viewer.js';
import { AdminUserList, AdminUserResponse, CreateUserRequest, ErrorBody, UpdateUserRequest, UserIdParams } from '../../contract/api.js';
import { coversCounty, isSectorBound, mayBeAdmin, type Role, type Sector } from '../../domain/roles.js';
import { badRequest, conflict, notFound } from '../errors.js';
import type { App, AppDeps } from '../types.js';

interface Assignment {
  role: Role;
  admin: boolean;
  sector: Sector | null;
  scopeCodes: string[];
}

/**
 * Checks that role, admin flag, sector and scope fit together and that the scope names real
 * regions of the right level; returns the normalised assignment or throws a 400.
 */
export async function checkAssignment(store: Store, a: Assignment): Promise<Assignment> {
  const codes = [...new Set(a.scopeCodes.map((c) => c.trim()))];
  if (a.admin && !mayBeAdmin(a.role)) throw badRequest('只有县扶贫办账户可以设为管理员');
  if (isSectorBound(a.role) && a.sector === null) throw badRequest('行业部门账户必须选择所属行业');
  if (!isSectorBound(a.role) && a.sector !== null) throw badRequest('只有行业部门账户可以选择所属行业');
  if (coversCounty(a.role) && codes.length > 0) throw badRequest('县扶贫办和行业部门账户覆盖全县，不需要分管区域');
  if (coversCounty(a.role)) return { ...a, scopeCodes: [] };

  if (codes.length === 0) throw badRequest('请为该账户选择分管区域');
  const regions = new Map((await store.regions.list(ALL)).map((r) => [r.code, r]));
  const unknown = codes.filter((c) => !regions.has(c));
  if (unknown.length > 0) throw badRequest(`区划代码不存在：${unknown.join('、')}`);
  const levels = codes.map((c) => regions.get(c)?.level);
  if (a.role === 'township' && (codes.length !== 1 || levels[0] !== 'township')) throw badRequest('乡镇账户应分管一个乡镇');
  if (a.role === 'village' && (codes.length !== 1 || levels[0] !== 'village')) throw badRequest('村级账户应分管一个村');
  if (a.role === 'leader' && levels.some((l) => l !== 'township' && l !== 'village')) throw badRequest('县级领导的分管区域应为乡镇或村');
  return { ...a, scopeCodes: codes };
}

export function registerAdminRoutes(app: App, deps: AppDeps, backoff: LoginBackoff): void {
  const { store, clock } = deps;

  const present = async (users: User[]) => {
    const names = await store.regions.names(users.flatMap((u) => u.scopeCodes));
    const now = clock();
    return users.map((u) => adminUser(u, names, now, backoff.stateOf(u.username, Date.parse(now))));
  };

  app.get(
    '/api/admin/users',
    {
      schema: { tags: ['用户管理'], summary: '全部用户（仅管理员）', response: { 200: AdminUserList, 401: ErrorBody, 403: ErrorBody } },
    },
    async (request) => {
      requireAdmin(request);
      return { users: await present(await store.users.list()) };
    },
  );

  app.post(
    '/api/admin/users',
    {
      schema: {
        tags: ['用户管理'],
        summary: '创建用户（仅管理员）',
        body: CreateUserRequest,
        response: { 201: AdminUserResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const viewer = requireAdmin(request);
      const b = request.body;
      const assignment = await checkAssignment(store, { role: b.role, admin: b.admin, sector: b.sector, scopeCodes: b.scope });
      if ((await store.users.byUsername(b.username)) !== null) throw conflict(`用户名“${b.username}”已被使用`, 'username-taken');
      const passwordHash = await hashPassword(b.password);
      try {
        const user = await store.transaction((trx) =>
          store.users.create(trx, { username: b.username, name: b.name, passwordHash, ...assignment }, actorOf(viewer), b.reason ?? '管理员创建用户'),
        );
        request.log.info({ event: 'user-created', userId: user.id, by: viewer.userId }, '已创建用户');
        reply.code(201);
        return { user: (await present([user]))[0]! };
      } catch (e) {
        if (e instanceof UsernameTakenError) throw conflict(e.message, 'username-taken');
        throw e;
      }
    },
  );

  app.patch(
    '/api/admin/users/:id',
    {
      schema: {
        tags: ['用户管理'],
        summary: '修改用户：重置密码、角色与分管区域、停用、解锁（仅管理员）',
        params: UserIdParams,
        body: UpdateUserRequest,
        response: { 200: AdminUserResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireAdmin(request);
      const { id } = request.params;
      const b = request.body;
      const current = await store.users.byId(id);
      if (current === null) throw notFound('用户不存在');

      if (id === viewer.userId) {
        // An admin who could lock themselves out could leave the county without any admin.
        if (b.disabled === true) throw conflict('不能停用自己的账户', 'self-lockout');
        if (b.admin === false || (b.role !== undefined && !mayBeAdmin(b.role))) throw conflict('不能取消自己的管理员权限', 'self-lockout');
      }

      const patch: UserPatch = {};
      if (b.name !== undefined) patch.name = b.name;
      if (b.role !== undefined || b.admin !== undefined || b.sector !== undefined || b.scope !== undefined) {
        const roleChanges = b.role !== undefined && b.role !== current.role;
        // A new role starts from a clean assignment: what the old role had rarely fits the new one.
        const assignment = await checkAssignment(store, {
          role: b.role ?? current.role,
          admin: b.admin ?? (roleChanges ? false : current.admin),
          sector: b.sector !== undefined ? b.sector : roleChanges ? null : (current.sector as Sector | null),
          scopeCodes: b.scope ?? (roleChanges ? [] : current.scopeCodes),
        });
        Object.assign(patch, assignment);
      }
      if (b.password !== undefined) {
        patch.passwordHash = await hashPassword(b.password);
        patch.failedLogins = 0;
        patch.lockedUntil = null;
      }
      if (b.unlock === true) {
        patch.failedLogins = 0;
        patch.lockedUntil = null;
      }
      if (b.disabled !== undefined) patch.disabled = b.disabled;

      let user: User;
      try {
        user = await store.transaction((trx) => store.users.update(trx, id, patch, actorOf(viewer), b.reason ?? '管理员修改用户'));
      } catch (e) {
        if (e instanceof UserNotFoundError) throw notFound('用户不存在');
        throw e;
      }
      // Unlocking (or a new password) lifts the login back-off for this user from every address.
      if (b.unlock === true || b.password !== undefined) backoff.clearUser(current.username);
      // A reset password or a disabled account signs the user out everywhere.
      if (b.password !== undefined || b.disabled === true) await store.sessions.deleteForUser(id);
      request.log.info({ event: 'user-updated', userId: id, by: viewer.userId, fields: Object.keys(patch).filter((k) => k !== 'passwordHash') }, '已修改用户');
      return { user: (await present([user]))[0]! };
    },
  );
}
