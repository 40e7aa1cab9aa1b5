// Backup and restore as the operator runs them: the copy is written by the engine's own tool
// (src/store/backup.ts), and a restore ends with the change log's hash chain verified on the
// restored database, so the operator learns at once whether what came back is whole.
import { backupDatabase, restoreDatabase, type BackupFormat } from '../store/backup.js';
import { openStore, type Actor, type AuditReport } from '../store/index.js';

export interface BackupResult {
  format: BackupFormat;
  bytes: number;
  /** The chain head of the database at the time of the backup (verified before the copy). */
  report: AuditReport;
}

export interface RestoreResult {
  format: BackupFormat;
  report: AuditReport;
}

export async function backup(target: string, file: string, actor: Actor): Promise<BackupResult> {
  const store = await openStore(target, { readonly: true });
  let report: AuditReport;
  try {
    report = await store.audit.verify({ actor, record: false });
  } finally {
    await store.close();
  }
  const { format, bytes } = await backupDatabase(target, file);
  return { format, bytes, report };
}

export async function restore(file: string, target: string, actor: Actor): Promise<RestoreResult> {
  const format = restoreDatabase(file, target);
  const store = await openStore(target);
  try {
    return { format, report: await store.audit.verify({ actor, record: false }) };
  } finally {
    await store.close();
  }
}
