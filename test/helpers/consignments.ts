// Demo consignments as the intake merges them, and a risk context over them, for tests of the risk engine's parts.
import type { ConsignmentState } from '../../src/domain/clearance/index.ts';
import { Fixed } from '../../src/domain/money/index.ts';
import { buyerKey, type HitStats, type RecentParcel, type RiskContext, type ValueStats } from '../../src/domain/risk/indicators/index.ts';
import { DEMO_NOW } from '../../src/demo/consignments.ts';
import { loadPack } from '../../src/services/packs.ts';

export { demoConsignments, DEMO_NOW } from '../../src/demo/consignments.ts';

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
