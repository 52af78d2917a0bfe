// Event subscriptions (webhooks): parties register URLs for the events about their parcels. What a party receives, and
// as what, is decided here; the dispatcher (dispatcher.ts) sends it.
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/index.ts';
import type { DeliveryRow, LoggedEvent, SubscriptionRow } from '../store/subscriptions.ts';
import { eventForPartner } from './consignments.ts';
import type { Dispatcher } from './dispatcher.ts';
import { uuidv7 } from './ids.ts';
import { readsAll, type Actor, type Role } from './roles.ts';

/** Subscriptions one party may hold (each costs a poll and, when it fails, retries). */
export const MAX_SUBSCRIPTIONS_PER_PARTY = 25;
/** Deliveries listed by GET …/deliveries. */
const DELIVERIES_LISTED = 100;

/** Who a subscription delivers to: the party that created it, with its role. */
export interface Receiver {
  partyId: string;
  role: Role;
}

export interface SubscriptionInput {
  url: string;
  eventTypes?: string[];
  secret?: string;
}

export interface DeliveryView {
  id: string;
  seq: number;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string;
  createdAt: string;
  deliveredAt: string | null;
}

export interface SubscriptionView {
  id: string;
  partyId: string;
  url: string;
  eventTypes: string[] | null;
  status: 'active' | 'paused';
  /** Every event up to this seq is done (delivered, or not for this subscription). */
  cursorSeq: number;
  createdAt: string;
  /** The delivery under way (it failed at least once, or is being sent), if any. */
  pending: DeliveryView | null;
}

/** What a receiver gets in the body of every POST. */
export interface WebhookPayload {
  deliveryId: string;
  subscriptionId: string;
  event: { seq: number; consignmentId: string; type: string; at: string; actor: string; data: unknown };
  trackingId?: string;
}

type Problem = { path: string; code: string; message: string };
export type SubscriptionOutcome<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; errors: Problem[] };

const fail = <T>(status: 400 | 404 | 409, code: string, message: string, path = ''): SubscriptionOutcome<T> => ({ ok: false, status, errors: [{ path, code, message }] });
const notFound = <T>(id: string) => fail<T>(404, 'not-found', `no subscription ${id}`, '/params/id');

const deliveryView = (d: DeliveryRow): DeliveryView => ({
  id: d.id,
  seq: d.seq,
  attempts: d.attempts,
  lastStatus: d.last_status,
  lastError: d.last_error,
  nextAttemptAt: d.next_attempt_at,
  createdAt: d.created_at,
  deliveredAt: d.delivered_at,
});

export const eventTypesOf = (s: Pick<SubscriptionRow, 'event_types'>): string[] | undefined =>
  s.event_types === null ? undefined : (JSON.parse(s.event_types) as string[]);

export class SubscriptionService {
  constructor(
    private readonly store: Store,
    /** The delivery loop of this node (started by `clearway serve`); its settings decide which URLs are allowed. */
    readonly dispatcher: Dispatcher,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** A new subscription for the caller itself; the secret (given or generated) is in this answer only. */
  async create(actor: Actor, input: SubscriptionInput): Promise<SubscriptionOutcome<SubscriptionView & { secret: string }>> {
    const url = this.dispatcher.checkUrl(input.url);
    if (!url.ok) return fail(400, url.code, url.message, '/url');
    if ((await this.store.subscriptions.count(actor.partyId)) >= MAX_SUBSCRIPTIONS_PER_PARTY) {
      return fail(409, 'too-many-subscriptions', `a party may hold ${MAX_SUBSCRIPTIONS_PER_PARTY} subscriptions; delete one first`);
    }
    const secret = input.secret ?? `whsec_${randomBytes(32).toString('base64url')}`;
    // New subscriptions start at the head of the log: they receive what happens from now on (replay reaches back).
    const head = await this.store.chainHead();
    const row: SubscriptionRow = {
      id: `sub_${uuidv7()}`,
      party_id: actor.partyId,
      url: url.url,
      secret,
      event_types: input.eventTypes ? JSON.stringify([...new Set(input.eventTypes)]) : null,
      cursor_seq: head.seq,
      status: 'active',
      created_at: this.clock().toISOString(),
      lease_owner: null,
      lease_until: null,
    };
    await this.store.subscriptions.insert(row);
    return { ok: true, value: { ...(await this.view(row)), secret } };
  }

  /** The caller's subscriptions (an administrator's: every party's). */
  async list(actor: Actor): Promise<SubscriptionView[]> {
    const rows = await this.store.subscriptions.list(actor.role === 'admin' ? undefined : actor.partyId);
    return Promise.all(rows.map((r) => this.view(r)));
  }

  async get(actor: Actor, id: string): Promise<SubscriptionOutcome<SubscriptionView>> {
    const row = await this.owned(actor, id);
    return row ? { ok: true, value: await this.view(row) } : notFound(id);
  }

  async remove(actor: Actor, id: string): Promise<SubscriptionOutcome<null>> {
    const row = await this.owned(actor, id);
    if (!row || !(await this.store.subscriptions.remove(id))) return notFound(id);
    return { ok: true, value: null };
  }

  /** Pause (nothing is sent, the cursor waits) or resume a subscription. */
  async setStatus(actor: Actor, id: string, status: 'active' | 'paused'): Promise<SubscriptionOutcome<SubscriptionView>> {
    const row = await this.owned(actor, id);
    if (!row) return notFound(id);
    await this.store.subscriptions.setStatus(id, status);
    return this.get(actor, id);
  }

  /** Deliver again every event from `fromSeq` on (those this subscription receives), as new deliveries. */
  async replay(actor: Actor, id: string, fromSeq: number): Promise<SubscriptionOutcome<SubscriptionView>> {
    const row = await this.owned(actor, id);
    if (!row) return notFound(id);
    if (fromSeq - 1 > row.cursor_seq) {
      return fail(409, 'ahead-of-cursor', `events up to ${row.cursor_seq} are done; a replay starts at or before ${row.cursor_seq + 1}`, '/fromSeq');
    }
    await this.store.subscriptions.replay(id, fromSeq - 1);
    return this.get(actor, id);
  }

  async deliveries(actor: Actor, id: string): Promise<SubscriptionOutcome<DeliveryView[]>> {
    const row = await this.owned(actor, id);
    if (!row) return notFound(id);
    return { ok: true, value: (await this.store.subscriptions.deliveries(id, DELIVERIES_LISTED)).map(deliveryView) };
  }

  /** A subscription the caller may manage (its own; an administrator any), or undefined — another party's is not found. */
  private async owned(actor: Actor, id: string): Promise<SubscriptionRow | undefined> {
    const row = await this.store.subscriptions.get(id);
    return row && (row.party_id === actor.partyId || actor.role === 'admin') ? row : undefined;
  }

  private async view(r: SubscriptionRow): Promise<SubscriptionView> {
    const pending = await this.store.subscriptions.pending(r.id);
    return {
      id: r.id,
      partyId: r.party_id,
      url: r.url,
      eventTypes: eventTypesOf(r) ?? null,
      status: r.status as SubscriptionView['status'],
      cursorSeq: r.cursor_seq,
      createdAt: r.created_at,
      pending: pending ? deliveryView(pending) : null,
    };
  }
}

/**
 * From which event on a party receives the events about a consignment: undefined for none. The one place that decides
 * who receives what. An agency receives the parcels referred to it (as it reads them: other parties' events blanked).
 *
 * Officers and administrators receive every event. A partner receives the events about a parcel it filed for, from its
 * first filing for it on (its own `filing-received` event, under any consignment id merged into the parcel). That
 * start is a fact of the log, not of the moment the dispatcher looks, so live delivery and a replay send the same events.
 */
export async function receivesFrom(store: Store, party: Receiver, consignmentId: string): Promise<number | undefined> {
  if (readsAll(party.role)) return 0;
  const parcel = await store.subscriptions.parcelOf(consignmentId);
  if (!parcel) return undefined;
  // An agency receives the parcels referred to it, from their first event (reduced as its view of them is).
  if (party.role === 'agency') return parcel.agencies.includes(party.partyId) ? 0 : undefined;
  return store.subscriptions.firstFilingSeq(party.partyId, parcel.ids);
}

/**
 * The body of a delivery. A partner gets an event exactly as the consignment view shows it (`eventForPartner` in
 * consignments.ts: another party's events as type and time only, Clearway's reduced to the decision, no amounts or
 * targeting). Officers and administrators get every event in full.
 */
export function payloadFor(party: Receiver, ids: { deliveryId: string; subscriptionId: string }, e: LoggedEvent, trackingId: string | null): WebhookPayload {
  const full = { seq: e.seq, consignmentId: e.consignmentId, type: e.type, at: e.at, actor: e.actor, data: JSON.parse(e.data) as unknown };
  const shown = readsAll(party.role) ? full : eventForPartner(full, party.partyId);
  return { ...ids, event: shown, ...(trackingId !== null ? { trackingId } : {}) };
}
