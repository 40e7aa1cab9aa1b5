// Use case: one household's page: the record, the income form itemised (counted or left out by
// the active rulebook), the stored assessment with its reasons, the tasks and the history.
// Records come back unmasked here; the server's projection masks and trims them per viewer.
import type { HouseholdAssessment } from '../domain/assessment.js';
import { CATEGORY_LABELS } from '../domain/income.js';
import { INCOME_ITEMS, type Household, type IncomeCategory, type IncomeItemCode, type Member, type Task } from '../domain/types.js';
import type { Rulebook } from '../domain/rulebook.js';
import { can } from '../domain/roles.js';
import type { Store } from '../store/index.js';
import { notFound, type Access } from './access.js';
import { historyLines, type FieldFilter, type HistoryLine } from './history.js';
import { activeRulebook } from './rulebooks.js';
import { regionNames } from './searchHouseholds.js';

export interface IncomeFormLine {
  code: IncomeItemCode;
  label: string;
  category: IncomeCategory;
  categoryLabel: string;
  /** Yuan, null when the form leaves the item blank. */
  amount: number | null;
  /** False when the active rulebook leaves the item out of net income (kept on the form). */
  counted: boolean;
}

export interface IncomeFormView {
  year: number;
  /** False when the household has no form for the year yet (the lines are then blank). */
  exists: boolean;
  note: string | null;
  lines: IncomeFormLine[];
  /** The poverty line the per-capita figure is compared with, and how. */
  lineName: string;
  line: number;
  comparison: Rulebook['income']['comparison'];
}

export interface HouseholdDetail {
  household: Household;
  villageName: string | null;
  townshipName: string | null;
  members: Member[];
  income: IncomeFormView;
  assessment: HouseholdAssessment | null;
  /** The stored result was re-assessed after its run (an income edit): when and by whom. */
  reassessed: { at: string; by: string } | null;
  runId: number | null;
  rulebook: { id: string; name: string; year: number };
  tasks: Task[];
  history: HistoryLine[];
  canEditIncome: boolean;
}

export function incomeFormView(rulebook: Rulebook, form: { items: Partial<Record<IncomeItemCode, number>>; note: string | null } | null): IncomeFormView {
  const excluded = new Set<string>(rulebook.income.excludedItems);
  return {
    year: rulebook.year,
    exists: form !== null,
    note: form?.note ?? null,
    lines: INCOME_ITEMS.map((i) => ({
      code: i.code,
      label: i.label,
      category: i.category,
      categoryLabel: CATEGORY_LABELS[i.category],
      amount: form?.items[i.code] ?? null,
      counted: !excluded.has(i.code),
    })),
    lineName: rulebook.income.line,
    line: rulebook.lines[rulebook.income.line] ?? 0,
    comparison: rulebook.income.comparison,
  };
}

export async function householdDetail(
  store: Store,
  viewer: Access,
  householdId: string,
  opts: { historyFilter?: (tasks: readonly Task[]) => FieldFilter } = {},
): Promise<HouseholdDetail> {
  const rulebook = await activeRulebook(store);
  const [record] = await store.registry.loadRecords(viewer.scope, { year: rulebook.year, householdIds: [householdId] });
  if (record === undefined) {
    // Someone else's household answers as an absent one, so ids cannot be probed county-wide.
    throw notFound('该户');
  }
  const [stored, changes, names, measures] = await Promise.all([
    store.assessments.result(viewer.scope, householdId),
    store.changes.forHousehold(viewer.scope, householdId),
    regionNames(store),
    store.plans.measures(viewer.scope, { householdIds: [householdId] }),
  ]);
  const h = record.household;
  // History lines name members and 一户一策 measures by id when an update row lacks the name.
  const memberNames = new Map([...record.members.map((m) => [m.id, m.name] as const), ...measures.map((m) => [m.id, m.content] as const)]);
  const village = names.region(h.villageCode);
  return {
    household: h,
    villageName: names.name(h.villageCode),
    townshipName: names.name(village?.parentCode ?? null),
    members: record.members,
    income: incomeFormView(rulebook, record.income),
    assessment: stored?.result ?? null,
    reassessed: stored?.reassessedAt != null ? { at: stored.reassessedAt, by: stored.reassessedBy ?? '' } : null,
    runId: stored?.runId ?? null,
    rulebook: { id: rulebook.id, name: rulebook.name, year: rulebook.year },
    tasks: record.tasks,
    // Newest first, as a page shows a history.
    history: historyLines(changes, viewer.mask, memberNames, opts.historyFilter?.(record.tasks) ?? null).reverse(),
    canEditIncome: can(viewer.role, 'income.edit'),
  };
}
