// `tuopin assess`: the whole county by the rulebook, as a summary or as JSON for scripts.
import { assessCounty } from '../../services/assessCounty.js';
import { withContext, type GlobalOptions } from '../context.js';
import { formatSummary, reportJson } from '../summary.js';

export async function assess(o: { json?: boolean; save: boolean }, g: GlobalOptions): Promise<void> {
  await withContext(g, async (ctx, rulebook) => {
    const report = await assessCounty(ctx, { rulebook, ...(g.date ? { referenceDate: g.date } : {}), save: o.save });
    if (o.json) process.stdout.write(`${JSON.stringify(reportJson(report))}\n`);
    else console.log(formatSummary(report));
  });
}
