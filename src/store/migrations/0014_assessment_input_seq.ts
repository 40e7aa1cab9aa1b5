import { type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../schema.js';

// A run remembers the newest change-log row among the assessment's inputs that it reflects, so a
// registry written after it (an import killed before its re-assessment, a write that did not
// re-assess) is found stale on start and after writes. Runs made before this migration have
// none and count as stale once: the first start after the upgrade re-assesses.
export function assessmentInputSeq(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('assessment_runs').addColumn('input_seq', 'integer').execute();
      // The freshness check asks for the newest row of a few entities after every write.
      await db.schema.createIndex('changes_entity_seq').on('changes').columns(['entity', 'seq']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('changes_entity_seq').execute();
      await db.schema.alterTable('assessment_runs').dropColumn('input_seq').execute();
    },
  };
}
