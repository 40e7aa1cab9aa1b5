import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: [
      'src/**/*.test.ts',
      'test/**/*.test.ts',
      'web/**/*.test.ts',
      // Browser tests (playwright-core + Debian chromium) will live in test/browser/ and are
      // matched by the line above. If they need their own settings (longer timeouts, one worker,
      // a built app), turn this file into `projects: [...]` with a separate 'browser' project
      // and exclude test/browser/** here — do not give them a separate command CI forgets.
    ],
    exclude: ['**/node_modules/**', 'dist/**'],
    // Starts a throw-away PostgreSQL for the run and provides its URL via inject('tuopinTest').
    globalSetup: ['test/globalSetup.ts'],
    // better-sqlite3 is a native addon: child processes, not worker threads.
    pool: 'forks',
    // Database tests create a database per case; generous, but a hang still fails.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
