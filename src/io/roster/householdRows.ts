// Rows of the sheets that carry households (roster, household and income sheets): household
// fields gathered per 户编号, and on roster sheets one member per row.
import { Take, bindFields, ROLE_LABELS } from './context.js';
import type { ParseContext, SheetState } from './context.js';
import { KIND_ADVICE, cellText } from './errors.js';
import { HOUSEHOLD_READERS, HouseholdDraft } from './householdFields.js';
import { IncomeTotals } from './incomeSheet.js';
import { MemberRows } from './memberFields.js';
import { packRef } from './rows.js';
import type { DataRows } from './rows.js';
import { readKey } from './values.js';

/** What the household sheets build up across the workbook. */
export interface HouseholdBook {
  readonly drafts: Map<string, HouseholdDraft>;
  readonly memberKeys: Map<string, number>;
  readonly idNumbers: Map<string, number>;
  memberRowCount: number;
  hasHouseholdSheet: boolean;
}

export function readHouseholdRows(ctx: ParseContext, book: HouseholdBook, st: SheetState, rows: DataRows): void {
  const role = st.role;
  const si = st.index;
  const summary = st.summary;
  if (role === 'household') book.hasHouseholdSheet = true;
  const hhCol = st.cols.get('householdId');
  const hhColIndex = hhCol ? hhCol.col : -1;
  const hhHeaderText = hhCol ? hhCol.header : '';

  const slots = bindFields(st, HOUSEHOLD_READERS);
  const slotCount = slots.length;
  const totals = new IncomeTotals(ctx, st);
  const members = role === 'roster' ? new MemberRows(ctx, st, book.memberKeys, book.idNumbers) : null;

  for (let r = rows.next(); r !== null; r = rows.next()) {
    const cells = r.cells;
    const rowNum = r.row;
    // 户编号
    const hhRaw = cells[hhColIndex];
    if (hhRaw === null || hhRaw === undefined || (typeof hhRaw === 'string' && hhRaw.trim() === '')) {
      summary.rowsRead++;
      ctx.error('missing-household-id', si, rowNum, hhCol ?? null, null, '户编号为空：每一行都要填户编号（同一户的成员填同一个户编号），请补填后重新导入');
      continue;
    }
    if (typeof hhRaw === 'string' && hhRaw.trim() === hhHeaderText) {
      summary.rowsSkipped++; // a repeated header row (printed page headers)
      continue;
    }
    summary.rowsRead++;
    const hhId = readKey(hhRaw);
    if (hhId === undefined || hhId === null) {
      ctx.error('bad-key', si, rowNum, hhCol ?? null, hhRaw, `户编号“${cellText(hhRaw)}”${KIND_ADVICE.key}`);
      continue;
    }
    let d = book.drafts.get(hhId);
    if (!d) {
      d = new HouseholdDraft(hhId, { sheet: si, row: rowNum });
      book.drafts.set(hhId, d);
    }
    if (role === 'household' || role === 'income') {
      const prev = role === 'household' ? d.householdRow : d.incomeRow;
      if (prev) {
        ctx.error(
          'duplicate-household-row',
          si,
          rowNum,
          hhCol ?? null,
          hhRaw,
          `户编号“${hhId}”在本表${ctx.placeOf(prev, si)}已出现过：${ROLE_LABELS[role]}每户只能有一行，请删除或合并重复的行`,
        );
        continue;
      }
      if (role === 'household') d.householdRow = { sheet: si, row: rowNum };
      else d.incomeRow = { sheet: si, row: rowNum };
    }

    // Household-level columns: the first row that fills one sets it; later rows may leave it
    // blank, and must agree when they do fill it.
    const given = d.raw;
    const here = packRef(si, rowNum);
    for (let i = 0; i < slotCount; i++) {
      const b = slots[i]!;
      const v = cells[b.col];
      // The same cell content as the row that set it (the usual repeated household column).
      if (v === null || v === undefined || v === given[b.key]) continue;
      switch (b.offer(v, d.values)) {
        case Take.Bad:
          ctx.badValue(st, rowNum, b, v);
          break;
        case Take.Set:
          given[b.key] = v;
          if (here !== d.firstRef) d.setSource(b.key, here);
          break;
        case Take.Conflict: {
          const ref = d.sourceOf(b.key);
          ctx.error(
            'household-conflict',
            si,
            rowNum,
            b.column,
            v,
            `同一户（户编号${hhId}）的${b.column.header}不一致：${ctx.placeOf(ref, si)}是“${cellText(given[b.key])}”，本行是“${cellText(v)}”。` +
              '户级信息以该户第一次填写的为准，其他成员行请填相同内容或留空',
          );
          break;
        }
        default:
          break;
      }
    }

    totals.row(cells);

    if (members === null) continue;
    book.memberRowCount++;
    members.read(cells, rowNum, here, hhId, d);
  }
}
