// Reading and validating a roster file, apart from the store: this is the part of an import that
// costs CPU and memory in proportion to the file (unzipping, parsing, the error workbook), so the
// web server runs it in a worker thread (importWorker.ts) while its event loop keeps answering.
// Nothing here touches the database; the diff and the one write transaction stay with the caller.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readWorkbook, SheetFormatError, type InflateLimits, type Workbook } from '../io/sheets/index.js';
import { parseRoster, type RosterParse } from '../io/roster/parse.js';
import type { RosterIssue } from '../io/roster/errors.js';
import { writeErrorWorkbook } from '../io/roster/errors.js';

export interface ReadRosterOptions {
  incomeYear: number;
  /** Where to write the error workbook when the roster is rejected (default: beside the file). */
  errorWorkbookPath?: string;
  /** How much an .xlsx may inflate to (default DEFAULT_INFLATE_LIMITS). */
  limits?: Partial<InflateLimits>;
  onStep?: (message: string) => void;
}

export interface RosterFile {
  parsed: RosterParse;
  sha256: string;
  readMs: number;
  parseMs: number;
}

/** The roster was rejected: nothing was stored. */
export class ImportRejectedError extends Error {
  override name = 'ImportRejectedError';
  constructor(
    message: string,
    readonly issues: RosterIssue[],
    readonly errorWorkbookPath: string | null,
  ) {
    super(message);
  }
}

function defaultErrorPath(file: string): string {
  return file.replace(/(\.[^./\\]+)?$/, '.错误报告.xlsx');
}

/** A file that cannot be read as a spreadsheet (including one too large to inflate) is a rejection. */
function asRejection(e: unknown): unknown {
  return e instanceof SheetFormatError ? new ImportRejectedError(e.message, [], null) : e;
}

/** Read and validate the file; the workbook (with its inflated sheet XML) lives only in here. */
export async function readRosterFile(file: string, opts: ReadRosterOptions): Promise<RosterFile> {
  const step = opts.onStep ?? (() => {});
  const t0 = performance.now();
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch {
    throw new ImportRejectedError(`找不到文件：${file}`, [], null);
  }
  const sha256 = createHash('sha256').update(buffer).digest('hex');
  let wb: Workbook;
  try {
    wb = readWorkbook(buffer, basename(file), opts.limits ? { limits: opts.limits } : {});
  } catch (e) {
    throw asRejection(e);
  }
  const t1 = performance.now();
  step('校验花名册…');
  let parsed: RosterParse;
  try {
    // Sheets inflate and parse lazily, so a bomb or an oversized cell surfaces here too.
    parsed = parseRoster(wb, { incomeYear: opts.incomeYear });
  } catch (e) {
    throw asRejection(e);
  }
  const t2 = performance.now();
  const errors = parsed.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    const errorPath = opts.errorWorkbookPath ?? defaultErrorPath(file);
    let written: string | null = errorPath;
    try {
      await writeErrorWorkbook(errorPath, wb, parsed.issues);
    } catch {
      written = null; // the text report still says everything; a read-only folder must not hide it
    }
    throw new ImportRejectedError(`花名册有 ${errors.length} 处错误，未导入任何数据`, parsed.issues, written);
  }
  return { parsed, sha256, readMs: t1 - t0, parseMs: t2 - t1 };
}
