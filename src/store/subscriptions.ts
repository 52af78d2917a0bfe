// Subscription persistence: the subscriptions with their cursor and lease, the deliveries with their attempts, and the
// reads of the event log the dispatcher needs.
import type { ChainedEvent } from '../domain/audit/index.ts';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { DeliveriesTable, SubscriptionsTable } from './schema-subscriptions.ts';

export type SubscriptionRow = SubscriptionsTable;
export type DeliveryRow = DeliveriesTable;

/** An event as the dispatcher reads it (data as stored, JSON text). */
export type LoggedEvent = Pick<ChainedEvent, 'seq' | 'consignmentId' | 'type' | 'at' | 'actor' | 'data'>;

const sub = (r: SubscriptionsTable): SubscriptionRow => ({ ...r, cursor_seq: Number(r.cursor_seq) });
const delivery = (r: DeliveriesTable): DeliveryRow => ({ ...r, seq: Number(r.seq), attempts: Number(r.attempts), last_status: r.last_status === null ? null : Number(r.last_status) });
const changed = (r: { numUpdatedRows?: bigint; numDeletedRows?: bigint } | undefined): number => Number(r?.numUpdatedRows ?? r?.numDeletedRows ?? 0n);

export class SubscriptionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: SubscriptionRow): Promise<void> {
    await this.db.insertInto('subscriptions').values(row).execute();
  }

  async get(id: string): Promise<SubscriptionRow | undefined> {
    const r = await this.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    return r && sub(r);
  }

  /** A party's subscriptions, or every one (`partyId` undefined), oldest first. */
  async list(partyId: string | undefined): Promise<SubscriptionRow[]> {
    let q = this.db.selectFrom('subscriptions').selectAll();
    if (partyId !== undefined) q = q.where('party_id', '=', partyId);
    return (await q.orderBy('created_at').orderBy('id').execute()).map(sub);
  }

  async count(partyId: string): Promise<number> {
    const r = await this.db.selectFrom('subscriptions').select((eb) => eb.fn.countAll<number>().as('n')).where('party_id', '=', partyId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The subscription and its deliveries; false when there was none. */
  remove(id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('deliveries').where('subscription_id', '=', id).execute();
      return changed(await trx.deleteFrom('subscriptions').where('id', '=', id).executeTakeFirst()) > 0;
    });
  }

  async setStatus(id: string, status: 'active' | 'paused'): Promise<void> {
    await this.db.updateTable('subscriptions').set({ status }).where('id', '=', id).execute();
  }

  /**
   * Deliver again from an event on: the cursor moves to just before it and the delivery under way (if any) is dropped,
   * so a node finishing it cannot move the cursor past the replay (its conditional update finds no row).
   */
  replay(id: string, cursor: number): Promise<void> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('deliveries').where('subscription_id', '=', id).where('delivered_at', 'is', null).execute();
      await trx.updateTable('subscriptions').set({ cursor_seq: cursor }).where('id', '=', id).execute();
    });
  }

  /** The delivery under way (not yet answered with a 2xx), if any. */
  async pending(subscriptionId: string): Promise<DeliveryRow | undefined> {
    const r = await this.db.selectFrom('deliveries').selectAll().where('subscription_id', '=', subscriptionId).where('delivered_at', 'is', null).executeTakeFirst();
    return r && delivery(r);
  }

  /** The latest deliveries of a subscription, newest first. */
  async deliveries(subscriptionId: string, limit: number): Promise<DeliveryRow[]> {
    const rows = await this.db.selectFrom('deliveries').selectAll().where('subscription_id', '=', subscriptionId).orderBy('seq', 'desc').orderBy('created_at', 'desc').limit(limit).execute();
    return rows.map(delivery);
  }

  /**
   * Active subscriptions with something to do (events after the cursor, and no delivery waiting for its next attempt)
   * that no other node holds, the furthest behind first.
   */
  async candidates(node: string, now: string, headSeq: number, limit: number): Promise<SubscriptionRow[]> {
    const rows = await this.db
      .selectFrom('subscriptions as s')
      .leftJoin('deliveries as d', (j) => j.onRef('d.subscription_id', '=', 's.id').on('d.delivered_at', 'is', null))
      .selectAll('s')
      .where('s.status', '=', 'active')
      .where('s.cursor_seq', '<', headSeq)
      .where((eb) => eb.or([eb('s.lease_owner', 'is', null), eb('s.lease_owner', '=', node), eb('s.lease_until', '<', now)]))
      .where((eb) => eb.or([eb('d.id', 'is', null), eb('d.next_attempt_at', '<=', now)]))
      .orderBy('s.cursor_seq')
      .orderBy('s.id')
      .limit(limit)
      .execute();
    return rows.map(sub);
  }

  /** Take or renew the lease of an active subscription: true when this node now holds it until `until`. */
  async lease(id: string, node: string, now: string, until: string): Promise<boolean> {
    const r = await this.db
      .updateTable('subscriptions')
      .set({ lease_owner: node, lease_until: until })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', node), eb('lease_until', '<', now)]))
      .executeTakeFirst();
    return changed(r) > 0;
  }

  /** Give up this node's leases (it stops): other nodes may take them at once. */
  async releaseLeases(node: string): Promise<void> {
    await this.db.updateTable('subscriptions').set({ lease_owner: null, lease_until: null }).where('lease_owner', '=', node).execute();
  }

  /** Move the cursor over events that are not for this subscription, if it is still where the caller saw it. */
  async advance(id: string, from: number, to: number): Promise<boolean> {
    return changed(await this.db.updateTable('subscriptions').set({ cursor_seq: to }).where('id', '=', id).where('cursor_seq', '=', from).executeTakeFirst()) > 0;
  }

  /**
   * Start delivering event `seq`: the cursor moves to just before it (the events skipped were not for this
   * subscription) and the delivery row is created — only if the cursor is still where the caller saw it and no other
   * delivery is under way (the partial unique index). Undefined when something changed meanwhile.
   */
  async startDelivery(subscriptionId: string, from: number, seq: number, id: string, now: string): Promise<DeliveryRow | undefined> {
    const row: DeliveryRow = { id, subscription_id: subscriptionId, seq, attempts: 0, last_status: null, last_error: null, next_attempt_at: now, created_at: now, delivered_at: null };
    try {
      return await this.db.transaction().execute(async (trx) => {
        const moved = await trx
          .updateTable('subscriptions')
          .set({ cursor_seq: seq - 1 })
          .where('id', '=', subscriptionId)
          .where('cursor_seq', '=', from)
          .where('status', '=', 'active')
          .executeTakeFirst();
        if (changed(moved) === 0) return undefined;
        await trx.insertInto('deliveries').values(row).execute();
        return row;
      });
    } catch (e) {
      if (await this.pending(subscriptionId)) return undefined;
      throw e;
    }
  }

  /**
   * A 2xx answered: the delivery is done and the cursor passes the event, in one transaction. False (nothing written)
   * when the delivery was dropped meanwhile (replay, deletion) or finished by another node.
   */
  delivered(d: DeliveryRow, status: number, now: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('deliveries')
        .set({ delivered_at: now, attempts: d.attempts + 1, last_status: status, last_error: null })
        .where('id', '=', d.id)
        .where('delivered_at', 'is', null)
        .executeTakeFirst();
      if (changed(done) === 0) return false;
      await trx.updateTable('subscriptions').set({ cursor_seq: d.seq }).where('id', '=', d.subscription_id).where('cursor_seq', '=', d.seq - 1).execute();
      return true;
    });
  }

  /** An attempt failed: count it, say why, and when to try again. */
  async failed(d: DeliveryRow, status: number | null, error: string, nextAttemptAt: string): Promise<void> {
    await this.db
      .updateTable('deliveries')
      .set({ attempts: d.attempts + 1, last_status: status, last_error: error.slice(0, 500), next_attempt_at: nextAttemptAt })
      .where('id', '=', d.id)
      .where('delivered_at', 'is', null)
      .execute();
  }

  /** Forget deliveries answered before a moment (the undelivered ones stay whatever their age). */
  async prune(before: string): Promise<number> {
    return changed(await this.db.deleteFrom('deliveries').where('delivered_at', '<', before).executeTakeFirst());
  }

  /** Events after `after` up to `upTo` (both seqs), oldest first, of the given types (all when undefined). */
  async eventsAfter(after: number, upTo: number, limit: number, types?: readonly string[]): Promise<LoggedEvent[]> {
    let q = this.db
      .selectFrom('events')
      .select(['seq', 'consignment_id', 'type', 'at', 'actor', 'data'])
      .where('seq', '>', after)
      .where('seq', '<=', upTo);
    if (types) q = q.where('type', 'in', types);
    const rows = await q.orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({ seq: Number(r.seq), consignmentId: r.consignment_id, type: r.type, at: r.at, actor: r.actor, data: r.data }));
  }

  async eventAt(seq: number): Promise<LoggedEvent | undefined> {
    return (await this.eventsAfter(seq - 1, seq, 1))[0];
  }

  /**
   * The parcel an event's consignment is now part of: the surviving consignment's id and tracking id, and every id
   * its events are recorded under (its own and those of the consignments merged into it).
   */
  async parcelOf(consignmentId: string): Promise<{ id: string; trackingId: string | null; ids: string[]; agencies: string[] } | undefined> {
    let id = consignmentId;
    for (let hops = 0; hops < 8; hops++) {
      const row = await this.db.selectFrom('consignments').select(['id', 'tracking_id', 'merged_into', 'doc']).where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      if (row.merged_into === null) {
        const doc = JSON.parse(row.doc) as { mergedFrom?: string[]; referrals?: Array<{ agency: string }> };
        const merged = doc.mergedFrom ?? [];
        return { id: row.id, trackingId: row.tracking_id, ids: [row.id, ...merged], agencies: (doc.referrals ?? []).map((r) => r.agency) };
      }
      id = row.merged_into;
    }
    return undefined;
  }

  /** The seq of a party's first filing among these consignments' events (its `filing-received` event), if any. */
  async firstFilingSeq(partyId: string, consignmentIds: readonly string[]): Promise<number | undefined> {
    if (consignmentIds.length === 0) return undefined;
    const r = await this.db
      .selectFrom('events')
      .select((eb) => eb.fn.min('seq').as('first'))
      .where('consignment_id', 'in', consignmentIds)
      .where('actor', '=', partyId)
      .where('type', '=', 'filing-received')
      .executeTakeFirst();
    return r?.first === null || r?.first === undefined ? undefined : Number(r.first);
  }
}
