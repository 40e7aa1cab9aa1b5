// Use case: the web's export buttons. The same two workbooks as `tuopin export` (exportLedgers,
// same assessment path: a fresh assessment of the records, not saved), limited to the viewer's
// scope and masked for the viewer. Files are written to a private temporary folder the caller
// streams from and then removes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assessCounty as assessCountyDomain } from '../domain/county.js';
import { can } from '../domain/roles.js';
import { ALL } from '../store/index.js';
import { notAllowed, type Access } from './access.js';
import { assessCounty } from './assessCounty.js';
import type { ServiceContext } from './context.js';
import { exportLedgers } from './exportLedgers.js';
import { activeRulebook } from './rulebooks.js';

export type ExportKind = 'ledgers' | 'income-forms';

export interface ExportedFile {
  path: string;
  /** The file name the CLI gives it (e.g. 演示县2018年脱贫退出筛查台账.xlsx). */
  fileName: string;
  /** Removes the temporary folder. */
  cleanup(): void;
}

export async function exportForViewer(ctx: ServiceContext, viewer: Access, kind: ExportKind): Promise<ExportedFile> {
  // A sector department sees its own indicator only; the workbooks carry every indicator and income.
  if (!can(viewer.role, 'ledger.export')) throw notAllowed('行业部门账号只能查看本行业指标，不能导出完整台账');
  const rulebook = await activeRulebook(ctx.store);
  const report = await assessCounty(ctx, { rulebook, scope: viewer.scope });
  if (report.county === null) {
    // A township or village scope does not include the county region; its sheet then shows the
    // figures of what the viewer can see, under the county's name.
    const county = (await ctx.store.regions.list(ALL)).find((r) => r.level === 'county');
    if (county !== undefined) report.county = assessCountyDomain(county, report.villages, report.results, rulebook);
  }
  const dir = mkdtempSync(join(tmpdir(), 'tuopin-export-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const result = await exportLedgers(report, dir, { mask: viewer.mask, generatedAt: ctx.clock() });
    const file = result.files.find((f) => f.kind === kind);
    if (file === undefined) throw new Error(`内部错误：没有生成${kind}文件`);
    return { path: file.path, fileName: file.path.slice(dir.length + 1), cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
