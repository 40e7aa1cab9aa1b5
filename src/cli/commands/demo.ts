// `tuopin demo`: generate the deterministic demo county's roster and import it.
import { resolve } from 'node:path';
import { writeDemoRoster } from '../../services/demo.js';
import { writeDemoListFiles } from '../../services/demoLists.js';
import { progressFor, withContext, type GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';
import { describeImport, runImport } from '../importing.js';
import { barFor } from '../progress.js';

export async function demo(o: { seed: string; scale: string; roster?: string; lists?: string }, g: GlobalOptions): Promise<void> {
  const seed = Number(o.seed);
  const scale = Number(o.scale);
  if (!Number.isInteger(seed)) throw new CliError(`--seed 应为整数，实际为“${o.seed}”`);
  if (!(scale > 0 && scale <= 2)) throw new CliError(`--scale 应在 0 到 2 之间，实际为“${o.scale}”`);
  await withContext(g, async (ctx, rulebook) => {
    const p = progressFor(g);
    p.step(`生成演示县（种子 ${seed}）…`);
    const roster = await writeDemoRoster({
      seed,
      scale,
      year: rulebook.year,
      ...(o.roster ? { file: resolve(o.roster) } : {}),
      onProgress: barFor(p, '写出花名册'),
    });
    try {
      p.step(`花名册：${roster.file}（${roster.households} 户，${roster.members} 人）`);
      const outcome = await runImport(ctx, rulebook, roster.file, p);
      console.log(describeImport(outcome));
    } finally {
      roster.cleanup();
    }
    if (o.lists) {
      p.step('写出演示比对名单…');
      const written = await writeDemoListFiles({ seed, scale, year: rulebook.year, dir: resolve(o.lists) });
      for (const f of written.files) console.log(`名单 ${f.kind}：${f.file}（${f.rows} 行）`);
      console.log(`真值：${written.truthFile}`);
    }
  });
}
