// The revenue engine's vocabulary: what it is asked (a basket), what it looks up, and the assessment it returns.
import type { DatedFact } from '../jurisdiction/index.ts';
import type { Assessment, RevenueLine } from '../model/index.ts';

export interface BasketItem {
  description: string;
  /** 6–10 digits; without it the standard tax rate applies and no duty can be assessed (a finding says so). */
  hsCode?: string;
  quantity: number;
  /** Decimal string in the basket's currency. */
  unitPrice: string;
  originCountry: string;
  netMassKg?: string;
}

/** Everything the engine needs to know about a parcel: built from a consignment's merged fields or from an estimate request. */
export interface Basket {
  /** ISO 3166-1 alpha-2 country (an EU member state is a destination of its own) or ISO 3166-2 region (CA-ON). */
  destination: string;
  currency: string;
  service?: string;
  departureCountry?: string;
  /** sale (default), gift, sample, return, documents. */
  transaction?: string;
  /** Sold through a marketplace (platform): the deemed supplier under IOSS and similar schemes. */
  viaPlatform?: boolean;
  incoterm?: 'DDP' | 'DAP';
  items: BasketItem[];
  shippingCost?: string;
  insuranceCost?: string;
  grossMassKg?: string;
  taxCollected?: { scheme: string; registrationNumber: string; amount: string; currency: string } | null;
}

/** A customs duty rate from the tariff: ad valorem, specific, or both (compound). "Free" is adValorem "0". */
export interface DutyRate {
  /** Decimal fraction of the customs value: "0.12" is 12 %. */
  adValorem?: string;
  specific?: { amount: string; unit: 'kg' | 'item' | 'pair' | 'litre' };
  /** How a compound rate combines its two parts; `sum` when absent. */
  combine?: 'sum' | 'max' | 'min';
}

/** One line of a tariff: an HS prefix (2–10 digits) and its general (MFN) duty rate. */
export interface TariffLine extends DatedFact {
  hs: string;
  description: string;
  duty: DutyRate;
}

/** A rate the law prescribes for converting a currency into the pack's: `perUnit` units of `currency` buy 1 unit of the pack's currency. */
export interface ExchangeRate {
  currency: string;
  perUnit: string;
  validFrom: string;
  validUntil?: string;
  source: string;
}

/** What the engine looks up besides the pack: all lookups are pure functions of their arguments. */
export interface RevenueContext {
  /** The day (YYYY-MM-DD) whose law applies. */
  day: string;
  rate(currency: string, day: string): ExchangeRate | undefined;
  /** The longest tariff prefix of `hs` in force on the day. */
  tariff(hs: string, day: string): TariffLine | undefined;
  /** The HS 2022 description of a 6-digit subheading, undefined when it is not one; no check when absent. */
  subheading?(hs6: string): string | undefined;
  /** Whether a registration number is in the scheme's registry; undefined when no registry is loaded for the scheme. */
  registered?(scheme: string, registrationNumber: string, day: string): boolean | undefined;
}

// The assessment's shape has one source, the TypeBox schema the API validates and documents it with.
export type { Assessment, CollectionModel, RevenueLine } from '../model/index.ts';

/** A rounding difference on a total is a line of the type it rounds, with code ROUNDING. */
export type ChargeType = RevenueLine['type'];
export type RevenueFinding = Assessment['findings'][number];

/** Why the engine cannot assess a basket at all: reference data or rules are missing, not the basket's fault alone. */
export const refusalCodes = ['no-exchange-rate', 'unknown-destination', 'no-rules-in-force'] as const;
export type RefusalCode = (typeof refusalCodes)[number];

export type AssessResult =
  | { ok: true; assessment: Assessment }
  /** `path` is a JSON Pointer into the basket (`/currency`, `/taxCollected/currency`, `/destination`, `/date`). */
  | { ok: false; code: RefusalCode; message: string; path: string };
