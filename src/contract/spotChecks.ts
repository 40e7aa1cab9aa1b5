// The spot-check endpoints (抽查 and the 三率 pre-assessment; docs/spot-checks.md), shared with the
// web like api.ts. Request strings all carry a maximum length.
import { z } from 'zod';
import { isoDate } from '../domain/types.js';

const code = z.string().trim().min(1).max(40);
const optText = (max: number) => z.string().trim().max(max).nullable().optional();

export const SpotCheckIdParams = z.object({ id: code });
export const SpotCheckFormParams = z.object({ id: code, householdId: code });
export const SpotCheckListQuery = z.object({ kind: z.enum(['spot', 'three-rate']).optional() });

/** A seed anyone can type again: a non-negative whole number up to 2^53 − 1. */
export const Seed = z.number().int('随机种子应为整数').min(0, '随机种子不能为负').max(Number.MAX_SAFE_INTEGER, '随机种子过大');

export const SampleDesignInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('share'),
    share: z.number().gt(0, '抽样比例应大于 0').max(1, '抽样比例不能超过 1'),
    minPerVillage: z.number().int().min(0).max(10_000).default(0),
  }),
  z.object({
    kind: z.literal('per-village'),
    perVillage: z.number().int().min(1, '每村至少抽 1 户').max(10_000),
    minPerVillage: z.number().int().min(0).max(10_000).default(0),
  }),
]);

export const DrawRequest = z.object({
  kind: z.enum(['spot', 'three-rate']),
  /** A population code of the rulebook (spot only; the three-rate check takes the rulebook's). */
  population: code.optional(),
  /** Left out, the server picks one at random and records it. */
  seed: Seed.optional(),
  /** Spot only. */
  design: SampleDesignInput.optional(),
  note: optText(200),
});
export type DrawRequest = z.input<typeof DrawRequest>;

export const FormRequest = z.object({
  classRight: z.boolean(),
  incomeRight: z.boolean(),
  indicatorsRight: z.record(code, z.boolean()),
  dataAsOnSite: z.boolean(),
  approves: z.boolean().nullable(),
  note: optText(500),
  checkedOn: isoDate,
});
export type FormRequest = z.input<typeof FormRequest>;

export const SurveyRequest = z.object({
  villageCode: z.string().trim().min(1).max(20),
  headName: z.string().trim().min(1).max(50),
  people: z.number().int().min(1, '户人数至少为 1').max(50),
  eligiblePeople: z.number().int().min(0).max(50),
  approves: z.boolean().nullable(),
  note: optText(500),
  surveyedOn: isoDate,
});
export type SurveyRequest = z.input<typeof SurveyRequest>;

const Rate = z.object({ rate: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable() });
const Stratified = Rate.extend({
  checked: z.number().int(),
  errors: z.number().int(),
  population: z.number().int(),
  estimatedErrors: z.number().nullable(),
  estimatedErrorsLow: z.number().nullable(),
  estimatedErrorsHigh: z.number().nullable(),
});
const Approval = Rate.extend({ asked: z.number().int(), approving: z.number().int() });
const Verdict = z.object({ met: z.boolean().nullable(), text: z.string() });

export const AreaResult = z.object({
  code: z.string(),
  name: z.string(),
  sampled: z.number().int(),
  checked: z.number().int(),
  classError: Stratified,
  anyError: Stratified,
  approval: Approval,
});
export type AreaResult = z.infer<typeof AreaResult>;

export const SpotCheckSummary = z.object({
  id: z.string(),
  kind: z.enum(['spot', 'three-rate']),
  population: z.string(),
  populationLabel: z.string(),
  seed: z.number().int(),
  design: z.unknown(),
  fingerprint: z.string(),
  populationSize: z.number().int(),
  sampleSize: z.number().int(),
  checked: z.number().int(),
  rulebookId: z.string(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type SpotCheckSummary = z.infer<typeof SpotCheckSummary>;

export const SpotCheckListResponse = z.object({ items: z.array(SpotCheckSummary), canDraw: z.boolean() });
export type SpotCheckListResponse = z.infer<typeof SpotCheckListResponse>;

export const FormView = z.object({
  classRight: z.boolean(),
  incomeRight: z.boolean(),
  indicatorsRight: z.record(z.string(), z.boolean()),
  dataAsOnSite: z.boolean(),
  approves: z.boolean().nullable(),
  note: z.string().nullable(),
  checkedOn: z.string(),
  checkedBy: z.string(),
});
export type FormView = z.infer<typeof FormView>;

export const SpotCheckDetailResponse = SpotCheckSummary.extend({
  villages: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      townshipCode: z.string().nullable(),
      townshipName: z.string(),
      households: z.number().int(),
      people: z.number().int(),
      sampled: z.array(z.object({ householdId: z.string(), people: z.number().int(), form: FormView.nullable() })),
      /** Three-rate: non-registered households to survey here, and those surveyed. */
      unregisteredTarget: z.number().int().nullable(),
      surveys: z.array(
        z.object({
          id: z.string(),
          headName: z.string(),
          people: z.number().int(),
          eligiblePeople: z.number().int(),
          approves: z.boolean().nullable(),
          surveyedOn: z.string(),
        }),
      ),
    }),
  ),
  /** The indicators a form asks about, code and label. */
  indicators: z.array(z.object({ code: z.string(), label: z.string() })),
  confidence: z.number(),
  results: z.object({ county: AreaResult, townships: z.array(AreaResult) }),
  /** Three-rate only: the rates, with verdicts on the bound. */
  threeRates: z
    .object({
      misexit: Stratified.extend({ verdict: Verdict, threshold: z.number() }),
      omission: Stratified.extend({ verdict: Verdict, threshold: z.number() }),
      approval: Approval.extend({ verdict: Verdict, threshold: z.number() }),
    })
    .nullable(),
  canFill: z.boolean(),
  /** The server's today (China time; the demo's day in demo mode): forms are dated on or before it. */
  today: z.string(),
});
export type SpotCheckDetailResponse = z.infer<typeof SpotCheckDetailResponse>;
