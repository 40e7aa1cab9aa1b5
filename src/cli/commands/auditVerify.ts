// `tuopin audit verify`: walk the change log's hash chain; exit code 3 when it is broken.
import { CLI_ACTOR, systemClock } from '../../services/context.js';
import { HEAD_HASH_PATTERN } from '../../domain/audit.js';
import { openStore } from '../../store/index.js';
import { auditReason, formatAudit } from '../audit.js';
import { progressFor, resolveDbTarget, type GlobalOptions } from '../context.js';
import { AUDIT_BROKEN_EXIT, CliError } from '../errors.js';
import { barFor } from '../progress.js';

export async function auditVerify(o: { expectHead?: string; checkpoint: boolean }, g: GlobalOptions): Promise<void> {
  if (o.expectHead !== undefined && !HEAD_HASH_PATTERN.test(o.expectHead.trim())) {
    throw new CliError(`--expect-head 应为 64 位十六进制哈希，实际为“${o.expectHead}”`);
  }
  const store = await openStore(resolveDbTarget(g.db), { clock: systemClock });
  try {
    const p = progressFor(g);
    const report = await store.audit.verify({
      actor: CLI_ACTOR,
      record: o.checkpoint,
      ...(o.expectHead !== undefined ? { expectHead: o.expectHead } : {}),
      onProgress: barFor(p, '核验变更日志'),
    });
    p.stop();
    console.log(formatAudit(report));
    if (!report.intact) throw new CliError(auditReason(report), AUDIT_BROKEN_EXIT);
  } finally {
    await store.close();
  }
}
