// Revenue reference data and lookups: the exchange rates, tariff lines and scheme registries the administration loads,
// kept in memory on every node (reloaded when another node or the CLI changes them), the public estimator and the
// threshold review.
import { basketOf, type Rules, type RevenueLookups } from '../domain/clearance/index.ts';
import { inForce, type Pack } from '../domain/jurisdiction/index.ts';
import {
  assess,
  indexTariff,
  simulateThresholdSteps,
  type AssessResult,
  type Basket,
  type ExchangeRate,
  type ScenarioResult,
  type TariffLine,
  type TariffLookup,
} from '../domain/revenue/index.ts';
import type { Registration, Store } from '../store/index.ts';
import { subheading } from './hs.ts';
import { loadTariff, packFor } from './packs.ts';
import { runInSlices, type SliceOptions } from './slices.ts';

/** How often a node asks the store whether reference data changed. */
const RECHECK_MS = 5_000;

/** A threshold review: every pairing of these duty and tax de minimis values, and the cost of collecting on one declaration. */
export interface ThresholdReview {
  /** Decimal strings in the home pack's currency. */
  duties: readonly string[];
  taxes: readonly string[];
  cost: string;
}

export type EstimateResult = AssessResult | { ok: false; code: 'unknown-hs-code'; errors: Array<{ path: string; code: string; message: string }> };

interface PackData {
  rates: Map<string, ExchangeRate[]>;
  tariff: TariffLookup;
}


export class RevenueService {
  private readonly packData = new Map<string, PackData>();
  private rates = new Map<string, ExchangeRate[]>();
  private tariffs = new Map<string, TariffLine[]>();
  private registry = new Map<string, Map<string, Registration[]>>();
  private arrangements = new Map<string, 'carrier' | 'account'>();
  /** Parties that pay on account through a benefit rather than their own arrangement (AEOs: services/trusted.ts). */
  accountHolders: (partyId: string) => boolean = () => false;
  private stamp: string | undefined;
  private checkedAt = 0;

  constructor(
    private readonly store: Store,
    readonly home: Pack,
    private readonly clock: () => Date,
  ) {}

  /** Reload reference data if the store's changed since the last look (at most every few seconds unless forced). */
  async refresh(force = false): Promise<void> {
    const now = Date.now();
    if (!force && this.stamp !== undefined && now - this.checkedAt < RECHECK_MS) return;
    this.checkedAt = now;
    const stamp = await this.store.revenue.referenceStamp();
    if (stamp === this.stamp && !force) return;
    const [rates, tariffs, registrations] = await Promise.all([this.store.revenue.allRates(), this.store.revenue.allTariffs(), this.store.revenue.registrations()]);
    this.rates = group(rates, (r) => `${r.packId}\u0000${r.rate.currency}`, (r) => r.rate);
    this.tariffs = group(tariffs, (t) => t.packId, (t) => t.line);
    const registry = new Map<string, Map<string, Registration[]>>();
    for (const r of registrations) {
      const scheme = registry.get(r.scheme) ?? registry.set(r.scheme, new Map()).get(r.scheme)!;
      const list = scheme.get(r.number);
      if (list) list.push(r);
      else scheme.set(r.number, [r]);
    }
    this.registry = registry;
    this.arrangements = await this.store.revenue.arrangements();
    this.packData.clear();
    this.stamp = stamp;
  }

  /** The home pack with its lookups: what intake and clearance assess consignments under. */
  rules(): Rules {
    return { pack: this.home, lookups: this.lookups(this.home) };
  }

  lookups(pack: Pack): RevenueLookups {
    const data = this.dataFor(pack);
    return {
      rate: (currency, day) => rateOn(data.rates.get(currency), day),
      tariff: data.tariff,
      collection: (partyId) => this.arrangements.get(partyId) ?? (this.accountHolders(partyId) ? 'account' : undefined),
      subheading: (hs6) => subheading(hs6)?.description,
      registered: (scheme, number, day) => {
        const numbers = this.registry.get(scheme);
        if (!numbers) return undefined;
        return (numbers.get(number) ?? []).some((r) => inForce(r, day));
      },
    };
  }

  /**
   * A landed-cost estimate for a basket to any destination a shipped pack serves, under the law of `day`. An HS code
   * in no HS 2022 subheading is a mistake the buyer can fix: every such item is named.
   */
  async estimate(basket: Basket, day: string): Promise<EstimateResult> {
    const errors = basket.items.flatMap((item, i) =>
      item.hsCode !== undefined && !subheading(item.hsCode)
        ? [{ path: `/items/${i}/hsCode`, code: 'unknown-hs-code', message: `${item.hsCode} is not in any HS 2022 subheading` }]
        : [],
    );
    if (errors.length > 0) return { ok: false, code: 'unknown-hs-code', errors };
    await this.refresh();
    const pack = packFor(basket.destination);
    if (!pack) return { ok: false, code: 'unknown-destination', message: `no jurisdiction pack serves ${basket.destination}`, path: '/destination' };
    return assess(basket, pack, { day, ...this.lookups(pack) });
  }

  /**
   * Replay every stored consignment with a basket under each pairing of the review's thresholds (standard 8), in the
   * home pack, in slices; `onProgress` hears `loading` (the consignments are read), then the simulation's steps.
   */
  async simulateThresholds(review: ThresholdReview, options: SliceOptions = {}): Promise<ScenarioResult[]> {
    options.onProgress?.({ done: 0, total: 0, phase: 'loading' });
    await this.refresh();
    const pack = this.home;
    const parcels: Array<{ basket: Basket; day: string }> = [];
    for await (const c of this.store.consignments()) {
      const basket = basketOf(c.fields, pack);
      if (basket) parcels.push({ basket, day: (c.assessment?.day ?? c.createdAt).slice(0, 10) });
      options.signal?.throwIfAborted();
    }
    const scenarios = review.duties.flatMap((duty) => review.taxes.map((tax) => ({ duty, tax })));
    return runInSlices(simulateThresholdSteps(parcels, pack, this.lookups(pack), scenarios, review.cost), options);
  }

  today(): string {
    return this.clock().toISOString().slice(0, 10);
  }

  private dataFor(pack: Pack): PackData {
    const cached = this.packData.get(pack.id);
    if (cached) return cached;
    const rates = new Map<string, ExchangeRate[]>();
    for (const [key, list] of this.rates) {
      const [packId, currency] = key.split('\u0000') as [string, string];
      if (packId === pack.id) rates.set(currency, list);
    }
    // Imported national tariff lines override the lines shipped with the pack.
    const data = { rates, tariff: indexTariff(loadTariff(pack.id), this.tariffs.get(pack.id) ?? []) };
    this.packData.set(pack.id, data);
    return data;
  }
}

function group<T, V>(items: T[], key: (t: T) => string, value: (t: T) => V): Map<string, V[]> {
  const m = new Map<string, V[]>();
  for (const t of items) {
    const k = key(t);
    const list = m.get(k);
    if (list) list.push(value(t));
    else m.set(k, [value(t)]);
  }
  return m;
}

/** The rate in force on a day: the latest starting on or before it that has not ended (an open-ended rate runs until the next one). */
function rateOn(list: ExchangeRate[] | undefined, day: string): ExchangeRate | undefined {
  if (!list) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const r = list[i]!;
    if (r.validFrom > day) continue;
    return r.validUntil === undefined || day <= r.validUntil ? r : undefined;
  }
  return undefined;
}
