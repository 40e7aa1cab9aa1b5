export { NameAnalyzer } from './names.js';
export { RegistryIndex } from './link.js';
export type { LinkPerson, RegistryPerson } from './link.js';
