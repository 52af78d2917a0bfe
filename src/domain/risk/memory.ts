// What the indicators learn from traffic, kept in memory on each node: value distributions, buyers' recent parcels,
// party activity, and the hit rates of past controls. Plain data in, a RiskContext out; no clock, no store.
import type { ConsignmentState } from '../clearance/index.ts';
import { Fixed } from '../money/index.ts';
import { buyerKey, DEFAULT_SETTINGS, parcelTime, partiesOf } from './indicators/index.ts';
import type { HitStats, IndicatorSettings, PartyActivity, RecentParcel, RiskContext, TrustedCapacity, TrustedMatch, TrustedTraderRef, ValueQuantiles, ValueStats } from './indicators/index.ts';

/** An inspection's result as the histories count it: the parties and routes it speaks about, and whether it found anything. */
export interface ObservedOutcome {
  /** Party keys (`partiesOf`): the filer's Clearway id and the seller key. */
  parties: readonly string[];
  /** Route keys (`routeKey`): one per item origin. */
  routes: readonly string[];
  hit: boolean;
}

/** One key of an AEO authorisation in force, as the trusted-trader indicator looks it up. */
export interface TrustedKey {
  /** A Clearway party id, a seller key (`sellerKey`), an EORI or a VAT number. */
  key: string;
  /** The capacities the authorisation covers (its scope). */
  as: readonly TrustedCapacity[];
  authorisation: TrustedTraderRef;
}

const EVERY_CAPACITY: readonly TrustedCapacity[] = ['platform', 'seller', 'carrier'];
const NAMELESS: TrustedMatch = {};

export interface MemoryLimits {
  /** Most recent prices kept per HS6 and origin: the distribution follows the market, and memory stays bounded. */
  valuesPerKey: number;
}

/** 500 prices per HS6 and origin: enough for a stable 5th percentile (25 prices below it), small in memory. */
export const DEFAULT_LIMITS: MemoryLimits = { valuesPerKey: 500 };

/** A buyer's parcels kept for the split-shipment indicator: far more than a real split purchase has. */
const MAX_PARCELS_PER_BUYER = 50;

const NO_PARCELS: readonly RecentParcel[] = [];
/** Changes between two sweeps of the memory: a sweep walks every buyer, so not often. */
const SWEEP_EVERY = 50_000;

export const routeKey = (origin: string, departure: string, service: string): string => `${origin}|${departure}|${service}`;

/** The route keys of a consignment (one per distinct item origin); empty without logistics data. */
export function routesOf(c: ConsignmentState): string[] {
  const f = c.fields;
  const departure = f.departureCountry?.value;
  const service = f.service?.value;
  const items = f.items?.value ?? f.contents?.value;
  if (departure === undefined || service === undefined || !items) return [];
  return [...new Set(items.map((i) => routeKey(i.originCountry, departure, service)))];
}

/** A bounded series of prices in integer minor units (cents): exact, and cheap to sort. */
class Series {
  private readonly values: number[] = [];
  private next = 0;
  private cached: ValueQuantiles | undefined;

  constructor(private readonly limit: number) {}

  add(cents: number): void {
    if (this.values.length < this.limit) this.values.push(cents);
    else {
      this.values[this.next] = cents;
      this.next = (this.next + 1) % this.limit;
    }
    this.cached = undefined;
  }

  /** Nearest-rank quantiles, recomputed only after a change. */
  quantiles(): ValueQuantiles {
    if (this.cached) return this.cached;
    const sorted = Float64Array.from(this.values).sort();
    const at = (q: number) => centsToString(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
    this.cached = { count: sorted.length, p05: at(0.05), median: at(0.5) };
    return this.cached;
  }
}

const centsToString = (cents: number): string => {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};
/** A decimal amount in integer cents, half up (statistics of declared prices, not money owed). */
const toCents = (x: Fixed): number => Number(x.toFixed(2).replace('.', ''));

export class RiskMemory {
  private readonly values = new Map<string, { unit: Series; kg: Series }>();
  private readonly buyers = new Map<string, Map<string, RecentParcel>>();
  /** `buyers` as lists, until the buyer's next change. */
  private readonly buyerLists = new Map<string, readonly RecentParcel[]>();
  private readonly activity = new Map<string, PartyActivity>();
  /** Consignments decided, with when (ms): read back from the store they must not count twice. Swept (`sweep`). */
  private readonly decided = new Map<string, number>();
  private changes = 0;
  private parties = new Map<string, HitStats>();
  private routes = new Map<string, HitStats>();
  private base: HitStats = { inspections: 0, hits: 0 };
  private trusted = new Map<string, Array<{ as: readonly TrustedCapacity[]; match: TrustedMatch }>>();
  private lastContext: RiskContext | undefined;

  constructor(
    /** The pack's currency: prices in another are converted at the assessment's rate, or left out. */
    readonly currency: string,
    private tuning: IndicatorSettings = DEFAULT_SETTINGS,
    private readonly limits: MemoryLimits = DEFAULT_LIMITS,
  ) {}

  /**
   * At every assessment: the buyer's parcel list, so a split shipment is seen while its parts are still on their way.
   * Parcels older than twice the split window are dropped as the buyer's list is touched.
   */
  seen(c: ConsignmentState, now: string): void {
    const key = buyerKey(c.fields);
    if (key === undefined || !c.assessment) return;
    const list = this.buyers.get(key) ?? new Map<string, RecentParcel>();
    const horizon = Date.parse(now) - 2 * this.settings.splitWindowHours * 3_600_000;
    for (const [id, p] of list) if (Date.parse(p.at) < horizon) list.delete(id);
    list.delete(c.id); // re-inserted last: the list stays in order of last sighting
    list.set(c.id, { id: c.id, intrinsicValue: c.assessment.intrinsicValue, currency: c.assessment.currency, at: parcelTime(c, now) });
    // A key many parcels share (a reshipper's address, a test buyer) must not make every lookup long.
    if (list.size > MAX_PARCELS_PER_BUYER) list.delete(list.keys().next().value!);
    this.buyers.set(key, list);
    this.buyerLists.delete(key);
    if (++this.changes % SWEEP_EVERY === 0) this.sweep(Date.parse(now));
  }

  /**
   * Forget what can no longer matter, so a node running for months stays bounded: buyers whose parcels are all older
   * than twice the split window, and decided ids older than a day (the store is read back seconds after a decision).
   */
  private sweep(nowMs: number): void {
    const horizon = nowMs - 2 * this.settings.splitWindowHours * 3_600_000;
    for (const [key, list] of this.buyers) {
      let recent = false;
      for (const p of list.values()) if (Date.parse(p.at) >= horizon) recent = true;
      if (!recent) {
        this.buyers.delete(key);
        this.buyerLists.delete(key);
      }
    }
    for (const [id, at] of this.decided) if (at < nowMs - 86_400_000) this.decided.delete(id);
  }

  /**
   * At the decision (once per consignment): its prices join the distributions and its parties' activity counts. After
   * the decision, not before, so a parcel is never compared with itself.
   */
  observeDecided(c: ConsignmentState, now: string): void {
    if (this.decided.has(c.id)) return;
    this.decided.set(c.id, Date.parse(now));
    this.seen(c, now);
    const firstFiling = c.filings[0]?.receivedAt ?? now;
    for (const p of partiesOf(c.fields)) {
      const a = this.activity.get(p.id);
      if (!a) this.activity.set(p.id, { firstSeen: firstFiling, consignments: 1 });
      else {
        a.consignments++;
        // Other nodes' decisions arrive in the order they were decided, not filed: keep the earliest filing.
        if (Date.parse(firstFiling) < Date.parse(a.firstSeen)) a.firstSeen = firstFiling;
      }
    }
    const items = c.fields.items?.value;
    const currency = c.fields.currency?.value;
    if (!items || currency === undefined) return;
    const perUnit = c.assessment?.exchangeRate?.currency === currency ? c.assessment.exchangeRate.perUnit : undefined;
    if (currency !== this.currency && perUnit === undefined) return;
    for (const item of items) {
      if (item.hsCode === undefined) continue;
      const key = `${item.hsCode.slice(0, 6)}|${item.originCountry}`;
      let s = this.values.get(key);
      if (!s) this.values.set(key, (s = { unit: new Series(this.limits.valuesPerKey), kg: new Series(this.limits.valuesPerKey) }));
      let price = Fixed.of(item.unitPrice);
      if (perUnit !== undefined) price = price.div(perUnit);
      s.unit.add(toCents(price));
      if (item.netMassKg !== undefined && Fixed.of(item.netMassKg).gt(0)) s.kg.add(toCents(price.div(item.netMassKg)));
    }
  }

  hasDecided(consignmentId: string): boolean {
    return this.decided.has(consignmentId);
  }

  /** An inspection outcome: the party, route and base hit rates move at once. */
  observeOutcome(o: ObservedOutcome): void {
    const add = (map: Map<string, HitStats>, key: string) => {
      const s = map.get(key) ?? { inspections: 0, hits: 0 };
      map.set(key, { inspections: s.inspections + 1, hits: s.hits + (o.hit ? 1 : 0) });
    };
    for (const p of new Set(o.parties)) add(this.parties, p);
    for (const r of new Set(o.routes)) add(this.routes, r);
    this.base = { inspections: this.base.inspections + 1, hits: this.base.hits + (o.hit ? 1 : 0) };
  }

  /** Replace the hit rates with those counted from the store (another node's outcomes included). */
  resetOutcomes(outcomes: Iterable<ObservedOutcome>): void {
    this.parties = new Map();
    this.routes = new Map();
    this.base = { inspections: 0, hits: 0 };
    for (const o of outcomes) this.observeOutcome(o);
  }

  /**
   * The authorised economic operators in force, replaced as a whole: each key (party id, seller key, EORI or VAT
   * number) with the capacities its authorisation covers. A bare key (tools, tests) counts in every capacity.
   */
  setTrustedTraders(keys: Iterable<string | TrustedKey>): void {
    const trusted = new Map<string, Array<{ as: readonly TrustedCapacity[]; match: TrustedMatch }>>();
    for (const k of keys) {
      const entry = typeof k === 'string' ? { key: k, as: EVERY_CAPACITY, match: NAMELESS } : { key: k.key, as: k.as, match: { authorisation: k.authorisation } };
      const list = trusted.get(entry.key);
      if (list) list.push(entry);
      else trusted.set(entry.key, [entry]);
    }
    this.trusted = trusted;
  }

  /** The tuning the indicators apply (the trusted-trader score is the administration's AEO benefit setting). */
  get settings(): IndicatorSettings {
    return this.tuning;
  }

  setSettings(settings: IndicatorSettings): void {
    this.tuning = settings;
    this.lastContext = undefined;
  }

  private trustedAs(key: string, as: TrustedCapacity): TrustedMatch | undefined {
    const list = this.trusted.get(key);
    if (!list) return undefined;
    for (const e of list) if (e.as.includes(as)) return e.match;
    return undefined;
  }

  get baseRate(): HitStats {
    return this.base;
  }

  /**
   * The lookups the indicators read, for one moment and the pack's deadlines and threshold. The last one is kept and
   * handed out again for the same arguments (a batch of filings shares its moment): the lookups read the live memory.
   */
  context(now: string, pack: Pick<RiskContext, 'deadlines' | 'lowValueThreshold'>): RiskContext {
    const last = this.lastContext;
    if (last && last.now === now && last.deadlines === pack.deadlines && last.lowValueThreshold === pack.lowValueThreshold && last.baseRate === this.base) return last;
    this.lastContext = {
      now,
      deadlines: pack.deadlines,
      ...(pack.lowValueThreshold ? { lowValueThreshold: pack.lowValueThreshold } : {}),
      valueStats: (hs6, origin) => this.valueStats(hs6, origin),
      recentParcels: (key) => this.parcelsOf(key),
      partyStats: (id) => this.parties.get(id),
      routeStats: (origin, departure, service) => this.routes.get(routeKey(origin, departure, service)),
      baseRate: this.base,
      partyActivity: (id) => this.activity.get(id),
      isTrustedTrader: (id) => this.trusted.has(id),
      trustedTrader: (id, as) => this.trustedAs(id, as),
      settings: this.settings,
    };
    return this.lastContext;
  }

  /** A buyer's parcels as a list, made once after each change (the indicator asks for it at every assessment). */
  private parcelsOf(key: string): readonly RecentParcel[] {
    const list = this.buyers.get(key);
    if (!list) return NO_PARCELS;
    let cached = this.buyerLists.get(key);
    if (!cached) this.buyerLists.set(key, (cached = [...list.values()]));
    return cached;
  }

  private valueStats(hs6: string, origin: string): ValueStats | undefined {
    const s = this.values.get(`${hs6}|${origin}`);
    if (!s) return undefined;
    const unit = s.unit.quantiles();
    const kg = s.kg.quantiles();
    return { currency: this.currency, ...(unit.count > 0 ? { perUnit: unit } : {}), ...(kg.count > 0 ? { perKg: kg } : {}) };
  }
}
