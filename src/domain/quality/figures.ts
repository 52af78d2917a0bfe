// A partner's data-quality and timeliness figures over a period, from plain counts and measured leads.
import { byFrequency } from './rejections.ts';
import { timeliness } from './timeliness.ts';
import type { Lead, PartnerQuality, RejectionCount } from './types.ts';

export interface QualityInputs {
  /** Accepted filings by kind. */
  accepted: Readonly<Record<string, number>>;
  /** Refused filings, and per error the refused filings that had it. */
  rejected: { filings: number; errors: readonly RejectionCount[] };
  /** The party's order data on the parcels it sent order data for (`leadOf`), and its logistics data likewise. */
  orderData: readonly Lead[];
  logisticsData: readonly Lead[];
}

export function partnerQuality(inputs: QualityInputs): PartnerQuality {
  const accepted = Object.values(inputs.accepted).reduce((a, b) => a + b, 0);
  const rejected = inputs.rejected.filings;
  const all = accepted + rejected;
  return {
    filings: {
      accepted,
      acceptedByKind: Object.fromEntries(Object.entries(inputs.accepted).sort(([a], [b]) => (a < b ? -1 : 1))),
      rejected,
      rejectionRate: all === 0 ? null : Math.round((rejected / all) * 10_000) / 10_000,
      rejectedBy: byFrequency(inputs.rejected.errors),
    },
    orderData: timeliness(inputs.orderData),
    logisticsData: timeliness(inputs.logisticsData),
  };
}
