// Public surface of jurisdiction packs (the types and date lookups; loading from disk is in services/packs.ts).
export { factOn, type Pack, type Threshold, type DatedFact } from './pack.ts';
