import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.js';
import { seedCounty } from '../../test/fixtures/data.js';
import { openStore, type Store } from '../store/index.js';
import { backup, restore } from './backup.js';

const admin = { id: 'u-admin', name: '县扶贫办 管理员' };

describeEachDialect('backup and restore', (db) => {
  let url: string;
  let store: Store;
  let dir: string;

  beforeEach(async () => {
    url = await db.fresh();
    store = await openStore(url);
    dir = mkdtempSync(join(tmpdir(), 'tuopin-backup-'));
  });
  afterEach(async () => {
    await store.close();
  });

  it('restores every household and the change log as it was, chain verified and head hash unchanged', async () => {
    await seedCounty(store, { scale: 0.01 });
    const households = await store.db.selectFrom('households').select('id').orderBy('id').execute();
    const file = join(dir, db.dialect === 'sqlite' ? 'tuopin.backup.db' : 'tuopin.dump');
    const made = await backup(url, file, admin);
    expect(made.format).toBe(db.dialect);
    expect(made.report.intact).toBe(true);
    const head = made.report.head?.hash;
    expect(head).toMatch(/^[0-9a-f]{64}$/);

    // Changes after the backup: a setting. The restore must undo it.
    await store.transaction((trx) => store.settings.set(trx, 'activeRulebook', 'gansu-2018', admin, '备份后修改'));
    await store.close();

    const restored = await restore(file, url, admin);
    expect(restored.report.intact).toBe(true);
    expect(restored.report.head?.hash).toBe(head);
    store = await openStore(url);
    expect(await store.db.selectFrom('households').select('id').orderBy('id').execute()).toEqual(households);
    expect(await store.settings.get('activeRulebook')).not.toBe('gansu-2018');
  });

  it('refuses to overwrite an existing backup file and refuses a file that is not a backup, leaving the database as it was', async () => {
    await seedCounty(store, { scale: 0.01 });
    const taken = join(dir, 'exists.bak');
    writeFileSync(taken, 'x');
    await expect(backup(url, taken, admin)).rejects.toThrow('备份文件已存在');
    const junk = join(dir, 'junk.bak');
    writeFileSync(junk, 'not a database at all');
    await store.close();
    await expect(restore(junk, url, admin)).rejects.toThrow('不是 tuopin 的备份文件');
    store = await openStore(url);
    const report = await store.audit.verify({ actor: admin, record: false });
    expect(report.intact).toBe(true);
    expect(report.rows).toBeGreaterThan(0);
    expect(existsSync(`${url}.restoring-${process.pid}`)).toBe(false);
  });
});
