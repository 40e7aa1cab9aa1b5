// `tuopin sample --population KIND --seed N (--share P | --per-village K) [--min-per-village M] [--json]`:
// redraws a spot check from its seed over today's data, through the same code as the web's draw,
// so anyone can check a recorded sample (same seed and fingerprint: the same households). Reads
// only: nothing is recorded.
import type { SampleDesign } from '../../domain/spotCheck.js';
import { AccessError } from '../../services/access.js';
import { drawFromStore } from '../../services/spotChecks.js';
import { ALL } from '../../store/index.js';
import { withContext, type GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';

export interface SampleOptions {
  population: string;
  seed: string;
  share?: string;
  perVillage?: string;
  minPerVillage?: string;
  json?: boolean;
}

function wholeNumber(text: string, what: string, min: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) throw new CliError(`${what}应为不小于 ${min} 的整数，收到“${text}”`);
  return n;
}

export function sampleDesign(o: SampleOptions): SampleDesign {
  const minPerVillage = o.minPerVillage === undefined ? 0 : wholeNumber(o.minPerVillage, '--min-per-village', 0);
  if ((o.share === undefined) === (o.perVillage === undefined)) throw new CliError('请给出 --share P（按比例）或 --per-village K（每村户数）二者之一');
  if (o.share !== undefined) {
    const share = Number(o.share);
    if (!(share > 0 && share <= 1)) throw new CliError(`--share 应为大于 0、不超过 1 的比例（如 0.1），收到“${o.share}”`);
    return { kind: 'share', share, minPerVillage };
  }
  return { kind: 'per-village', perVillage: wholeNumber(o.perVillage!, '--per-village', 1), minPerVillage };
}

export async function sample(o: SampleOptions, g: GlobalOptions): Promise<void> {
  const seed = wholeNumber(o.seed, '--seed', 0);
  const design = sampleDesign(o);
  await withContext(g, async (ctx, rulebook) => {
    let d;
    try {
      d = await ctx.store.transaction((trx) => drawFromStore(ctx.store, trx, rulebook, { kind: 'spot', population: o.population, seed, design }));
    } catch (e) {
      if (e instanceof AccessError) throw new CliError(e.message);
      throw e;
    }
    const names = new Map((await ctx.store.regions.list(ALL)).map((r) => [r.code, r.name]));
    const villages = d.sample.strata.map((s) => ({ villageCode: s.villageCode, townshipCode: s.townshipCode, population: s.population, sampled: s.sampled }));
    if (o.json) {
      const out = {
        population: d.population.code,
        populationLabel: d.population.label,
        rulebook: rulebook.id,
        seed,
        design,
        fingerprint: d.sample.fingerprint,
        populationSize: d.sample.population,
        sampleSize: d.sample.size,
        villages,
      };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return;
    }
    console.log(`抽查总体：${d.population.label}（${d.population.code}，规则库 ${rulebook.id}），共 ${d.sample.population} 户`);
    console.log(`随机种子 ${seed}；抽取 ${d.sample.size} 户；总体快照指纹 ${d.sample.fingerprint}`);
    for (const v of villages) {
      console.log(
        `${names.get(v.townshipCode) ?? v.townshipCode} ${names.get(v.villageCode) ?? v.villageCode}（${v.villageCode}）：${v.sampled.length}/${v.population} 户`,
      );
      console.log(`  ${v.sampled.join(' ')}`);
    }
  });
}
