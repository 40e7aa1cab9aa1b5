// The tuopin command line: thin commands over the services. Exit 0 on success; otherwise one
// line on stderr saying why (plus the report where there is one) and a non-zero code.
//
// This module is the command table only: it imports commander and nothing heavy, and each
// command's action loads its own code (commands/*.ts) when it runs, so that `tuopin --help` and
// `tuopin <command> --help` start in a fraction of the time the store, the rulebook schema and
// the workbook libraries take to load. test/cli.test.ts checks what this module loads.
import { Command, Option } from 'commander';
import { MASK_PURPOSES, type MaskPurpose } from '../domain/mask.js';
import type { GlobalOptions } from './context.js';
import { HELP_DEFAULT_DB, HELP_DEFAULT_RULEBOOK } from './defaults.js';
import { AUDIT_BROKEN_EXIT, CliError } from './errors.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('tuopin')
    .description('脱贫退出核验系统：花名册导入、收入测算、两不愁三保障核验、A/B/C 分类台账')
    .option('--db <target>', `数据库：SQLite 文件路径或 postgres:// 地址（默认 TUOPIN_DB、DATABASE_URL 或 ${HELP_DEFAULT_DB}）`)
    .option('--rulebook <id|file>', `规则库编号或 JSON 文件（默认为网页“规则”页选定的规则库，初始为 ${HELP_DEFAULT_RULEBOOK}）`)
    .option('--date <YYYY-MM-DD>', '测算基准日（默认规则库的测算日期）')
    .option('-q, --quiet', '不显示进度')
    .showHelpAfterError('（使用 --help 查看用法）');

  const g = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('demo')
    .description('生成演示县花名册（确定性，可复现）并导入')
    .option('--seed <n>', '随机种子', '2018')
    .option('--scale <x>', '规模（1 = 全县约1.5万户、5.9万人）', '1')
    .option('--roster <file>', '保留生成的花名册文件于此路径')
    .option('--lists <dir>', '另在此目录写出演示县的各类比对名单（每类一个 <类型>.xlsx）及真值 truth.json')
    .action(async (o: { seed: string; scale: string; roster?: string; lists?: string }) => {
      const { demo } = await import('./commands/demo.js');
      await demo(o, g());
    });

  program
    .command('import')
    .description('导入花名册（.xlsx 或 .csv，UTF-8/GBK）；有任何错误则整体不导入，并生成错误报告')
    .argument('<file>', '花名册文件')
    .option('--errors <file>', '错误报告工作簿的保存路径（默认与花名册同目录）')
    .action(async (file: string, o: { errors?: string }) => {
      const { importFile } = await import('./commands/import.js');
      await importFile(file, o, g());
    });

  program
    .command('assess')
    .description('按规则库测算全县：各乡镇 A/B/C/不在范围户数、预退出村、贫困发生率')
    .option('--json', '以 JSON 输出每户的类别与原因、每个村的结果（供脚本使用）')
    .option('--no-save', '不保存本次测算快照')
    .action(async (o: { json?: boolean; save: boolean }) => {
      const { assess } = await import('./commands/assess.js');
      await assess(o, g());
    });

  program
    .command('export')
    .description('导出 A/B/C 台账、村退出测算、乡镇汇总与收入测算表（.xlsx）')
    .argument('<dir>', '输出目录')
    .addOption(new Option('--for <purpose>', '导出用途（决定身份证号、电话等的脱敏程度）').choices([...MASK_PURPOSES]).default('internal'))
    .action(async (dir: string, o: { for: MaskPurpose }) => {
      const { exportDir } = await import('./commands/export.js');
      await exportDir(dir, o, g());
    });

  const exit = program.command('exit').description('退出程序（无网页时使用）');
  exit
    .command('notice')
    .description('写出一个村的贫困户拟退出公示名单（A4 工作簿；不含身份证号和电话，印乡镇监督电话）')
    .requiredOption('--village <code>', '村代码')
    .option('--out <file>', '保存路径（默认当前目录下“村名贫困户退出公示名单.xlsx”）')
    .action(async (o: { village: string; out?: string }) => {
      const { exitNotice } = await import('./commands/exitNotice.js');
      await exitNotice(o, g());
    });

  const project = program.command('project').description('扶贫项目库和资金台账');
  project
    .command('import')
    .description('导入项目库（.xlsx 或 .csv）；有任何错误则整体不导入，并列出问题所在的工作表、行、列')
    .argument('<file>', '项目库文件')
    .action(async (file: string) => {
      const { projectImport } = await import('./commands/project.js');
      await projectImport(file, g());
    });
  project
    .command('ledger')
    .description('写出项目台账和资金拨付台账（一个 .xlsx，两张工作表，合计相互核对）')
    .argument('<out>', '输出文件（.xlsx）')
    .action(async (out: string) => {
      const { projectLedger } = await import('./commands/project.js');
      await projectLedger(out, g());
    });

  program
    .command('sample')
    .description('按随机种子重抽抽查样本（按村分层；与网页抽样同一算法，种子和总体快照相同则样本相同；只读，不记录）')
    .requiredOption('--population <kind>', '抽查总体（规则库 spotCheck.populations 的代码，如 pre-exit、exited、C）')
    .requiredOption('--seed <n>', '随机种子（非负整数）')
    .option('--share <p>', '每村抽取比例（0–1，如 0.1）')
    .option('--per-village <k>', '每村抽取户数')
    .option('--min-per-village <m>', '每村至少抽取户数（默认 0）')
    .option('--json', '以 JSON 输出：按村列出抽中的户编号，附种子和总体快照指纹')
    .action(async (o: { population: string; seed: string; share?: string; perVillage?: string; minPerVillage?: string; json?: boolean }) => {
      const { sample } = await import('./commands/sample.js');
      await sample(o, g());
    });

  program
    .command('start')
    .description('主任务：首次运行时生成并导入演示县并测算，然后启动网页服务（演示模式）')
    .option('--port <n>', '端口（默认 TUOPIN_PORT 或 8080）')
    .option('--host <address>', '监听地址（默认 TUOPIN_HOST 或 127.0.0.1）')
    .action(async (o: { port?: string; host?: string }) => {
      const { start } = await import('./commands/start.js');
      await start(o, g());
    });

  const audit = program.command('audit').description('变更日志审计');
  audit
    .command('verify')
    .description(`核验变更日志的哈希链：找出被修改、删除或插入的记录（完好时退出码 0，发现异常时 ${AUDIT_BROKEN_EXIT}）`)
    .option('--expect-head <hash>', '以前报告中记下的链头哈希：核验它仍在日志中')
    .option('--no-checkpoint', '完好时也不记录本次核验锚点')
    .action(async (o: { expectHead?: string; checkpoint: boolean }) => {
      const { auditVerify } = await import('./commands/auditVerify.js');
      await auditVerify(o, g());
    });

  program
    .command('backup')
    .description('备份整个数据库（SQLite 在线备份；PostgreSQL 用 pg_dump），打印变更日志链头哈希')
    .argument('<file>', '备份文件（不会覆盖已有文件）')
    .action(async (file: string) => {
      const { backupCommand } = await import('./commands/backup.js');
      await backupCommand(file, g());
    });

  program
    .command('restore')
    .description('从备份恢复数据库（--db 指定目标，默认同全局数据库），恢复后核验变更日志并打印链头哈希；请先停止网页服务')
    .argument('<file>', '备份文件')
    .action(async (file: string) => {
      const { restoreCommand } = await import('./commands/backup.js');
      await restoreCommand(file, g());
    });

  program
    .command('serve')
    .description('启动网页服务（默认只监听 127.0.0.1:8080；TUOPIN_PORT、TUOPIN_HOST 可改），Ctrl+C 退出')
    .option('--port <n>', '端口（默认 TUOPIN_PORT 或 8080）')
    .option('--host <address>', '监听地址（默认 TUOPIN_HOST 或 127.0.0.1）')
    .option('--demo', '演示模式：没有任何账户时创建演示账户（同 TUOPIN_DEMO=1）')
    .action(async (o: { port?: string; host?: string; demo?: boolean }) => {
      const { serve } = await import('./commands/serve.js');
      await serve(o, g());
    });

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
