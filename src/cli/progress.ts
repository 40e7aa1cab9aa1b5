// Progress bars on a terminal, silence otherwise (scripts, CI, pipes read only the result).
import cliProgress from 'cli-progress';

export interface Progress {
  start(label: string, total: number): void;
  update(done: number): void;
  stop(): void;
  /** A one-line step message (stderr), shown only on a terminal. */
  step(message: string): void;
}

export function makeProgress(enabled: boolean = Boolean(process.stderr.isTTY)): Progress {
  if (!enabled) return { start() {}, update() {}, stop() {}, step() {} };
  let bar: cliProgress.SingleBar | null = null;
  return {
    start(label, total) {
      bar = new cliProgress.SingleBar(
        { format: `${label} [{bar}] {percentage}% {value}/{total}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    update(done) {
      bar?.update(done);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
    step(message) {
      process.stderr.write(`${message}\n`);
    },
  };
}

/** A progress callback that starts the bar on its first call and stops it when done. */
export function barFor(p: Progress, label: string): (done: number, total: number) => void {
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
