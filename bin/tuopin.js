#!/usr/bin/env node
// Entry point of `npx tuopin`: runs the compiled CLI (npm install builds it via `prepare`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/run.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('错误：尚未编译，请先运行 npm run build（npm install 会自动编译）\n');
  process.exit(1);
}
await import(entry.href);
