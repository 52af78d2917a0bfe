// Who collects what is due on a parcel (the Framework's revenue collection models), payment before release, and refunds on return.
import { dec, decimalsOf, sum, type Dec } from '../money/index.ts';
import { currencyDigits } from '../validation/index.ts';
import { refusalCodes, type Assessment } from '../revenue/index.ts';
import type { CollectionModel, Liability } from '../model/index.ts';
import type { Rules } from './basket.ts';
import { SYSTEM_ACTOR, statusChange, type Applied, type ConsignmentState, type Effect } from './state.ts';


const parts = (lines: Assessment['lines'], keep: (l: Assessment['lines'][number]) => boolean) => {
  const of = (type: 'duty' | 'tax' | 'fee') => sum(lines.filter((l) => l.type === type && keep(l)).map((l) => dec(l.amount)));
  return { duty: of('duty'), tax: of('tax'), fees: of('fee') };
};

/**
 * The collection model for what is due at the border: a carrier that collects on delivery, an account-based importer,
 * or the consumer, who pays before release. What a scheme collected at checkout stays with the vendor or intermediary.
 */
function collectionOf(state: ConsignmentState, rules: Rules): { model: CollectionModel; partyId: string | null } {
  const a = state.assessment!;
  const seller = state.fields.items?.sender ?? null;
  if (dec(a.dueAtBorder).isZero() && a.collectedBy !== null) return { model: a.collectedBy, partyId: seller };
  // The carrier: whoever filed the logistics data or reported the arrival.
  const carriers = [state.fields.service?.sender, state.fields.arrivedAt?.sender].filter((p): p is string => p !== undefined);
  const carrier = carriers.find((p) => rules.lookups.collection?.(p) === 'carrier');
  if (carrier !== undefined) return { model: 'carrier', partyId: carrier };
  if (seller !== null && rules.lookups.collection?.(seller) === 'account') return { model: 'account', partyId: seller };
  return { model: 'consumer', partyId: null };
}

/** Fix what is owed when customs decides (the customs debt arises at release): one event the ledger is posted from. */
function establish(state: ConsignmentState, rules: Rules, now: string): { state: ConsignmentState; effects: Effect[] } {
  const a = state.assessment;
  if (state.liability !== null || !a || dec(a.total).isZero()) return { state, effects: [] };
  const { model, partyId } = collectionOf(state, rules);
  const border = parts(a.lines, (l) => l.dueAtBorder);
  const checkout = parts(a.lines, (l) => !l.dueAtBorder);
  // Amounts in the currency's minor digits, as the assessment writes them.
  const digits = currencyDigits(a.currency) ?? 2;
  const str = (x: { duty: Dec; tax: Dec; fees: Dec }) => ({ duty: x.duty.toFixed(digits), tax: x.tax.toFixed(digits), fees: x.fees.toFixed(digits) });
  const liability: Liability = {
    model,
    consignmentId: state.id,
    partyId,
    currency: a.currency,
    total: a.total,
    dueAtBorder: a.dueAtBorder,
    border: str(border),
    checkout: str(checkout),
    schemePartyId: a.collectedBy === 'vendor' || a.collectedBy === 'intermediary' ? (state.fields.items?.sender ?? null) : null,
    schemeModel: a.collectedBy === 'vendor' || a.collectedBy === 'intermediary' ? a.collectedBy : null,
    alreadyCollected: a.alreadyCollected,
    paid: '0',
    refunded: '0',
    establishedAt: now,
  };
  return {
    state: { ...state, liability },
    effects: [{ consignmentId: state.id, type: 'liability-established', at: now, actor: SYSTEM_ACTOR, data: { ...liability } }],
  };
}

/** What the consumer still has to pay before release. */
const outstanding = (l: Liability): Dec => (l.model === 'consumer' ? dec(l.dueAtBorder).minus(l.paid) : dec(0));

/**
 * Customs lets the parcel go (immediate release, or an officer's release after a control): the debt is fixed, and a
 * parcel whose consumer must pay waits in payment-due until the payment arrives.
 */
export function release(state: ConsignmentState, actor: string, rules: Rules, now: string, data: Record<string, unknown> = {}): Applied {
  const holds = state.referrals.filter((r) => r.status !== 'released');
  if (holds.length > 0) {
    return { ok: false, code: 'agency-hold', message: `customs cannot release while ${holds.map((r) => `${r.agency} (${r.status})`).join(', ')} has not released the parcel` };
  }
  // With order data but no assessment (no exchange rate, no rules for the day) the debt cannot be fixed: not yet.
  if (state.fields.items && !state.assessment) {
    const why = state.findings.find((f) => (refusalCodes as readonly string[]).includes(f.code));
    return { ok: false, code: 'not-assessed', message: `consignment ${state.id} has no duty and tax assessment${why ? ` (${why.message})` : ''}: it cannot be released until it is assessed` };
  }
  const fixed = establish(state, rules, now);
  const l = fixed.state.liability;
  const owed = l ? outstanding(l) : dec(0);
  const to = owed.gt(0) ? 'payment-due' : 'released';
  const reason = owed.gt(0) ? `${owed.toFixed()} ${l!.currency} due from the consumer before release` : data.reason;
  const moved = statusChange(fixed.state, to, actor, now, { ...data, ...(reason !== undefined ? { reason } : {}) });
  if (!moved.ok) return moved;
  return { ok: true, state: moved.state, effects: [...fixed.effects, ...moved.effects] };
}

/** A payment of what is due; the parcel is released when nothing is left to pay. */
export function pay(state: ConsignmentState, payment: { amount: string; currency: string; reference: string; method: string }, actor: string, now: string): Applied {
  const holds = state.referrals.filter((r) => r.status !== 'released');
  if (holds.length > 0) return { ok: false, code: 'agency-hold', message: `the parcel waits for ${holds.map((r) => r.agency).join(', ')}: no payment is taken before the agency releases it` };
  const l = state.liability;
  if (state.status !== 'payment-due' || !l) {
    return { ok: false, code: 'nothing-due', message: `consignment ${state.id} is ${state.status}: no payment is due on it` };
  }
  if (payment.currency !== l.currency) {
    return { ok: false, code: 'wrong-currency', message: `what is due is in ${l.currency}, not ${payment.currency}` };
  }
  const digits = currencyDigits(l.currency) ?? 2;
  if (dec(payment.amount).lte(0) || decimalsOf(payment.amount) > digits) {
    return { ok: false, code: 'invalid-amount', message: `a payment is a positive amount with at most ${digits} decimals in ${l.currency}` };
  }
  const owed = outstanding(l);
  if (dec(payment.amount).gt(owed)) {
    return { ok: false, code: 'overpayment', message: `${payment.amount} ${payment.currency} is more than the ${owed.toFixed()} ${l.currency} due` };
  }
  const paid = dec(l.paid).plus(payment.amount);
  const next = { ...state, liability: { ...l, paid: paid.toFixed(digits) }, updatedAt: now };
  const effects: Effect[] = [
    {
      consignmentId: state.id,
      type: 'payment-received',
      at: now,
      actor,
      data: { ...payment, account: l.consignmentId, outstanding: owed.minus(payment.amount).toFixed(digits) },
    },
  ];
  if (!outstanding(next.liability).isZero()) return { ok: true, state: next, effects };
  const moved = statusChange(next, 'released', SYSTEM_ACTOR, now, { reason: 'duty and tax paid' });
  if (!moved.ok) return moved;
  return { ok: true, state: moved.state, effects: [...effects, ...moved.effects] };
}

/**
 * The goods left the territory again (proof of export): the duty and tax on the returned items that were paid through
 * customs go back to whoever paid them, and the consignment is refunded. Fees are a charge for a service rendered and
 * are not refunded; tax a seller collected at checkout under a scheme is the seller's to refund (through its scheme
 * return), not customs'.
 */
export function returnGoods(state: ConsignmentState, proof: { reference: string; exportedAt: string }, actor: string, now: string): Applied {
  const returned = statusChange(state, 'returned', actor, now, { proofOfExport: proof });
  if (!returned.ok) return returned;
  const l = state.liability;
  const a = state.assessment;
  // Without a return filing naming the items (a return reported as an event), the whole parcel went back.
  const request =
    state.fields.returnRequest?.value ??
    (state.fields.items ? { items: state.fields.items.value.map((item, itemIndex) => ({ itemIndex, quantity: item.quantity })), reason: 'the whole parcel was returned' } : undefined);
  if (!l || !a || !request) return returned;
  // What customs received or debited for the parcel: a consumer who has not paid has nothing to get back.
  const borne = l.model === 'consumer' ? dec(l.paid) : l.model === 'carrier' || l.model === 'account' ? dec(l.dueAtBorder) : dec(0);
  if (borne.isZero()) return returned;
  const items = state.fields.items?.value ?? [];
  const digits = currencyDigits(a.currency) ?? 2;
  const share = new Map<number, Dec>();
  for (const r of request.items) {
    const item = items[r.itemIndex];
    // An item listed more than once is still returned at most whole: never refund more than was assessed on it.
    if (!item) continue;
    const s = (share.get(r.itemIndex) ?? dec(0)).plus(dec(Math.min(r.quantity, item.quantity)).div(item.quantity));
    share.set(r.itemIndex, s.gt(1) ? dec(1) : s);
  }
  const value = items.map((i) => dec(i.unitPrice).times(i.quantity));
  const totalValue = sum(value);
  // A consignment-level line (a flat duty per consignment, a rounding of the total) goes back in the share of the value returned.
  const returnedValue = sum([...share].map(([i, s]) => value[i]!.times(s)));
  const consignmentShare = totalValue.isZero() ? dec(0) : returnedValue.div(totalValue);
  const refundOf = (type: 'duty' | 'tax') =>
    sum(
      a.lines
        .filter((line) => line.type === type && line.dueAtBorder)
        .map((line) => dec(line.amount).times(line.item === null ? consignmentShare : (share.get(line.item) ?? dec(0)))),
    ).toDecimalPlaces(digits);
  let duty = refundOf('duty');
  let tax = refundOf('tax');
  // Never more than was borne: the excess (from rounding shares) comes off the tax first.
  const excess = duty.plus(tax).minus(borne);
  if (excess.gt(0)) {
    const offTax = excess.gt(tax) ? tax : excess;
    tax = tax.minus(offTax);
    duty = duty.minus(excess.minus(offTax));
  }
  if (duty.plus(tax).lte(0)) return returned;
  const refund = { duty: duty.toFixed(digits), tax: tax.toFixed(digits), currency: l.currency, reason: request.reason, proofOfExport: proof };
  const next = { ...returned.state, liability: { ...l, refunded: duty.plus(tax).toFixed(digits) } };
  const refunded = statusChange(next, 'refunded', SYSTEM_ACTOR, now, { refund });
  if (!refunded.ok) return refunded;
  return {
    ok: true,
    state: refunded.state,
    effects: [...returned.effects, { consignmentId: state.id, type: 'refund-granted', at: now, actor: SYSTEM_ACTOR, data: { ...refund, payee: payeeOf(l), partyId: l.model === 'consumer' ? null : l.partyId } }, ...refunded.effects],
  };
}

/** Who gets a refund of what customs collected: the consumer for the consignment, or the partner who was debited. */
const payeeOf = (l: Liability): string =>
  l.model === 'consumer' ? `consignee:${l.consignmentId}` : (l.partyId ?? `consignee:${l.consignmentId}`);
