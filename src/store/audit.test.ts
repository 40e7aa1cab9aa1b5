/* eslint-disable @typescript-eslint/no-explicit-any -- raw Kysely on the tables, below the typed schema, to tamper with them */
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDialect, type TestDb } from '../../test/dialects.js';
import { asAttacker as tamper } from '../../test/tamper.js';
import { seedCounty } from '../../test/fixtures/data.js';
import { GENESIS_HASH, changeHash } from './chain.js';
import { openStore, type AuditReport, type Store } from './index.js';
import { migrationProvider } from './migrations/index.js';

const admin = { id: 'u-admin', name: '县扶贫办 管理员' };
const HASH = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';

async function rawKysely(db: TestDb, url: string): Promise<Kysely<any>> {
  if (db.dialect === 'sqlite') return new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(url) }) });
  return new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) });
}

const kinds = (r: AuditReport) => r.breaks.map((b) => [b.kind, b.seq]);

describeEachDialect('change log hash chain', (db) => {
  let url: string;
  let store: Store;
  let tick = 0;
  const clock = () => new Date(Date.UTC(2018, 9, 1, 8, 0, tick++)).toISOString();

  beforeEach(async () => {
    url = await db.fresh();
    store = await openStore(url, { clock });
  });
  afterEach(async () => {
    await store.close();
  });

  /** An imported county, an assessment, a user created and changed, a setting set twice. */
  async function history(): Promise<number> {
    await seedCounty(store, { scale: 0.01, clock });
    const u = await store.transaction((trx) =>
      store.users.create(trx, { username: 'chengguan', name: '城关镇扶贫站', role: 'county', scopeCodes: [], passwordHash: HASH }, admin, '新建账户'),
    );
    await store.transaction((trx) => store.users.update(trx, u.id, { disabled: true }, admin, '人员调离'));
    await store.transaction((trx) => store.settings.set(trx, 'activeRulebook', 'seed-county-2018', admin, '初始规则库'));
    await store.transaction((trx) => store.settings.set(trx, 'activeRulebook', 'seed-province-2018', admin, '改用省定标准'));
    const n = await store.db
      .selectFrom('changes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n.n);
  }

  it("chains every row written by imports, the run's task proposals, user and setting writes, in seq order from the genesis hash", async () => {
    const n = await history();
    expect(n).toBeGreaterThan(100);
    const rows = await store.db.selectFrom('changes').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      expect(r.hash).toBe(changeHash(r));
      if (i > 0) expect(r.prev_hash).toBe(rows[i - 1]!.hash);
    }
    expect(new Set(rows.map((r) => r.entity))).toEqual(new Set(['region', 'household', 'task', 'user', 'setting']));

    const report = await store.audit.verify({ actor: admin, pageSize: 37 });
    expect(report.intact).toBe(true);
    expect(report.breaks).toEqual([]);
    expect(report.rows).toBe(n);
    expect(report.head).toEqual({ seq: n, hash: rows[n - 1]!.hash, at: rows[n - 1]!.at });
    expect(report.recorded).toMatchObject({ seq: n, hash: rows[n - 1]!.hash, rowCount: n, actorName: admin.name });
    // Nothing new written: no second checkpoint for the same head.
    const again = await store.audit.verify({ actor: admin });
    expect(again.recorded).toBeNull();
    expect(again.checkpoints).toEqual([expect.objectContaining({ seq: n, status: 'ok' })]);
  });

  it('a row edited directly in the database is reported as 内容被修改 with its seq, time, actor and entity', async () => {
    await history();
    const victim = await store.db.selectFrom('changes').selectAll().where('entity', '=', 'user').orderBy('seq').executeTakeFirstOrThrow();
    const seq = Number(victim.seq);
    await tamper(db.dialect, url, [`update changes set reason = '（无）', actor_name = '别人' where seq = ${seq}`]);
    const report = await store.audit.verify({ actor: admin });
    expect(report.intact).toBe(false);
    expect(kinds(report)).toEqual([['modified', seq]]);
    expect(report.breaks[0]).toMatchObject({ at: victim.at, actorName: '别人', entity: 'user', entityId: victim.entity_id });
    expect(report.breaks[0]!.message).toContain(`第 ${seq} 条`);
    expect(report.recorded).toBeNull();
  });

  it('a row rewritten together with its own hash breaks the link of the next row', async () => {
    await history();
    const seq = 5;
    const r = await store.db.selectFrom('changes').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
    const forged = changeHash({ ...r, after: '{"forged":true}' });
    await tamper(db.dialect, url, [`update changes set after = '{"forged":true}', hash = '${forged}' where seq = ${seq}`]);
    const report = await store.audit.verify({ actor: admin });
    expect(kinds(report)).toEqual([['relinked', seq + 1]]);
  });

  it('a middle row deleted is reported as 记录被删除或插入 at the row after it', async () => {
    await history();
    await tamper(db.dialect, url, ['delete from changes where seq = 40']);
    const report = await store.audit.verify({ actor: admin });
    expect(report.intact).toBe(false);
    expect(kinds(report)).toEqual([['relinked', 41]]);
    expect(report.breaks[0]!.message).toContain('与前一条（第 39 条）链接不上（第 40 条不存在）');
  });

  it('a row slipped in by hand has no hash and is reported as 哈希缺失', async () => {
    await history();
    await tamper(db.dialect, url, [
      `insert into changes (seq, at, actor_id, actor_name, entity, entity_id, action) ${db.dialect === 'postgres' ? 'overriding system value' : ''}
       values (100000, '2018-10-02T00:00:00.000Z', 'x', '某人', 'household', 'H1', 'delete')`,
    ]);
    const report = await store.audit.verify({ actor: admin });
    expect(kinds(report)).toEqual([['missing-hash', 100000]]);
  });

  it('the newest rows removed after a verification are found by its checkpoint, and by the head hash of a report', async () => {
    const n = await history();
    const first = await store.audit.verify({ actor: admin });
    const reported = first.head!.hash!;
    await store.transaction((trx) => store.settings.set(trx, 'activeRulebook', 'seed-county-2018', admin, '改回'));
    await tamper(db.dialect, url, [`delete from changes where seq >= ${n - 2}`]);
    const report = await store.audit.verify({ actor: admin, expectHead: reported });
    expect(report.intact).toBe(false);
    // The shortened chain is consistent in itself: only the anchors show what is gone.
    expect(kinds(report)).toEqual([
      ['expected-head', n - 3],
      ['checkpoint', n],
    ]);
    expect(report.checkpoints).toEqual([expect.objectContaining({ seq: n, status: 'missing' })]);
    expect(report.expectedHead).toEqual({ hash: reported, seq: null });
  });

  it('a head hash from an earlier report that is still in the chain is confirmed with its seq', async () => {
    const n = await history();
    const first = await store.audit.verify({ actor: admin, record: false });
    await store.transaction((trx) => store.settings.set(trx, 'activeRulebook', 'seed-county-2018', admin, '改回'));
    const report = await store.audit.verify({ actor: admin, expectHead: first.head!.hash!.toUpperCase() });
    expect(report.intact).toBe(true);
    expect(report.expectedHead?.seq).toBe(n);
    expect(report.head?.seq).toBe(n + 1);
    expect(first.recorded).toBeNull();
  });

  it('checkpoints cannot be edited or removed through the store’s engine', async () => {
    await history();
    await store.audit.verify({ actor: admin });
    await expect(sql`delete from change_checkpoints`.execute(store.db)).rejects.toThrow(/核验锚点只能追加/);
    await expect(sql`update changes set reason = 'x' where seq = 1`.execute(store.db)).rejects.toThrow(/只能追加/);
  });

  it('concurrent writers, in one process and in two, append one after another and never fork the chain', async () => {
    await history();
    // A second store on the same database: another server or CLI process.
    const other = await openStore(url, { clock });
    let outcomes: PromiseSettledResult<void>[];
    try {
      outcomes = await Promise.allSettled(
        Array.from({ length: 24 }, (_, i) => {
          const s = i % 2 === 0 ? store : other;
          return s.transaction(async (trx) => {
            await s.settings.set(trx, `k${i}`, `v${i}`, admin, `并发写入 ${i}`);
            await s.settings.set(trx, `k${i}`, `w${i}`, admin, `并发写入 ${i}`);
          });
        }),
      );
    } finally {
      await other.close();
    }
    const failed = outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason));
    // PostgreSQL queues them on the advisory lock. SQLite lets one process write at a time and
    // refuses a transaction that read before the other committed ("database is locked"): the
    // write fails whole, it does not fork the chain.
    if (db.dialect === 'postgres') expect(failed).toEqual([]);
    for (const f of failed) expect(f).toMatch(/database is locked/);
    const report = await store.audit.verify({ actor: admin });
    expect(report.breaks).toEqual([]);
    const settings = await store.db.selectFrom('changes').select('entity_id').where('reason', 'like', '并发写入%').execute();
    expect(settings).toHaveLength(2 * (24 - failed.length));
    expect(failed.length).toBeLessThan(24);
  });
});

describeEachDialect('migration 0008: chaining an existing log', (db) => {
  it('chains the rows written before it in seq order and puts the append-only triggers back', async () => {
    const url = await db.fresh();
    const k = await rawKysely(db, url);
    try {
      const r = await new Migrator({ db: k, provider: migrationProvider(db.dialect) }).migrateTo('0007_search_facets');
      expect(r.error).toBeUndefined();
      for (let i = 1; i <= 7; i++) {
        await k
          .insertInto('changes')
          .values({
            at: `2018-09-0${i}T00:00:00.000Z`,
            actor_id: 'old',
            actor_name: '老系统',
            entity: 'household',
            entity_id: `H00${i}`,
            action: 'create',
            after: JSON.stringify({ id: `H00${i}` }),
            reason: '旧数据',
          })
          .execute();
      }
    } finally {
      await k.destroy();
    }

    const store = await openStore(url);
    try {
      const rows = await store.db.selectFrom('changes').selectAll().orderBy('seq').execute();
      expect(rows).toHaveLength(7);
      let prev = GENESIS_HASH;
      for (const row of rows) {
        expect(row.prev_hash).toBe(prev);
        expect(row.hash).toBe(changeHash(row));
        prev = row.hash!;
      }
      expect((await store.audit.verify({ actor: admin })).intact).toBe(true);
      // New writes chain on from the migrated tail.
      await store.transaction((trx) => store.settings.set(trx, 'a', 'b', admin, null));
      const report = await store.audit.verify({ actor: admin });
      expect(report).toMatchObject({ intact: true, rows: 8 });
      await expect(sql`update changes set reason = 'x' where seq = 1`.execute(store.db)).rejects.toThrow(/只能追加/);
      await expect(sql`delete from changes where seq = 1`.execute(store.db)).rejects.toThrow(/只能追加/);
    } finally {
      await store.close();
    }
  });
});
