// Supervision (督查): leaders' visits with their villages, households, findings and photos;
// problems (问题) against a unit and people with their rectification and verification; the
// accountability decisions (问责) taken on them; and the weekly dispatch (周调度) snapshots, written
// once per week. Region codes are copied onto visit villages and problems so the scope filter is a
// plain column test; no foreign keys to regions or households, as with projects: a roster
// re-import must not fail on a record of supervision, which stays as it was written.
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function supervision(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('visits')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('visitor_id', 'text', (c) => c.notNull())
        .addColumn('visitor_name', 'text', (c) => c.notNull())
        .addColumn('visitor_role', 'text', (c) => c.notNull())
        .addColumn('visit_date', 'text', (c) => c.notNull())
        .addColumn('checked', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('visits_visitor_date').on('visits').columns(['visitor_id', 'visit_date']).execute();

      await db.schema
        .createTable('visit_villages')
        .addColumn('visit_id', 'text', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('township_code', 'text')
        .addColumn('county_code', 'text')
        .addPrimaryKeyConstraint('visit_villages_pk', ['visit_id', 'village_code'])
        .execute();
      await db.schema.createIndex('visit_villages_village').on('visit_villages').column('village_code').execute();

      await db.schema
        .createTable('visit_households')
        .addColumn('visit_id', 'text', (c) => c.notNull())
        .addColumn('household_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('visit_households_pk', ['visit_id', 'household_id'])
        .execute();

      await db.schema
        .createTable('visit_findings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('visit_id', 'text', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('household_id', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('problem_id', 'text')
        .execute();
      await db.schema.createIndex('visit_findings_visit').on('visit_findings').column('visit_id').execute();

      await db.schema
        .createTable('visit_photos')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('visit_id', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('visit_photos_visit').on('visit_photos').column('visit_id').execute();

      await db.schema
        .createTable('problems')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        // What the source calls it (a visit finding, a spot-check form, a cross-check point ...).
        .addColumn('source_ref', 'text')
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        // 'township' | 'village' | 'department'; a department's code is its sector.
        .addColumn('unit_kind', 'text', (c) => c.notNull())
        .addColumn('unit_code', 'text', (c) => c.notNull())
        .addColumn('unit_name', 'text', (c) => c.notNull())
        .addColumn('village_code', 'text')
        .addColumn('township_code', 'text')
        .addColumn('county_code', 'text')
        .addColumn('household_id', 'text')
        // JSON array of names (责任人).
        .addColumn('people', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('found_on', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('recorded_by_name', 'text', (c) => c.notNull())
        .addColumn('rectified_on', 'text')
        .addColumn('rectification', 'text')
        .addColumn('rectified_by_name', 'text')
        .addColumn('verified_on', 'text')
        .addColumn('verification', 'text')
        .addColumn('verified_by_name', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('problems_township').on('problems').column('township_code').execute();
      await db.schema.createIndex('problems_unit').on('problems').columns(['unit_kind', 'unit_code']).execute();

      await db.schema
        .createTable('problem_actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('problem_id', 'text', (c) => c.notNull())
        // 'rectify' | 'verify' | 'return'
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('problem_actions_problem').on('problem_actions').column('problem_id').execute();

      await db.schema
        .createTable('accountability_decisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('problem_id', 'text', (c) => c.notNull())
        .addColumn('person', 'text', (c) => c.notNull())
        // 'organisational' | 'disciplinary'
        .addColumn('kind_group', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('decided_on', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('accountability_decisions_problem').on('accountability_decisions').column('problem_id').execute();

      await db.schema
        .createTable('weekly_reports')
        .addColumn('week', 'text', (c) => c.primaryKey())
        // The figures as they stood when the week was closed (JSON); never rewritten.
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('analysis', 'text')
        .addColumn('meeting', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const t of [
        'weekly_reports',
        'accountability_decisions',
        'problem_actions',
        'problems',
        'visit_photos',
        'visit_findings',
        'visit_households',
        'visit_villages',
        'visits',
      ])
        await db.schema.dropTable(t).execute();
    },
  };
}
