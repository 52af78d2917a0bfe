// The consignment life cycle as pure functions: apply a filing, re-assess, absorb a duplicate, change status.
import { categorise } from '../categories/index.ts';
import { assess as assessRevenue } from '../revenue/index.ts';
import { basketOf, type Rules } from './basket.ts';
import { release } from './collection.ts';
import { combine, fieldsOf, findings } from '../merging/index.ts';
import { statuses, type Filing, type FilingRef, type Finding, type Status } from '../model/index.ts';
import { findingsOnly, type Judgement } from './lane.ts';
import { agencyHolds, mergeReferrals, referralsFor } from './operations.ts';
import { isDecided } from './status.ts';
import { SYSTEM_ACTOR, statusChange, type Applied, type ConsignmentState, type Effect } from './state.ts';

export function newConsignment(id: string, now: string): ConsignmentState {
  return {
    id,
    trackingId: null,
    orderId: null,
    status: 'pre-arrival',
    arrivalRecordedAt: null,
    category: null,
    lane: 'release',
    filings: [],
    fields: {},
    findings: [],
    categoryDecision: null,
    assessment: null,
    liability: null,
    risk: { score: 0, reasons: [], selectedBy: 'none', provisional: true },
    referrals: [],
    mergedFrom: [],
    createdAt: now,
    updatedAt: now,
  };
}


/** Merge one filing into a consignment, re-assess it, and move its status where the filing says the parcel is. */
export function applyFiling(state: ConsignmentState, filing: Filing, ref: FilingRef, rules: Rules, now: string): Applied {
  const fields = combine(state.fields, fieldsOf(filing, { filingId: ref.filingId, sender: ref.sender, sentAt: ref.sentAt }));
  const next: ConsignmentState = {
    ...state,
    fields,
    trackingId: state.trackingId ?? fields.trackingId?.value ?? null,
    orderId: state.orderId ?? fields.orderId?.value ?? null,
    filings: [...state.filings, ref],
    updatedAt: now,
  };
  const effects: Effect[] = [
    { consignmentId: state.id, type: 'filing-received', at: now, actor: ref.sender, data: { filingId: ref.filingId, kind: ref.kind } },
  ];
  const target = statusTarget(filing.kind);
  const moved = target === 'arrived'
    ? arrive(next, ref.sender, rules, now, { filingId: ref.filingId })
    : target !== undefined
      ? statusChange(next, target, ref.sender, now, { filingId: ref.filingId })
      : { ok: true as const, state: next, effects: [] };
  if (!moved.ok) return moved;
  // An arrival has assessed already, at the moment of arrival.
  const assessed = target === 'arrived' ? { state: moved.state, effects: [] } : assess(moved.state, rules, now);
  if (moved.effects.length === 0 && assessed.effects.length === 1) {
    // The filing alone changed the assessment: one event says both (half the log on the intake hot path).
    effects[0]!.data.assessment = assessed.effects[0]!.data;
    return { ok: true, state: assessed.state, effects };
  }
  return { ok: true, state: assessed.state, effects: [...effects, ...moved.effects, ...assessed.effects] };
}

/**
 * The parcel is at the border: re-assess with everything known, then decide at once (WCO IRG immediate release):
 * lane `release` releases it (or, when the consumer must pay duty and tax first, makes it payment-due), any other lane
 * holds it for that control.
 */
export function arrive(state: ConsignmentState, actor: string, rules: Rules, now: string, data: Record<string, unknown> = {}): Applied {
  if (state.arrivalRecordedAt !== null) {
    return { ok: false, code: 'invalid-transition', message: `the parcel's arrival was recorded already, at ${state.arrivalRecordedAt}` };
  }
  if (state.status === 'held') {
    // Held before it arrived: the arrival is recorded, the hold stands until an officer lifts it.
    const assessed = assess({ ...state, arrivalRecordedAt: now, updatedAt: now }, rules, now);
    const recorded: Effect = { consignmentId: state.id, type: 'arrival-recorded', at: now, actor, data: { ...data, status: 'held' } };
    return { ok: true, state: assessed.state, effects: [recorded, ...assessed.effects] };
  }
  const moved = statusChange(state, 'arrived', actor, now, data);
  if (!moved.ok) return moved;
  const assessed = assess({ ...moved.state, arrivalRecordedAt: now }, rules, now);
  // The risk engine decides once, with everything known at the border (and may take a control slot).
  const judged = (rules.risk ?? findingsOnly).decide(assessed.state, now);
  const lane = agencyHolds(assessed.state).length > 0 ? 'agency-referral' : judged.lane;
  assessed.state = { ...assessed.state, lane, risk: judged.risk };
  assessed.effects.push({ consignmentId: state.id, type: 'risk-decided', at: now, actor: SYSTEM_ACTOR, data: decisionData(judged) });
  // Held only for an agency when customs itself selected nothing: the agency's release is then all it waits for.
  const heldFor = lane === 'agency-referral' && judged.lane === 'release' ? 'agency' : 'control';
  const decided =
    assessed.state.lane === 'release'
      ? release(assessed.state, SYSTEM_ACTOR, rules, now, { reason: 'immediate release: lane release' })
      : statusChange({ ...assessed.state, heldFor }, 'held', SYSTEM_ACTOR, now, { reason: `held for ${assessed.state.lane}` });
  if (!decided.ok) return decided;
  return { ok: true, state: decided.state, effects: [...moved.effects, ...assessed.effects, ...decided.effects] };
}

const statusTarget = (kind: Filing['kind']): Status | undefined =>
  kind === 'arrival' ? 'arrived' : kind === 'delivery' ? 'delivered' : kind === 'return' ? 'return-requested' : undefined;


/** Re-run findings, the revenue assessment, category and lane; frozen once customs has decided (isDecided). Emits an event when the outcome changes. */
export function assess(state: ConsignmentState, rules: Rules, now: string): { state: ConsignmentState; effects: Effect[] } {
  if (isDecided(state.status)) return { state, effects: [] };
  const found = findings(state.fields);
  const { pack } = rules;
  const day = now.slice(0, 10);
  const basket = basketOf(state.fields, pack);
  // An officer's corrected assessment stands: the control established it, a later filing does not undo it.
  const revenue = state.assessment?.correction
    ? ({ ok: true, assessment: state.assessment } as const)
    : basket
      ? assessRevenue(basket, pack, { day, ...rules.lookups })
      : undefined;
  const categoryDecision = categorise(state.fields, pack, day, revenue);
  const orderSources = [state.fields.items?.source, state.fields.currency?.source].filter((s): s is string => s !== undefined);
  if (revenue && !revenue.ok) {
    found.push({ code: revenue.code, severity: 'warning', message: revenue.message, sources: orderSources });
  }
  // The engine may find what the cross-source checks found already (a missing HS code): one finding per code.
  for (const f of revenue?.ok ? revenue.assessment.findings : []) {
    if (!found.some((x) => x.code === f.code)) found.push({ code: f.code, severity: 'warning', message: f.message, sources: orderSources });
  }
  if (state.status !== 'pre-arrival' && !state.fields.items) {
    found.push({ code: 'no-advance-data', severity: 'warning', message: 'the parcel arrived without order data', sources: [] });
  }
  // One sale has one seller of record: order data from two parties means a mistake or someone else's order id.
  const orderFilings = state.filings.filter((f) => f.kind === 'order' || f.kind === 'declaration');
  const orderSenders = [...new Set(orderFilings.map((f) => f.sender))];
  if (orderSenders.length > 1) {
    found.push({
      code: 'order-from-several-parties',
      severity: 'warning',
      message: `order data from ${orderSenders.length} parties: ${orderSenders.join(', ')}`,
      sources: orderFilings.map((f) => f.filingId),
    });
  }
  const assessment = revenue?.ok ? revenue.assessment : null;
  const scored: ConsignmentState = { ...state, findings: found, categoryDecision, category: categoryDecision.category, assessment };
  // Once the engine has decided at arrival, the lane stands: a later filing is kept and assessed, the decision is not redone.
  const judged = state.risk.provisional ? (rules.risk ?? findingsOnly).estimate(scored, now) : { lane: state.lane, risk: state.risk };
  // Goods another agency regulates wait for it, whatever customs' own lane (standard 10).
  const referrals = referralsFor(scored, rules, now);
  const lane = agencyHolds({ ...scored, referrals }).length > 0 ? 'agency-referral' : judged.lane;
  const { risk } = judged;
  const next: ConsignmentState = { ...scored, lane, risk, referrals };
  const changed =
    next.category !== state.category ||
    next.lane !== state.lane ||
    findingCodes(found) !== findingCodes(state.findings) ||
    referrals.length !== state.referrals.length ||
    assessment?.total !== state.assessment?.total ||
    assessment?.dueAtBorder !== state.assessment?.dueAtBorder;
  if (!changed) return { state: next, effects: [] };
  return {
    state: next,
    effects: [
      {
        consignmentId: state.id,
        type: 'assessed',
        at: now,
        actor: SYSTEM_ACTOR,
        data: {
          category: next.category,
          lane,
          score: risk.score,
          findings: found.map((f) => f.code),
          packVersion: categoryDecision.packVersion,
          ...(assessment ? { total: assessment.total, dueAtBorder: assessment.dueAtBorder, currency: assessment.currency } : {}),
        },
      },
    ],
  };
}

const findingCodes = (f: readonly Finding[]): string => f.map((x) => x.code).join(',');

/** The event data of a decision at arrival: what the hit rates per rule, lane and selection are counted from. */
function decisionData(j: Judgement): Record<string, unknown> {
  const { risk } = j;
  return {
    lane: j.lane,
    selectedBy: risk.selectedBy,
    score: risk.score,
    ...(risk.expectedValue !== undefined ? { expectedValue: risk.expectedValue } : {}),
    ...(risk.randomChance !== undefined ? { randomChance: risk.randomChance } : {}),
    reasons: risk.reasons.map((r) => r.code),
    ...(risk.model ? { model: risk.model } : {}),
    ...(risk.shadow ? { shadow: risk.shadow } : {}),
  };
}

/** Fold a second consignment for the same parcel into the first (a later filing showed they are one). */
export function absorb(into: ConsignmentState, other: ConsignmentState, rules: Rules, now: string): { state: ConsignmentState; effects: Effect[] } {
  // Filings in the order received (a stable sort): the order the store replays them in, so ties settle alike.
  const filings = [...into.filings, ...other.filings].sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0));
  const position = new Map(filings.map((f, i) => [`${f.sender}\u0000${f.filingId}`, i]));
  const at = (v: { sender: string; source: string }) => position.get(`${v.sender}\u0000${v.source}`) ?? -1;
  // A hold on either side stands; otherwise the parcel is as far along as the further of the two.
  const status = into.status === 'held' || other.status === 'held'
    ? 'held'
    : statuses.indexOf(other.status) > statuses.indexOf(into.status) ? other.status : into.status;
  const merged: ConsignmentState = {
    ...into,
    fields: combine(into.fields, other.fields, (candidate, current) => at(candidate) > at(current)),
    trackingId: into.trackingId ?? other.trackingId,
    orderId: into.orderId ?? other.orderId,
    filings,
    mergedFrom: [...into.mergedFrom, other.id, ...other.mergedFrom],
    // An agency's hold on either side stands.
    referrals: mergeReferrals(into.referrals, other.referrals),
    status,
    arrivalRecordedAt: into.arrivalRecordedAt ?? other.arrivalRecordedAt,
    // A debt fixed on either side stands (with the assessment it was fixed from); a decided consignment is not re-assessed.
    liability: into.liability ?? other.liability,
    assessment: into.liability === null && other.liability !== null ? other.assessment : into.assessment,
    updatedAt: now,
  };
  if (into.liability !== null && other.liability !== null) {
    merged.findings = [
      ...merged.findings,
      {
        code: 'two-liabilities',
        severity: 'warning',
        message: `both consignments had a debt fixed (${into.liability.total} and ${other.liability.total} ${into.liability.currency}); ${other.id}'s stays on its own ledger account for an officer to settle`,
        sources: [],
      },
    ];
  }
  const effects: Effect[] = [{ consignmentId: into.id, type: 'consignments-merged', at: now, actor: SYSTEM_ACTOR, data: { absorbed: other.id } }];
  if (status !== into.status) {
    effects.push({
      consignmentId: into.id,
      type: 'status-changed',
      at: now,
      actor: SYSTEM_ACTOR,
      data: { from: into.status, to: status, reason: `merged with ${other.id}, which was ${other.status}` },
    });
  }
  const assessed = assess(merged, rules, now);
  return { state: assessed.state, effects: [...effects, ...assessed.effects] };
}
