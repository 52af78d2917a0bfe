// The figures GET /v1/metrics answers (standard 14), as the dashboards read them.

// The figures' shapes are the domain's own (type-only imports: nothing of the server is bundled).
import type { ReleaseTimes } from '../../../../src/domain/metrics/index.ts';
import type { HitRate } from '../../../../src/domain/risk/hit-rates.ts';
import type { Figures as RevenueFigures } from '../../../../src/domain/ledger/reports.ts';
import type { Timeliness } from '../../../../src/domain/quality/types.ts';

export type { ReleaseTimes, HitRate, RevenueFigures, Timeliness };

export interface PartnerFigures {
  /** The party's name, as registered. */
  name?: string;
  role: string;
  rejectionRate: number | null;
  rejected: number;
  accepted: number;
  orderData: Timeliness;
  logisticsData: Timeliness;
}

export interface Metrics {
  from: string;
  to: string;
  release: { all: ReleaseTimes; byLane: Record<string, ReleaseTimes>; byCarrier: Record<string, ReleaseTimes> };
  hitRates: { overall: HitRate; randomEstimate: number | null; byLane: Record<string, HitRate>; bySelection: Record<string, HitRate> };
  /** Per collection model, per currency: the ledger's transactions dated in the period. */
  revenue: Record<string, Record<string, RevenueFigures>>;
  partners: Record<string, PartnerFigures>;
  returns: { requested: number; returned: number; refunded: number };
}
