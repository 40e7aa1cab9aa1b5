import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../schema.js';
import { bool01NotNull } from './columns.js';

export function regions(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      // No foreign key on parent_code: a roster may list a village before its township; the
      // repository checks the tree and derives township/county codes instead.
      await db.schema
        .createTable('regions')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('county', 'township', 'village')`))
        .addColumn('parent_code', 'text')
        .addColumn('township_code', 'text')
        .addColumn('county_code', 'text')
        .addColumn('rural_population', 'integer')
        .addColumn('poor_village', 'integer', bool01NotNull('poor_village'))
        .addColumn('exit_year', 'integer')
        .addColumn('indicators', 'text')
        .execute();
      await db.schema.createIndex('regions_parent').on('regions').column('parent_code').execute();
      await db.schema.createIndex('regions_township').on('regions').column('township_code').execute();
      await db.schema.createIndex('regions_county').on('regions').column('county_code').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('regions').execute();
    },
  };
}
