// Collection models as pure functions: release fixes the debt, payment releases, a merge keeps the debt, returns refund what was paid.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  absorb,
  applyFiling,
  newConsignment,
  pay,
  release,
  returnGoods,
  statusChange,
  type ConsignmentState,
  type Rules,
} from '../../src/domain/clearance/index.ts';
import { dec } from '../../src/domain/money/index.ts';
import { indexTariff } from '../../src/domain/revenue/index.ts';
import { loadPack, loadTariff } from '../../src/services/packs.ts';
import { ledgerOf } from '../../src/services/ledger.ts';
import { arrival, declaration, uid } from '../helpers/filings.ts';
import { euRules, refOf, valid } from './support.ts';

const NOW = '2026-11-23T09:00:00.000Z';
const LATER = '2026-11-24T08:30:00.000Z';
const PLATFORM = 'pty_platform';
const CARRIER = 'pty_carrier';
const OFFICER = 'pty_officer';
const IOSS = 'IM2760000001';

function apply(state: ConsignmentState, input: Record<string, unknown>, sender: string, rules: Rules = euRules, now = NOW): ConsignmentState {
  const f = valid(input);
  const r = applyFiling(state, f, refOf(f, sender, now), rules, now);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.state;
}

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  assert.ok(r.ok, JSON.stringify(r));
  return r as Extract<T, { ok: true }>;
}

/** A declared parcel that arrived and waits for the consumer's payment (EUR 25 of T-shirts to DE: duty 3.60, VAT 6.38). */
function paymentDue(over: Record<string, unknown> = {}, rules: Rules = euRules) {
  const d = declaration(over);
  const state = apply(apply(newConsignment(uid('c'), NOW), d, PLATFORM, rules), arrival(d.trackingId as string), CARRIER, rules, LATER);
  return { d, state };
}

const returnRequest = (trackingId: string, items: { itemIndex: number; quantity: number }[]) => ({
  filingId: uid('ret'),
  kind: 'return',
  sentAt: '2026-11-25T10:00:00Z',
  trackingId,
  requestedAt: '2026-11-25T09:00:00Z',
  items,
  reason: 'wrong size',
});
const proof = { reference: 'EX-2026-000123', exportedAt: '2026-11-28T10:00:00Z' };

describe('release and payment', () => {
  test('the consumer pays before release: payment-due, then released when nothing is left', () => {
    const { state } = paymentDue();
    assert.equal(state.status, 'payment-due');
    assert.equal(state.liability?.model, 'consumer');
    assert.equal(state.liability?.dueAtBorder, '9.98');
    const part = ok(pay(state, { amount: '5.00', currency: 'EUR', method: 'card', reference: 'T1' }, PLATFORM, LATER));
    assert.equal(part.state.status, 'payment-due');
    assert.equal(part.state.liability?.paid, '5.00');
    const rest = ok(pay(part.state, { amount: '4.98', currency: 'EUR', method: 'card', reference: 'T2' }, PLATFORM, LATER));
    assert.equal(rest.state.status, 'released');
    assert.equal(rest.state.liability?.paid, '9.98');
  });

  test('a payment of nothing, or finer than the currency, is an invalid amount', () => {
    const { state } = paymentDue();
    for (const amount of ['0', '0.00', '0.001']) {
      const r = pay(state, { amount, currency: 'EUR', method: 'card', reference: 'T' }, PLATFORM, LATER);
      assert.equal(!r.ok && r.code, 'invalid-amount', amount);
    }
  });

  test('an officer cannot release a parcel with order data but no assessment (no exchange rate): not-assessed', () => {
    const d = declaration({ currency: 'USD' });
    const held = apply(apply(newConsignment('c-usd', NOW), d, PLATFORM), arrival(d.trackingId as string), CARRIER, euRules, LATER);
    assert.equal(held.status, 'held');
    assert.equal(held.assessment, null);
    const r = release(held, OFFICER, euRules, LATER);
    assert.equal(!r.ok && r.code, 'not-assessed');
    assert.match(!r.ok ? r.message : '', /USD/);
  });
});

describe('merging consignments that carry a debt', () => {
  test("a payment-due parcel absorbed into another keeps its debt: the survivor is payment-due with it, and the payment is booked on the debt's account", () => {
    const { state: due } = paymentDue();
    const fresh = newConsignment('c-survivor', NOW);
    const merged = absorb(fresh, due, euRules, LATER).state;
    assert.equal(merged.status, 'payment-due');
    assert.deepEqual(merged.liability, due.liability);
    assert.equal(merged.assessment?.total, due.assessment?.total);
    const paid = ok(pay(merged, { amount: '9.98', currency: 'EUR', method: 'card', reference: 'T1' }, PLATFORM, LATER));
    assert.equal(paid.state.status, 'released');
    const txns = paid.effects.flatMap(ledgerOf);
    assert.equal(txns[0]?.postings.find((p) => p.account.startsWith('receivable:'))?.account, `receivable:consignment:${due.id}`);
  });

  test('two debts on one parcel are a two-liabilities finding for an officer', () => {
    const a = paymentDue().state;
    const b = paymentDue().state;
    const merged = absorb(a, b, euRules, LATER).state;
    assert.ok(merged.findings.some((f) => f.code === 'two-liabilities'));
    assert.equal(merged.liability?.consignmentId, a.id);
  });
});

describe('returns and refunds', () => {
  function paidAndReturned(over: Record<string, unknown>, items: { itemIndex: number; quantity: number }[], rules: Rules = euRules) {
    const { d, state } = paymentDue(over, rules);
    const due = state.liability!.dueAtBorder;
    const released = ok(pay(state, { amount: due, currency: state.liability!.currency, method: 'card', reference: 'T' }, PLATFORM, LATER)).state;
    const requested = apply(released, returnRequest(d.trackingId as string, items), PLATFORM, rules, LATER);
    assert.equal(requested.status, 'return-requested');
    return { paid: due, result: ok(returnGoods(requested, proof, CARRIER, LATER)) };
  }

  test('a full return refunds all the duty and tax paid (fees excepted), to the consignee', () => {
    const { paid, result } = paidAndReturned({}, [{ itemIndex: 0, quantity: 2 }]);
    assert.equal(result.state.status, 'refunded');
    assert.equal(result.state.liability?.refunded, paid);
    const granted = result.effects.find((e) => e.type === 'refund-granted')!;
    assert.equal(granted.data.payee, `consignee:${result.state.id}`);
  });

  test('tax a marketplace collected at checkout under IOSS is not refunded by customs: only the flat duty paid at the border', () => {
    const over = {
      platform: { name: 'ShopNova', address: { lines: ['1 Market St'], city: 'Dublin', country: 'IE' } },
      taxCollected: { scheme: 'IOSS', registrationNumber: IOSS, amount: '5.70', currency: 'EUR' },
    };
    const { paid, result } = paidAndReturned(over, [{ itemIndex: 0, quantity: 2 }]);
    assert.equal(paid, '3.00');
    assert.equal(result.state.liability?.refunded, '3.00');
  });

  test('a refund is never more than was paid, even where the law rounds totals (JP: duty and tax totals rounded down to JPY 100)', () => {
    const jp: Rules = { pack: loadPack('JP'), lookups: { rate: () => undefined, tariff: indexTariff(loadTariff('JP')) } };
    const over = {
      currency: 'JPY',
      buyer: { name: '山田 花子', address: { lines: ['1-1 Chiyoda'], city: 'Tokyo', postcode: '100-0001', country: 'JP' } },
      items: [
        { description: 'Leather handbag', quantity: 1, unitPrice: '38000', hsCode: '420221', originCountry: 'IT' },
        { description: 'Wool scarf, knitted', quantity: 1, unitPrice: '21000', hsCode: '611710', originCountry: 'IT' },
      ],
      shippingCost: '2500',
    };
    const { paid, result } = paidAndReturned(over, [{ itemIndex: 0, quantity: 1 }, { itemIndex: 1, quantity: 1 }], jp);
    assert.ok(dec(result.state.liability!.refunded).lte(paid), `refunded ${result.state.liability!.refunded} of ${paid}`);
    assert.ok(dec(result.state.liability!.refunded).gt(0));
  });

  test('a parcel on which nothing was due is returned, not refunded', () => {
    // A gift of EUR 30 between private persons: within the EUR 45 relief, nothing due, released at once.
    const { d, state } = paymentDue({ transaction: 'gift', items: [{ description: 'Knitted wool scarf', quantity: 1, unitPrice: '30.00', hsCode: '611710', originCountry: 'CN' }] });
    assert.equal(state.status, 'released');
    assert.equal(state.liability, null);
    const requested = apply(state, returnRequest(d.trackingId as string, [{ itemIndex: 0, quantity: 1 }]), PLATFORM, euRules, LATER);
    const r = ok(returnGoods(requested, proof, CARRIER, LATER));
    assert.equal(r.state.status, 'returned');
    assert.ok(!r.effects.some((e) => e.type === 'refund-granted'));
  });
});

describe('ledger postings from a fixed debt', () => {
  test('an over-declared checkout amount is booked only up to what is owed', () => {
    const over = {
      platform: { name: 'ShopNova', address: { lines: ['1 Market St'], city: 'Dublin', country: 'IE' } },
      taxCollected: { scheme: 'IOSS', registrationNumber: IOSS, amount: '5000.00', currency: 'EUR' },
    };
    const { state } = paymentDue(over);
    const txns = ledgerOf({ consignmentId: state.id, type: 'liability-established', at: LATER, actor: 'clearway', data: { ...state.liability! } });
    const collected = txns.find((t) => t.kind === 'collection')!;
    assert.equal(collected.postings.find((p) => p.account === 'treasury')?.amount, state.liability!.checkout.tax);
  });
});
