// Starts the server on a throw-away SQLite database holding a small demo county, for looking
// at the built web app (screenshots, manual checks). Prints the URL; Ctrl+C stops it.
// Run: npx vite build && npx tsx web/scripts/serve-demo.ts [scale] [port]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/index.js';
import { writeDemoRoster } from '../../src/services/demo.js';
import { importRoster } from '../../src/services/importRoster.js';
import { assessCounty } from '../../src/services/assessCounty.js';
import { activeRulebook } from '../../src/services/rulebooks.js';
import { SYSTEM_ACTOR, systemClock } from '../../src/services/context.js';
import { startServer } from '../../src/server/main.js';

const scale = Number(process.argv[2] ?? '0.05');
const port = Number(process.argv[3] ?? '0');
const dir = mkdtempSync(join(tmpdir(), 'tuopin-web-'));
const db = join(dir, 'demo.db');

const store = await openStore(db);
const ctx = { store, actor: SYSTEM_ACTOR, clock: systemClock };
const rulebook = await activeRulebook(store);
const roster = await writeDemoRoster({ seed: 2018, scale, year: rulebook.year });
try {
  await importRoster(ctx, roster.file, { incomeYear: rulebook.year });
} finally {
  roster.cleanup();
}
await assessCounty(ctx, { rulebook });
await store.close();

const server = await startServer({ db, demo: true, port, host: '127.0.0.1', logLevel: 'warn' });
console.log(`URL ${server.url}`);
for (const a of server.demoAccounts ?? []) console.log(`ACCOUNT ${a.username} ${a.password} ${a.name} ${a.description}`);
await server.closed;
rmSync(dir, { recursive: true, force: true });
