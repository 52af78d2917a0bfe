// Public surface of the tamper-evident event log's hashing.
export { chain, verifyLink, contentHash, GENESIS_HASH, type ChainedEvent, type Break } from './chain.ts';
