// Server-side sessions. The table holds only the SHA-256 of each session id (the cookie value),
// so reading the table does not let anyone act as a signed-in user.
import type { Selectable } from 'kysely';
import type { StoreContext } from '../context.js';
import type { Db } from '../schema.js';
import type { UsersTable } from './users.js';

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export type SessionTables = {
  sessions: SessionsTable;
  users: UsersTable;
};

export interface SessionRecord {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

function toSession(r: Selectable<SessionsTable>): SessionRecord {
  return {
    idHash: r.id_hash,
    userId: r.user_id,
    csrfToken: r.csrf_token,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
  };
}

/**
 * Sessions are not registry data: they are written outside the change log (a login is not a
 * change to anyone's record) and without the caller's transaction.
 */
export class SessionRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  #db() {
    return (this.#ctx.db as Db).withTables<SessionTables>();
  }

  async create(session: SessionRecord): Promise<void> {
    await this.#db()
      .insertInto('sessions')
      .values({
        id_hash: session.idHash,
        user_id: session.userId,
        csrf_token: session.csrfToken,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  async find(idHash: string): Promise<SessionRecord | null> {
    const row = await this.#db().selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return row === undefined ? null : toSession(row);
  }

  /** Extends an idle timeout. */
  async touch(idHash: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await this.#db().updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
  }

  async delete(idHash: string): Promise<void> {
    await this.#db().deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  /** Signs a user out everywhere (password reset, account disabled). Returns how many. */
  async deleteForUser(userId: string): Promise<number> {
    const r = await this.#db().deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** ISO timestamps compare as text on both engines. */
  async deleteExpired(now: string): Promise<number> {
    const r = await this.#db().deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async countForUser(userId: string): Promise<number> {
    const row = await this.#db()
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
