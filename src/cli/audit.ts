// `tuopin audit verify`: the report in plain Chinese (the exit code a script can test is in errors.ts).
import { BREAK_LABELS, CHANGE_ENTITY_LABELS } from '../domain/audit.js';
import type { AuditBreak, AuditReport } from '../store/index.js';

function breakLine(b: AuditBreak): string {
  const who = [b.at, b.actorName, b.entity === null ? null : `${CHANGE_ENTITY_LABELS[b.entity] ?? b.entity} ${b.entityId ?? ''}`.trim()]
    .filter((x) => x !== null)
    .join(' ');
  return `  第 ${b.seq} 条 【${BREAK_LABELS[b.kind]}】${who === '' ? '' : ` ${who}`}\n    ${b.message}`;
}

export function formatAudit(r: AuditReport): string {
  const lines: string[] = [];
  lines.push(r.intact ? '变更日志核验：完好，未发现修改、删除或插入。' : `变更日志核验：发现 ${r.breakCount} 处异常！`);
  if (r.head === null) {
    lines.push('变更日志为空。');
  } else {
    lines.push(`记录数：${r.rows} 条；最新一条：第 ${r.head.seq} 条（${r.head.at}）`);
    lines.push(`链头哈希：${r.head.hash ?? '（缺失）'}`);
    if (r.intact) lines.push('请将链头哈希记入本周报告；下次核验时可用 --expect-head <哈希> 确认它仍在日志中。');
  }
  if (r.expectedHead !== null) {
    lines.push(
      r.expectedHead.seq === null
        ? `报告中的链头哈希 ${r.expectedHead.hash}：在日志中找不到。`
        : `报告中的链头哈希 ${r.expectedHead.hash}：仍在日志中（第 ${r.expectedHead.seq} 条）。`,
    );
  }
  const bad = r.checkpoints.filter((c) => c.status !== 'ok');
  lines.push(
    r.checkpoints.length === 0
      ? '核验锚点：尚无（本次之前没有完好的核验）。'
      : `核验锚点：${r.checkpoints.length} 个，${bad.length === 0 ? '全部相符' : `${bad.length} 个不符`}；最近一次：第 ${r.checkpoints[0]!.seq} 条（${r.checkpoints[0]!.at}，${r.checkpoints[0]!.actorName}）。`,
  );
  if (r.recorded !== null) lines.push(`已记录本次核验锚点：第 ${r.recorded.seq} 条。`);
  if (r.breaks.length > 0) {
    lines.push('异常明细：');
    for (const b of r.breaks) lines.push(breakLine(b));
    if (r.breakCount > r.breaks.length) lines.push(`  ……另有 ${r.breakCount - r.breaks.length} 处未列出`);
  }
  return lines.join('\n');
}

/** The one-line reason for stderr when broken. */
export function auditReason(r: AuditReport): string {
  const first = r.breaks[0];
  const where = first === undefined ? '' : `，首处在第 ${first.seq} 条（${BREAK_LABELS[first.kind]}）`;
  return `变更日志核验未通过：发现 ${r.breakCount} 处异常${where}`;
}
