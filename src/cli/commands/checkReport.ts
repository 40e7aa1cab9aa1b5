// `tuopin check-report OUT.xlsx`: 疑点台账 and 国办系统更正表 for the whole county.
import { resolve } from 'node:path';
import { exportCheckReport } from '../../services/checkReport.js';
import { withContext, type GlobalOptions } from '../context.js';
import { office } from './check.js';

export async function checkReport(out: string, g: GlobalOptions): Promise<void> {
  await withContext(g, async (ctx) => {
    const file = resolve(out);
    const r = await exportCheckReport(ctx, office(ctx.actor.id, ctx.actor.name), file);
    console.log(`已写出 ${file}\n  疑点台账 ${r.points} 条，国办系统更正表 ${r.corrections} 条`);
  });
}
