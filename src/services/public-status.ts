// The consumer's status lookup (standard 13): where the parcel stands and what is due, to someone who knows both its
// tracking id and the delivery postcode, and nothing personal beyond what they proved.
import type { ConsignmentState } from '../domain/clearance/index.ts';
import { dec, decimalsOf } from '../domain/money/index.ts';
import type { Status } from '../domain/model/index.ts';
import type { Store } from '../store/index.ts';

export interface PublicStatus {
  trackingId: string;
  status: Status;
  /** The status in plain words, for the portal. */
  explanation: string;
  since: string;
  /** What the consumer must pay before the parcel is released (payment-due only). */
  due: { amount: string; currency: string } | null;
  /** The status changes, oldest first: times and statuses only. */
  timeline: Array<{ status: Status; at: string }>;
}

const EXPLAIN: Record<Status, string> = {
  'pre-arrival': 'Customs has the advance data; the parcel has not reached the border yet.',
  arrived: 'The parcel is at the border and being cleared.',
  held: 'Customs or another agency is checking the parcel before it can be released.',
  'payment-due': 'Duty and tax are due before customs releases the parcel.',
  released: 'Customs released the parcel; the carrier delivers it.',
  seized: 'Customs seized the parcel.',
  'returned-to-sender': 'The parcel is being returned to its sender.',
  destroyed: 'The parcel was destroyed under customs supervision.',
  delivered: 'The parcel was delivered.',
  'return-requested': 'A return of the parcel was requested.',
  returned: 'The returned parcel left the territory.',
  refunded: 'The duty and tax on the returned goods were refunded.',
};

/** Postcodes compared as a person types them: case, spaces and hyphens do not matter. */
const normalise = (p: string): string => p.replace(/[\s-]+/g, '').toUpperCase();

/** Whether a (normalised) postcode can prove anything: it has a letter or a digit. */
export const isPostcode = (p: string): boolean => /[\p{L}\p{N}]/u.test(p);

export class PublicStatusService {
  constructor(private readonly store: Store) {}

  /**
   * The parcel's status, or undefined when no parcel has that tracking id with that delivery postcode: the two cases
   * are not told apart, so the lookup cannot be used to find out which tracking ids exist.
   */
  async lookup(trackingId: string, postcode: string): Promise<PublicStatus | undefined> {
    const [c] = await this.store.findConsignments({ trackingId });
    if (!c || !postcodesOf(c).includes(normalise(postcode))) return undefined;
    const events = await this.store.eventsOf([c.id, ...c.mergedFrom]);
    const timeline: PublicStatus['timeline'] = [{ status: 'pre-arrival', at: c.createdAt }];
    for (const e of events) {
      if (e.type !== 'status-changed') continue;
      const to = (JSON.parse(e.data) as { to?: Status }).to;
      if (to) timeline.push({ status: to, at: e.at });
    }
    const l = c.liability;
    const due = c.status === 'payment-due' && l ? { amount: subtract(l.dueAtBorder, l.paid), currency: l.currency } : null;
    return { trackingId, status: c.status, explanation: EXPLAIN[c.status], since: timeline[timeline.length - 1]!.at, due, timeline };
  }
}

/** The postcodes the parcel is delivered to: the carrier's consignee, and the buyer's. */
function postcodesOf(c: ConsignmentState): string[] {
  // A placeholder ("-", " ") proves nothing: only postcodes with a letter or a digit count.
  return [c.fields.consignee?.value.address.postcode, c.fields.buyer?.value.address.postcode]
    .filter((p): p is string => p !== undefined)
    .map(normalise)
    .filter(isPostcode);
}

/** a − b for decimal strings of the same currency (exact: the ledger's own arithmetic). */
function subtract(a: string, b: string): string {
  return dec(a).minus(b).toFixed(Math.max(decimalsOf(a), decimalsOf(b)));
}
