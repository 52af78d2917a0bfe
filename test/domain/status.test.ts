// The consignment status machine: the transitions that exist, a clear refusal for the rest, and when a parcel is released.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isDecided, transition } from '../../src/domain/clearance/index.ts';
import { statuses, type Status } from '../../src/domain/model/index.ts';

/** The life cycle as specified (DESIGN.md §3), written out here independently of the module. */
const ALLOWED: Record<Status, Status[]> = {
  'pre-arrival': ['arrived', 'held'],
  arrived: ['released', 'held', 'payment-due'],
  held: ['released', 'payment-due', 'seized', 'returned-to-sender', 'destroyed'],
  // The consumer pays duty and tax before release; an unpaid parcel may go back to its sender.
  'payment-due': ['released', 'held', 'returned-to-sender'],
  released: ['delivered', 'return-requested'],
  seized: [],
  'returned-to-sender': [],
  destroyed: [],
  delivered: ['return-requested'],
  'return-requested': ['returned'],
  returned: ['refunded'],
  refunded: [],
};

describe('status machine', () => {
  test('the specification covers every status', () => {
    assert.deepEqual(Object.keys(ALLOWED).sort(), [...statuses].sort());
  });

  for (const [from, targets] of Object.entries(ALLOWED) as [Status, Status[]][]) {
    for (const to of targets) {
      test(`${from} → ${to} is allowed`, () => {
        assert.deepEqual(transition(from, to), { ok: true, from, to });
      });
    }
  }

  test('every transition not in the specification is refused with invalid-transition', () => {
    let refused = 0;
    for (const from of statuses) {
      for (const to of statuses) {
        if (ALLOWED[from].includes(to)) continue;
        const t = transition(from, to);
        assert.equal(t.ok, false, `${from} → ${to}`);
        assert.equal(!t.ok && t.code, 'invalid-transition');
        refused++;
      }
    }
    assert.equal(refused, statuses.length ** 2 - Object.values(ALLOWED).flat().length);
  });

  test('delivery before release is refused, and the message lists the states it can move to', () => {
    const t = transition('pre-arrival', 'delivered');
    assert.equal(t.ok, false);
    assert.equal(!t.ok && t.code, 'invalid-transition');
    assert.equal(!t.ok && t.message, 'a consignment that is pre-arrival cannot become delivered (it can become: arrived, held)');
  });

  test('a held parcel cannot be delivered; the message lists all five ways out of held', () => {
    const t = transition('held', 'delivered');
    assert.ok(!t.ok);
    assert.match(t.message, /it can become: released, payment-due, seized, returned-to-sender, destroyed/);
  });

  test('a released parcel cannot be held again', () => {
    const t = transition('released', 'held');
    assert.ok(!t.ok);
    assert.match(t.message, /it can become: delivered, return-requested/);
  });

  test('arriving twice is refused', () => {
    const t = transition('arrived', 'arrived');
    assert.ok(!t.ok);
    assert.match(t.message, /arrived cannot become arrived/);
  });

  test('a final status refuses everything and says it is final', () => {
    for (const from of ['seized', 'destroyed', 'returned-to-sender', 'refunded'] as const) {
      const t = transition(from, 'released');
      assert.ok(!t.ok, from);
      assert.match(t.message, /\(final status\)$/, from);
    }
  });

  test('isDecided: false while customs awaits or holds the parcel', () => {
    for (const s of ['pre-arrival', 'arrived', 'held'] as const) assert.equal(isDecided(s), false, s);
  });

  test('isDecided: true once released and at every step after release', () => {
    for (const s of ['released', 'delivered', 'return-requested', 'returned', 'refunded'] as const) assert.equal(isDecided(s), true, s);
  });

  test('isDecided: true for the final decisions other than release', () => {
    for (const s of ['seized', 'returned-to-sender', 'destroyed'] as const) assert.equal(isDecided(s), true, s);
  });
});
