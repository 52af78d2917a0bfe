// The consignment status machine (DESIGN.md §3): which transitions exist, and a clear refusal for the rest.
import type { Status } from '../model/index.ts';

const NEXT: Readonly<Record<Status, readonly Status[]>> = {
  'pre-arrival': ['arrived', 'held'],
  arrived: ['released', 'held', 'payment-due'],
  held: ['released', 'payment-due', 'seized', 'returned-to-sender', 'destroyed'],
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

export type Transition = { ok: true; from: Status; to: Status } | { ok: false; code: 'invalid-transition'; message: string };

export function transition(from: Status, to: Status): Transition {
  if (NEXT[from].includes(to)) return { ok: true, from, to };
  const allowed = NEXT[from];
  return {
    ok: false,
    code: 'invalid-transition',
    message: `a consignment that is ${from} cannot become ${to}${allowed.length ? ` (it can become: ${allowed.join(', ')})` : ' (final status)'}`,
  };
}

/**
 * Whether customs has decided the consignment (payment due, released, seized, returned, destroyed, or any step after):
 * later filings are kept but no longer re-assess it.
 */
export const isDecided = (s: Status): boolean =>
  s !== 'pre-arrival' && s !== 'arrived' && s !== 'held';
