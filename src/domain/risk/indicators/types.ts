// Risk indicators and the plain-data context they are computed from (statistics and registries as lookups).

export const indicatorCodes = [
  'undervaluation',
  'split-shipment',
  'inconsistent-filings',
  'vague-description',
  'description-hs-mismatch',
  'missing-hs-code',
  'late-advance-data',
  'new-party',
  'party-history',
  'route-history',
  'trusted-trader',
] as const;
export type IndicatorCode = (typeof indicatorCodes)[number];

/** One named, explained piece of evidence about a consignment. At most one indicator per code per consignment. */
export interface Indicator {
  code: IndicatorCode;
  /** 0..1: how strongly it points to risk; negative for an indicator that lowers risk (trusted trader). */
  score: number;
  /** Why, in plain words and with the numbers, for an officer. */
  message: string;
  /** The numbers behind the message, for the console, the audit trail and the learned model. */
  evidence: Record<string, string | number>;
}

/**
 * The learned distribution of one measure of declared value (per unit, or per kg of net mass) for an HS6 subheading
 * and an origin, as empirical quantiles: prices of e-commerce goods are skewed and often multi-modal (a cable and a
 * phone share 851762 less often than one would hope), so quantiles say more than a fitted log-normal, and they are
 * what an officer reads in the message.
 */
export interface ValueQuantiles {
  /** Observations behind the quantiles. */
  count: number;
  /** 5th percentile: 95 % of such items declare at least this. Decimal string in `ValueStats.currency`. */
  p05: string;
  /** Median. Decimal string in `ValueStats.currency`. */
  median: string;
}

export interface ValueStats {
  /** Currency of every amount in the quantiles (normally the pack's). */
  currency: string;
  perUnit?: ValueQuantiles;
  /** Per kg of declared net mass; absent when too few items declare their mass. */
  perKg?: ValueQuantiles;
}

/** Another parcel of the same buyer (see `buyerKey`). */
export interface RecentParcel {
  /** Consignment id: a parcel with this consignment's id is ignored. */
  id: string;
  /** Intrinsic value (goods only, as assessed): a decimal string. */
  intrinsicValue: string;
  currency: string;
  /** When it was at the border, or else when it was declared (ISO 8601): the same precedence as `parcelTime`. */
  at: string;
}

/** Outcomes of past controls: how many were inspected, and how many of those found something (a hit). */
export interface HitStats {
  inspections: number;
  hits: number;
}

/** How often a party has been seen before this consignment. */
export interface PartyActivity {
  /** ISO 8601 time of its first filing. */
  firstSeen: string;
  /** Consignments it took part in before this one. */
  consignments: number;
}

/** The capacities an AEO authorisation covers (its scope). */
export type TrustedCapacity = 'platform' | 'seller' | 'carrier';

/** An AEO authorisation as a decision names it. */
export interface TrustedTraderRef {
  /** The authorisation number. */
  id: string;
  /** The operator's name. */
  name: string;
  /** The issuing programme, e.g. "EU AEO", "US C-TPAT". */
  programme: string;
  /** The mutual recognition arrangement it is recognised under, when not issued by the home administration. */
  recognition?: string;
}

/** A key found in the AEO registry: with the authorisation, when the registry names it. */
export interface TrustedMatch {
  authorisation?: TrustedTraderRef;
}

/** Tunable constants; `DEFAULT_SETTINGS` documents each default. */
export interface IndicatorSettings {
  /** Fewer observations than this in a value distribution: no undervaluation indicator. */
  minValueObservations: number;
  /** A buyer's parcels within this many hours of each other count as one purchase split up. */
  splitWindowHours: number;
  /** Beta prior strength, in pseudo-inspections at the base rate, for party and route hit rates. */
  priorStrength: number;
  /** A party in fewer earlier consignments than this is new. */
  newPartyBelow: number;
  /** A smoothed hit rate this many times the base rate scores 1 (log scale). */
  fullLift: number;
  /** Score of an authorised economic operator among the declaring parties (negative: it lowers risk). */
  trustedTraderScore: number;
}

/**
 * What the caller (the risk service) supplies, as plain data and lookups: the indicators never read a clock, a store or
 * a registry themselves. Lookups should be cheap (in-memory maps): they run for every consignment.
 */
export interface RiskContext {
  /** The time of this assessment (ISO 8601). */
  now: string;
  /** The pack's advance-data deadlines in hours before arrival per service (`pack.advanceDataDeadlineHours` as is). */
  deadlines: Readonly<Record<string, number | string>>;
  /** The pack's low-value threshold in force (`factOn(pack.lowValueThreshold, day)`), with the pack's currency. */
  lowValueThreshold?: { amount: string; inclusive: boolean; currency: string };
  /** Learned distribution of declared value for an HS6 subheading and an origin country. */
  valueStats(hs6: string, origin: string): ValueStats | undefined;
  /** The buyer's other parcels around this one (the caller may window loosely; the indicator applies its own window). */
  recentParcels(buyerKey: string): readonly RecentParcel[];
  /** Past controls of consignments the party took part in (a Clearway party id or a `sellerKey`). */
  partyStats(partyId: string): HitStats | undefined;
  /** Past controls on a route: goods' origin, departure country, service. */
  routeStats(origin: string, departureCountry: string, service: string): HitStats | undefined;
  /** Past controls of all consignments: the base rate every smoothed rate is compared with (and shrunk towards). */
  baseRate: HitStats;
  /** First sighting and count of a party's earlier consignments; undefined when it was never seen. */
  partyActivity(partyId: string): PartyActivity | undefined;
  /** Whether a party id, seller key or identifier (EORI, VAT number) is an authorised economic operator today. */
  isTrustedTrader(partyOrIdentifier: string): boolean;
  /**
   * The AEO authorisation in force today that covers a party id, seller key or identifier in a capacity (its scope); when
   * the caller gives no registry, `isTrustedTrader` answers for every capacity.
   */
  trustedTrader?(partyOrIdentifier: string, as: TrustedCapacity): TrustedMatch | undefined;
  /** Defaults to `DEFAULT_SETTINGS`. */
  settings?: IndicatorSettings;
}
