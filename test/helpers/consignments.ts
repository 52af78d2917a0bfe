// Demo consignments as the intake merges them, and a risk context over them, for tests of the risk engine's parts.
import { applyFiling, newConsignment, type ConsignmentState, type Rules } from '../../src/domain/clearance/index.ts';
import { Fixed } from '../../src/domain/money/index.ts';
import { indexTariff } from '../../src/domain/revenue/index.ts';
import { buyerKey, type HitStats, type RecentParcel, type RiskContext, type ValueStats } from '../../src/domain/risk/indicators/index.ts';
import { generateTraffic } from '../../src/demo/generator.ts';
import { loadPack, loadTariff } from '../../src/services/packs.ts';

/** The simulated present of the demo traffic: every filing is received before it. */
export const DEMO_NOW = '2026-11-23T12:00:00.000Z';

/**
 * Demo parcels (the same traffic as bench/risk-engine.ts): declarations and the carriers' logistics, applied with the
 * EU rules, so each consignment has merged fields, a category and an assessment. Parcels whose order data came in a
 * separate order filing are left out (only declarations carry items here). Deterministic per seed.
 */
export function demoConsignments(parcels: number, seed: number): ConsignmentState[] {
  const pack = loadPack('EU');
  const rules: Rules = { pack, lookups: { rate: () => undefined, tariff: indexTariff(loadTariff('EU')) } };
  const byTracking = new Map<string, ConsignmentState>();
  const steps = generateTraffic({ parcels, now: new Date(DEMO_NOW), seed });
  let n = 0;
  for (const s of steps) {
    const f = s.filing;
    if (!f || (f.kind !== 'declaration' && f.kind !== 'logistics')) continue;
    const key = f.trackingId ?? `order-${f.filingId}`;
    const current = byTracking.get(key) ?? newConsignment(`c-${++n}`, DEMO_NOW);
    const at = s.at.toISOString();
    const r = applyFiling(current, f, { filingId: f.filingId, kind: f.kind, sender: s.sender, sentAt: f.sentAt, receivedAt: at }, rules, at);
    if (r.ok) byTracking.set(key, r.state);
  }
  return [...byTracking.values()].filter((c) => c.fields.items);
}

/** Statistics as the risk service would keep them (unit-value quantiles, buyers' parcels, flat hit rates), from the consignments themselves. */
export function demoContext(all: readonly ConsignmentState[]): RiskContext {
  const values = new Map<string, Fixed[]>();
  const buyers = new Map<string, RecentParcel[]>();
  const activity = new Map<string, number>();
  for (const c of all) {
    for (const item of c.fields.items!.value) {
      if (!item.hsCode) continue;
      const key = `${item.hsCode.slice(0, 6)}|${item.originCountry}`;
      (values.get(key) ?? values.set(key, []).get(key)!).push(Fixed.of(item.unitPrice));
    }
    const b = buyerKey(c.fields);
    if (b && c.assessment) (buyers.get(b) ?? buyers.set(b, []).get(b)!).push({ id: c.id, intrinsicValue: c.assessment.intrinsicValue, currency: c.assessment.currency, at: c.createdAt });
    for (const f of c.filings) activity.set(f.sender, (activity.get(f.sender) ?? 0) + 1);
  }
  const stats = new Map<string, ValueStats>();
  for (const [key, list] of values) {
    const sorted = list.sort((a, b) => (a.lt(b) ? -1 : a.gt(b) ? 1 : 0));
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
    stats.set(key, { currency: 'EUR', perUnit: { count: sorted.length, p05: at(0.05), median: at(0.5) } });
  }
  const hits: HitStats = { inspections: 60, hits: 9 };
  return {
    now: DEMO_NOW,
    deadlines: loadPack('EU').advanceDataDeadlineHours,
    lowValueThreshold: { amount: '150', inclusive: true, currency: 'EUR' },
    valueStats: (hs6, origin) => stats.get(`${hs6}|${origin}`),
    recentParcels: (key) => buyers.get(key) ?? [],
    partyStats: () => hits,
    routeStats: () => hits,
    baseRate: { inspections: 5000, hits: 500 },
    partyActivity: (id) => (activity.has(id) ? { firstSeen: '2026-01-01T00:00:00Z', consignments: activity.get(id)! } : undefined),
    isTrustedTrader: (id) => id === 'pty_kiwicrafts',
  };
}
