// Public surface of partner feedback (WCO standard 11): refused filings by error, and the timeliness of advance data.
export { errorPattern, tallyRejections, byFrequency } from './rejections.ts';
export { leadOf, quantile, timeliness } from './timeliness.ts';
export { partnerQuality, type QualityInputs } from './figures.ts';
export type * from './types.ts';
