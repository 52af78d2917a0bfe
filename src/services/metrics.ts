// The figures of the dashboards (WCO Framework standard 14), for a period: a time release study per lane and per
// carrier, the share released on arrival, hit rates, revenue per collection model, partners' timeliness and quality,
// and returns. The console's charts and `GET /v1/metrics` read the same figures.
import { addDays } from '../domain/revenue/index.ts';
import { passageOf, releaseTimes, releaseTimesBy, type Passage, type ReleaseTimes } from '../domain/metrics/index.ts';
import type { HitRates } from '../domain/risk/index.ts';
import type { Figures } from '../domain/ledger/index.ts';
import type { PartnerQuality } from '../domain/quality/index.ts';
import { toCsv } from '../formats/csv.ts';
import type { Store } from '../store/index.ts';
import type { AccountService } from './accounts.ts';
import type { QualityService } from './quality.ts';
import type { RiskService } from './risk.ts';
import { readsAll, type Actor } from './roles.ts';

export interface Metrics {
  from: string;
  to: string;
  /** Parcels that arrived in the period (decided at arrival), from arrival to release. */
  release: { all: ReleaseTimes; byLane: Record<string, ReleaseTimes>; byCarrier: Record<string, ReleaseTimes> };
  hitRates: Omit<HitRates, 'byRule'>;
  /** Assessed, collected, refunded per collection model and currency in the ledger's transactions dated in the period; outstanding is their net. */
  revenue: Record<string, Record<string, Figures>>;
  /** Per partner that sent data in the period: refusals and advance-data timeliness. */
  partners: Record<string, { name: string; role: string; rejectionRate: number | null; rejected: number; accepted: number; orderData: PartnerQuality['orderData']; logisticsData: PartnerQuality['logisticsData'] }>;
  /** Of the parcels that arrived in the period: returns requested, goods exported back, refunds made. */
  returns: { requested: number; returned: number; refunded: number };
}

export type MetricsOutcome = { ok: true; value: Metrics } | { ok: false; status: 400 | 403; errors: Array<{ path: string; code: string; message: string }> };

const PARTNER_ROLES = new Set(['platform', 'carrier', 'payment', 'administration']);

export class MetricsService {
  constructor(
    private readonly store: Store,
    private readonly risk: RiskService,
    private readonly accounts: AccountService,
    private readonly quality: QualityService,
  ) {}

  async metrics(actor: Actor, from: string, to: string): Promise<MetricsOutcome> {
    if (!readsAll(actor.role)) return { ok: false, status: 403, errors: [{ path: '', code: 'not-allowed', message: 'the dashboards are for customs officers and administrators' }] };
    const hit = await this.risk.hitRates(actor, from, to);
    if (!hit.ok) return { ok: false, status: hit.status === 400 ? 400 : 403, errors: hit.errors };
    const { byRule: _byRule, from: _f, to: _t, ...hitRates } = hit.value;
    const end = addDays(to, 1);
    const decided = await this.store.risk.decisionsWithOutcomes(from, end);
    const lane = new Map(decided.map((d) => [d.consignment_id, d.lane]));
    const changes = new Map<string, Array<{ at: string; actor: string; to: string }>>();
    const ids = [...lane.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      for (const e of await this.store.eventsOf(ids.slice(i, i + 500))) {
        if (e.type !== 'status-changed') continue;
        const to = (JSON.parse(e.data) as { to?: string }).to;
        if (to) (changes.get(e.consignmentId) ?? changes.set(e.consignmentId, []).get(e.consignmentId)!).push({ at: e.at, actor: e.actor, to });
      }
    }
    const passages: Passage[] = [];
    const returns = { requested: 0, returned: 0, refunded: 0 };
    for (const [id, list] of changes) {
      const arrival = list.find((c) => c.to === 'arrived');
      const p = passageOf(list, lane.get(id) ?? 'unknown', arrival?.actor ?? null);
      if (p) passages.push(p);
      if (list.some((c) => c.to === 'return-requested')) returns.requested++;
      if (list.some((c) => c.to === 'returned')) returns.returned++;
      if (list.some((c) => c.to === 'refunded')) returns.refunded++;
    }
    const reconciliation = await this.accounts.reconciliation(actor, { from, to });
    const partners: Metrics['partners'] = {};
    for (const party of await this.store.listParties()) {
      if (!PARTNER_ROLES.has(party.role)) continue;
      const q = await this.quality.report(actor, party.id, { from, to });
      if (!q.ok) continue;
      const f = q.value.filings;
      if (f.accepted + f.rejected === 0) continue;
      partners[party.id] = { name: party.name, role: party.role, rejectionRate: f.rejectionRate, rejected: f.rejected, accepted: f.accepted, orderData: q.value.orderData, logisticsData: q.value.logisticsData };
    }
    return {
      ok: true,
      value: {
        from,
        to,
        release: { all: releaseTimes(passages), byLane: releaseTimesBy(passages, (p) => p.lane), byCarrier: releaseTimesBy(passages, (p) => p.carrier) },
        hitRates,
        revenue: reconciliation.ok ? reconciliation.value.byModel : {},
        partners,
        returns,
      },
    };
  }
}

/** The figures as CSV rows `section,key,measure,value`: one file for a spreadsheet, whatever the chart. */
export function metricsCsv(m: Metrics): string {
  const rows: unknown[][] = [['section', 'key', 'measure', 'value']];
  const times = (section: string, key: string, r: ReleaseTimes) => {
    rows.push([section, key, 'arrived', r.arrived], [section, key, 'released', r.released], [section, key, 'immediate', r.immediate], [section, key, 'immediateShare', r.immediateShare ?? '']);
    if (r.hours) for (const [k, v] of Object.entries(r.hours)) rows.push([section, key, `hours.${k}`, v]);
    for (const h of r.histogram) rows.push([section, key, h.upToHours === null ? 'released.later' : `released.within${h.upToHours}h`, h.count]);
  };
  times('release', 'all', m.release.all);
  for (const [k, r] of Object.entries(m.release.byLane)) times('release.lane', k, r);
  for (const [k, r] of Object.entries(m.release.byCarrier)) times('release.carrier', k, r);
  rows.push(['hitRates', 'random', 'estimate', m.hitRates.randomEstimate ?? '']);
  for (const [section, group] of [['hitRates.lane', m.hitRates.byLane], ['hitRates.selection', m.hitRates.bySelection]] as const) {
    for (const [k, r] of Object.entries(group)) for (const measure of ['decided', 'selected', 'inspected', 'hits', 'hitRate'] as const) rows.push([section, k, measure, r[measure] ?? '']);
  }
  for (const [model, byCurrency] of Object.entries(m.revenue)) {
    for (const [currency, f] of Object.entries(byCurrency)) for (const [measure, v] of Object.entries(f)) rows.push(['revenue', `${model}.${currency}`, measure, v]);
  }
  for (const [id, p] of Object.entries(m.partners)) {
    rows.push(['partners', id, 'rejectionRate', p.rejectionRate ?? ''], ['partners', id, 'orderData.beforeDeadlineShare', p.orderData.beforeDeadlineShare ?? '']);
    rows.push(['partners', id, 'orderData.medianHoursBeforeArrival', p.orderData.hoursBeforeArrival?.median ?? '']);
    rows.push(['partners', id, 'logisticsData.beforeDeadlineShare', p.logisticsData.beforeDeadlineShare ?? '']);
  }
  for (const [k, v] of Object.entries(m.returns)) rows.push(['returns', 'all', k, v]);
  return rows.map(toCsv).join('');
}
