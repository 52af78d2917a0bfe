// The consignment life cycle as pure functions: applyFiling, arrive, assess (frozen after release).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { absorb, applyFiling, arrive, assess, newConsignment, SYSTEM_ACTOR, type ConsignmentState, type Effect } from '../../src/domain/clearance/index.ts';
import { arrival, declaration, order, payment, uid } from '../helpers/filings.ts';
import { euRules, refOf, valid } from './support.ts';

const NOW = '2026-11-23T09:00:00.000Z';
const LATER = '2026-11-24T08:30:00.000Z';
const PLATFORM = 'pty_platform';
const CARRIER = 'pty_carrier';
const PAYER = 'pty_payer';
/** The EU rules with this test's carrier collecting duty and tax on delivery, so an arrival in lane release is released at once. */
const rules = { ...euRules, lookups: { ...euRules.lookups, collection: (party: string) => (party === CARRIER ? ('carrier' as const) : undefined) } };

/** Applies a filing that must be accepted and returns the new state and its events. */
function apply(state: ConsignmentState, input: Record<string, unknown>, sender: string, now = NOW): { state: ConsignmentState; effects: Effect[] } {
  const f = valid(input);
  const r = applyFiling(state, f, refOf(f, sender, now), rules, now);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r;
}

const statusChanges = (effects: Effect[]) => effects.filter((e) => e.type === 'status-changed').map((e) => `${e.data.from}→${e.data.to}`);

/** A consignment from one consistent declaration: category 3, lane release, pre-arrival. */
function declared(over: Record<string, unknown> = {}) {
  const d = declaration(over);
  return { d, ...apply(newConsignment('c-1', NOW), d, PLATFORM) };
}

/** A consignment whose payment disagrees with its order: a warning, so lane document-check. */
function inconsistent() {
  const d = declaration();
  const first = apply(newConsignment('c-2', NOW), d, PLATFORM);
  const second = apply(first.state, payment(d.orderId as string, '99.00'), PAYER);
  return { d, ...second };
}

describe('applyFiling', () => {
  test('a declaration is merged, assessed and recorded: pre-arrival, category 3, lane release', () => {
    const { d, state, effects } = declared();
    assert.equal(state.status, 'pre-arrival');
    assert.equal(state.trackingId, d.trackingId);
    assert.equal(state.orderId, d.orderId);
    assert.equal(state.category, 3);
    assert.equal(state.lane, 'release');
    assert.equal(state.filings.length, 1);
    assert.equal(state.fields.items?.source, d.filingId);
    assert.deepEqual(effects.map((e) => e.type), ['filing-received'], 'the assessment the filing caused rides on its event');
    assert.equal(effects[0]!.actor, PLATFORM);
    assert.deepEqual((effects[0]!.data.assessment as { category: number; lane: string }).category, 3);
  });

  test('a filing that changes nothing in the outcome records no new assessment', () => {
    const { d, state } = declared();
    const again = apply(state, payment(d.orderId as string, '29.99'), PAYER);
    assert.deepEqual(again.effects.map((e) => e.type), ['filing-received']);
    assert.equal(again.state.filings.length, 2);
  });

  test('a payment that disagrees with the order moves the lane to document-check', () => {
    const { state, effects } = inconsistent();
    assert.equal(state.lane, 'document-check');
    assert.ok(state.findings.some((f) => f.code === 'payment-mismatch'));
    const received = effects.find((e) => e.type === 'filing-received');
    assert.equal((received?.data.assessment as { lane: string } | undefined)?.lane, 'document-check');
  });

  test('delivery before release is refused with invalid-transition', () => {
    const { d, state } = declared();
    const delivery = valid({ filingId: uid('del'), kind: 'delivery', sentAt: '2026-11-25T16:00:00Z', trackingId: d.trackingId, deliveredAt: '2026-11-25T15:00:00Z' });
    const r = applyFiling(state, delivery, refOf(delivery, CARRIER), euRules, NOW);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.code, 'invalid-transition');
    assert.match(!r.ok ? r.message : '', /pre-arrival cannot become delivered/);
  });

  test('a held parcel cannot be delivered either', () => {
    const { d, state } = inconsistent();
    const held = apply(state, arrival(d.trackingId as string), CARRIER, LATER).state;
    assert.equal(held.status, 'held');
    const delivery = valid({ filingId: uid('del'), kind: 'delivery', sentAt: '2026-11-25T16:00:00Z', trackingId: d.trackingId, deliveredAt: '2026-11-25T15:00:00Z' });
    const r = applyFiling(held, delivery, refOf(delivery, CARRIER), euRules, LATER);
    assert.equal(!r.ok && r.code, 'invalid-transition');
  });
});

describe('arrival', () => {
  test('an arrival releases a parcel in lane release at once (pre-arrival → arrived → released)', () => {
    const { d, state } = declared();
    const r = apply(state, arrival(d.trackingId as string), CARRIER, LATER);
    assert.equal(r.state.status, 'released');
    assert.deepEqual(statusChanges(r.effects), ['pre-arrival→arrived', 'arrived→released']);
    const release = r.effects.find((e) => e.data.to === 'released');
    assert.equal(release?.actor, SYSTEM_ACTOR);
    assert.match(String(release?.data.reason), /immediate release/);
    assert.equal(r.state.fields.arrivedAt?.value, '2026-11-22T08:10:00Z');
  });

  test('an arrival holds a parcel in lane document-check', () => {
    const { d, state } = inconsistent();
    const r = apply(state, arrival(d.trackingId as string), CARRIER, LATER);
    assert.equal(r.state.status, 'held');
    assert.equal(r.state.lane, 'document-check');
    assert.deepEqual(statusChanges(r.effects), ['pre-arrival→arrived', 'arrived→held']);
    assert.match(String(r.effects.find((e) => e.data.to === 'held')?.data.reason), /document-check/);
  });

  test('a parcel arriving with no order data is held with a no-advance-data finding', () => {
    const r = arrive(newConsignment('c-3', NOW), CARRIER, euRules, LATER);
    assert.ok(r.ok);
    assert.equal(r.state.status, 'held');
    assert.ok(r.state.findings.some((f) => f.code === 'no-advance-data' && f.severity === 'warning'));
  });

  test('a second arrival is refused', () => {
    const { d, state } = declared();
    const released = apply(state, arrival(d.trackingId as string), CARRIER, LATER).state;
    const again = valid(arrival(d.trackingId as string));
    const r = applyFiling(released, again, refOf(again, CARRIER), euRules, LATER);
    assert.equal(!r.ok && r.code, 'invalid-transition');
  });
});

describe('assessment after release', () => {
  test('a released consignment keeps its findings, category and lane when a conflicting filing comes in', () => {
    const { d, state } = declared();
    const released = apply(state, arrival(d.trackingId as string), CARRIER, LATER).state;
    const r = apply(released, payment(d.orderId as string, '99.00'), PAYER, LATER);
    assert.deepEqual(r.effects.map((e) => e.type), ['filing-received'], 'no re-assessment is recorded');
    assert.equal(r.state.status, 'released');
    assert.equal(r.state.lane, 'release');
    assert.equal(r.state.category, 3);
    assert.deepEqual(r.state.findings, released.findings);
    assert.equal(r.state.filings.length, released.filings.length + 1, 'the filing itself is kept');
    assert.equal(r.state.fields.payment?.value.amount, '99.00', 'and its data merged');
  });

  test('assess() returns a released consignment unchanged', () => {
    const { d, state } = declared();
    const released = apply(state, arrival(d.trackingId as string), CARRIER, LATER).state;
    const tampered: ConsignmentState = { ...released, fields: { ...released.fields, currency: { ...released.fields.currency!, value: 'USD' } } };
    const r = assess(tampered, euRules, LATER);
    assert.equal(r.state, tampered);
    assert.deepEqual(r.effects, []);
  });

  test('before release the same conflicting filing does re-assess', () => {
    const { d, state } = declared();
    const r = apply(state, payment(d.orderId as string, '99.00'), PAYER);
    assert.ok(r.effects.some((e) => e.data.assessment !== undefined));
    assert.equal(r.state.lane, 'document-check');
  });
});

describe('arrive after a hold before arrival', () => {
  test('a parcel held before it arrived records its arrival and stays held; a second arrival is refused', () => {
    const { d, state } = declared();
    const held = { ...state, status: 'held' as const };
    const r = applyFiling(held, valid(arrival(d.trackingId as string)), refOf(valid(arrival(d.trackingId as string)), CARRIER, LATER), euRules, LATER);
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.state.status, 'held');
    assert.equal(r.state.arrivalRecordedAt, LATER);
    assert.ok(r.effects.some((e) => e.type === 'arrival-recorded'));
    const again = arrive(r.state, CARRIER, euRules, LATER);
    assert.equal(again.ok, false);
    assert.equal(!again.ok && again.code, 'invalid-transition');
  });
});

describe('absorb', () => {
  test('a hold on the absorbed consignment stands on the survivor, and the change is an event', () => {
    const { state: into } = declared();
    const other = { ...newConsignment('c-held', NOW), status: 'held' as const };
    const r = absorb(into, other, euRules, LATER);
    assert.equal(r.state.status, 'held');
    const change = r.effects.find((e) => e.type === 'status-changed');
    assert.deepEqual([change?.data.from, change?.data.to], ['pre-arrival', 'held']);
    assert.deepEqual(r.state.mergedFrom, ['c-held']);
  });

  test('without a hold the survivor keeps the further status and records no change when it is its own', () => {
    const { state: into } = declared();
    const r = absorb(into, newConsignment('c-new', NOW), euRules, LATER);
    assert.equal(r.state.status, 'pre-arrival');
    assert.equal(r.effects.filter((e) => e.type === 'status-changed').length, 0);
  });
});

describe('order data from several parties', () => {
  test('a second party sending order data for the same parcel is a warning that sends it to document-check', () => {
    const { d, state } = declared();
    const other = apply(state, { ...order({ orderId: d.orderId }), sentAt: '2026-11-20T11:00:00Z' }, 'pty_other_platform');
    const found = other.state.findings.find((f) => f.code === 'order-from-several-parties');
    assert.ok(found, other.state.findings.map((f) => f.code).join(', '));
    assert.equal(found.severity, 'warning');
    assert.equal(other.state.lane, 'document-check');
  });

  test('a correction from the same party is not', () => {
    const { d, state } = declared();
    const again = apply(state, { ...order({ orderId: d.orderId }), sentAt: '2026-11-20T11:00:00Z' }, PLATFORM);
    assert.equal(again.state.findings.some((f) => f.code === 'order-from-several-parties'), false);
  });
});
