// The figures GET /v1/metrics answers (standard 14), as the dashboards read them.

/** A time release study of some parcels: from arrival to release. */
export interface ReleaseTimes {
  arrived: number;
  released: number;
  /** Released by Clearway at the moment of arrival (immediate release). */
  immediate: number;
  /** immediate ÷ arrived; null when none arrived. */
  immediateShare: number | null;
  hours: { p10: number; median: number; p90: number; mean: number } | null;
  /** Released within each bound (hours); `null` is after the last bound. */
  histogram: Array<{ upToHours: number | null; count: number }>;
}

export interface HitRate {
  decided: number;
  selected: number;
  inspected: number;
  hits: number;
  hitRate: number | null;
  revenueAdjusted: Record<string, string>;
}

/** Decimal strings, one currency each. */
export interface RevenueFigures {
  assessed: string;
  collected: string;
  refunded: string;
  refundsPaid: string;
  outstanding: string;
}

export interface Timeliness {
  consignments: number;
  beforeDeadline: number;
  beforeDeadlineShare: number | null;
  afterArrival: number;
  hoursBeforeArrival: { p10: number; median: number; p90: number } | null;
}

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
