// The rulebook's spotCheck section (docs/spot-checks.md): which populations a spot check may be
// drawn from, the default design, the confidence level, and the three-rate pre-assessment's
// sample sizes. The thresholds the verdicts read are the county section's (maxMisexitRate,
// maxOmissionRate, minApprovalRate): one number per rule, not a copy here.
import { z } from 'zod';
import { ExitStatus } from './types.js';
import { TEXT_LIMITS as L, text } from './textLimits.js';

export const SpotCheckPopulation = z.object({
  code: text(L.code, '抽查总体代码').regex(/^[A-Za-z0-9-]+$/, '抽查总体代码只能由字母、数字和连字符组成'),
  label: text(L.label, '抽查总体名称').min(1),
  /** Registry statuses (贫困户属性) that belong; absent: any. */
  statuses: z.array(ExitStatus).min(1).optional(),
  /** Classes of the latest assessment that belong; absent: any. */
  classes: z.array(text(L.code, '类别代码').min(1)).min(1).optional(),
});
export type SpotCheckPopulation = z.infer<typeof SpotCheckPopulation>;

export const SpotCheckSettings = z
  .object({
    populations: z.array(SpotCheckPopulation).min(1),
    /** Two-sided confidence level of every interval (0.95: the 95% Wilson interval). */
    confidence: z.number().gt(0.5).lt(1),
    /** What the draw form proposes. */
    defaults: z.object({
      population: text(L.code, '默认抽查总体'),
      share: z.number().gt(0).max(1),
      minPerVillage: z.number().int().nonnegative(),
    }),
    /**
     * The county's own pre-assessment, sized as the national third-party check (DOMAIN.md §5): about
     * 29 villages, then about half registered (exited) and half non-registered households in them.
     */
    threeRate: z.object({
      /** Population code the misexit sample is drawn from (exited households). */
      population: text(L.code, '错退抽样总体'),
      villages: z.number().int().positive(),
      registeredHouseholds: z.number().int().positive(),
      unregisteredHouseholds: z.number().int().positive(),
      minPerVillage: z.number().int().nonnegative(),
    }),
  })
  .superRefine((sc, ctx) => {
    const codes = sc.populations.map((p) => p.code);
    codes.forEach((c, i) => {
      if (codes.indexOf(c) !== i) ctx.addIssue({ code: 'custom', path: ['populations', i, 'code'], message: `抽查总体“${c}”重复` });
    });
    for (const path of [
      ['defaults', 'population'],
      ['threeRate', 'population'],
    ] as const) {
      const code = sc[path[0]].population;
      if (!codes.includes(code)) ctx.addIssue({ code: 'custom', path: [...path], message: `抽查总体“${code}”未在 populations 中定义` });
    }
  });
export type SpotCheckSettings = z.infer<typeof SpotCheckSettings>;

/** For a rulebook written before spot checks existed: the 2017-2019 national check's sizes. */
export const DEFAULT_SPOT_CHECK: SpotCheckSettings = {
  populations: [
    { code: 'pre-exit', label: '本年预脱贫户', statuses: ['pre-exit'] },
    { code: 'exited', label: '已脱贫户', statuses: ['exited'] },
    { code: 'registered', label: '全部建档立卡户' },
  ],
  confidence: 0.95,
  defaults: { population: 'exited', share: 0.1, minPerVillage: 3 },
  threeRate: { population: 'exited', villages: 29, registeredHouseholds: 800, unregisteredHouseholds: 800, minPerVillage: 5 },
};
