// Route history: parcels of this origin, departure country and service were found at fault more often than most.
import type { ConsignmentState } from '../../clearance/index.ts';
import { percent, round4 } from './numbers.ts';
import { rate, type Rated } from './hit-rate.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import type { Indicator, RiskContext } from './types.ts';

/**
 * Some routes carry more trouble than others (goods of one origin transshipped through a third country to hide it,
 * one service used by the consolidators of counterfeits). Keyed by each item's origin, the departure country and the
 * service; smoothed and scored as party history is (hit-rate.ts). Needs the logistics data (departure and service)
 * and at least one item origin; the worst origin makes the indicator.
 */
export function routeHistory(state: ConsignmentState, ctx: RiskContext): Indicator | undefined {
  const f = state.fields;
  const departure = f.departureCountry?.value;
  const service = f.service?.value;
  const items = f.items?.value ?? f.contents?.value;
  if (departure === undefined || service === undefined || !items) return undefined;
  const settings = ctx.settings ?? DEFAULT_SETTINGS;
  let worst: { origin: string; r: Rated } | undefined;
  let last = '';
  for (const item of items) {
    const origin = item.originCountry;
    if (origin === last) continue; // items of one origin are usually listed together: one lookup for them
    last = origin;
    const r = rate(ctx.routeStats(origin, departure, service), ctx.baseRate, settings);
    if (r !== undefined && (worst === undefined || r.score > worst.r.score)) worst = { origin, r };
  }
  if (worst === undefined) return undefined;
  const { origin, r } = worst;
  const route = origin === departure ? `${origin} by ${service}` : `goods of ${origin} origin from ${departure} by ${service}`;
  // Most parties and routes are at or below the base rate (score 0): their message is written only if someone reads it.
  let message: string | undefined;
  return {
    code: 'route-history',
    score: r.score,
    get message() {
      return (message ??=
      `${route}: ${r.hits} hit${r.hits === 1 ? '' : 's'} in ${r.inspections} inspection${r.inspections === 1 ? '' : 's'}, ` +
      `a smoothed hit rate of ${percent(r.rate)} against ${percent(r.base)} for all inspections`);
    },
    evidence: { origin, departureCountry: departure, service, inspections: r.inspections, hits: r.hits, rate: round4(r.rate), baseRate: round4(r.base) },
  };
}
