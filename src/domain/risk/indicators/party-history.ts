// Party history: the filer's or the seller's past controls found something more often than customs' controls overall.
import type { ConsignmentState } from '../../clearance/index.ts';
import { percent, round4 } from './numbers.ts';
import { rate, type Rated } from './hit-rate.ts';
import { partiesOf } from './parties.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import type { Indicator, RiskContext } from './types.ts';

/**
 * Outcomes of earlier inspections are the best evidence there is about a party (WCO Framework, standard 3: outcomes
 * fed back into risk management). The rate is smoothed towards the base rate (hit-rate.ts) so that one unlucky
 * inspection does not brand a party, and scored on its lift over the base rate. The worse of the filer and the seller
 * makes the indicator; a party at or below the base rate gives a score of 0, with its record in the message.
 */
export function partyHistory(state: ConsignmentState, ctx: RiskContext): Indicator | undefined {
  const settings = ctx.settings ?? DEFAULT_SETTINGS;
  let worst: { role: string; id: string; r: Rated } | undefined;
  for (const p of partiesOf(state.fields)) {
    const r = rate(ctx.partyStats(p.id), ctx.baseRate, settings);
    if (r !== undefined && (worst === undefined || r.score > worst.r.score)) worst = { role: p.role, id: p.id, r };
  }
  if (worst === undefined) return undefined;
  const { role, id, r } = worst;
  // Most parties and routes are at or below the base rate (score 0): their message is written only if someone reads it.
  let message: string | undefined;
  return {
    code: 'party-history',
    score: r.score,
    get message() {
      return (message ??=
      `${role} ${id}: ${r.hits} hit${r.hits === 1 ? '' : 's'} in ${r.inspections} inspection${r.inspections === 1 ? '' : 's'}, ` +
      `a smoothed hit rate of ${percent(r.rate)} against ${percent(r.base)} for all inspections`);
    },
    evidence: { role, party: id, inspections: r.inspections, hits: r.hits, rate: round4(r.rate), baseRate: round4(r.base) },
  };
}
