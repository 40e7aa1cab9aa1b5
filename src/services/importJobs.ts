// Use case: roster imports started from the web. One import at a time, in the background, the
// file read and validated in a worker thread (rosterWorker.ts) and written here: the request that uploads the file gets a job id at once and the page polls the
// job for its steps, then the outcome (counts, class movements of the re-assessment) or the
// rejection (issues and an error workbook). importRoster stores nothing when it rejects a file;
// after a successful import the county is re-assessed and a new run stored (right after the
// import's own transaction, not inside it: the assessment reads what the import committed).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { RosterIssue } from '../io/roster/errors.js';
import type { InflateLimits } from '../io/sheets/index.js';
import type { Actor, Clock, PlanCounts, Store } from '../store/index.js';
import { AccessError } from './access.js';
import { importRoster, ImportRejectedError } from './importRoster.js';
import { activeRulebook } from './rulebooks.js';
import { freshness, type AssessmentKeeper } from './freshness.js';
import { reassess, type ClassMovement } from './reassess.js';

export type ImportJobStatus = 'running' | 'succeeded' | 'rejected' | 'failed';

export interface ImportJobView {
  id: string;
  fileName: string;
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  status: ImportJobStatus;
  steps: { at: string; message: string }[];
  outcome: {
    importId: string;
    unchanged: boolean;
    counts: PlanCounts;
    households: number;
    members: number;
    warnings: RosterIssue[];
    warningCount: number;
    runId: number | null;
    movements: ClassMovement[];
  } | null;
  rejection: { message: string; issues: RosterIssue[]; issueCount: number; errorCount: number; errorWorkbook: boolean } | null;
  error: string | null;
}

interface Job {
  view: ImportJobView;
  dir: string;
  errorWorkbook: string | null;
  done: Promise<void>;
}

/** Issues listed in the job (the error workbook has all of them). */
const MAX_LISTED = 200;
/** Finished jobs kept for the page to read, oldest removed first with their files. */
const KEEP_JOBS = 10;

/** Only the last path segment, without control characters: the name is shown and logged. */
export function safeFileName(name: string | undefined): string {
  const base = basename((name ?? '').replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return base === '' || base === '.' || base === '..' ? '花名册.xlsx' : base.slice(0, 200);
}

export class ImportJobs {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #root: string;
  readonly #jobs = new Map<string, Job>();
  #running: Job | null = null;

  readonly #beforeImport: (() => Promise<void>) | null;
  readonly #limits: Partial<InflateLimits>;
  readonly #keeper: AssessmentKeeper | null;

  /**
   * `beforeImport` is awaited at the start of each job (tests hold a job running with it);
   * `limits` bound what an uploaded .xlsx may inflate to (the server's settings).
   */
  constructor(opts: {
    store: Store;
    clock: Clock;
    dir?: string;
    beforeImport?: () => Promise<void>;
    limits?: Partial<InflateLimits>;
    /** Shared with the server so county re-assessments run one at a time. */
    keeper?: AssessmentKeeper;
  }) {
    this.#keeper = opts.keeper ?? null;
    this.#beforeImport = opts.beforeImport ?? null;
    this.#limits = opts.limits ?? {};
    this.#store = opts.store;
    this.#clock = opts.clock;
    this.#root = opts.dir ?? mkdtempSync(join(tmpdir(), 'tuopin-imports-'));
    mkdirSync(this.#root, { recursive: true });
  }

  get busy(): boolean {
    return this.#running !== null;
  }

  /** A private folder for an upload; the caller writes the file into it and passes its path to start(). */
  newUploadDir(): string {
    return mkdtempSync(join(this.#root, 'job-'));
  }

  /**
   * Starts importing `file` (already saved in a folder from newUploadDir, under the user's file
   * name, which the change log quotes). Throws AccessError 409 while another import runs.
   */
  start(actor: Actor, file: string): ImportJobView {
    const dir = join(file, '..');
    if (this.#running !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new AccessError(409, 'import-running', `正在导入“${this.#running.view.fileName}”，请等待其完成后再上传`);
    }
    const id = `job-${randomUUID()}`;
    const view: ImportJobView = {
      id,
      fileName: basename(file),
      actor: actor.name,
      startedAt: this.#clock(),
      finishedAt: null,
      status: 'running',
      steps: [],
      outcome: null,
      rejection: null,
      error: null,
    };
    const job: Job = { view, dir, errorWorkbook: null, done: Promise.resolve() };
    this.#jobs.set(id, job);
    this.#running = job;
    job.done = this.#run(job, actor, file).finally(() => {
      this.#running = null;
      this.#prune();
    });
    return view;
  }

  get(id: string): ImportJobView | null {
    return this.#jobs.get(id)?.view ?? null;
  }

  /** Path of the job's error workbook, when the roster was rejected and it could be written. */
  errorWorkbook(id: string): string | null {
    const p = this.#jobs.get(id)?.errorWorkbook ?? null;
    return p !== null && existsSync(p) ? p : null;
  }

  /** Resolves when no import is running (tests; graceful shutdown). */
  async idle(): Promise<void> {
    while (this.#running !== null) await this.#running.done;
  }

  async close(): Promise<void> {
    await this.idle();
    rmSync(this.#root, { recursive: true, force: true });
    this.#jobs.clear();
  }

  #step(job: Job, message: string): void {
    job.view.steps.push({ at: this.#clock(), message });
  }

  async #run(job: Job, actor: Actor, file: string): Promise<void> {
    const ctx = { store: this.#store, actor, clock: this.#clock };
    try {
      if (this.#beforeImport !== null) await this.#beforeImport();
      this.#step(job, '读取文件…');
      const rulebook = await activeRulebook(this.#store);
      const errorPath = join(job.dir, 'errors.xlsx');
      const outcome = await importRoster(ctx, file, {
        incomeYear: rulebook.year,
        errorWorkbookPath: errorPath,
        onStep: (m) => this.#step(job, m),
        limits: this.#limits,
        worker: true,
      });
      let runId: number | null = null;
      let movements: ClassMovement[] = [];
      let reassessError: string | null = null;
      // An unchanged file still re-assesses a stale run (an earlier import killed before its re-assessment).
      if (!outcome.unchanged || (await freshness(this.#store)).stale) {
        this.#step(job, '重新测算全县…');
        try {
          const again = () => reassess(ctx, { rulebook });
          const r = await (this.#keeper === null ? again() : this.#keeper.exclusive(again));
          runId = r.runId;
          movements = r.movements;
        } catch (e) {
          // The import is committed; only the new run is missing (the next edit or switch makes one).
          reassessError = `花名册已导入，但重新测算失败：${e instanceof Error ? e.message : String(e)}`;
        }
      }
      job.view.outcome = {
        importId: outcome.importId,
        unchanged: outcome.unchanged,
        counts: outcome.counts,
        households: outcome.households,
        members: outcome.members,
        warnings: outcome.warnings.slice(0, MAX_LISTED),
        warningCount: outcome.warnings.length,
        runId,
        movements,
      };
      job.view.status = reassessError === null ? 'succeeded' : 'failed';
      job.view.error = reassessError;
      this.#step(
        job,
        reassessError ??
          (outcome.unchanged ? (runId === null ? '完成：数据与库中一致，没有变化' : '完成：数据与库中一致；上次测算未完成，已重新测算') : '完成'),
      );
    } catch (e) {
      if (e instanceof ImportRejectedError) {
        job.errorWorkbook = e.errorWorkbookPath;
        job.view.rejection = {
          message: e.message,
          // Errors first (they are why nothing was stored), then warnings.
          issues: [...e.issues.filter((i) => i.severity === 'error'), ...e.issues.filter((i) => i.severity !== 'error')].slice(0, MAX_LISTED),
          issueCount: e.issues.length,
          errorCount: e.issues.filter((i) => i.severity === 'error').length,
          errorWorkbook: e.errorWorkbookPath !== null && existsSync(e.errorWorkbookPath),
        };
        job.view.status = 'rejected';
        this.#step(job, '未导入：花名册有错误，数据库未作任何修改');
      } else {
        job.view.status = 'failed';
        job.view.error = `导入失败：${e instanceof Error ? e.message : String(e)}`;
        this.#step(job, job.view.error);
      }
    } finally {
      job.view.finishedAt = this.#clock();
      // The upload itself is not kept; only the error workbook, for download.
      rmSync(file, { force: true });
    }
  }

  #prune(): void {
    const finished = [...this.#jobs.values()].filter((j) => j.view.status !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_JOBS))) {
      rmSync(j.dir, { recursive: true, force: true });
      this.#jobs.delete(j.view.id);
    }
  }
}
