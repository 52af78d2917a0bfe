// Public surface of merging: fields per filing, their union with provenance, and consistency findings.
export { fieldsOf, combine, replayFields, type MergedFields, type Later, type Sourced, type PaymentData, type FilingOrigin } from './fields.ts';
export { findings, goodsValue } from './findings.ts';
