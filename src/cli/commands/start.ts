// `tuopin start`: the demo county on first run (generated, imported, assessed), then the web service.
import { reassess } from '../../services/reassess.js';
import { writeDemoRoster } from '../../services/demo.js';
import { storeDemoProjects } from '../../services/demoProjects.js';
import { progressFor, withContext, type GlobalOptions } from '../context.js';
import { describeImport, runImport } from '../importing.js';
import { barFor } from '../progress.js';
import { formatSummary } from '../summary.js';
import { serve } from './serve.js';

export async function start(o: { port?: string; host?: string }, g: GlobalOptions): Promise<void> {
  await withContext(g, async (ctx, rulebook) => {
    const p = progressFor(g);
    const have = await ctx.store.imports.list();
    if (have.length > 0) return;
    p.step('数据库为空：生成并导入演示县…');
    const roster = await writeDemoRoster({ seed: 2018, scale: 1, year: rulebook.year, onProgress: barFor(p, '写出花名册') });
    try {
      console.log(describeImport(await runImport(ctx, rulebook, roster.file, p)));
    } finally {
      roster.cleanup();
    }
    const report = await reassess(ctx, { rulebook, ...(g.date ? { referenceDate: g.date } : {}) });
    console.log(formatSummary(report));
    console.log(`演示项目库：${await storeDemoProjects(ctx, 2018)} 个项目`);
  });
  await serve({ ...o, demo: true }, g);
}
