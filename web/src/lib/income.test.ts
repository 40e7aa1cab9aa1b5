// The browser's live income figure must agree with the server's assessment on every form.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { computeIncome, perCapitaFen } from '../../../src/domain/income.js';
import { INCOME_ITEMS, type IncomeItemCode } from '../../../src/domain/incomeItems.js';
import { loadRulebook } from '../../../src/rulebooks/loader.js';
import { computeLive } from './income.js';

const codes = INCOME_ITEMS.map((i) => i.code);
const amount = fc.oneof(
  fc.integer({ min: 0, max: 200_000 }),
  fc.double({ min: 0, max: 50_000, noNaN: true }).map((x) => Math.round(x * 1000) / 1000),
);

describe('live income figure (web) against the server rule', () => {
  for (const id of ['gansu-2018', 'seed-county-2018', 'monitoring-2021']) {
    it(`agrees with computeIncome under ${id}: per capita, net and pass/fail`, () => {
      const rb = loadRulebook(id);
      fc.assert(
        fc.property(fc.dictionary(fc.constantFrom(...codes), amount), fc.integer({ min: 0, max: 12 }), (items, size) => {
          const form = { householdId: 'h', year: rb.year, items: items as Partial<Record<IncomeItemCode, number>>, note: null };
          const server = computeIncome(form, size, rb);
          const live = computeLive(form.items, size, {
            excluded: new Set(rb.income.excludedItems),
            line: rb.lines[rb.income.line]!,
            comparison: rb.income.comparison,
          });
          const pc = size > 0 ? perCapitaFen(server) : null;
          if (live.perCapitaFen !== pc) throw new Error(`per capita ${live.perCapitaFen} != ${pc}`);
          if (live.pass !== server.pass) throw new Error(`pass ${live.pass} != ${server.pass}`);
          if (live.netFen / 100 !== server.net) throw new Error(`net ${live.netFen} != ${server.net}`);
        }),
        { numRuns: 2000 },
      );
    });
  }
});
