// 名单比对: the lists received (kind, source, as-of date, version, file and its hash, counts), each
// list row's linkage outcome, the points to verify (疑点) with their life cycle, and the evidence
// files of site checks. No foreign keys to households or members, as with tasks and projects: a
// roster re-import must not fail on a point, and a point about a member since removed stays on
// record. Points carry the region codes of their household (or of the list row) so scope is a
// column filter, like the change log's.
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';
import { DOUBLE } from './columns.js';

export function crossCheck(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('check_lists')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('as_of', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('row_count', 'integer', (c) => c.notNull())
        // matched, possible, unmatched, pointsOpened, pointsClosed, pointsKept, ms (JSON).
        .addColumn('counts', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('check_lists_kind_source').on('check_lists').columns(['kind', 'source', 'version']).unique().execute();

      await db.schema
        .createTable('check_rows')
        .addColumn('list_id', 'integer', (c) => c.notNull())
        .addColumn('row', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('method', 'text')
        .addColumn('member_id', 'text')
        .addColumn('household_id', 'text')
        .addColumn('score', DOUBLE)
        // The linkage explanation (LinkResult without the ids), kept for rows scored field by
        // field; an ID match explains itself.
        .addColumn('explanation', 'text')
        // The row's values as the list gave them, kept for possible matches and rows with points
        // (the side-by-side screen, the point's detail); a million plain matches keep none.
        .addColumn('data', 'text')
        .addColumn('review', 'text')
        .addColumn('review_member_id', 'text')
        .addColumn('reviewed_by_id', 'text')
        .addColumn('reviewed_by_name', 'text')
        .addColumn('reviewed_at', 'text')
        .addPrimaryKeyConstraint('check_rows_pk', ['list_id', 'row'])
        .execute();
      await db.schema.createIndex('check_rows_review').on('check_rows').columns(['review', 'list_id']).execute();

      await db.schema
        .createTable('check_points')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('list_id', 'integer', (c) => c.notNull())
        .addColumn('last_list_id', 'integer', (c) => c.notNull())
        .addColumn('list_kind', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('row', 'integer')
        .addColumn('household_id', 'text')
        .addColumn('member_id', 'text')
        .addColumn('village_code', 'text')
        .addColumn('township_code', 'text')
        .addColumn('county_code', 'text')
        .addColumn('field', 'text')
        .addColumn('ours', 'text')
        .addColumn('theirs', 'text')
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('rule_text', 'text', (c) => c.notNull())
        // What a verified 属实 finding sets (JSON PointSet), when the list's value is the correction.
        .addColumn('set_fields', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('finding', 'text')
        .addColumn('note', 'text')
        .addColumn('evidence_ids', 'text')
        .addColumn('assignee', 'text')
        .addColumn('due_date', 'text')
        .addColumn('checked_by_id', 'text')
        .addColumn('checked_by_name', 'text')
        .addColumn('checked_at', 'text')
        .addColumn('verified_by_id', 'text')
        .addColumn('verified_by_name', 'text')
        .addColumn('verified_at', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('correction_kind', 'text')
        .addColumn('correction_id', 'text')
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('check_points_key').on('check_points').columns(['key', 'status']).execute();
      await db.schema.createIndex('check_points_household').on('check_points').column('household_id').execute();
      await db.schema.createIndex('check_points_township').on('check_points').columns(['township_code', 'status']).execute();
      await db.schema.createIndex('check_points_list').on('check_points').columns(['list_kind', 'source', 'status']).execute();

      await db.schema
        .createTable('check_evidence')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('point_id', 'integer', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('uploaded_by_id', 'text', (c) => c.notNull())
        .addColumn('uploaded_by_name', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('check_evidence_point').on('check_evidence').column('point_id').execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['check_evidence', 'check_points', 'check_rows', 'check_lists']) await db.schema.dropTable(t).execute();
    },
  };
}
