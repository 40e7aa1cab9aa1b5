// The live per-capita figure while a form is edited, computed with the server's own income rule
// (src/domain/income.ts and the catalogue in src/domain/incomeItems.ts, both free of Zod): counted
// items minus counted production costs, in integer fen, divided by household size and rounded to
// the fen, then compared with the line. The server recomputes on save.
import { CATEGORY_LABELS, formatFen, passesLine, perCapitaFenOf, toFen } from '../../../src/domain/income.js';
import { INCOME_ITEMS, type IncomeCategory, type IncomeItemCode } from '../../../src/domain/incomeItems.js';

export { CATEGORY_LABELS, formatFen, toFen };
export const INCOME_CATALOGUE = INCOME_ITEMS;

/** Display order of the categories on the form: costs right after the production they belong to. */
export const CATEGORY_ORDER: readonly IncomeCategory[] = ['wage', 'production', 'cost', 'property', 'transfer'];

export interface IncomeRuleSettings {
  excluded: ReadonlySet<string>;
  /** The line in yuan. */
  line: number;
  comparison: 'greater-than' | 'at-least';
}

export interface LiveIncome {
  byCategoryFen: Record<IncomeCategory, number>;
  excludedFen: number;
  grossFen: number;
  netFen: number;
  /** Null when the size is not a positive integer. */
  perCapitaFen: number | null;
  pass: boolean;
}

export function computeLive(items: Partial<Record<IncomeItemCode, number | null>>, size: number, rule: IncomeRuleSettings): LiveIncome {
  const byCategoryFen: Record<IncomeCategory, number> = { wage: 0, production: 0, property: 0, transfer: 0, cost: 0 };
  let excludedFen = 0;
  for (const def of INCOME_ITEMS) {
    const amount = items[def.code];
    if (amount === null || amount === undefined || !Number.isFinite(amount)) continue;
    const fen = toFen(amount);
    if (rule.excluded.has(def.code)) excludedFen += fen;
    else byCategoryFen[def.category] += fen;
  }
  const grossFen = byCategoryFen.wage + byCategoryFen.production + byCategoryFen.property + byCategoryFen.transfer;
  const netFen = grossFen - byCategoryFen.cost;
  const pc = perCapitaFenOf(netFen, size);
  const pass = pc !== null && passesLine(pc, toFen(rule.line), rule.comparison);
  return { byCategoryFen, excludedFen, grossFen, netFen, perCapitaFen: pc, pass };
}
