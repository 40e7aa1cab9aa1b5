// Is the latest run current? A run remembers the newest change-log row among the assessment's
// inputs that it reflects (store.changes.inputSeq). A registry written after it (an import killed
// between its commit and its re-assessment, a write that did not re-assess), a run of another
// rulebook than the active one, or a registry with no run at all, is stale: the keeper re-assesses
// it on start and after writes, and pages say so while it works.
import type { Store } from '../store/index.js';
import type { ServiceContext } from './context.js';
import { reassess, type CountyReassessment } from './reassess.js';
import { activeRulebook } from './rulebooks.js';

export type StaleReason = 'no-run' | 'registry-newer' | 'rulebook-changed' | 'unknown';

export interface Freshness {
  runId: number | null;
  stale: boolean;
  reason: StaleReason | null;
}

export const STALE_REASON_LABELS: Readonly<Record<StaleReason, string>> = {
  'no-run': '登记数据尚未测算',
  'registry-newer': '登记数据在最近一次测算之后有改动',
  'rulebook-changed': '最近一次测算所用规则库不是当前规则库',
  unknown: '最近一次测算没有记录它反映的数据版本',
};

export async function freshness(store: Store): Promise<Freshness> {
  const run = await store.assessments.latestRun();
  const inputSeq = await store.changes.inputSeq();
  if (run === null) return { runId: null, stale: inputSeq > 0, reason: inputSeq > 0 ? 'no-run' : null };
  const stale = (reason: StaleReason): Freshness => ({ runId: run.id, stale: true, reason });
  if (run.rulebookId !== (await activeRulebook(store)).id) return stale('rulebook-changed');
  if (run.inputSeq === null) return stale('unknown');
  if (inputSeq > run.inputSeq) return stale('registry-newer');
  return { runId: run.id, stale: false, reason: null };
}

export interface AssessmentState {
  stale: boolean;
  reason: string | null;
  working: boolean;
}

/** What a page says about the run it shows. */
export async function assessmentState(store: Store, keeper: AssessmentKeeper | undefined): Promise<AssessmentState> {
  const f = await freshness(store);
  return { stale: f.stale, reason: f.reason === null ? null : STALE_REASON_LABELS[f.reason], working: keeper?.working ?? false };
}

/**
 * One at a time: county re-assessments (an import's, the keeper's) run in turn, so a write that
 * lands while one works is picked up by the next check instead of racing it.
 */
export class AssessmentKeeper {
  readonly #ctx: ServiceContext;
  readonly #onError: (e: unknown) => void;
  #queue: Promise<unknown> = Promise.resolve();
  #loop: Promise<void> | null = null;
  #again = false;
  #working = false;

  constructor(ctx: ServiceContext, onError: (e: unknown) => void = () => {}) {
    this.#ctx = ctx;
    this.#onError = onError;
  }

  /** A county re-assessment (or anything that must not overlap one) in turn. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(async () => {
      this.#working = true;
      try {
        return await fn();
      } finally {
        this.#working = false;
      }
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Re-assesses when the latest run is stale; null when it was current. */
  bringCurrent(): Promise<CountyReassessment | null> {
    return this.exclusive(async () => {
      const f = await freshness(this.#ctx.store);
      if (!f.stale) return null;
      const run = await this.#ctx.store.assessments.latestRun();
      const rulebook = await activeRulebook(this.#ctx.store);
      // The run's reference date stays when the rulebook is the same, so ages do not jump.
      const referenceDate = run !== null && run.rulebookId === rulebook.id ? run.referenceDate : undefined;
      return reassess(this.#ctx, { rulebook, ...(referenceDate !== undefined ? { referenceDate } : {}) });
    });
  }

  /**
   * After a write: check (and re-assess) in the background. Pokes that arrive while a check runs
   * ask for one more check after it, so a write landing mid-check is never missed.
   */
  poke(): Promise<void> {
    this.#again = true;
    this.#loop ??= (async () => {
      try {
        while (this.#again) {
          this.#again = false;
          try {
            await this.bringCurrent();
          } catch (e) {
            this.#onError(e);
          }
        }
      } finally {
        this.#loop = null;
      }
    })();
    return this.#loop;
  }

  /** A re-assessment is running (pages say the classes may be about to change). */
  get working(): boolean {
    return this.#working;
  }

  /** Waits for whatever is queued (shutdown, tests). */
  async idle(): Promise<void> {
    await this.#loop;
    await this.#queue;
  }
}
