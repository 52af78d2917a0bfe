// Reading consignments (with who-may-see-what) and officer or carrier events on them.
import { chain } from '../domain/audit/index.ts';
import { arrive, statusChange, type ConsignmentState } from '../domain/clearance/index.ts';
import type { Pack } from '../domain/jurisdiction/index.ts';
import type { Consignment, ConsignmentEvent, Status } from '../domain/model/index.ts';
import type { Store } from '../store/index.ts';
import { readsAll, type Actor } from './roles.ts';

export const eventTypes = ['arrival', 'hold', 'release', 'delivery'] as const;
export type EventType = (typeof eventTypes)[number];

/** Which roles may post which event, and the status it moves the consignment to. */
const EVENT_RULES: Record<EventType, { roles: readonly Actor['role'][]; to: Status }> = {
  arrival: { roles: ['carrier', 'admin'], to: 'arrived' },
  hold: { roles: ['officer', 'admin'], to: 'held' },
  release: { roles: ['officer', 'admin'], to: 'released' },
  delivery: { roles: ['carrier', 'admin'], to: 'delivered' },
};

export type EventOutcome =
  | { ok: true; consignment: Consignment }
  | { ok: false; status: 403 | 404 | 409; code: string; message: string };

export class ConsignmentService {
  constructor(
    private readonly store: Store,
    private readonly pack: Pack,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Whether an actor may see a consignment: officers see all, partners only what they filed for. */
  async maySee(actor: Actor, c: ConsignmentState): Promise<boolean> {
    if (readsAll(actor.role)) return true;
    return this.store.hasFiledFor(actor.partyId, c.id);
  }

  async get(actor: Actor, id: string): Promise<Consignment | undefined> {
    const c = await this.store.getConsignment(id);
    if (!c || !(await this.maySee(actor, c))) return undefined;
    return this.view(c);
  }

  async find(actor: Actor, key: { trackingId?: string; orderId?: string }): Promise<Consignment[]> {
    const found = await this.store.findConsignments(key);
    const visible: Consignment[] = [];
    for (const c of found) if (await this.maySee(actor, c)) visible.push(await this.view(c));
    return visible;
  }

  /** The API view: the stored state plus its event history (including that of consignments merged into it). */
  async view(c: ConsignmentState): Promise<Consignment> {
    const events = await this.store.eventsOf([c.id, ...c.mergedFrom]);
    const { id, trackingId, orderId, status, category, lane, ...rest } = c;
    return { id, trackingId, orderId, status, category, lane, ...rest, events: events.map(toEventView) } as Consignment;
  }

  async record(actor: Actor, id: string, type: EventType, at: string | undefined, note: string | undefined): Promise<EventOutcome> {
    const rule = EVENT_RULES[type];
    const now = this.clock().toISOString();
    const outcome = await this.store.transaction(async (tx) => {
      // Lock first: the read-modify-write below must not interleave with another writer on PostgreSQL.
      const head = await tx.lockChainHead();
      const current = await tx.getConsignment(id);
      if (!current || !(readsAll(actor.role) || (await tx.hasFiledFor(actor.partyId, current.id)))) {
        return { ok: false, status: 404, code: 'not-found', message: `no consignment ${id}` } as const;
      }
      if (!rule.roles.includes(actor.role)) {
        return { ok: false, status: 403, code: 'event-not-allowed', message: `a party with role ${actor.role} may not record ${type}` } as const;
      }
      const data = { event: type, ...(at ? { reportedAt: at } : {}), ...(note ? { note } : {}) };
      const next = type === 'arrival' ? arrive(current, actor.partyId, this.pack, now, data) : statusChange(current, rule.to, actor.partyId, now, data);
      if (!next.ok) return { ok: false, status: 409, code: next.code, message: next.message } as const;
      const events = chain(head, next.effects.map((e) => ({ ...e, data: JSON.stringify(e.data) })));
      await tx.upsertConsignments([next.state]);
      await tx.appendEvents(events);
      const last = events[events.length - 1];
      if (last) await tx.setChainHead({ seq: last.seq, hash: last.hash });
      return { ok: true, state: next.state } as const;
    });
    return outcome.ok ? { ok: true, consignment: await this.view(outcome.state) } : outcome;
  }
}

export const toEventView = (e: { seq: number; type: string; at: string; actor: string; data: string; hash: string }): ConsignmentEvent => ({
  seq: e.seq,
  type: e.type,
  at: e.at,
  actor: e.actor,
  data: JSON.parse(e.data) as unknown,
  hash: e.hash,
});
