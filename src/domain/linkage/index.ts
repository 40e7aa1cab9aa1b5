export { LinkageSettings, LinkageSettingsError, parseLinkageSettings, levelWeight, NAME_LEVELS, BIRTH_LEVELS, SEX_LEVELS, PLACE_LEVELS, RELATION_LEVELS, ID_LEVELS, BLOCK_PARTS } from './settings.js';
export type { Evidence, BlockingRule, BlockPart, NameLevel, BirthLevel, SexLevel, PlaceLevel, RelationLevel, IdLevel } from './settings.js';
export { NameAnalyzer, cleanName } from './names.js';
export type { NameFeatures } from './names.js';
export { compareName, compareBirth, compareSex, comparePlace, compareRelation, compareId, withinOneEdit } from './compare.js';
export type { Prepared } from './compare.js';
export { RegistryIndex, readRowId, blockKey } from './link.js';
export type { LinkPerson, RegistryPerson, LinkResult, LinkOutcome, LinkField, ComparisonDetail, SurnameAdjustment, RegistryIndexStats } from './link.js';
export { LEVEL_LABELS, FIELD_LABELS, describeResult } from './explain.js';
