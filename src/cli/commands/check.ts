// `tuopin check FILE --kind KIND [--source UNIT] [--as-of DATE] [--json]`: run one outside list
// against the registry (docs/cross-check.md). The command line runs as the county office, the
// whole county. A refused list stores nothing and exits 2, its problems printed as for a roster.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { maskFor } from '../../domain/mask.js';
import { formatIssues } from '../../io/roster/errors.js';
import { readWorkbook, SheetFormatError } from '../../io/sheets/index.js';
import type { Access } from '../../services/access.js';
import { runCheck } from '../../services/crossCheck.js';
import { ALL } from '../../store/index.js';
import { withContext, type GlobalOptions } from '../context.js';
import { CliError, IMPORT_REFUSED_EXIT } from '../errors.js';

export const office = (id: string, name: string): Access => ({ userId: id, name, role: 'county', scope: ALL, sector: null, mask: maskFor('office') });

export interface CheckOptions {
  kind: string;
  source?: string;
  asOf?: string;
  json?: boolean;
}

export async function checkList(file: string, o: CheckOptions, g: GlobalOptions): Promise<void> {
  if (!existsSync(file)) throw new CliError(`找不到文件：${file}`);
  if (o.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/u.test(o.asOf)) throw new CliError(`--as-of 应为 YYYY-MM-DD 格式的日期，而不是“${o.asOf}”`);
  const buffer = readFileSync(file);
  let workbook;
  try {
    workbook = readWorkbook(buffer, basename(file));
  } catch (e) {
    if (e instanceof SheetFormatError) throw new CliError(`名单未比对：${e.message}`, IMPORT_REFUSED_EXIT);
    throw e;
  }
  await withContext(g, async (ctx) => {
    const r = await runCheck(ctx, office(ctx.actor.id, ctx.actor.name), {
      workbook,
      fileName: basename(file),
      sha256: createHash('sha256').update(buffer).digest('hex'),
      kind: o.kind,
      source: o.source,
      asOf: o.asOf,
    });
    if (r.refused !== null) {
      const errors = r.refused.issues.filter((i) => i.severity === 'error');
      throw new CliError(`名单未比对，未保存任何内容：${basename(file)} 有 ${errors.length} 处错误`, IMPORT_REFUSED_EXIT, formatIssues(errors, 50).join('\n'));
    }
    const run = r.run!;
    if (o.json === true) {
      const out = {
        run: {
          id: run.id,
          kind: run.kind,
          source: run.source,
          asOf: run.asOf,
          version: run.version,
          rows: run.rows,
          matched: run.counts.matched,
          possible: run.counts.possible,
          unmatched: run.counts.unmatched,
          pointsOpened: run.counts.pointsOpened,
          pointsClosed: run.counts.pointsClosed,
          ms: run.counts.ms,
        },
        rows: r.rows,
        points: r.points.map((p) => ({
          kind: p.kind,
          householdId: p.householdId,
          memberId: p.memberId,
          row: p.row,
          field: p.field,
          ours: p.ours,
          theirs: p.theirs,
          status: 'open',
        })),
      };
      process.stdout.write(`${JSON.stringify(out)}\n`);
      return;
    }
    const c = run.counts;
    console.log(
      `已比对 ${basename(file)}（${run.kind}，${run.source}，截至 ${run.asOf}，第 ${run.version} 版）：${run.rows} 行，匹配 ${c.matched}，可能匹配 ${c.possible}（待人工确认），未匹配 ${c.unmatched}`,
    );
    console.log(`  新增疑点 ${c.pointsOpened}，仍未销号 ${c.pointsKept}，新名单已一致而销号 ${c.pointsClosed}；用时 ${(c.ms / 1000).toFixed(1)} 秒`);
  });
}
