// `tuopin project import FILE` and `tuopin project ledger OUT.xlsx`: the project library in, the
// project and funds ledgers out. The command line runs as the county office, the whole county.
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { maskFor } from '../../domain/mask.js';
import { formatYuan } from '../../domain/projects.js';
import { formatIssues } from '../../io/roster/errors.js';
import type { Access } from '../../services/access.js';
import { importProjectLibrary, ProjectImportError } from '../../services/importProjects.js';
import { exportProjectLedgers } from '../../services/projectLedgers.js';
import { ALL } from '../../store/index.js';
import { withContext, type GlobalOptions } from '../context.js';
import { CliError, IMPORT_REFUSED_EXIT } from '../errors.js';

const office = (id: string, name: string): Access => ({ userId: id, name, role: 'county', scope: ALL, sector: null, mask: maskFor('office') });

export async function projectImport(file: string, g: GlobalOptions): Promise<void> {
  if (!existsSync(file)) throw new CliError(`找不到文件：${file}`);
  await withContext(g, async (ctx) => {
    try {
      const r = await importProjectLibrary(ctx, office(ctx.actor.id, ctx.actor.name), readFileSync(file), basename(file));
      console.log(`已导入 ${basename(file)}：${r.stored} 个项目（工作表“${r.sheet ?? ''}”）`);
    } catch (e) {
      if (e instanceof ProjectImportError) throw new CliError(e.message, IMPORT_REFUSED_EXIT, formatIssues(e.issues, 50).join('\n'));
      throw e;
    }
  });
}

export async function projectLedger(out: string, g: GlobalOptions): Promise<void> {
  await withContext(g, async (ctx) => {
    const file = resolve(out);
    const r = await exportProjectLedgers(ctx, office(ctx.actor.id, ctx.actor.name), file);
    console.log(
      `已写出 ${file}\n  项目台账 ${r.projects} 个项目，资金拨付台账 ${r.moneyRows} 笔；已下达 ${formatYuan(r.allocatedFen)}，已拨付 ${formatYuan(r.disbursedFen)}`,
    );
  });
}
