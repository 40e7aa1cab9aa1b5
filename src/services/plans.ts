// Use cases of 一户一策: read a household's plan, edit its causes and goals, add, edit and remove
// assistance measures. County office, township and village users edit within their scope; the
// server's projection decides what leaders and sector departments read (planProjection.ts).
//
// A measure does not change the household's assessment (the classes read the record, the income
// form and the tasks), so these writes need no re-assessment: one transaction, data + change row.
import { parseMeasure, parsePlanHeader, PlanInputError, sortMeasures, type Measure, type Plan } from '../domain/plan.js';
import { can } from '../domain/roles.js';
import type { Household } from '../domain/types.js';
import type { Store, Trx } from '../store/index.js';
import { AccessError, notAllowed, notFound, type Access } from './access.js';
import type { ServiceContext } from './context.js';

export interface PlanView extends Plan {
  canEdit: boolean;
}

/** What a form sends: the measure's fields plus an optional why for the history. */
export interface MeasureEdit {
  measure: unknown;
  reason?: string | null;
}

function invalid(e: unknown): never {
  if (e instanceof PlanInputError) throw new AccessError(400, 'invalid-plan', e.message);
  throw e;
}

function reasonOf(reason: string | null | undefined): string | null {
  const r = reason?.trim() ?? '';
  return r === '' ? null : r;
}

/** The household if the viewer may see it; 404 as the household page answers, out of scope or absent alike. */
async function visibleHousehold(store: Store, viewer: Access, householdId: string, trx?: Trx): Promise<Household> {
  const [record] = await store.registry.loadRecords(viewer.scope, { householdIds: [householdId], ...(trx ? { trx } : {}) });
  if (record !== undefined) return record.household;
  throw notFound('该户');
}

function assertEditor(viewer: Access): void {
  if (!can(viewer.role, 'plan.edit')) throw notAllowed('只有县扶贫办、乡镇和村级账号可以修改一户一策');
}

export async function readPlan(store: Store, viewer: Access, householdId: string, trx?: Trx): Promise<PlanView> {
  const household = await visibleHousehold(store, viewer, householdId, trx);
  const opts = trx ? { trx } : {};
  const [header, measures] = await Promise.all([
    store.plans.header(viewer.scope, householdId, opts),
    store.plans.measures(viewer.scope, { householdIds: [householdId], ...opts }),
  ]);
  return {
    householdId,
    // Until someone saves the plan, its causes are the household record's.
    mainCause: header === null ? household.mainCause : header.mainCause,
    otherCauses: header === null ? household.otherCauses : header.otherCauses,
    goals: header?.goals ?? null,
    saved: header !== null,
    measures: sortMeasures(measures),
    canEdit: can(viewer.role, 'plan.edit'),
  };
}

export async function savePlanHeader(
  ctx: ServiceContext,
  viewer: Access,
  householdId: string,
  input: unknown,
  reason?: string | null,
): Promise<{ plan: PlanView; changed: boolean }> {
  assertEditor(viewer);
  let header;
  try {
    header = parsePlanHeader(input);
  } catch (e) {
    invalid(e);
  }
  return ctx.store.transaction(async (trx) => {
    await visibleHousehold(ctx.store, viewer, householdId, trx);
    const changed = await ctx.store.plans.saveHeader(trx, householdId, header, ctx.actor, reasonOf(reason), ctx.clock());
    return { plan: await readPlan(ctx.store, viewer, householdId, trx), changed };
  });
}

export async function addMeasure(ctx: ServiceContext, viewer: Access, householdId: string, edit: MeasureEdit): Promise<Measure> {
  assertEditor(viewer);
  let fields;
  try {
    fields = parseMeasure(edit.measure);
  } catch (e) {
    invalid(e);
  }
  return ctx.store.transaction(async (trx) => {
    await visibleHousehold(ctx.store, viewer, householdId, trx);
    const id = await ctx.store.plans.nextMeasureId(trx, householdId);
    return ctx.store.plans.addMeasure(trx, { id, householdId, ...fields }, ctx.actor, reasonOf(edit.reason), ctx.clock());
  });
}

async function existingMeasure(store: Store, viewer: Access, householdId: string, measureId: string, trx: Trx): Promise<Measure> {
  const [m] = (await store.plans.measures(viewer.scope, { householdIds: [householdId], trx })).filter((x) => x.id === measureId);
  if (m === undefined) throw notFound('该帮扶措施');
  return m;
}

export async function updateMeasure(
  ctx: ServiceContext,
  viewer: Access,
  householdId: string,
  measureId: string,
  edit: MeasureEdit,
): Promise<{ measure: Measure; changed: boolean }> {
  assertEditor(viewer);
  let fields;
  try {
    fields = parseMeasure(edit.measure);
  } catch (e) {
    invalid(e);
  }
  return ctx.store.transaction(async (trx) => {
    await visibleHousehold(ctx.store, viewer, householdId, trx);
    await existingMeasure(ctx.store, viewer, householdId, measureId, trx);
    const measure: Measure = { id: measureId, householdId, ...fields };
    const changed = await ctx.store.plans.updateMeasure(trx, measure, ctx.actor, reasonOf(edit.reason), ctx.clock());
    return { measure, changed };
  });
}

/** Removing a promise made to a household needs a why (it stays in the history). */
export async function removeMeasure(
  ctx: ServiceContext,
  viewer: Access,
  householdId: string,
  measureId: string,
  reason: string | null | undefined,
): Promise<Measure> {
  assertEditor(viewer);
  const why = reasonOf(reason);
  if (why === null) throw new AccessError(400, 'reason-required', '删除帮扶措施须注明原因');
  return ctx.store.transaction(async (trx) => {
    await visibleHousehold(ctx.store, viewer, householdId, trx);
    await existingMeasure(ctx.store, viewer, householdId, measureId, trx);
    return ctx.store.plans.removeMeasure(trx, householdId, measureId, ctx.actor, why, ctx.clock());
  });
}
