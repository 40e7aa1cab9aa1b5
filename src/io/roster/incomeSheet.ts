// Income columns: category totals that cannot be imported, and the income form of a household.
import { INCOME_ITEMS } from '../../domain/types.js';
import type { IncomeForm } from '../../domain/types.js';
import type { CellValue } from '../sheets/types.js';
import type { ParseContext, SheetState } from './context.js';
import type { RosterIssue } from './errors.js';
import type { HeaderColumn } from './header.js';
import { incomeParts } from './householdFields.js';
import type { HouseholdDraft } from './householdFields.js';
import { field } from './profile.js';
import type { RowRef } from './rows.js';
import { readAmount } from './values.js';

interface TotalCheck {
  column: HeaderColumn;
  severity: RosterIssue['severity'];
  message: string;
  reported: boolean;
}

/**
 * A category total (工资性收入 …) cannot be split into the form's items. With its items beside
 * it, it is only a derived figure; alone, its money would silently go missing, so the first
 * non-zero value in such a column is reported.
 */
export class IncomeTotals {
  private readonly checks: TotalCheck[] = [];

  constructor(
    private readonly ctx: ParseContext,
    private readonly st: SheetState,
  ) {
    const categories = new Set<string>();
    let anyItem = false;
    for (const key of st.cols.keys()) {
      const def = field(key);
      if (def.incomeCode) {
        anyItem = true;
        if (def.incomeCategory) categories.add(def.incomeCategory);
      }
    }
    for (const [key, column] of st.cols) {
      const def = field(key);
      if (def.target !== 'incomeTotal') continue;
      if (def.incomeCategory && !categories.has(def.incomeCategory)) {
        const items = INCOME_ITEMS.filter((i) => i.category === def.incomeCategory).map((i) => i.label);
        this.checks.push({
          column,
          severity: 'error',
          reported: false,
          message:
            `“${column.header}”是合计数，无法拆分到收入测算表的明细项目（哪些项目计入收入由规则决定），本列不能导入。` +
            `请按明细分列填写：${items.join('、')}`,
        });
      } else if (!def.incomeCategory && !anyItem) {
        this.checks.push({
          column,
          severity: 'warning',
          reported: false,
          message: `“${column.header}”是计算结果，不导入；表中没有收入明细，因此不会生成收入测算表。请另行导入收入明细`,
        });
      }
    }
  }

  /** Looks at one data row. */
  row(cells: readonly CellValue[]): void {
    if (this.checks.length === 0) return;
    for (const t of this.checks) {
      if (t.reported) continue;
      const v = cells[t.column.col];
      if (v === null || v === undefined || v === 0 || (typeof v === 'string' && (v.trim() === '' || readAmount(v) === 0))) continue;
      t.reported = true;
      this.ctx.push(t.severity, 'income-total-only', this.st.index, this.st.header!.headerRow, t.column, null, t.message);
    }
  }
}

/** Income forms of the households, and one report for all households that gave income without a year. */
export class IncomeForms {
  readonly forms: IncomeForm[] = [];
  private missingYear: { ref: RowRef; count: number } | null = null;

  constructor(
    private readonly ctx: ParseContext,
    private readonly defaultYear: number | undefined,
  ) {}

  add(d: HouseholdDraft, ref: RowRef): void {
    const parts = incomeParts(d);
    if (parts === null) return;
    const year = d.values.incomeYear ?? this.defaultYear ?? null;
    if (year === null) {
      if (this.missingYear) this.missingYear.count++;
      else this.missingYear = { ref, count: 1 };
    } else {
      this.forms.push({ householdId: d.id, year, items: parts.items, note: parts.note });
    }
  }

  finish(): IncomeForm[] {
    if (this.missingYear) {
      const { ref, count } = this.missingYear;
      this.ctx.error(
        'no-income-year',
        ref.sheet,
        ref.row,
        this.ctx.sheets[ref.sheet]!.cols.get('incomeYear') ?? null,
        null,
        `有${count}户填了收入但没有收入年度（第一户在${this.ctx.placeOf(ref, -1)}）：请在表中加“收入年度”列并填写，或在导入时指定收入年度`,
      );
    }
    return this.forms;
  }
}
