// Public surface of the data model: filings, consignments and their schemas.
export * from './filing.ts';
export * from './consignment.ts';
