// The tuopin command line: thin commands over the services. Exit 0 on success; otherwise one
// line on stderr saying why (plus the report where there is one) and a non-zero code.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { maskFor, MASK_PURPOSES, type MaskPurpose } from '../domain/mask.js';
import { formatIssues } from '../io/roster/errors.js';
import { loadRulebook, DEFAULT_RULEBOOK_ID } from '../rulebooks/loader.js';
import type { Rulebook } from '../domain/rulebook.js';
import { assessCounty } from '../services/assessCounty.js';
import { reassess } from '../services/reassess.js';
import { CLI_ACTOR, systemClock, type ServiceContext } from '../services/context.js';
import { activeRulebook } from '../services/rulebooks.js';
import { writeDemoRoster } from '../services/demo.js';
import { exportLedgers } from '../services/exportLedgers.js';
import { noticeList } from '../services/exitNotice.js';
import { noticeWorkbook } from '../io/notice/noticeWorkbook.js';
import { importRoster, ImportRejectedError, type ImportOutcome } from '../services/importRoster.js';
import { ALL, DEFAULT_SQLITE_PATH, openStore, type Store } from '../store/index.js';
import { formatSummary, reportJson } from './summary.js';
import { makeProgress, type Progress } from './progress.js';
import { startServer } from '../server/main.js';
import { AUDIT_BROKEN_EXIT, auditReason, formatAudit } from './audit.js';
import { HEAD_HASH_PATTERN } from '../domain/audit.js';
import { ConfigError } from '../server/config.js';

interface GlobalOptions {
  db?: string;
  rulebook?: string;
  date?: string;
  quiet?: boolean;
}

/** --db, then TUOPIN_DB, then DATABASE_URL, then the default SQLite file. */
export function resolveDbTarget(opt: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return opt ?? env['TUOPIN_DB'] ?? env['DATABASE_URL'] ?? DEFAULT_SQLITE_PATH;
}

export class CliError extends Error {
  override name = 'CliError';
  constructor(message: string, readonly exitCode = 1, readonly details: string | null = null) {
    super(message);
  }
}

/** The rulebook named by --rulebook, else the one the county office made active (规则 page). */
async function withContext<T>(g: GlobalOptions, fn: (ctx: ServiceContext, rulebook: Rulebook) => Promise<T>): Promise<T> {
  const explicit = g.rulebook === undefined ? null : loadRulebook(g.rulebook);
  const store: Store = await openStore(resolveDbTarget(g.db), { clock: systemClock });
  try {
    const rulebook = explicit ?? (await activeRulebook(store));
    return await fn({ store, actor: CLI_ACTOR, clock: systemClock }, rulebook);
  } finally {
    await store.close();
  }
}

function describeImport(o: ImportOutcome): string {
  const c = o.counts;
  const part = (label: string, k: { creates: number; updates: number; deletes: number }) =>
    `${label} 新增${k.creates} 更新${k.updates} 删除${k.deletes}`;
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

async function runImport(ctx: ServiceContext, rulebook: Rulebook, file: string, progress: Progress, errorsPath?: string): Promise<ImportOutcome> {
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
      const details = [...formatIssues(ordered, 50), e.errorWorkbookPath ? `错误报告已写入：${e.errorWorkbookPath}` : '']
        .filter(Boolean)
        .join('\n');
      throw new CliError(e.message, 2, details || null);
    }
    throw e;
  }
}

/** A progress callback that starts the bar on its first call and stops it when done. */
function barFor(p: Progress, label: string): (done: number, total: number) => void {
  let started = false;
  return (done, total) => {
    if (!started) {
      p.start(label, total);
      started = true;
    }
    p.update(done);
    if (done >= total) p.stop();
  };
}

async function serve(o: { port?: string; host?: string; demo?: boolean }, g: GlobalOptions): Promise<void> {
  const port = o.port === undefined ? undefined : Number(o.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new CliError(`--port 应为 0 到 65535 之间的整数，实际为“${o.port}”`);
  }
  let server;
  try {
    server = await startServer({
      db: resolveDbTarget(g.db),
      ...(port !== undefined ? { port } : {}),
      ...(o.host !== undefined ? { host: o.host } : {}),
      ...(o.demo ? { demo: true } : {}),
    });
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message);
    throw e;
  }
  console.log(`脱贫退出核验系统已启动：${server.url}`);
  if (server.demoAccounts !== null && server.demoAccounts.length > 0) {
    console.log(`演示账户（密码均为 ${server.demoAccounts[0]?.password ?? ''}）：`);
    for (const a of server.demoAccounts) console.log(`  ${a.username.padEnd(10)} ${a.name}（${a.description}）`);
  } else if ((await server.store.users.count()) === 0) {
    console.log('首次使用：请在浏览器中打开上面的地址，创建管理员账户。');
  }
  console.log('按 Ctrl+C 停止服务。');
  await server.closed;
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('tuopin')
    .description('脱贫退出核验系统：花名册导入、收入测算、两不愁三保障核验、A/B/C 分类台账')
    .option('--db <target>', `数据库：SQLite 文件路径或 postgres:// 地址（默认 TUOPIN_DB、DATABASE_URL 或 ${DEFAULT_SQLITE_PATH}）`)
    .option('--rulebook <id|file>', `规则库编号或 JSON 文件（默认为网页“规则”页选定的规则库，初始为 ${DEFAULT_RULEBOOK_ID}）`)
    .option('--date <YYYY-MM-DD>', '测算基准日（默认规则库的测算日期）')
    .option('-q, --quiet', '不显示进度')
    .showHelpAfterError('（使用 --help 查看用法）');

  const g = (): GlobalOptions => program.opts<GlobalOptions>();
  const progress = (): Progress => makeProgress(!g().quiet && Boolean(process.stderr.isTTY));

  program
    .command('demo')
    .description('生成演示县花名册（确定性，可复现）并导入')
    .option('--seed <n>', '随机种子', '2018')
    .option('--scale <x>', '规模（1 = 全县约1.5万户、5.9万人）', '1')
    .option('--roster <file>', '保留生成的花名册文件于此路径')
    .action(async (o: { seed: string; scale: string; roster?: string }) => {
      const seed = Number(o.seed);
      const scale = Number(o.scale);
      if (!Number.isInteger(seed)) throw new CliError(`--seed 应为整数，实际为“${o.seed}”`);
      if (!(scale > 0 && scale <= 2)) throw new CliError(`--scale 应在 0 到 2 之间，实际为“${o.scale}”`);
      await withContext(g(), async (ctx, rulebook) => {
        const p = progress();
        p.step(`生成演示县（种子 ${seed}）…`);
        const roster = await writeDemoRoster({
          seed, scale, year: rulebook.year, ...(o.roster ? { file: resolve(o.roster) } : {}), onProgress: barFor(p, '写出花名册'),
        });
        try {
          p.step(`花名册：${roster.file}（${roster.households} 户，${roster.members} 人）`);
          const outcome = await runImport(ctx, rulebook, roster.file, p);
          console.log(describeImport(outcome));
        } finally {
          roster.cleanup();
        }
      });
    });

  program
    .command('import')
    .description('导入花名册（.xlsx 或 .csv，UTF-8/GBK）；有任何错误则整体不导入，并生成错误报告')
    .argument('<file>', '花名册文件')
    .option('--errors <file>', '错误报告工作簿的保存路径（默认与花名册同目录）')
    .action(async (file: string, o: { errors?: string }) => {
      if (!existsSync(file)) throw new CliError(`找不到文件：${file}`);
      await withContext(g(), async (ctx, rulebook) => {
        const outcome = await runImport(ctx, rulebook, resolve(file), progress(), o.errors ? resolve(o.errors) : undefined);
        console.log(describeImport(outcome));
      });
    });

  program
    .command('assess')
    .description('按规则库测算全县：各乡镇 A/B/C/不在范围户数、预退出村、贫困发生率')
    .option('--json', '以 JSON 输出每户的类别与原因、每个村的结果（供脚本使用）')
    .option('--no-save', '不保存本次测算快照')
    .action(async (o: { json?: boolean; save: boolean }) => {
      await withContext(g(), async (ctx, rulebook) => {
        const opts = { rulebook, ...(g().date ? { referenceDate: g().date! } : {}) };
        const report = o.save ? await reassess(ctx, opts) : await assessCounty(ctx, opts);
        if (o.json) process.stdout.write(`${JSON.stringify(reportJson(report))}\n`);
        else console.log(formatSummary(report));
      });
    });

  program
    .command('export')
    .description('导出 A/B/C 台账、村退出测算、乡镇汇总与收入测算表（.xlsx）')
    .argument('<dir>', '输出目录')
    .addOption(new Option('--for <purpose>', '导出用途（决定身份证号、电话等的脱敏程度）').choices([...MASK_PURPOSES]).default('internal'))
    .action(async (dir: string, o: { for: MaskPurpose }) => {
      await withContext(g(), async (ctx, rulebook) => {
        const report = await assessCounty(ctx, { rulebook, ...(g().date ? { referenceDate: g().date! } : {}) });
        const result = await exportLedgers(report, resolve(dir), { mask: maskFor(o.for), generatedAt: ctx.clock() });
        for (const f of result.files) {
          console.log(`${f.path}\n  ${f.sheets.map((s) => `${s.name}（${s.rows}行）`).join('，')}`);
        }
      });
    });

  const exit = program.command('exit').description('退出程序（无网页时使用）');
  exit
    .command('notice')
    .description('写出一个村的贫困户拟退出公示名单（A4 工作簿；不含身份证号和电话，印乡镇监督电话）')
    .requiredOption('--village <code>', '村代码')
    .option('--out <file>', '保存路径（默认当前目录下“村名贫困户退出公示名单.xlsx”）')
    .action(async (o: { village: string; out?: string }) => {
      await withContext(g(), async (ctx) => {
        // The command line runs as the county office: the whole county, masked for a public notice.
        const viewer = { userId: ctx.actor.id, name: ctx.actor.name, role: 'county' as const, scope: ALL, sector: null, mask: maskFor('public-notice') };
        const known = (await ctx.store.regions.list(ALL)).some((r) => r.code === o.village && r.level === 'village');
        if (!known) throw new CliError(`找不到村：${o.village}（请用 12 位村代码）`);
        const list = await noticeList(ctx.store, viewer, o.village);
        const file = resolve(o.out ?? `${list.villageName}贫困户退出公示名单.xlsx`);
        writeFileSync(file, await noticeWorkbook(list));
        const when = list.start === null ? '公示日期待定' : `公示期 ${list.start} 至 ${list.end}`;
        console.log(`已写出 ${file}\n  ${list.title}：${list.rows.length} 户，${when}，监督电话 ${list.objectionPhone ?? '未设置（留空手写）'}`);
      });
    });

  program
    .command('start')
    .description('主任务：首次运行时生成并导入演示县并测算，然后启动网页服务（演示模式）')
    .option('--port <n>', '端口（默认 TUOPIN_PORT 或 8080）')
    .option('--host <address>', '监听地址（默认 TUOPIN_HOST 或 127.0.0.1）')
    .action(async (o: { port?: string; host?: string }) => {
      await withContext(g(), async (ctx, rulebook) => {
        const p = progress();
        const have = await ctx.store.imports.list();
        if (have.length > 0) return;
        p.step('数据库为空：生成并导入演示县…');
        const roster = await writeDemoRoster({ seed: 2018, scale: 1, year: rulebook.year, onProgress: barFor(p, '写出花名册') });
        try {
          console.log(describeImport(await runImport(ctx, rulebook, roster.file, p)));
        } finally {
          roster.cleanup();
        }
        const report = await reassess(ctx, { rulebook, ...(g().date ? { referenceDate: g().date! } : {}) });
        console.log(formatSummary(report));
      });
      await serve({ ...o, demo: true }, g());
    });

  const audit = program.command('audit').description('变更日志审计');
  audit
    .command('verify')
    .description(`核验变更日志的哈希链：找出被修改、删除或插入的记录（完好时退出码 0，发现异常时 ${AUDIT_BROKEN_EXIT}）`)
    .option('--expect-head <hash>', '以前报告中记下的链头哈希：核验它仍在日志中')
    .option('--no-checkpoint', '完好时也不记录本次核验锚点')
    .action(async (o: { expectHead?: string; checkpoint: boolean }) => {
      if (o.expectHead !== undefined && !HEAD_HASH_PATTERN.test(o.expectHead.trim())) {
        throw new CliError(`--expect-head 应为 64 位十六进制哈希，实际为“${o.expectHead}”`);
      }
      const store = await openStore(resolveDbTarget(g().db), { clock: systemClock });
      try {
        const p = progress();
        const report = await store.audit.verify({
          actor: CLI_ACTOR,
          record: o.checkpoint,
          ...(o.expectHead !== undefined ? { expectHead: o.expectHead } : {}),
          onProgress: barFor(p, '核验变更日志'),
        });
        p.stop();
        console.log(formatAudit(report));
        if (!report.intact) throw new CliError(auditReason(report), AUDIT_BROKEN_EXIT);
      } finally {
        await store.close();
      }
    });

  program
    .command('serve')
    .description('启动网页服务（默认只监听 127.0.0.1:8080；TUOPIN_PORT、TUOPIN_HOST 可改），Ctrl+C 退出')
    .option('--port <n>', '端口（默认 TUOPIN_PORT 或 8080）')
    .option('--host <address>', '监听地址（默认 TUOPIN_HOST 或 127.0.0.1）')
    .option('--demo', '演示模式：没有任何账户时创建演示账户（同 TUOPIN_DEMO=1）')
    .action(async (o: { port?: string; host?: string; demo?: boolean }) => serve(o, g()));

  return program;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number };
    if (typeof err.code === 'string' && err.code.startsWith('commander.')) {
      // commander already printed help or its own one-line error
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : (err.exitCode ?? 1);
    }
    if (e instanceof CliError) {
      if (e.details) process.stderr.write(`${e.details}\n`);
      process.stderr.write(`错误：${e.message}\n`);
      return e.exitCode;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`错误：${message.split('\n')[0]}\n`);
    if (process.env['TUOPIN_DEBUG']) process.stderr.write(`${(e as Error).stack ?? ''}\n`);
    return 1;
  }
}
