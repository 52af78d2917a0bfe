// A jurisdiction pack: the importing territory's rules as data, each fact with its source and validity dates.
export interface DatedFact {
  /** The public text the fact is read from (act, article, official guidance page), with its date. */
  source: string;
  /** First day (YYYY-MM-DD) on which the fact is law. */
  validFrom: string;
  /** Last day on which it is law, when it has ended (or is announced to end). */
  validUntil?: string;
  note?: string;
}

/**
 * What a threshold is measured on.
 * - `intrinsic`: the price of all goods in the consignment, transport and insurance excluded (EU, GB).
 * - `customs-value`: the consignment's customs value under the pack's valuation (CIF or FOB).
 * - `item`: each item's own unit price; an item over it falls out (NZ, SG, NO, AU per item rules).
 * - `duty-amount` / `tax-amount`: the amount that would be due; below it nothing is collected (CH CHF 5 VAT).
 */
export type ValueBasis = 'intrinsic' | 'customs-value' | 'item' | 'duty-amount' | 'tax-amount';

export interface Threshold extends DatedFact {
  /** Decimal string in the pack's currency. */
  amount: string;
  /** true: values equal to the amount are within the threshold (≤); false: strictly below (<). */
  inclusive: boolean;
  basis: ValueBasis;
  /** Applies only to parcels carried by these services (e.g. Canada's courier thresholds); all when absent. */
  services?: string[];
  /** Applies only to parcels shipped from these countries (e.g. CUSMA: US, MX); all when absent. */
  departureCountries?: string[];
  /** HS prefixes never relieved by this threshold (excise goods: alcohol 22, tobacco 24…). */
  excludedHs?: string[];
}

/** How the customs value and the tax base are built. */
export interface Valuation extends DatedFact {
  /** CIF: transport and insurance to the border enter the customs value; FOB: they do not. */
  basis: 'CIF' | 'FOB';
  /** What enters the VAT/GST base on top of the customs value. */
  taxBase: {
    /** Transport and insurance (only meaningful under FOB: under CIF they are in the customs value already). */
    transport: boolean;
    duty: boolean;
    fees: boolean;
  };
  /** Share of the retail price taken as the customs value for personal imports (Japan's 60 % rule), when the law sets one. */
  personalUseFactor?: string;
}

/** One rate of a tax, for a region (EU member state, Canadian province) and/or HS prefixes (reduced rates). */
export interface TaxRate extends DatedFact {
  /** Decimal fraction: "0.19" is 19 %. */
  rate: string;
  /** ISO 3166-1 alpha-2 or 3166-2 code of the destination the rate applies to; every destination when absent. */
  region?: string;
  /** HS prefixes the rate applies to (the longest matching prefix wins); every item when absent. */
  hsPrefixes?: string[];
  /** e.g. "standard", "reduced (books)". */
  name: string;
}

/** A tax collected on imports (VAT, GST, provincial tax, consumption tax). */
export interface TaxDefinition {
  code: string;
  name: string;
  rates: TaxRate[];
  /** Codes of other taxes whose amount enters this tax's base (tax on tax). */
  onTaxes?: string[];
  /** The tax is computed on a base that includes itself: amount = base × r / (1 − r) (China's consumption tax). */
  inclusive?: boolean;
}

/** A scheme under which the seller or marketplace collects the tax at checkout (IOSS, UK OMP, AU GST LVIG, VOEC…). */
export interface Scheme extends DatedFact {
  scheme: string;
  name: string;
  /** Regular expression (anchored) the registration number must match. */
  registrationFormat: string;
  /** Consignments (or items, by basis) over this value may not use the scheme. */
  ceiling: Omit<Threshold, keyof DatedFact>;
  /** What the scheme collects at checkout, so not at the border. */
  covers: Array<'tax' | 'duty'>;
}

/** A flat duty replacing the tariff for some parcels (the EU's EUR 3 per tariff subheading for low-value IOSS parcels). */
export interface FlatDuty extends DatedFact {
  amount: string;
  per: 'tariff-subheading' | 'item' | 'consignment';
  /** Applies only when tax was collected under one of these schemes; to every parcel under the ceiling when absent. */
  schemes?: string[];
  ceiling: Omit<Threshold, keyof DatedFact>;
}

/** A preferential regime for e-commerce imports within limits (China's cross-border e-commerce retail imports). */
export interface Regime extends DatedFact {
  code: string;
  name: string;
  ceiling: Omit<Threshold, keyof DatedFact>;
  /** Share of the normal duty that is due: "0" is duty-free. */
  dutyFactor: string;
  /** Share of the normal taxes that is due: "0.7" is 70 %. */
  taxFactor: string;
  /** Only when the parcel comes through a platform (the regime is for registered cross-border platforms). */
  requiresPlatform?: boolean;
}

/** A fee charged on imports (processing, handling, cost recovery). */
export interface Fee extends DatedFact {
  code: string;
  name: string;
  /** Fixed amount per unit of `per`. */
  amount?: string;
  /** Ad valorem fee on the customs value, with optional minimum and maximum. */
  rate?: string;
  minimum?: string;
  maximum?: string;
  per: 'consignment' | 'item' | 'tariff-subheading';
  when?: {
    services?: string[];
    /** Only when duty or tax is due at the border (a handling fee for collecting it). */
    dueAtBorder?: boolean;
    /** Only above (exclusive) / up to (inclusive) this customs value. */
    above?: string;
    upTo?: string;
    regions?: string[];
  };
}

export interface RoundingRule {
  /** The smallest unit: "0.01" cents, "0.05" Swiss rappen, "1" yen, "100" Japanese duty in hundreds. */
  increment: string;
  mode: 'half-up' | 'down' | 'up';
}

export interface Rounding extends DatedFact {
  /** Each duty, tax and fee line. */
  line: RoundingRule;
  /** The total of each charge type, when the law rounds totals again (a `rounding` line records the difference). */
  total?: RoundingRule;
}

export interface ExchangeRateRule extends DatedFact {
  /** monthly-penultimate-wednesday: the EU customs rate (UCC-IA Art. 146); daily, weekly, monthly: published rates. */
  rule: 'monthly-penultimate-wednesday' | 'daily' | 'weekly' | 'monthly';
  /** Who publishes the rates the law prescribes. */
  publisher: string;
}

export interface Pack {
  id: string;
  version: string;
  name: string;
  homeCountry: string;
  currency: string;
  /** Destinations the pack serves in the estimator: the EU's 27 member states, CA-ON…; [homeCountry] when absent. */
  destinations?: string[];
  memberStates?: string[];
  valuation: Valuation[];
  exchangeRates: ExchangeRateRule;
  documentTransactions: DatedFact & { transactions: string[] };
  lowValueThreshold: Threshold[];
  dutyDeMinimis: Threshold[];
  taxDeMinimis: Threshold[];
  giftRelief: Threshold[];
  taxes: TaxDefinition[];
  schemes: Scheme[];
  flatDuties?: FlatDuty[];
  regimes?: Regime[];
  fees: Fee[];
  rounding: Rounding[];
  advanceDataDeadlineHours: DatedFact & Record<string, number | string>;
}

/** The fact in force on a day (YYYY-MM-DD), or undefined when none is. */
export function factOn<F extends DatedFact>(facts: readonly F[], day: string): F | undefined {
  return facts.find((f) => inForce(f, day));
}

/** Whether something valid over [validFrom, validUntil] (dates YYYY-MM-DD, validUntil included) applies on a day. */
export const inForce = (f: Pick<DatedFact, 'validFrom' | 'validUntil'>, day: string): boolean =>
  f.validFrom <= day && (f.validUntil === undefined || day <= f.validUntil);

/**
 * The threshold of a list that applies to a parcel on a day: among those in force whose `services` and
 * `departureCountries` filters match (an absent filter matches everything; a filter does not match a parcel that
 * lacks the field), the most specific one (most filters), else the first.
 */
export function thresholdOn(list: readonly Threshold[], day: string, parcel: { service?: string; departureCountry?: string }): Threshold | undefined {
  let best: Threshold | undefined;
  let bestScore = -1;
  for (const t of list) {
    if (!inForce(t, day)) continue;
    if (t.services && (parcel.service === undefined || !t.services.includes(parcel.service))) continue;
    if (t.departureCountries && (parcel.departureCountry === undefined || !t.departureCountries.includes(parcel.departureCountry))) continue;
    const score = (t.services ? 1 : 0) + (t.departureCountries ? 1 : 0);
    if (score > bestScore) {
      best = t;
      bestScore = score;
    }
  }
  return best;
}
