// `tuopin weekly [--week YYYY-Www] [--out FILE.xlsx]`: the weekly dispatch (周调度) as the county
// office sees it, printed as a table or written as the workbook. A closed week is read from its
// snapshot (written the first time anyone asks for it), so the figures match the web page's.
import { resolve } from 'node:path';
import { maskFor } from '../../domain/mask.js';
import { FIGURE_KEYS, WEEKLY_FIGURE_LABELS } from '../../domain/supervision.js';
import type { WeeklyResponse } from '../../contract/supervision.js';
import { AccessError, type Access } from '../../services/access.js';
import { exportWeekly, weeklyReport } from '../../services/weekly.js';
import { ALL } from '../../store/index.js';
import { withContext, type GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';

const office = (id: string, name: string): Access => ({ userId: id, name, role: 'county', scope: ALL, sector: null, mask: maskFor('office') });

function table(r: WeeklyResponse): string {
  const head = ['排名', '乡镇', ...FIGURE_KEYS.map((k) => WEEKLY_FIGURE_LABELS[k])];
  const rows = r.townships.map((t) => [String(t.rank), t.name, ...FIGURE_KEYS.map((k) => String(t.figures[k]))]);
  if (r.county) rows.push(['', '全县合计', ...FIGURE_KEYS.map((k) => String(r.county!.figures[k]))]);
  return [head, ...rows].map((cells) => cells.join('\t')).join('\n');
}

export async function weekly(o: { week?: string; out?: string }, g: GlobalOptions): Promise<void> {
  await withContext(g, async (ctx) => {
    const viewer = office(ctx.actor.id, ctx.actor.name);
    try {
      if (o.out !== undefined) {
        const file = resolve(o.out);
        const r = await exportWeekly(ctx, viewer, o.week, file);
        console.log(
          `已写出 ${file}\n  ${r.report.countyName}第 ${r.report.week} 周（${r.report.start} 至 ${r.report.end}）周调度，${r.report.townships.length} 个乡镇`,
        );
        return;
      }
      const r = await weeklyReport(ctx, viewer, o.week);
      console.log(`${r.countyName}第 ${r.week} 周（${r.start} 至 ${r.end}）周调度${r.snapshot ? '（已存档）' : '（本周未结束，实时数字）'}`);
      console.log(table(r));
    } catch (e) {
      if (e instanceof AccessError) throw new CliError(e.message);
      throw e;
    }
  });
}
