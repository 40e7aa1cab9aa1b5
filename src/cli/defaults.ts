// The defaults the help text names. They are copies of DEFAULT_SQLITE_PATH (store) and
// DEFAULT_RULEBOOK_ID (rulebooks/loader) because importing those modules for help would load the
// SQLite and PostgreSQL drivers and Zod, which is most of a second; test/cli.test.ts holds the
// copies equal to the originals.

export const HELP_DEFAULT_DB = './data/tuopin.db';
export const HELP_DEFAULT_RULEBOOK = 'seed-county-2018';
