// Public surface of jurisdiction packs (the types and date lookups; loading from disk is in services/packs.ts).
export { factOn, inForce, thresholdOn } from './pack.ts';
export type * from './pack.ts';
