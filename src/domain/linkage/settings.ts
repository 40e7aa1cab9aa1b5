/**
 * Settings of the record linkage: blocking rules, comparison levels with their m and u
 * probabilities (or a log2 Bayes factor given directly), the surname-frequency adjustment, the
 * sound and look-alike tables and the thresholds. Policy is data: the defaults live in
 * rulebooks/linkage.json, this schema only says what a valid settings object is.
 */
import { z } from 'zod';

/** A comparison level's evidence: m = P(level | same person), u = P(level | different people). */
const Evidence = z.union([z.object({ m: z.number().gt(0).max(1), u: z.number().gt(0).max(1) }).strict(), z.object({ weight: z.number().finite() }).strict()]);
export type Evidence = z.infer<typeof Evidence>;

export const NAME_LEVELS = ['exact', 'homophone', 'lookalike', 'confusable', 'swapped', 'edit1', 'else', 'missing'] as const;
export const BIRTH_LEVELS = ['exact', 'day-month-swapped', 'year-only', 'else', 'missing'] as const;
export const SEX_LEVELS = ['agree', 'disagree', 'missing'] as const;
export const PLACE_LEVELS = ['same-village', 'same-township', 'else', 'missing'] as const;
export const RELATION_LEVELS = ['agree', 'disagree', 'missing'] as const;
export const ID_LEVELS = ['exact', 'one-typo', 'else', 'missing'] as const;

export type NameLevel = (typeof NAME_LEVELS)[number];
export type BirthLevel = (typeof BIRTH_LEVELS)[number];
export type SexLevel = (typeof SEX_LEVELS)[number];
export type PlaceLevel = (typeof PLACE_LEVELS)[number];
export type RelationLevel = (typeof RELATION_LEVELS)[number];
export type IdLevel = (typeof ID_LEVELS)[number];

function levels<const L extends readonly [string, ...string[]]>(names: L) {
  return z.object(Object.fromEntries(names.map((n) => [n, Evidence])) as { [K in L[number]]: typeof Evidence }).strict();
}

/** The parts a blocking key can be built from (see blocking.ts). */
export const BLOCK_PARTS = [
  'villageCode',
  'townshipCode',
  'birthDate',
  'birthYear',
  'birthMonthDay',
  'sex',
  'surname',
  'surnamePinyin',
  'namePinyin',
  'nameFolded',
  'id17',
] as const;
export type BlockPart = (typeof BLOCK_PARTS)[number];

const BlockingRule = z
  .object({
    /** Shown in explanations: which rule brought the candidate. */
    name: z.string().min(1),
    parts: z.array(z.enum(BLOCK_PARTS)).min(1),
    /**
     * Whether the rule also runs for a row whose ID number is valid but not in the registry. Such
     * rows are mostly people who are simply not registered; only selective rules should run for them.
     */
    forValidId: z.boolean(),
    /** A block larger than this brings too many candidates to be useful and is skipped. */
    maxBlockSize: z.number().int().positive(),
  })
  .strict();
export type BlockingRule = z.infer<typeof BlockingRule>;

const Pair = z.tuple([z.string().min(1), z.string().min(1)]);

export const LinkageSettings = z
  .object({
    version: z.literal(1),
    blocking: z.array(BlockingRule).min(1),
    comparisons: z
      .object({
        name: levels(NAME_LEVELS),
        birthDate: levels(BIRTH_LEVELS),
        sex: levels(SEX_LEVELS),
        place: levels(PLACE_LEVELS),
        relation: levels(RELATION_LEVELS),
        idNumber: levels(ID_LEVELS),
      })
      .strict(),
    /**
     * Term-frequency adjustment on the surname (as Splink does for exact matches): agreeing on a
     * surname that many registry members share proves less than agreeing on a rare one.
     */
    surnameFrequency: z
      .object({
        enabled: z.boolean(),
        /** 0..1: how much of the full log2 adjustment is applied. */
        strength: z.number().min(0).max(1),
        /** Frequencies below this are raised to it, so one-off surnames do not dominate a score. */
        minFrequency: z.number().gt(0).max(1),
        /** The adjustment is clamped to ±this many log2 units. */
        maxAdjustment: z.number().nonnegative(),
        /** Name levels at which the surname is taken to agree. */
        levels: z.array(z.enum(NAME_LEVELS)),
      })
      .strict(),
    /**
     * The term-frequency adjustment on the whole name when names agree exactly (as Splink does):
     * log2(u of 'exact' / the name's share of the registry), replacing the surname adjustment at
     * that level. A name without a surname (藏族 names such as 洛桑, 旦增) is common as a whole
     * though its first character is a rare “surname”; a unique name is strong evidence.
     */
    nameFrequency: z
      .object({
        enabled: z.boolean(),
        minFrequency: z.number().gt(0).max(1),
        maxAdjustment: z.number().nonnegative(),
      })
      .strict()
      .optional(),
    /**
     * Whether birth date and sex read from a row's ID number count again beside an ID number
     * that agrees (exactly or but for one typo): they are part of that number, and counting them
     * twice lets a neighbour's number with one digit off outweigh a different name.
     */
    idImpliedFieldsCountTwice: z.boolean().optional(),
    thresholds: z
      .object({
        /** Score at or above: match. */
        match: z.number().finite(),
        /** Score at or above (and below `match`): possible match, confirmed by a person. */
        possible: z.number().finite(),
        /** A best candidate this close to the runner-up is only a possible match. */
        ambiguityMargin: z.number().nonnegative(),
      })
      .strict()
      .refine((t) => t.possible <= t.match, { message: '可能匹配阈值不能高于匹配阈值' }),
    /** Score given to a row found by its valid ID number (shown; the outcome is always match). */
    idMatchScore: z.number().finite(),
    pinyin: z
      .object({
        /** Initials local speech confuses (n-l, f-h, z-zh ...): each pair is folded to its first. */
        confusableInitials: z.array(Pair),
        /** Finals confused at the end of a syllable (an-ang, en-eng, in-ing). */
        confusableFinals: z.array(Pair),
      })
      .strict(),
    /** Groups of characters that look alike (形近字); any two in one group count as look-alikes. */
    lookalikes: z.array(z.string().min(2)),
    /** Two-character surnames, so 欧阳明 splits as 欧阳 + 明. */
    compoundSurnames: z.array(z.string().length(2)),
    /** At most this many candidates per row are scored (the blocks' union is cut in rule order). */
    maxCandidates: z.number().int().positive(),
  })
  .strict();
export type LinkageSettings = z.infer<typeof LinkageSettings>;

export class LinkageSettingsError extends Error {
  override name = 'LinkageSettingsError';
}

/** Validates settings (from JSON); throws LinkageSettingsError with Chinese messages. */
export function parseLinkageSettings(json: unknown): LinkageSettings {
  const r = LinkageSettings.safeParse(json);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `${i.path.join('.') || '(根)'}: ${i.message}`);
  throw new LinkageSettingsError(`比对设置无效：\n${lines.join('\n')}`);
}

/** log2 Bayes factor of a level. */
export function levelWeight(e: Evidence): number {
  return 'weight' in e ? e.weight : Math.log2(e.m / e.u);
}
