export { LIST_KINDS, LIST_PROFILES, listProfile } from './profiles.js';
export type { ListKind, ListProfile, ListColumn, ColumnKind } from './profiles.js';
export { parseList, matchListHeader } from './parse.js';
export type { ListParse, ListRow, ListValue } from './parse.js';
export { loadLinkageSettings, DEFAULT_LINKAGE_SETTINGS } from './linkageSettings.js';
export { AAC006, AAC007, AAR010, AB01_HEALTH, AB01_RELATION, AB01_SEX } from './nationalCodes.js';
