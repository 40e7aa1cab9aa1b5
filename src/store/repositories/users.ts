// Accounts of the web application. Every write logs a change row (entity 'user') in the same
// transaction; password hashes never reach the change log.
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Role } from '../../domain/roles.js';
import { assertTransaction } from '../bulk.js';
import { appendChanges, ChangeBatch, NO_CODES } from '../changeLog.js';
import type { Actor, StoreContext } from '../context.js';
import type { Db, Trx } from '../schema.js';

export interface UsersTable {
  id: string;
  username: string;
  username_key: string;
  name: string;
  role: string;
  admin: number;
  sector: string | null;
  scope_codes: string;
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export type UserTables = {
  users: UsersTable;
};

export interface User {
  id: string;
  username: string;
  name: string;
  role: Role;
  admin: boolean;
  sector: string | null;
  scopeCodes: string[];
  failedLogins: number;
  lockedUntil: string | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Only for the login check; everything else gets a `User`. */
export interface UserWithHash extends User {
  passwordHash: string;
}

export interface NewUser {
  username: string;
  name: string;
  role: Role;
  admin?: boolean;
  sector?: string | null;
  scopeCodes?: readonly string[];
  passwordHash: string;
}

export type UserPatch = Partial<{
  name: string;
  role: Role;
  admin: boolean;
  sector: string | null;
  scopeCodes: readonly string[];
  passwordHash: string;
  failedLogins: number;
  lockedUntil: string | null;
  disabled: boolean;
}>;

export class UsernameTakenError extends Error {
  override name = 'UsernameTakenError';
  constructor(username: string) {
    super(`用户名“${username}”已被使用`);
  }
}

export class UserNotFoundError extends Error {
  override name = 'UserNotFoundError';
  constructor(id: string) {
    super(`用户 ${id} 不存在`);
  }
}

/** What makes two usernames the same account: full-width folded, case-insensitive, trimmed. */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

/** Written to the change log instead of a hash. */
export const PASSWORD_CHANGED = '（已更改）';
const PASSWORD_SET = '（已设置）';

function toUser(r: Selectable<UsersTable>): User {
  return {
    id: r.id,
    username: r.username,
    name: r.name,
    role: r.role as Role,
    admin: Number(r.admin) === 1,
    sector: r.sector,
    scopeCodes: JSON.parse(r.scope_codes) as string[],
    failedLogins: Number(r.failed_logins),
    lockedUntil: r.locked_until,
    disabled: Number(r.disabled) === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The logged form of a user: no hash, no timestamps (the change row has its own). */
function logged(u: User): Record<string, unknown> {
  return {
    username: u.username,
    name: u.name,
    role: u.role,
    admin: u.admin,
    sector: u.sector,
    scopeCodes: u.scopeCodes,
    failedLogins: u.failedLogins,
    lockedUntil: u.lockedUntil,
    disabled: u.disabled,
  };
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export class UserRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  #db(trx?: Trx) {
    return ((trx ?? this.#ctx.db) as Db).withTables<UserTables>();
  }

  async count(opts: { trx?: Trx } = {}): Promise<number> {
    const row = await this.#db(opts.trx)
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Every account, by username. */
  async list(opts: { trx?: Trx } = {}): Promise<User[]> {
    const rows = await this.#db(opts.trx).selectFrom('users').selectAll().orderBy('username_key').execute();
    return rows.map(toUser);
  }

  async byId(id: string, opts: { trx?: Trx } = {}): Promise<User | null> {
    const row = await this.#db(opts.trx).selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : toUser(row);
  }

  /** Case-insensitive; with the hash, for the login check. */
  async byUsername(username: string, opts: { trx?: Trx } = {}): Promise<UserWithHash | null> {
    const row = await this.#db(opts.trx).selectFrom('users').selectAll().where('username_key', '=', usernameKey(username)).executeTakeFirst();
    return row === undefined ? null : { ...toUser(row), passwordHash: row.password_hash };
  }

  async create(trx: Trx, input: NewUser, actor: Actor, reason: string | null, at?: string): Promise<User> {
    assertTransaction(trx);
    const now = at ?? this.#ctx.clock();
    const key = usernameKey(input.username);
    const db = this.#db(trx);
    const taken = await db.selectFrom('users').select('id').where('username_key', '=', key).executeTakeFirst();
    if (taken !== undefined) throw new UsernameTakenError(input.username.trim());
    const row: UsersTable = {
      id: `u-${randomUUID()}`,
      username: input.username.normalize('NFKC').trim(),
      username_key: key,
      name: input.name.trim(),
      role: input.role,
      admin: input.admin === true ? 1 : 0,
      sector: input.sector ?? null,
      scope_codes: JSON.stringify([...(input.scopeCodes ?? [])]),
      password_hash: input.passwordHash,
      failed_logins: 0,
      locked_until: null,
      disabled: 0,
      created_at: now,
      updated_at: now,
    };
    await db.insertInto('users').values(row).execute();
    const user = toUser(row);
    const log = new ChangeBatch(actor, now, reason, null);
    log.add('user', 'create', user.id, null, NO_CODES, null, { ...logged(user), password: PASSWORD_SET });
    await this.#append(trx, log);
    return user;
  }

  /**
   * Changes the given fields and logs only those that differ (a new password hash is always a
   * change). Returns the user as stored afterwards; throws UserNotFoundError.
   */
  async update(trx: Trx, id: string, patch: UserPatch, actor: Actor, reason: string | null, at?: string): Promise<User> {
    assertTransaction(trx);
    const now = at ?? this.#ctx.clock();
    const db = this.#db(trx);
    const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new UserNotFoundError(id);
    const before = toUser(row);
    const after: User = {
      ...before,
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.admin !== undefined ? { admin: patch.admin } : {}),
      ...(patch.sector !== undefined ? { sector: patch.sector } : {}),
      ...(patch.scopeCodes !== undefined ? { scopeCodes: [...patch.scopeCodes] } : {}),
      ...(patch.failedLogins !== undefined ? { failedLogins: patch.failedLogins } : {}),
      ...(patch.lockedUntil !== undefined ? { lockedUntil: patch.lockedUntil } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
    };
    const b = logged(before);
    const a = logged(after);
    const changedBefore: Record<string, unknown> = {};
    const changedAfter: Record<string, unknown> = {};
    for (const k of Object.keys(a)) {
      if (!sameJson(a[k], b[k])) {
        changedBefore[k] = b[k];
        changedAfter[k] = a[k];
      }
    }
    if (patch.passwordHash !== undefined) {
      changedBefore['password'] = '（原密码）';
      changedAfter['password'] = PASSWORD_CHANGED;
    }
    if (Object.keys(changedAfter).length === 0) return before;

    await db
      .updateTable('users')
      .set({
        name: after.name,
        role: after.role,
        admin: after.admin ? 1 : 0,
        sector: after.sector,
        scope_codes: JSON.stringify(after.scopeCodes),
        failed_logins: after.failedLogins,
        locked_until: after.lockedUntil,
        disabled: after.disabled ? 1 : 0,
        updated_at: now,
        ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
      })
      .where('id', '=', id)
      .execute();
    const log = new ChangeBatch(actor, now, reason, null);
    log.add('user', 'update', id, null, NO_CODES, changedBefore, changedAfter);
    await this.#append(trx, log);
    return { ...after, updatedAt: now };
  }

  async #append(trx: Trx, log: ChangeBatch): Promise<void> {
    await appendChanges(this.#ctx, trx, log);
  }
}
