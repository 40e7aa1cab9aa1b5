import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../schema.js';
import { bool01NotNull } from './columns.js';

// Accounts, server-side sessions and key/value settings for the web application.
export function usersSessionsSettings(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull())
        /**
         * The username folded (NFKC, lower case) in JS: uniqueness is case-insensitive the same
         * way on both engines, which lower() is not (SQLite folds ASCII only).
         */
        .addColumn('username_key', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('county', 'leader', 'sector', 'township', 'village')`))
        .addColumn('admin', 'integer', bool01NotNull('admin'))
        .addColumn('sector', 'text')
        /** string[] JSON: township/village codes for leader, township and village roles. */
        .addColumn('scope_codes', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'text')
        .addColumn('disabled', 'integer', bool01NotNull('disabled'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        /** SHA-256 (hex) of the cookie value: a copy of the table does not hand out live sessions. */
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

      // Migration 0007 creates the same table if it is missing; either may run first on a
      // database that saw one of them in development.
      await db.schema
        .createTable('settings')
        .ifNotExists()
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('sessions').execute();
      await db.schema.dropTable('users').execute();
      await db.schema.dropTable('settings').ifExists().execute();
    },
  };
}
