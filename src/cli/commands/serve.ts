// `tuopin serve`: the web service, until Ctrl+C.
import { ConfigError } from '../../server/config.js';
import { startServer } from '../../server/main.js';
import { resolveDbTarget, type GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';

export async function serve(o: { port?: string; host?: string; demo?: boolean }, g: GlobalOptions): Promise<void> {
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
