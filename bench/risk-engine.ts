// Risk engine throughput without the learned model: indicators, 24 targeting rules and the combined score, per
// consignment on one core, against a baseline pass over the same consignments measured in the same run.
// Standalone: `node --import tsx bench/risk-engine.ts` prints one JSON line.
import { itemsPerSecond } from './rate.ts';
import { applyFiling, newConsignment, type ConsignmentState, type Rules } from '../src/domain/clearance/index.ts';
import { Fixed } from '../src/domain/money/index.ts';
import { indexTariff } from '../src/domain/revenue/index.ts';
import {
  buyerKey,
  compileRules,
  scoreConsignment,
  type HitStats,
  type RecentParcel,
  type RiskContext,
  type RiskRule,
  type ValueStats,
  type Watchlist,
} from '../src/domain/risk/index.ts';
import { generateTraffic } from '../src/demo/generator.ts';
import { loadPack, loadTariff } from '../src/services/packs.ts';

export interface RiskEngineFigures {
  riskScorePerSecond: number;
  baselinePerSecond: number;
  baselineOverRiskScore: number;
  consignments: number;
  rules: number;
  /** Indicators that fired (score ≠ 0) per consignment, on average: how much work the figure includes. */
  indicatorsPerConsignment: number;
}

const NOW = '2026-11-23T12:00:00.000Z';
const DAY = NOW.slice(0, 10);

/** Demo parcels as the intake merges them: declarations and the carriers' logistics, applied with the EU rules. */
function consignments(parcels: number): ConsignmentState[] {
  const pack = loadPack('EU');
  const rules: Rules = { pack, lookups: { rate: () => undefined, tariff: indexTariff(loadTariff('EU')) } };
  const byTracking = new Map<string, ConsignmentState>();
  const steps = generateTraffic({ parcels, now: new Date(NOW), seed: 5 });
  let n = 0;
  for (const s of steps) {
    const f = s.filing;
    if (!f || (f.kind !== 'declaration' && f.kind !== 'logistics')) continue;
    const key = f.trackingId ?? `order-${f.filingId}`;
    const current = byTracking.get(key) ?? newConsignment(`c-${++n}`, NOW);
    const at = s.at.toISOString();
    const r = applyFiling(current, f, { filingId: f.filingId, kind: f.kind, sender: s.sender, sentAt: f.sentAt, receivedAt: at }, rules, at);
    if (r.ok) byTracking.set(key, r.state);
  }
  return [...byTracking.values()].filter((c) => c.fields.items);
}

/** Statistics as the risk service would keep them: unit-value quantiles per HS6 and origin, buyers' parcels, hit rates. */
function context(all: ConsignmentState[]): RiskContext {
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
    now: NOW,
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

/** 24 rules of the kinds analysts write: HS prefixes by origin, value per kg, words, timing, indicators, a watchlist. */
function ruleSet(): { rules: RiskRule[]; lists: Watchlist[] } {
  const base = { version: 1, validFrom: '2026-01-01', author: 'bench', active: true };
  const rules: RiskRule[] = [];
  const chapters = ['61', '62', '64', '42', '33', '95', '84', '85', '71', '49'];
  chapters.forEach((ch, i) =>
    rules.push({ ...base, id: `hs-${ch}`, name: `chapter ${ch} from CN`, when: { all: [{ field: 'hsCode', prefix: [ch] }, { field: 'originCountry', in: ['CN', 'HK'] }] }, then: { weight: 0.05 + i / 100 } }),
  );
  for (const [i, limit] of ['5', '10', '20', '50', '100'].entries()) {
    rules.push({ ...base, id: `perkg-${i}`, name: `under ${limit} per kg`, when: { field: 'valuePerKg', op: 'lt', value: limit }, then: { weight: 0.1 } });
  }
  rules.push({ ...base, id: 'words', name: 'replicas', when: { field: 'descriptionWord', in: ['replica', 'copy', 'imitation'] }, then: { lane: 'physical' } });
  rules.push({ ...base, id: 'late', name: 'late data', when: { field: 'hoursBeforeArrival', op: 'lt', value: '2' }, then: { weight: 0.2 } });
  rules.push({ ...base, id: 'batteries', name: 'batteries by post', when: { all: [{ field: 'hsCode', prefix: ['8506', '8507'] }, { field: 'service', in: ['post'] }] }, then: { lane: 'scan' } });
  rules.push({ ...base, id: 'under', name: 'undervalued', when: { indicator: 'undervaluation', atLeast: 0.5 }, then: { weight: 0.3 } });
  rules.push({ ...base, id: 'split', name: 'split', when: { indicator: 'split-shipment', atLeast: 0.3 }, then: { weight: 0.3 } });
  rules.push({ ...base, id: 'cat4', name: 'high value', when: { field: 'category', in: ['4'] }, then: { weight: 0.05 } });
  rules.push({ ...base, id: 'items', name: 'many items', when: { field: 'itemCount', op: 'gte', value: '4' }, then: { weight: 0.05 } });
  rules.push({ ...base, id: 'route', name: 'route', when: { all: [{ field: 'departureCountry', in: ['TR'] }, { field: 'destination', in: ['DE'] }] }, then: { weight: 0.1 } });
  rules.push({ ...base, id: 'watch', name: 'watchlist', when: { watchlist: 'wl' }, then: { lane: 'physical', weight: 0.9 } });
  const lists: Watchlist[] = [{ id: 'wl', name: 'bench', entries: [{ kind: 'identifier', value: 'IM2769999999' }, { kind: 'party', value: 'pty_nobody' }] }];
  return { rules, lists };
}


export function benchRiskEngine(parcels = 2000, ms = 2000): RiskEngineFigures {
  const all = consignments(parcels);
  const ctx = context(all);
  const { rules, lists } = ruleSet();
  const compiled = compileRules(rules, lists);
  let fired = 0;
  for (const c of all) fired += scoreConsignment(c, ctx, compiled, DAY).indicators.filter((i) => i.score !== 0).length;
  // Whole passes over the consignments.
  const riskScorePerSecond = itemsPerSecond(ms, all.length, () => {
    let s = 0;
    for (const c of all) s += scoreConsignment(c, ctx, compiled, DAY).score;
    return s;
  });
  const baselinePerSecond = itemsPerSecond(ms, all.length, () => {
    let s = 0;
    for (const c of all) for (const item of c.fields.items!.value) s += item.quantity;
    return s;
  });
  return {
    riskScorePerSecond: Math.round(riskScorePerSecond),
    baselinePerSecond: Math.round(baselinePerSecond),
    baselineOverRiskScore: Number((baselinePerSecond / riskScorePerSecond).toFixed(1)),
    consignments: all.length,
    rules: compiled.size,
    indicatorsPerConsignment: Number((fired / all.length).toFixed(2)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(benchRiskEngine())}\n`);
}
