// `tuopin backup FILE` and `tuopin restore FILE [--db TARGET]`: the engine's own copy, and a
// restore that ends with the change log's chain verified and its head hash printed.
import { backup, restore } from '../../services/backup.js';
import { CLI_ACTOR } from '../../services/context.js';
import { BackupError } from '../../store/backup.js';
import { auditReason } from '../audit.js';
import { resolveDbTarget, type GlobalOptions } from '../context.js';
import { AUDIT_BROKEN_EXIT, CliError } from '../errors.js';

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function explained<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof BackupError) throw new CliError(e.message);
    throw e;
  }
}

export async function backupCommand(file: string, g: GlobalOptions): Promise<void> {
  const target = resolveDbTarget(g.db);
  const r = await explained(() => backup(target, file, CLI_ACTOR));
  console.log(`已备份到 ${file}（${r.format === 'sqlite' ? 'SQLite 在线备份' : 'pg_dump 自定义格式'}，${mb(r.bytes)}）`);
  console.log(`备份时变更日志：${r.report.intact ? '完好' : `发现 ${r.report.breakCount} 处异常`}，${r.report.rows} 条`);
  console.log(`链头哈希：${r.report.head?.hash ?? '（日志为空）'}`);
  if (!r.report.intact) throw new CliError(`${auditReason(r.report)}（备份已写出，但数据库本身的变更日志有异常）`, AUDIT_BROKEN_EXIT);
}

export async function restoreCommand(file: string, g: GlobalOptions): Promise<void> {
  const target = resolveDbTarget(g.db);
  const r = await explained(() => restore(file, target, CLI_ACTOR));
  console.log(`已从 ${file} 恢复到 ${target.replace(/\/\/[^@/]*@/, '//***@')}`);
  console.log(`恢复后变更日志核验：${r.report.intact ? '完好' : `发现 ${r.report.breakCount} 处异常`}，${r.report.rows} 条`);
  console.log(`链头哈希：${r.report.head?.hash ?? '（日志为空）'}`);
  console.log('请与备份时记下的链头哈希比对。');
  if (!r.report.intact) throw new CliError(auditReason(r.report), AUDIT_BROKEN_EXIT);
}
