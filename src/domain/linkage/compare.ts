/**
 * Field comparisons: each field of a list row against a registry member gives one level, and
 * each level a log2 Bayes factor from the settings (Fellegi-Sunter). Levels are tried from the
 * strongest to the weakest; the first that holds is the one reported.
 */
import type { IdProblem } from '../idNumber.js';
import type { NameAnalyzer, NameFeatures } from './names.js';
import type { BirthLevel, IdLevel, NameLevel, PlaceLevel, RelationLevel, SexLevel } from './settings.js';

/** A person record prepared for comparison (see prepare.ts). */
export interface Prepared {
  name: NameFeatures | null;
  /** Normalised ID number when valid. */
  id: string | null;
  /** 18 characters of ID text, valid or not (a wrong check character still says much). */
  idText: string | null;
  idProblem: IdProblem | null;
  sex: 'M' | 'F' | null;
  birthDate: string | null;
  villageCode: string | null;
  townshipCode: string | null;
  relation: string | null;
  /** Birth date and sex were read from the ID number (the row had no column of its own for them). */
  birthFromId?: boolean;
  sexFromId?: boolean;
}

export function compareName(a: NameFeatures | null, b: NameFeatures | null, analyzer: NameAnalyzer): NameLevel {
  if (a === null || b === null || a.name === '' || b.name === '') return 'missing';
  if (a.name === b.name) return 'exact';
  const sameLength = a.chars.length === b.chars.length;
  if (sameLength && a.pinyin === b.pinyin) return 'homophone';
  if (sameLength && lookalikeOnly(a, b, analyzer)) return 'lookalike';
  if (sameLength && a.folded === b.folded) return 'confusable';
  if (a.given !== '' && b.given !== '' && (a.name === b.given + b.surname || b.name === a.given + a.surname)) return 'swapped';
  if (withinOneEdit(a.chars, b.chars)) return 'edit1';
  return 'else';
}

/** Every differing character is a listed look-alike or reads the same, and one is a look-alike. */
function lookalikeOnly(a: NameFeatures, b: NameFeatures, analyzer: NameAnalyzer): boolean {
  let lookalikes = 0;
  for (let i = 0; i < a.chars.length; i++) {
    const x = a.chars[i]!;
    const y = b.chars[i]!;
    if (x === y || a.syllables[i] === b.syllables[i]) continue;
    if (!analyzer.lookAlike(x, y)) return false;
    lookalikes++;
  }
  return lookalikes > 0;
}

/** Levenshtein distance <= 1, or one swap of neighbours (optimal string alignment). */
export function withinOneEdit(a: readonly string[], b: readonly string[]): boolean {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (i === la && i === lb) return true;
  if (la === lb) {
    if (rest(a, i + 1, b, i + 1)) return true; // substitution
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && rest(a, i + 2, b, i + 2);
  }
  return la > lb ? rest(a, i + 1, b, i) : rest(a, i, b, i + 1);
}

function rest(a: readonly string[], i: number, b: readonly string[], j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a[i] !== b[j]) return false;
  return true;
}

export function compareBirth(a: string | null, b: string | null): BirthLevel {
  if (a === null || b === null) return 'missing';
  if (a === b) return 'exact';
  // ISO text: YYYY-MM-DD.
  if (
    a.charCodeAt(0) !== b.charCodeAt(0) ||
    a.charCodeAt(1) !== b.charCodeAt(1) ||
    a.charCodeAt(2) !== b.charCodeAt(2) ||
    a.charCodeAt(3) !== b.charCodeAt(3)
  ) {
    return 'else';
  }
  if (a.slice(5, 7) === b.slice(8, 10) && a.slice(8, 10) === b.slice(5, 7)) return 'day-month-swapped';
  return 'year-only';
}

export function compareSex(a: string | null, b: string | null): SexLevel {
  if (a === null || b === null) return 'missing';
  return a === b ? 'agree' : 'disagree';
}

export function comparePlace(a: Prepared, b: Prepared): PlaceLevel {
  if (a.villageCode !== null && b.villageCode !== null && a.villageCode === b.villageCode) return 'same-village';
  if (a.townshipCode === null || b.townshipCode === null) return 'missing';
  return a.townshipCode === b.townshipCode ? 'same-township' : 'else';
}

export function compareRelation(a: string | null, b: string | null): RelationLevel {
  if (a === null || b === null) return 'missing';
  return a === b ? 'agree' : 'disagree';
}

/** Two ID texts: equal, one character wrong or two neighbours swapped, or else. */
export function compareId(a: Prepared, b: Prepared): IdLevel {
  const x = a.id ?? a.idText;
  const y = b.id ?? b.idText;
  if (x === null || y === null) return 'missing';
  if (x === y) return 'exact';
  // Two valid numbers that differ are two people (twins differ in one sequence digit and the
  // check character); only a number that fails its check can be a typing slip of the other.
  if (a.id !== null && b.id !== null) return 'else';
  if (x.length !== 18 || y.length !== 18) return 'else';
  let first = -1;
  let diffs = 0;
  for (let i = 0; i < 18; i++) {
    if (x.charCodeAt(i) !== y.charCodeAt(i)) {
      if (diffs === 0) first = i;
      if (++diffs > 2) return 'else';
    }
  }
  if (diffs === 1) return 'one-typo';
  // Two differences: a typed transposition of neighbours, or a digit wrong plus its check character.
  if (first < 17 && x[first] === y[first + 1] && x[first + 1] === y[first]) return 'one-typo';
  if (x.charCodeAt(17) !== y.charCodeAt(17)) return 'one-typo';
  return 'else';
}
