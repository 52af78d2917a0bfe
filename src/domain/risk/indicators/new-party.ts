// New party: the filer or the seller has (almost) no history with customs yet.
import type { ConsignmentState } from '../../clearance/index.ts';
import { HOUR_MS, unitScore } from './numbers.ts';
import { partiesOf } from './parties.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import type { Indicator, RiskContext } from './types.ts';

/** A party never seen before; the score falls linearly to 0 at `newPartyBelow` earlier consignments. */
const NEVER_SEEN = 0.3;

/**
 * With no history there is no hit rate to go by, and fly-by-night sellers (a new name for each batch of
 * counterfeits) are new by definition: a new party is worth some attention, until it has a record. The least-seen of
 * the filer and the seller makes the indicator.
 */
export function newParty(state: ConsignmentState, ctx: RiskContext): Indicator | undefined {
  const settings = ctx.settings ?? DEFAULT_SETTINGS;
  let worst: { role: string; id: string; seen: number; firstSeen: string | undefined } | undefined;
  for (const p of partiesOf(state.fields)) {
    const a = ctx.partyActivity(p.id);
    const seen = a?.consignments ?? 0;
    if (seen >= settings.newPartyBelow || (worst !== undefined && seen >= worst.seen)) continue;
    worst = { role: p.role, id: p.id, seen, firstSeen: a?.firstSeen };
  }
  if (worst === undefined) return undefined;
  const { role, id, seen, firstSeen } = worst;
  const days = firstSeen !== undefined ? Math.max(0, Math.floor((Date.parse(ctx.now) - Date.parse(firstSeen)) / (24 * HOUR_MS))) : undefined;
  const history =
    firstSeen === undefined
      ? 'never seen before'
      : `first seen ${firstSeen.slice(0, 10)} (${days} day${days === 1 ? '' : 's'} ago), in ${seen} earlier consignment${seen === 1 ? '' : 's'}`;
  return {
    code: 'new-party',
    score: unitScore(NEVER_SEEN * (1 - seen / settings.newPartyBelow)),
    message: `${role} ${id} is new: ${history}; a party is new below ${settings.newPartyBelow} consignments`,
    evidence: { role, party: id, consignments: seen, firstSeen: firstSeen ?? '', ...(days !== undefined ? { daysKnown: days } : {}) },
  };
}
