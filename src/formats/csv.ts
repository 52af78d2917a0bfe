// CSV export of consignments (RFC 4180 quoting), one row per consignment, for analysts' spreadsheets.
import type { ConsignmentState } from '../domain/clearance/index.ts';

const quote = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const toCsv = (values: unknown[]): string => `${values.map(quote).join(',')}\r\n`;

export const consignmentCsvHeader = toCsv([
  'id', 'trackingId', 'orderId', 'status', 'category', 'lane', 'intrinsicValue', 'currency', 'riskScore', 'findings',
  'departureCountry', 'service', 'filings', 'createdAt', 'updatedAt',
]);

export function consignmentCsvRow(c: ConsignmentState): string {
  return toCsv([
    c.id, c.trackingId, c.orderId, c.status, c.category, c.lane,
    c.categoryDecision?.intrinsicValue, c.categoryDecision?.currency, c.risk.score,
    c.findings.map((f) => f.code).join(' '),
    c.fields.departureCountry?.value, c.fields.service?.value, c.filings.length, c.createdAt, c.updatedAt,
  ]);
}
