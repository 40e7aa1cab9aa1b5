// Runs readRosterFile (unzip, parse, validate, the error workbook) in a worker thread, so that a
// large or hostile upload costs the web server's event loop nothing: other users' requests keep
// being answered while it is read, and a failure in it (even running out of memory) ends only the
// worker. The parsed roster comes back by structured clone; the caller diffs it against the store
// and writes it in its one transaction, so the import stays all or nothing with its change log.
// This module is both the launcher (main thread) and the worker's entry (see the end).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { RosterIssue } from '../io/roster/errors.js';
import { ImportRejectedError, readRosterFile, type ReadRosterOptions, type RosterFile } from './rosterFile.js';

const TAG = 'tuopin-roster-worker';

interface Request {
  tag: typeof TAG;
  file: string;
  opts: Omit<ReadRosterOptions, 'onStep'>;
}

type Reply =
  | { kind: 'step'; message: string }
  | { kind: 'done'; result: RosterFile }
  | { kind: 'rejected'; message: string; issues: RosterIssue[]; errorWorkbookPath: string | null }
  | { kind: 'failed'; message: string };

/**
 * The worker's code: the compiled .js next to this file; when running from the TypeScript sources
 * (tests, `tsx`), the .ts file, loaded through tsx's loader registered inside the worker.
 */
function spawn(data: Request): Worker {
  const self = import.meta.url;
  // A worker inherits the process's execArgv; flags about the main script (node --input-type=module
  // -e ..., as a service wrapper may start the server) make the worker fail to start.
  const execArgv = process.execArgv.filter((a) => !/^(--input-type|--eval|-e$|--print|-p$)/.test(a));
  if (!self.endsWith('.ts')) return new Worker(new URL(self), { workerData: data, execArgv });
  // require.resolve would give tsx's CommonJS build, which cannot register the ESM loader.
  const tsx = pathToFileURL(join(dirname(createRequire(self).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); });`;
  return new Worker(code, { eval: true, workerData: data, execArgv });
}

export function readRosterFileInWorker(file: string, opts: ReadRosterOptions): Promise<RosterFile> {
  const { onStep, ...rest } = opts;
  return new Promise((resolve, reject) => {
    const worker = spawn({ tag: TAG, file, opts: rest });
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
    };
    worker.on('message', (m: Reply) => {
      if (m.kind === 'step') onStep?.(m.message);
      else if (m.kind === 'done') settle(() => resolve(m.result));
      else if (m.kind === 'rejected') settle(() => reject(new ImportRejectedError(m.message, m.issues, m.errorWorkbookPath)));
      else settle(() => reject(new Error(m.message)));
    });
    worker.on('error', (e: Error & { code?: string }) => {
      settle(() =>
        reject(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ImportRejectedError('读取花名册时内存不足，未导入任何数据。请删去无关的工作表或按乡镇拆分后分别导入。', [], null)
            : e,
        ),
      );
    });
    worker.on('exit', (code) => settle(() => reject(new Error(`读取花名册的后台线程意外退出（代码 ${code}）`))));
  });
}

async function runInWorker(req: Request): Promise<void> {
  const post = (r: Reply) => parentPort!.postMessage(r);
  try {
    const result = await readRosterFile(req.file, { ...req.opts, onStep: (message) => post({ kind: 'step', message }) });
    post({ kind: 'done', result });
  } catch (e) {
    if (e instanceof ImportRejectedError) post({ kind: 'rejected', message: e.message, issues: e.issues, errorWorkbookPath: e.errorWorkbookPath });
    else post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
}

if (!isMainThread && (workerData as Partial<Request> | null)?.tag === TAG) await runInWorker(workerData as Request);
