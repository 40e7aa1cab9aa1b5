// How long a roster cell may be: the API contract's limits (src/domain/textLimits.ts) applied to
// the import, so a 5,000-character name is an error naming its sheet, row and column instead of
// a record stored and copied into the change log. Checked once per row over the columns the
// import reads, before any reader sees the cell.
import { TEXT_LIMITS as L } from '../../domain/textLimits.js';
import type { FieldDef } from './profile.js';

/** Per field key; a field not listed takes its kind's limit. */
const BY_KEY: Readonly<Record<string, number>> = {
  county: L.name,
  township: L.name,
  village: L.name,
  group: L.group,
  foodClothingNote: L.note,
  cadreName: L.name,
  cadreUnit: L.label,
  workTeam: L.label,
  bankAccount: L.bankAccount,
  name: L.name,
  outOfSchoolReason: L.note,
  incomeNote: L.note,
  taskSector: L.code,
  taskNote: L.note,
};

const BY_KIND: Readonly<Record<string, number>> = {
  key: L.key,
  phone: L.phone,
  // Room for the spaces and separators people type into an ID number; normalised to 18 later.
  idNumber: L.code,
  villageCode: L.code,
};

/** The most characters a cell of the field may hold (enum, number, date cells: a short label). */
export function cellLimit(def: FieldDef): number {
  return BY_KEY[def.key] ?? BY_KIND[def.kind] ?? L.label;
}
