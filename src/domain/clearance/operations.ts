// What happens after the risk decision: referrals to other agencies and their decisions, an officer's corrected
// assessment after a control, and the end of a held parcel (seized, returned to sender, destroyed).
import { matchAgencies } from '../agencies/index.ts';
import { dec, decimalsOf } from '../money/index.ts';
import type { Assessment, Referral, RevenueLine } from '../model/index.ts';
import { currencyDigits } from '../validation/index.ts';
import type { Rules } from './basket.ts';
import { isDecided } from './status.ts';
import { SYSTEM_ACTOR, statusChange, type Applied, type ConsignmentState, type Effect } from './state.ts';

const AUTO = 'agency-rule:';

/**
 * The referrals a consignment carries after a re-assessment: every referral made stays until the agency decides (a
 * later declaration naming other goods must not take a parcel out of an agency's hands: the goods have not changed,
 * only what is said of them); agency rules may add more.
 */
export function referralsFor(state: ConsignmentState, rules: Rules, now: string): Referral[] {
  if (!rules.agencies || rules.agencies.length === 0) return state.referrals;
  const out = [...state.referrals];
  for (const m of matchAgencies(state, rules.agencies, now.slice(0, 10))) {
    if (out.some((r) => r.agency === m.agency)) continue;
    out.push({ agency: m.agency, by: `${AUTO}${m.ruleId}`, reason: m.reason, referredAt: now, status: 'pending' });
  }
  return out.length === state.referrals.length ? state.referrals : out;
}

/** How far from letting the parcel go a referral is: the stricter of two for one agency wins when parcels merge. */
const STRICTNESS: Record<Referral['status'], number> = { released: 0, pending: 1, held: 2, refused: 3 };

/** The referrals of two consignments found to be one parcel: one per agency, the strictest. */
export function mergeReferrals(a: readonly Referral[], b: readonly Referral[]): Referral[] {
  const out = [...a];
  for (const r of b) {
    const i = out.findIndex((x) => x.agency === r.agency);
    if (i < 0) out.push(r);
    else if (STRICTNESS[r.status] > STRICTNESS[out[i]!.status]) out[i] = r;
  }
  return out;
}

/** The referrals that stop customs from releasing: any the agency has not released. */
export const agencyHolds = (state: ConsignmentState): Referral[] => state.referrals.filter((r) => r.status !== 'released');

/** An officer refers a parcel to an agency (goods no rule covers, a tip-off): it waits for the agency's decision. */
export function refer(state: ConsignmentState, agency: string, reason: string, actor: string, now: string): Applied {
  if (isDecided(state.status)) return { ok: false, code: 'invalid-transition', message: `a consignment that is ${state.status} can no longer be referred` };
  if (state.referrals.some((r) => r.agency === agency && r.status !== 'released')) {
    return { ok: false, code: 'already-referred', message: `the parcel is already referred to ${agency}` };
  }
  const referral: Referral = { agency, by: actor, reason, referredAt: now, status: 'pending' };
  const next: ConsignmentState = { ...state, referrals: [...state.referrals, referral], lane: 'agency-referral', updatedAt: now };
  const effects: Effect[] = [{ consignmentId: state.id, type: 'referred', at: now, actor, data: { agency, reason } }];
  // At the border already: it stays there until the agency decides.
  if (state.status === 'arrived') {
    const held = statusChange({ ...next, heldFor: 'agency' }, 'held', actor, now, { reason: `referred to ${agency}` });
    if (!held.ok) return held;
    return { ok: true, state: held.state, effects: [...effects, ...held.effects] };
  }
  return { ok: true, state: next, effects };
}

export const agencyDecisions = ['release', 'hold', 'refuse'] as const;
export type AgencyDecision = (typeof agencyDecisions)[number];
const STATUS_OF: Record<AgencyDecision, Referral['status']> = { release: 'released', hold: 'held', refuse: 'refused' };

/**
 * The agency decides on the parcel referred to it. A refusal is final (customs then returns or destroys the parcel);
 * a hold may later become a release or a refusal. Customs cannot release while any referral is not released.
 */
export function decideAsAgency(state: ConsignmentState, agency: string, decision: AgencyDecision, note: string, now: string): Applied {
  const i = state.referrals.findIndex((r) => r.agency === agency && r.status !== 'released' && r.status !== 'refused');
  if (i < 0) {
    const done = state.referrals.find((r) => r.agency === agency);
    return done
      ? { ok: false, code: 'already-decided', message: `the agency decided already: ${done.status}` }
      : { ok: false, code: 'not-referred', message: 'the parcel is not referred to this agency' };
  }
  const referrals = state.referrals.map((r, k) => (k === i ? { ...r, status: STATUS_OF[decision], decidedAt: now, note } : r));
  return {
    ok: true,
    state: { ...state, referrals, updatedAt: now },
    effects: [{ consignmentId: state.id, type: 'agency-decided', at: now, actor: agency, data: { decision, note } }],
  };
}

export interface CorrectedAssessment {
  /** The duty and tax the control established, in the assessment's currency (decimal strings). */
  duty: string;
  tax: string;
  reason: string;
}

/**
 * An officer corrects the assessment after a control (the goods are worth more, or classified otherwise): the
 * difference goes on ADJUSTMENT lines due at the border, and the corrected assessment stands (later filings do not
 * recompute it). Only while customs holds the parcel and before the debt is fixed.
 */
export function correctAssessment(state: ConsignmentState, c: CorrectedAssessment, actor: string, now: string): Applied {
  const a = state.assessment;
  if (!a) return { ok: false, code: 'not-assessed', message: 'the parcel has no assessment to correct' };
  if (state.status !== 'held' || state.liability !== null) {
    return { ok: false, code: 'invalid-transition', message: `an assessment is corrected while customs holds the parcel, not when it is ${state.status}` };
  }
  const digits = currencyDigits(a.currency) ?? 2;
  for (const [path, amount] of [['/assessment/duty', c.duty], ['/assessment/tax', c.tax]] as const) {
    if (!/^\d+(\.\d+)?$/.test(amount) || decimalsOf(amount) > digits) {
      return { ok: false, code: 'invalid-amount', message: `${path.slice(12)} ${amount} is not an amount in ${a.currency} with at most ${digits} decimals`, path };
    }
  }
  const line = (type: 'duty' | 'tax', delta: string): RevenueLine => ({
    type,
    code: 'ADJUSTMENT',
    item: null,
    basis: 'control',
    rate: 'as established by the control',
    amount: delta,
    dueAtBorder: true,
    source: `officer correction after a control (${actor})`,
    explanation: c.reason,
  });
  const dDuty = dec(c.duty).minus(a.dutyTotal);
  const dTax = dec(c.tax).minus(a.taxTotal);
  const lines = [...a.lines];
  if (!dDuty.isZero()) lines.push(line('duty', dDuty.toFixed(digits)));
  if (!dTax.isZero()) lines.push(line('tax', dTax.toFixed(digits)));
  const corrected: Assessment = {
    ...a,
    lines,
    dutyTotal: dec(c.duty).toFixed(digits),
    taxTotal: dec(c.tax).toFixed(digits),
    total: dec(a.total).plus(dDuty).plus(dTax).toFixed(digits),
    dueAtBorder: dec(a.dueAtBorder).plus(dDuty).plus(dTax).toFixed(digits),
    correction: { by: actor, at: now, reason: c.reason, before: { dutyTotal: a.dutyTotal, taxTotal: a.taxTotal, dueAtBorder: a.dueAtBorder } },
  };
  if (dec(corrected.dueAtBorder).lt(0)) return { ok: false, code: 'invalid-amount', message: 'the correction would leave less than nothing due at the border', path: '/assessment' };
  return {
    ok: true,
    state: { ...state, assessment: corrected, updatedAt: now },
    effects: [
      {
        consignmentId: state.id,
        type: 'assessment-corrected',
        at: now,
        actor: actor || SYSTEM_ACTOR,
        data: { reason: c.reason, before: corrected.correction!.before, after: { dutyTotal: corrected.dutyTotal, taxTotal: corrected.taxTotal, dueAtBorder: corrected.dueAtBorder }, currency: a.currency },
      },
    ],
  };
}

/** The end of a held parcel: seized, returned to its sender, or destroyed (the status machine says when). */
export function conclude(state: ConsignmentState, to: 'seized' | 'returned-to-sender' | 'destroyed', actor: string, now: string, data: Record<string, unknown>): Applied {
  return statusChange(state, to, actor, now, data);
}
