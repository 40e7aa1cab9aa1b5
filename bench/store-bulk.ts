/**
 * Benchmark for the store's import hot path and the assessment's bulk read.
 *
 *   npx tsx bench/store-bulk.ts
 *   TUOPIN_BENCH_PG_URL=postgres://user@host/db npx tsx bench/store-bulk.ts   (also PostgreSQL;
 *     the database should be empty — the bench creates its tables there and drops nothing)
 *
 * Builds a synthetic county (15 townships, 300 villages, 15,000 households, ~59,000 members,
 * 15,000 income forms) with a seeded PRNG, then on each engine times, best of 3 on fresh databases:
 *   diff      diffRecords(empty, county): the pure planning step
 *   apply     applyImport of the full plan in one transaction (~90,000 change rows)
 *   load      registry.loadRecords(all) and for one township
 *   reimport  loadRecords + diffRecords of identical data (empty plan expected)
 *   update    applyImport of a plan touching 10% of the households and members
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Household, HouseholdRecord, Member, Region } from '../src/domain/types.js';
import { diffRecords, isEmptyPlan, planCounts } from '../src/store/diff.js';
import { ALL, regionsScope } from '../src/store/scope.js';
import { openStore, type Store } from '../src/store/store.js';
import { Random } from '../src/domain/random.js';

const HOUSEHOLDS = 15_000;
const TOWNSHIPS = 15;
const VILLAGES_PER_TOWNSHIP = 20;
const RUNS = Number(process.env.TUOPIN_BENCH_RUNS ?? 3);
const actor = { id: 'bench', name: '基准测试' };

const SURNAMES = '张王李赵刘陈杨黄周吴马朱胡郭何罗高林';
const GIVEN = '建国秀英小明红梅志强玉兰国庆海燕文华春花德福金凤';

function build(): { regions: Region[]; records: HouseholdRecord[] } {
  const random = new Random(20190901);
  const rnd = () => random.next();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const county = '622421';
  const regions: Region[] = [
    {
      code: county,
      name: '基准县',
      level: 'county',
      parentCode: null,
      ruralPopulation: null,
      poorVillage: false,
      exitYear: null,
      exited: false,
      indicators: null,
    },
  ];
  const villages: string[] = [];
  for (let t = 1; t <= TOWNSHIPS; t++) {
    const tc = `${county}${String(t * 100).padStart(3, '0')}`;
    regions.push({
      code: tc,
      name: `第${t}镇`,
      level: 'township',
      parentCode: county,
      ruralPopulation: null,
      poorVillage: false,
      exitYear: null,
      exited: false,
      indicators: null,
    });
    for (let v = 1; v <= VILLAGES_PER_TOWNSHIP; v++) {
      const vc = `${tc}${String(200 + v).padStart(3, '0')}`;
      villages.push(vc);
      regions.push({
        code: vc,
        name: `第${t}镇${v}村`,
        level: 'village',
        parentCode: tc,
        ruralPopulation: 600 + Math.floor(rnd() * 1500),
        poorVillage: rnd() < 0.4,
        exitYear: null,
        exited: false,
        indicators: null,
      });
    }
  }
  const records: HouseholdRecord[] = [];
  for (let i = 0; i < HOUSEHOLDS; i++) {
    const villageCode = villages[i % villages.length] as string;
    const id = `${villageCode}${String(i).padStart(5, '0')}`;
    const household: Household = {
      id,
      villageCode,
      group: `${1 + Math.floor(rnd() * 8)}组`,
      attribute: pick(['general', 'general', 'general', 'dibao', 'tekun'] as const),
      standard: 'national',
      identifiedYear: 2014 + Math.floor(rnd() * 5),
      mainCause: pick(['illness', 'disability', 'schooling', 'lack-skills', 'lack-capital'] as const),
      otherCauses: rnd() < 0.5 ? ['lack-labour'] : [],
      status: pick(['not-exited', 'exited', 'pre-exit'] as const),
      exitYear: rnd() < 0.5 ? 2018 : null,
      relocation: 'none',
      guarantee: rnd() < 0.05,
      foodClothingOk: true,
      foodClothingNote: null,
      housing: { grade: pick(['A', 'B', 'C'] as const), renovation: 'none', area: 40 + Math.round(rnd() * 800) / 10 },
      water: { secured: true, piped: rnd() < 0.8, fetchMinutes: null, litresPerPersonDay: 40, qualityOk: true, reliabilityPercent: 95 },
      cultivatedLand: Math.round(rnd() * 100) / 10,
      forestLand: null,
      roadDistanceKm: Math.round(rnd() * 50) / 10,
      sanitaryToilet: rnd() < 0.6,
      cadre: { name: '王干部', unit: '县农业农村局', phone: '13900000000' },
      workTeam: '驻村工作队',
      phone: null,
      bankAccount: `62284800${String(i).padStart(11, '0')}`,
    };
    // ~3.93 members per household on average: 59,000 people in 15,000 households.
    const size = 1 + Math.floor(rnd() * 6.86);
    const members: Member[] = [];
    for (let m = 1; m <= size; m++) {
      const year = m === 1 ? 1950 + Math.floor(rnd() * 30) : 1970 + Math.floor(rnd() * 45);
      members.push({
        id: `${id}${String(m).padStart(2, '0')}`,
        householdId: id,
        name: pick([...SURNAMES]) + pick([...GIVEN]) + pick([...GIVEN]),
        idNumber: `622421${year}0101${String(i % 1000).padStart(3, '0')}${m % 10}`,
        sex: m % 2 === 0 ? 'F' : 'M',
        birthDate: `${year}-01-01`,
        ethnicity: '汉族',
        relation: m === 1 ? 'head' : pick(['spouse', 'son', 'daughter', 'grandson'] as const),
        education: '初中',
        schoolStatus: year > 2003 ? 'grade8' : 'none',
        outOfSchoolReason: null,
        homeSchooled: false,
        health: pick(['healthy', 'healthy', 'chronic'] as const),
        disabilityGrade: null,
        labour: 'ordinary',
        migrantPlace: rnd() < 0.3 ? '新疆' : null,
        migrantMonths: rnd() < 0.3 ? 6 : null,
        basicMedical: true,
        criticalIllness: true,
        pension: year < 1970,
        medicalAssistance: null,
        familyDoctor: true,
        phone: null,
      });
    }
    records.push({
      household,
      members,
      income: {
        householdId: id,
        year: 2019,
        items: { migrantWage: Math.round(rnd() * 30000), farming: Math.round(rnd() * 5000), productionCost: 800, pension: 1200 },
        note: null,
      },
      tasks: [],
    });
  }
  return { regions, records };
}

async function time<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

const fmt = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;

async function bench(label: string, fresh: () => Promise<string>, data: ReturnType<typeof build>): Promise<void> {
  const best: Record<string, number> = {};
  const note = (k: string, ms: number) => (best[k] = Math.min(best[k] ?? Infinity, ms));
  let changeRows = 0;
  for (let run = 0; run < RUNS; run++) {
    const store: Store = await openStore(await fresh(), { clock: () => '2019-09-01T08:00:00.000Z' });
    try {
      const [plan, diffMs] = await time(() => diffRecords({ regions: [], records: [] }, data));
      note('diff (pure, all creates)', diffMs);
      const [, applyMs] = await time(() => store.transaction((trx) => store.registry.applyImport(trx, plan, actor, '基准导入', `bench-${run}`)));
      note('applyImport (full county, 1 trx)', applyMs);
      changeRows = await store.changes.count();

      const [loaded, loadMs] = await time(() => store.registry.loadRecords(ALL, { year: 2019 }));
      note('loadRecords (all)', loadMs);
      if (loaded.length !== HOUSEHOLDS) throw new Error(`loaded ${loaded.length}`);
      const [, townMs] = await time(() => store.registry.loadRecords(regionsScope(['622421100'])));
      note('loadRecords (one township)', townMs);

      const [again, reMs] = await time(async () =>
        diffRecords({ regions: await store.regions.list(ALL), records: await store.registry.loadRecords(ALL, { year: 2019 }) }, data),
      );
      note('re-import: load + diff (no changes)', reMs);
      if (!isEmptyPlan(again)) throw new Error(`re-import not empty: ${JSON.stringify(planCounts(again))}`);

      const changed = data.records.map((r, i) =>
        i % 10 === 0 ? { ...r, household: { ...r.household, status: 'exited' as const }, members: r.members.map((m) => ({ ...m, pension: !m.pension })) } : r,
      );
      const [upd, upDiffMs] = await time(() => diffRecords(loaded, changed));
      note('diff (10% changed)', upDiffMs);
      const [, upMs] = await time(() => store.transaction((trx) => store.registry.applyImport(trx, upd, actor, '基准更新', `bench-u-${run}`)));
      note('applyImport (10% updated)', upMs);
    } finally {
      await store.close();
    }
  }
  const members = data.records.reduce((n, r) => n + r.members.length, 0);
  console.log(
    `\n${label}: ${data.records.length} households, ${members} members, ${data.records.length} income forms, ${changeRows} change rows; best of ${RUNS}`,
  );
  for (const [k, ms] of Object.entries(best)) console.log(`  ${k.padEnd(40)} ${fmt(ms)}`);
}

async function main(): Promise<void> {
  const [data, buildMs] = await time(build);
  console.log(`synthetic county built in ${buildMs.toFixed(0)} ms (Node ${process.version})`);

  const dir = mkdtempSync(join(tmpdir(), 'tuopin-bench-'));
  let n = 0;
  try {
    await bench('SQLite (file, WAL, synchronous=NORMAL)', async () => join(dir, `bench-${n++}.db`), data);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const pgUrl = process.env.TUOPIN_BENCH_PG_URL;
  if (pgUrl !== undefined && pgUrl !== '') {
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    const created: string[] = [];
    try {
      await bench(
        'PostgreSQL',
        async () => {
          const name = `tuopin_bench_${process.pid}_${n++}`;
          await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
          created.push(name);
          const u = new URL(pgUrl);
          u.pathname = `/${name}`;
          return u.toString();
        },
        data,
      );
    } finally {
      for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  } else {
    console.log('\n(PostgreSQL skipped: set TUOPIN_BENCH_PG_URL to include it)');
  }
}

await main();
