// Use case: write the demo county's roster in the importable format, so the demo goes through
// the same import path as a real county's file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCounty } from '../demo/generate.js';
import { writeRoster } from '../io/roster/write.js';

export interface DemoRoster {
  file: string;
  households: number;
  members: number;
  /** Removes the file when it was written to a temporary folder; keeps a file the caller named. */
  cleanup(): void;
}

export async function writeDemoRoster(opts: {
  seed: number;
  scale: number;
  year: number;
  file?: string;
  onProgress?: (done: number, total: number) => void;
}): Promise<DemoRoster> {
  const county = generateCounty({ seed: opts.seed, scale: opts.scale, year: opts.year });
  const tempDir = opts.file ? null : mkdtempSync(join(tmpdir(), 'tuopin-demo-'));
  const file = opts.file ?? join(tempDir!, `演示县花名册-种子${opts.seed}.xlsx`);
  await writeRoster(file, county, opts.onProgress ? { onProgress: opts.onProgress } : {});
  return {
    file,
    households: county.households.length,
    members: county.members.length,
    cleanup: () => {
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
