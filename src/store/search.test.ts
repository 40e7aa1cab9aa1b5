// The household list query and the web aggregates on every engine, against what the stored
// results say when read the slow way (every result document parsed in JS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.js';
import type { HouseholdAssessment } from '../domain/assessment.js';
import { seedCounty, type SeededCounty } from '../../test/fixtures/data.js';
import { failingCodes } from './facets.js';
import { ALL, openStore, regionsScope, type Store } from './index.js';
import { likeEscape } from './queryParts.js';

describe('likeEscape', () => {
  it('makes % and _ typed by a user literal', () => {
    expect(likeEscape('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});

describeEachDialect('search repository', (testDb) => {
  let store: Store;
  let s: SeededCounty;
  let results: HouseholdAssessment[];

  beforeAll(async () => {
    store = await openStore(await testDb.fresh());
    s = await seedCounty(store);
    results = await store.assessments.latestResults(ALL);
  });
  afterAll(() => store.close());

  const townshipScope = () => regionsScope([s.townshipA]);

  it('lists every household of the scope and none of another township, with total and pages', async () => {
    const own = new Set(s.householdsOf(s.townshipA));
    const page1 = await store.search.households(townshipScope(), { limit: 50 });
    expect(page1.total).toBe(own.size);
    const all: string[] = [];
    for (let offset = 0; offset < page1.total; offset += 50) {
      const p = await store.search.households(townshipScope(), { limit: 50, offset });
      all.push(...p.items.map((i) => i.id));
    }
    expect(new Set(all)).toEqual(own);
    expect(all).toHaveLength(own.size); // no row twice across pages
  });

  it('finds a household by a member name (whole, prefix, contained), ID number (whole, last digits) and household number', async () => {
    const member = s.county.members.find((m) => m.relation !== 'head' && m.name.length >= 3 && s.householdsOf(s.townshipA).includes(m.householdId))!;
    for (const q of [member.name, member.name.slice(0, 2), member.name.slice(1)]) {
      const r = await store.search.households(ALL, { q, limit: 500 });
      expect(
        r.items.map((i) => i.id),
        q,
      ).toContain(member.householdId);
      // Every hit really has a member whose name contains the text.
      for (const item of r.items) {
        const names = s.county.members.filter((m) => m.householdId === item.id).map((m) => m.name);
        expect(names.some((n) => n.includes(q)) || item.id.includes(q)).toBe(true);
      }
    }
    const withId = s.county.members.find((m) => m.idNumber !== null)!;
    expect((await store.search.households(ALL, { q: withId.idNumber! })).items.map((i) => i.id)).toEqual([withId.householdId]);
    const tail = await store.search.households(ALL, { q: withId.idNumber!.slice(-6), limit: 500 });
    expect(tail.items.map((i) => i.id)).toContain(withId.householdId);
    const hh = s.county.households[5]!;
    expect((await store.search.households(ALL, { q: hh.id })).items.map((i) => i.id)).toEqual([hh.id]);
  });

  it('never returns another township’s household, whatever the query', async () => {
    const other = s.county.households.find((h) => s.householdsOf(s.townshipB).includes(h.id))!;
    const otherMember = s.county.members.find((m) => m.householdId === other.id && m.idNumber !== null)!;
    for (const q of [other.id, otherMember.idNumber!, otherMember.idNumber!.slice(-4), otherMember.name]) {
      const r = await store.search.households(townshipScope(), { q, limit: 500 });
      expect(r.items.map((i) => i.id)).not.toContain(other.id);
      for (const item of r.items) expect(item.townshipCode).toBe(s.townshipA);
    }
    const filtered = await store.search.households(townshipScope(), { township: s.townshipB });
    expect(filtered.total).toBe(0);
  });

  it('treats % and _ in a query as text, not wildcards', async () => {
    expect((await store.search.households(ALL, { q: '%' })).total).toBe(0);
    expect((await store.search.households(ALL, { q: '_' })).total).toBe(0);
  });

  it('filters by class, failing indicator, cause, attribute and village as the stored results and records say', async () => {
    const byId = new Map(results.map((r) => [r.householdId, r]));
    const cls = await store.search.households(ALL, { class: 'B', limit: 500 });
    expect(cls.total).toBe(results.filter((r) => r.class === 'B').length);
    expect(cls.items.every((i) => i.class === 'B')).toBe(true);

    const failingHousing = results.filter((r) => failingCodes(r).includes('housing'));
    const housing = await store.search.households(ALL, { indicator: 'housing', limit: 500 });
    expect(housing.total).toBe(failingHousing.length);
    expect(housing.items.every((i) => i.failing.includes('housing') && failingCodes(byId.get(i.id)!).includes('housing'))).toBe(true);

    const cause = s.county.households[0]!.mainCause!;
    const byCause = await store.search.households(ALL, { cause, limit: 500 });
    expect(byCause.total).toBe(s.county.households.filter((h) => h.mainCause === cause).length);

    const byAttr = await store.search.households(ALL, { attribute: 'dibao', limit: 500 });
    expect(byAttr.total).toBe(s.county.households.filter((h) => h.attribute === 'dibao').length);

    const inVillage = await store.search.households(ALL, { village: s.villageA1, limit: 500 });
    expect(new Set(inVillage.items.map((i) => i.id))).toEqual(new Set(s.householdsOf(s.villageA1)));
  });

  it('sorts on the server by per-capita income, size and class, in both directions, nulls last', async () => {
    const desc = await store.search.households(ALL, { sort: 'perCapita', order: 'desc', limit: 500 });
    const values = desc.items.map((i) => i.perCapita ?? -Infinity);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    const bySize = await store.search.households(ALL, { sort: 'size', order: 'asc', limit: 500 });
    const sizes = bySize.items.map((i) => i.size!);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    const byClass = await store.search.households(ALL, { sort: 'class', order: 'desc', limit: 500 });
    const classes = byClass.items.map((i) => i.class!);
    expect(classes).toEqual([...classes].sort().reverse());
    // Items carry the stored result's figures.
    const r0 = results.find((r) => r.householdId === desc.items[0]!.id)!;
    expect(desc.items[0]!.perCapita).toBeCloseTo(r0.income!.perCapita, 6);
    expect(desc.items[0]!.headName).toBe(r0.headName);
  });

  it('counts classes and failing indicators within the scope', async () => {
    const own = new Set(s.householdsOf(s.townshipA));
    const mine = results.filter((r) => own.has(r.householdId));
    const tallies = await store.assessments.classTallies(townshipScope());
    expect(tallies.reduce((n, t) => n + t.households, 0)).toBe(mine.length);
    expect(tallies.reduce((n, t) => n + t.people, 0)).toBe(mine.reduce((n, r) => n + r.size, 0));
    const counts = await store.assessments.failingCounts(townshipScope(), ['income', 'housing', 'education']);
    for (const code of ['income', 'housing', 'education']) {
      expect(counts[code], code).toBe(mine.filter((r) => r.inScope && failingCodes(r).includes(code)).length);
    }
  });

  it('pages a ledger class in the workbook order (village, then household), in scope', async () => {
    const page = await store.assessments.ledgerPage(townshipScope(), 'A', { limit: 10 });
    const expected = results
      .filter((r) => r.class === 'A' && s.householdsOf(s.townshipA).includes(r.householdId))
      .sort((a, b) => (a.villageCode === b.villageCode ? (a.householdId < b.householdId ? -1 : 1) : a.villageCode < b.villageCode ? -1 : 1));
    expect(page.total).toBe(expected.length);
    expect(page.items.map((i) => i.householdId)).toEqual(expected.slice(0, 10).map((i) => i.householdId));
  });

  it('writes facets for every result of a run', async () => {
    const n = await store.db
      .withTables<{ assessment_facets: { run_id: number } }>()
      .selectFrom('assessment_facets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('run_id', '=', s.runId)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(results.length);
  });
});
