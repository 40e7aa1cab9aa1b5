// Income calculation (收入测算, docs/rulebooks.md): per-capita net income from the itemised form,
// compared with a named line of the rulebook. Pure.
//
// Money is summed in fen (integer cents). Yuan amounts as doubles do not add up exactly
// (0.1 + 0.2 ≠ 0.3), and a household sitting exactly on the line — the case the office argues
// about — must compare as exactly on it. The per-capita figure is rounded to the fen (half away
// from zero), and that rounded figure is both what the arithmetic prints and what is compared
// with the line, so the verdict always agrees with the number a cadre reads on the form.
// `IncomeResult.perCapita` keeps the unrounded quotient so that perCapita × size gives the net back.
import type { IncomeCategory, IncomeForm, IncomeItemCode } from './types.js';
import { INCOME_ITEMS } from './incomeItems.js';
import type { IncomeLine, IncomeResult } from './assessment.js';
import type { Rulebook } from './rulebook.js';

export const CATEGORY_LABELS: Readonly<Record<IncomeCategory, string>> = Object.freeze({
  wage: '工资性收入',
  production: '生产经营性收入',
  property: '财产性收入',
  transfer: '转移性收入',
  cost: '生产经营性支出',
});

/** No form: the reason printed wherever the income figure would be. */
export const NO_INCOME_FORM = '未填报收入测算表';

// ------------------------------------------------------------------ money

/** Yuan -> integer fen. toPrecision(15) first, because 1.005 * 100 is 100.49999999999999 in binary. */
export function toFen(yuan: number): number {
  const x = yuan * 100;
  const r = Math.round(x);
  // Fast path: amounts with at most two decimals land within a hair of an integer. Only the
  // rare half-fen and sub-fen amounts need the slower decimal re-reading.
  if (Math.abs(x - r) < 1e-6) return r === 0 ? 0 : r;
  if (!Number.isFinite(yuan)) throw new RangeError(`金额无效：${yuan}`);
  return roundHalfAway(Number(x.toPrecision(15)));
}

function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Integer fen -> '3375.00' (no floating formatting involved). */
export function formatFen(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs - yuan * 100;
  return `${neg ? '-' : ''}${yuan}.${cents < 10 ? '0' : ''}${cents}`;
}

/** A line or threshold in yuan: '3700' when whole, else '3712.50'. */
export function formatLine(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : formatFen(fen);
}

// ------------------------------------------------------------------ rulebook-derived settings

interface IncomeSettings {
  excluded: ReadonlySet<IncomeItemCode>;
  linesFen: ReadonlyMap<string, number>;
  comparison: Rulebook['income']['comparison'];
}

// Rulebooks are treated as immutable values: derived sets are built once per rulebook object.
const settingsCache = new WeakMap<Rulebook, IncomeSettings>();

function settings(rulebook: Rulebook): IncomeSettings {
  let s = settingsCache.get(rulebook);
  if (!s) {
    s = {
      excluded: new Set(rulebook.income.excludedItems),
      linesFen: new Map(Object.entries(rulebook.lines).map(([k, v]) => [k, toFen(v)])),
      comparison: rulebook.income.comparison,
    };
    settingsCache.set(rulebook, s);
  }
  return s;
}

/** The named line in fen; throws (a programming or rulebook error) when the rulebook has no such line. */
export function lineFen(rulebook: Rulebook, lineName: string): number {
  const fen = settings(rulebook).linesFen.get(lineName);
  if (fen === undefined) throw new RangeError(`规则库“${rulebook.id}”中没有名为“${lineName}”的收入线`);
  return fen;
}

export function passesLine(perCapitaFen: number, line: number, comparison: Rulebook['income']['comparison']): boolean {
  return comparison === 'greater-than' ? perCapitaFen > line : perCapitaFen >= line;
}

function verdictWords(pass: boolean, comparison: Rulebook['income']['comparison']): string {
  if (comparison === 'greater-than') return pass ? '超过' : '未超过';
  return pass ? '达到' : '未达到';
}

/** Per-capita income rounded to the fen, as compared with lines; null when it cannot be computed. */
export function perCapitaFen(result: IncomeResult): number | null {
  if (result.year === null) return null;
  return perCapitaFenOf(toFen(result.net), result.size);
}

/** Net income in fen ÷ household size, rounded half away from zero to the fen; null for no members. */
export function perCapitaFenOf(netFen: number, size: number): number | null {
  return Number.isInteger(size) && size > 0 ? roundHalfAway(netFen / size) : null;
}

/**
 * Does an already computed income pass another named line of the same rulebook (with the
 * rulebook's comparison)? Used by class rules that name a line other than the income rule's.
 */
export function incomePassesLine(result: IncomeResult, rulebook: Rulebook, lineName: string): boolean {
  const pc = perCapitaFen(result);
  return pc !== null && passesLine(pc, lineFen(rulebook, lineName), settings(rulebook).comparison);
}

// ------------------------------------------------------------------ computation

interface ItemDef {
  code: IncomeItemCode;
  label: string;
  category: IncomeCategory;
  order: number;
}
const ITEM_INDEX: ReadonlyMap<string, ItemDef> = new Map(
  INCOME_ITEMS.map((d, order) => [d.code, { code: d.code, label: d.label, category: d.category, order }]),
);

export function computeIncome(form: IncomeForm | null, size: number, rulebook: Rulebook, lineName: string = rulebook.income.line): IncomeResult {
  const s = settings(rulebook);
  const line = lineFen(rulebook, lineName);
  if (form === null) {
    return {
      year: null,
      items: [],
      grossCounted: 0,
      costs: 0,
      excluded: 0,
      net: 0,
      size,
      perCapita: 0,
      lineName,
      line: line / 100,
      pass: false,
      arithmetic: NO_INCOME_FORM,
    };
  }

  // Plain loops and literals: this runs once per household, 15,000 times per county. The items
  // array is sized up front because a pushed-to array keeps spare capacity for its whole life.
  // One Object.keys call instead of two for-in walks: forms parsed from JSON have many different
  // key sets, so V8 keeps them as dictionaries, where for-in is slow.
  const keys = Object.keys(form.items);
  const count = keys.length;
  const items: IncomeLine[] = new Array<IncomeLine>(count);
  let n = 0;
  let wage = 0;
  let production = 0;
  let property = 0;
  let transfer = 0;
  let costsFen = 0;
  let excludedFen = 0;
  let excludedNote = '';
  const formItems = form.items;
  // Walk the form's own keys (a handful) rather than the 27-item catalogue: forms come in many
  // shapes, and probing each for every catalogue code is the slow part at county scale.
  let lastOrder = -1;
  let sorted = true;
  for (let k = 0; k < count; k++) {
    const key = keys[k]!;
    const def = ITEM_INDEX.get(key);
    const amount = formItems[key as IncomeItemCode];
    if (def === undefined || amount === undefined) continue;
    if (def.order < lastOrder) sorted = false;
    lastOrder = def.order;
    const fen = toFen(amount);
    const counted = !s.excluded.has(def.code);
    items[n++] = { code: def.code, label: def.label, category: def.category, amount, counted };
    if (!counted) {
      excludedFen += fen;
      if (fen !== 0) excludedNote += `${excludedNote === '' ? '；不计入收入：' : '、'}${def.label}${formatFen(fen)}元`;
      continue;
    }
    switch (def.category) {
      case 'wage':
        wage += fen;
        break;
      case 'production':
        production += fen;
        break;
      case 'property':
        property += fen;
        break;
      case 'transfer':
        transfer += fen;
        break;
      case 'cost':
        costsFen += fen;
        break;
    }
  }
  if (n < count) items.length = n;
  if (!sorted) {
    items.sort((a, b) => ITEM_INDEX.get(a.code)!.order - ITEM_INDEX.get(b.code)!.order);
    excludedNote = '';
    for (const it of items) {
      if (it.counted) continue;
      const fen = toFen(it.amount);
      if (fen !== 0) excludedNote += `${excludedNote === '' ? '；不计入收入：' : '、'}${it.label}${formatFen(fen)}元`;
    }
  }
  const grossFen = wage + production + property + transfer;
  const netFen = grossFen - costsFen;

  let expr = '';
  if (wage !== 0) expr = `${CATEGORY_LABELS.wage}${formatFen(wage)}`;
  if (production !== 0) expr += `${expr === '' ? '' : ' + '}${CATEGORY_LABELS.production}${formatFen(production)}`;
  if (property !== 0) expr += `${expr === '' ? '' : ' + '}${CATEGORY_LABELS.property}${formatFen(property)}`;
  if (transfer !== 0) expr += `${expr === '' ? '' : ' + '}${CATEGORY_LABELS.transfer}${formatFen(transfer)}`;
  if (expr === '') expr = '0.00';
  if (costsFen !== 0) expr += ` − ${CATEGORY_LABELS.cost}${formatFen(costsFen)}`;

  const sizeOk = Number.isInteger(size) && size > 0;
  const pcFen = sizeOk ? roundHalfAway(netFen / size) : 0;
  const pass = sizeOk && passesLine(pcFen, line, s.comparison);
  return {
    year: form.year,
    items,
    grossCounted: grossFen / 100,
    costs: costsFen / 100,
    excluded: excludedFen / 100,
    net: netFen / 100,
    size,
    perCapita: sizeOk ? netFen / size / 100 : 0,
    lineName,
    line: line / 100,
    pass,
    // join() yields one flat string; template concatenation would keep a tree of every piece
    // alive with the result (about 1 KB per household, most of the assessment's memory).
    arithmetic: (sizeOk
      ? ['(', expr, ') ÷ ', size, '人 = ', formatFen(pcFen), '元，', verdictWords(pass, s.comparison), formatLine(line), '元', excludedNote]
      : ['家庭人口为', size, '人，无法计算人均纯收入（纯收入', formatFen(netFen), '元）', excludedNote]
    ).join(''),
  };
}

/** One line for summaries and ledgers, e.g. “人均纯收入3375.00元，未超过3700元”. */
export function incomeSummary(result: IncomeResult, rulebook: Rulebook): string {
  const pc = perCapitaFen(result);
  if (result.year === null) return NO_INCOME_FORM;
  if (pc === null) return `家庭人口为${result.size}人，无法计算人均纯收入`;
  const line = toFen(result.line);
  return `人均纯收入${formatFen(pc)}元，${verdictWords(result.pass, settings(rulebook).comparison)}${formatLine(line)}元`;
}
