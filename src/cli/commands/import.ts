// `tuopin import <file>`: import a roster, all or nothing.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { progressFor, withContext, type GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';
import { describeImport, runImport } from '../importing.js';

export async function importFile(file: string, o: { errors?: string }, g: GlobalOptions): Promise<void> {
  if (!existsSync(file)) throw new CliError(`找不到文件：${file}`);
  await withContext(g, async (ctx, rulebook) => {
    const outcome = await runImport(ctx, rulebook, resolve(file), progressFor(g), o.errors ? resolve(o.errors) : undefined);
    console.log(describeImport(outcome));
  });
}
