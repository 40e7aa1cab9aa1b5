// `tuopin assess`: the whole county by the rulebook, as a summary or as JSON for scripts.
import { assessCounty } from '../../services/assessCounty.js';
import { reassess } from '../../services/reassess.js';
import { withContext, type GlobalOptions } from '../context.js';
import { formatSummary, reportJson } from '../summary.js';

export async function assess(o: { json?: boolean; save: boolean }, g: GlobalOptions): Promise<void> {
  await withContext(g, async (ctx, rulebook) => {
    const opts = { rulebook, ...(g.date ? { referenceDate: g.date } : {}) };
    const report = o.save ? await reassess(ctx, opts) : await assessCounty(ctx, opts);
    if (o.json) process.stdout.write(`${JSON.stringify(reportJson(report))}\n`);
    else console.log(formatSummary(report));
  });
}
