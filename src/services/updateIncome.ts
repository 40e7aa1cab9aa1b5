// Use case: a county, township or village user edits one household's income form.
//
// Income items are sensitive (the rulebook's changeApproval.income): a changed amount becomes a
// request that a second person at the township approves (changeRequests.ts), and the class moves
// only then. A change of the note alone is written at once. Either way the web's editor keeps its
// live per-capita preview; the answer says which of the two happened.
import type { IncomeForm } from '../domain/types.js';
import type { Access } from './access.js';
import { submitChange, type ChangeOutcome } from './changeRequests.js';
import type { ServiceContext } from './context.js';

export interface IncomeEdit {
  items: IncomeForm['items'];
  note: string | null;
  /** Why (required): printed in the household's history. */
  reason: string;
  /** The income form's version the edit was made on (offline capture); refused with 409 when it changed since. */
  expectedVersion?: string | null;
}

export interface IncomeEditResult extends ChangeOutcome {
  householdId: string;
}

export async function updateIncome(ctx: ServiceContext, viewer: Access, householdId: string, edit: IncomeEdit): Promise<IncomeEditResult> {
  // The year is the active rulebook's, filled in inside the transaction.
  const out = await submitChange(
    ctx,
    viewer,
    householdId,
    { kind: 'income-edit', year: 0, items: edit.items, note: edit.note },
    edit.reason,
    edit.expectedVersion ?? null,
  );
  return { householdId, ...out };
}
