// In-code migration provider: the list is explicit so a bundled build needs no directory scan.
import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../schema.js';
import { regions } from './0001_regions.js';
import { householdsMembers } from './0002_households_members.js';
import { incomeTasks } from './0003_income_tasks.js';
import { changesImports } from './0004_changes_imports.js';
import { assessments } from './0005_assessments.js';
import { usersSessionsSettings } from './0006_users_sessions_settings.js';
import { searchFacets } from './0007_search_facets.js';
import { changeHashChain } from './0008_change_hash_chain.js';
import { taskWorkflow } from './0009_task_workflow.js';
import { exitProcedure } from './0010_exit_procedure.js';
import { householdPlans } from './0011_household_plans.js';
import { changeRequests } from './0012_change_requests.js';
import { regionExitStatus } from './0013_region_exit_status.js';
import { assessmentInputSeq } from './0014_assessment_input_seq.js';
import { projectsFunds } from './0015_projects_funds.js';
import { spotChecks } from './0017_spot_checks.js';
import { crossCheck } from './0016_cross_check.js';

export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_regions': regions(dialect),
    '0002_households_members': householdsMembers(dialect),
    '0003_income_tasks': incomeTasks(dialect),
    '0004_changes_imports': changesImports(dialect),
    '0005_assessments': assessments(dialect),
    '0006_users_sessions_settings': usersSessionsSettings(dialect),
    '0007_search_facets': searchFacets(dialect),
    '0008_change_hash_chain': changeHashChain(dialect),
    '0009_task_workflow': taskWorkflow(dialect),
    '0010_exit_procedure': exitProcedure(dialect),
    '0011_household_plans': householdPlans(dialect),
    '0012_change_requests': changeRequests(dialect),
    '0013_region_exit_status': regionExitStatus(dialect),
    '0014_assessment_input_seq': assessmentInputSeq(dialect),
    '0015_projects_funds': projectsFunds(dialect),
    '0017_spot_checks': spotChecks(dialect),
    '0016_cross_check': crossCheck(dialect),
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
