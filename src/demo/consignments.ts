// Demo parcels merged in memory, as the intake would merge them: for benchmarks and tests of the risk engine's parts.
import { applyFiling, newConsignment, type ConsignmentState, type Rules } from '../domain/clearance/index.ts';
import { indexTariff } from '../domain/revenue/index.ts';
import { loadPack, loadTariff } from '../services/packs.ts';
import { generateTraffic } from './generator.ts';

/** The simulated present of the demo traffic: every filing is received before it. */
export const DEMO_NOW = '2026-11-23T12:00:00.000Z';

/**
 * Demo parcels: declarations and the carriers' logistics, applied with the EU rules, so each consignment has merged
 * fields, a category and an assessment. Parcels whose order data came in a separate order filing are left out (only
 * declarations carry items here). Deterministic per seed.
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
