// A roster import as the command line reports it (`demo`, `import` and `start` all import one).
import { formatIssues } from '../io/roster/errors.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { ServiceContext } from '../services/context.js';
import { importRoster, ImportRejectedError, type ImportOutcome } from '../services/importRoster.js';
import { CliError, IMPORT_REFUSED_EXIT } from './errors.js';
import type { Progress } from './progress.js';

export function describeImport(o: ImportOutcome): string {
  const c = o.counts;
  const part = (label: string, k: { creates: number; updates: number; deletes: number }) => `${label} 新增${k.creates} 更新${k.updates} 删除${k.deletes}`;
  const lines = [
    `已导入 ${o.fileName}：${o.households} 户 ${o.members} 人（批次 ${o.importId}）`,
    o.unchanged
      ? '与数据库中的数据完全一致，没有变更。'
      : [part('区划', c.regions), part('农户', c.households), part('成员', c.members), part('收入表', c.incomes), part('整改任务', c.tasks)].join('；'),
  ];
  if (o.warnings.length > 0) lines.push(`提示 ${o.warnings.length} 条（不影响导入）：`, ...formatIssues(o.warnings, 10));
  const unknown = o.parse.unknownColumns;
  if (unknown.length > 0) lines.push(`未识别的列（已忽略）：${unknown.map((u) => `${u.sheet}!${u.column}“${u.header}”`).join('、')}`);
  return lines.join('\n');
}

export async function runImport(ctx: ServiceContext, rulebook: Rulebook, file: string, progress: Progress, errorsPath?: string): Promise<ImportOutcome> {
  try {
    return await importRoster(ctx, file, {
      incomeYear: rulebook.year,
      ...(errorsPath ? { errorWorkbookPath: errorsPath } : {}),
      onStep: (m) => progress.step(m),
    });
  } catch (e) {
    if (e instanceof ImportRejectedError) {
      // Errors first: they are why nothing was imported; warnings follow.
      const ordered = [...e.issues.filter((i) => i.severity === 'error'), ...e.issues.filter((i) => i.severity !== 'error')];
      const details = [...formatIssues(ordered, 50), e.errorWorkbookPath ? `错误报告已写入：${e.errorWorkbookPath}` : ''].filter(Boolean).join('\n');
      throw new CliError(e.message, IMPORT_REFUSED_EXIT, details || null);
    }
    throw e;
  }
}
