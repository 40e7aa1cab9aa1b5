import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';
import { DOUBLE, bool01, bool01NotNull } from './columns.js';

export function householdsMembers(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('households')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('village_code', 'text', (c) => c.notNull().references('regions.code'))
        .addColumn('township_code', 'text')
        .addColumn('county_code', 'text')
        .addColumn('group_name', 'text')
        .addColumn('attribute', 'text', (c) => c.notNull())
        .addColumn('standard', 'text')
        .addColumn('identified_year', 'integer')
        .addColumn('main_cause', 'text')
        .addColumn('other_causes', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('exit_year', 'integer')
        .addColumn('relocation', 'text', (c) => c.notNull())
        .addColumn('guarantee', 'integer', bool01NotNull('guarantee'))
        .addColumn('food_clothing_ok', 'integer', bool01('food_clothing_ok'))
        .addColumn('food_clothing_note', 'text')
        .addColumn('housing_grade', 'text')
        .addColumn('housing_renovation', 'text', (c) => c.notNull())
        .addColumn('housing_area', DOUBLE)
        .addColumn('water_secured', 'integer', bool01('water_secured'))
        .addColumn('water_piped', 'integer', bool01('water_piped'))
        .addColumn('water_fetch_minutes', DOUBLE)
        .addColumn('water_litres', DOUBLE)
        .addColumn('water_quality_ok', 'integer', bool01('water_quality_ok'))
        .addColumn('water_reliability', DOUBLE)
        .addColumn('cultivated_land', DOUBLE)
        .addColumn('forest_land', DOUBLE)
        .addColumn('road_distance_km', DOUBLE)
        .addColumn('sanitary_toilet', 'integer', bool01('sanitary_toilet'))
        .addColumn('cadre_name', 'text')
        .addColumn('cadre_unit', 'text')
        .addColumn('cadre_phone', 'text')
        .addColumn('work_team', 'text')
        .addColumn('phone', 'text')
        .addColumn('bank_account', 'text')
        .execute();
      for (const col of ['village_code', 'township_code', 'county_code', 'status', 'attribute', 'main_cause']) {
        await db.schema.createIndex(`households_${col}`).on('households').column(col).execute();
      }

      await db.schema
        .createTable('members')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        // Not unique: duplicate ID numbers across households are real data to be found (疑点).
        .addColumn('id_number', 'text')
        .addColumn('sex', 'text')
        .addColumn('birth_date', 'text')
        .addColumn('ethnicity', 'text')
        .addColumn('relation', 'text', (c) => c.notNull())
        .addColumn('education', 'text')
        .addColumn('school_status', 'text', (c) => c.notNull())
        .addColumn('out_of_school_reason', 'text')
        .addColumn('home_schooled', 'integer', bool01NotNull('home_schooled'))
        .addColumn('health', 'text', (c) => c.notNull())
        .addColumn('disability_grade', 'integer')
        .addColumn('labour', 'text')
        .addColumn('migrant_place', 'text')
        .addColumn('migrant_months', DOUBLE)
        .addColumn('basic_medical', 'integer', bool01('basic_medical'))
        .addColumn('critical_illness', 'integer', bool01('critical_illness'))
        .addColumn('pension', 'integer', bool01('pension'))
        .addColumn('medical_assistance', 'integer', bool01('medical_assistance'))
        .addColumn('family_doctor', 'integer', bool01('family_doctor'))
        .addColumn('phone', 'text')
        .execute();
      await db.schema.createIndex('members_household').on('members').column('household_id').execute();
      await db.schema.createIndex('members_id_number').on('members').column('id_number').execute();
      await db.schema.createIndex('members_name').on('members').column('name').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('members').execute();
      await db.schema.dropTable('households').execute();
    },
  };
}
