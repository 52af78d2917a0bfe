// Reading consignments (with who-may-see-what) and officer or carrier events on them.
import { arrive, pay, recordInspection, release, returnGoods, statusChange, SYSTEM_ACTOR, type ConsignmentState, type Effect, type InspectionInput } from '../domain/clearance/index.ts';
import type { Consignment, ConsignmentEvent, Status } from '../domain/model/index.ts';
import type { Store } from '../store/index.ts';
import { persistEffects } from './effects.ts';
import type { RevenueService } from './revenue.ts';
import type { RiskRuntime } from './risk-runtime.ts';
import { readsAll, type Actor } from './roles.ts';

export const eventTypes = ['arrival', 'hold', 'release', 'delivery', 'returned'] as const;
export type EventType = (typeof eventTypes)[number];

/** Which roles may post which event, and the status it moves the consignment to. */
const EVENT_RULES: Record<EventType, { roles: readonly Actor['role'][]; to: Status }> = {
  arrival: { roles: ['carrier', 'admin'], to: 'arrived' },
  hold: { roles: ['officer', 'admin'], to: 'held' },
  release: { roles: ['officer', 'admin'], to: 'released' },
  delivery: { roles: ['carrier', 'admin'], to: 'delivered' },
  returned: { roles: ['carrier', 'officer', 'admin'], to: 'returned' },
};

/** Who may record a payment of what is due: the payment provider, an officer at the counter, an administrator. */
const PAYMENT_ROLES: readonly Actor['role'][] = ['payment', 'officer', 'admin'];

/** Who records what a control found: customs officers and administrators. */
const INSPECTION_ROLES: readonly Actor['role'][] = ['officer', 'admin'];

export interface PaymentInput {
  amount: string;
  currency: string;
  method: 'card' | 'wallet' | 'bank' | 'cash' | 'other';
  reference: string;
}

type Change = { ok: true; state: ConsignmentState; effects: Effect[] } | { ok: false; code: string; message: string };

export type EventOutcome =
  | { ok: true; consignment: Consignment }
  | { ok: false; status: 400 | 403 | 404 | 409; code: string; message: string; path?: string };

export class ConsignmentService {
  constructor(
    private readonly store: Store,
    private readonly revenue: RevenueService,
    private readonly risk: RiskRuntime,
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
    return this.view(c, actor);
  }

  async find(actor: Actor, key: { trackingId?: string; orderId?: string }): Promise<Consignment[]> {
    const found = await this.store.findConsignments(key);
    const visible: Consignment[] = [];
    for (const c of found) if (await this.maySee(actor, c)) visible.push(await this.view(c, actor));
    return visible;
  }

  /**
   * The API view: the stored state plus its event history (including that of consignments merged into it).
   * Officers and administrators see everything. A partner sees what it sent and the decision: its own fields and
   * filings, status, category, lane and score, and of other parties' data only finding codes — a filing that
   * names someone else's tracking id must not become a way to read their buyer's address or payment.
   */
  async view(c: ConsignmentState, actor: Actor): Promise<Consignment> {
    const events = (await this.store.eventsOf([c.id, ...c.mergedFrom])).map(toEventView);
    const { id, trackingId, orderId, status, category, lane, ...rest } = c;
    const full = { id, trackingId, orderId, status, category, lane, ...rest, events } as Consignment;
    return readsAll(actor.role) ? full : partnerView(full, actor.partyId);
  }

  async record(
    actor: Actor,
    id: string,
    type: EventType,
    input: { at?: string; note?: string; proofOfExport?: { reference: string; exportedAt: string } },
  ): Promise<EventOutcome> {
    const rule = EVENT_RULES[type];
    if (type === 'returned' && !input.proofOfExport) {
      return { ok: false, status: 400, code: 'missing', message: 'a return needs its proof of export (reference and exportedAt)', path: '/proofOfExport' };
    }
    return this.change(actor, id, rule.roles, `record ${type}`, (current, now) => {
      const data = { event: type, ...(input.at ? { reportedAt: input.at } : {}), ...(input.note ? { note: input.note } : {}) };
      const rules = { ...this.revenue.rules(), risk: this.risk.judge };
      if (type === 'arrival') return arrive(current, actor.partyId, rules, now, data);
      if (type === 'release') return release(current, actor.partyId, rules, now, data);
      if (type === 'returned') return returnGoods(current, input.proofOfExport!, actor.partyId, now);
      return statusChange(current, rule.to, actor.partyId, now, data);
    });
  }

  /** A payment of the duty and tax due on a parcel (consumer model); the parcel is released once nothing is left to pay. */
  pay(actor: Actor, id: string, payment: PaymentInput): Promise<EventOutcome> {
    return this.change(actor, id, PAYMENT_ROLES, 'record a payment', (current, now) => pay(current, payment, actor.partyId, now));
  }

  /** The outcome of a control (officers): feeds the party and route histories at once, and the next model. */
  inspect(actor: Actor, id: string, input: InspectionInput): Promise<EventOutcome> {
    return this.change(actor, id, INSPECTION_ROLES, 'record a control outcome', (current, now) => recordInspection(current, input, actor.partyId, now));
  }

  /** One change to one consignment: locked, applied by a domain function, written with its events and ledger entries. */
  private async change(actor: Actor, id: string, roles: readonly Actor['role'][], what: string, apply: (c: ConsignmentState, now: string) => Change): Promise<EventOutcome> {
    await Promise.all([this.revenue.refresh(), this.risk.refresh()]);
    const now = this.clock().toISOString();
    const outcome = await this.store.transaction(async (tx) => {
      // Lock first: the read-modify-write below must not interleave with another writer on PostgreSQL.
      const head = await tx.lockChainHead();
      const current = await tx.getConsignment(id);
      if (!current || !(readsAll(actor.role) || (await tx.hasFiledFor(actor.partyId, current.id)))) {
        return { ok: false, status: 404, code: 'not-found', message: `no consignment ${id}` } as const;
      }
      if (!roles.includes(actor.role)) {
        return { ok: false, status: 403, code: 'not-allowed', message: `a party with role ${actor.role} may not ${what}` } as const;
      }
      const next = apply(current, now);
      if (!next.ok) {
        // A malformed amount is the request's fault (400); any other refusal is the consignment's state (409).
        if (next.code === 'invalid-amount') return { ok: false, status: 400, code: next.code, message: next.message, path: '/amount' } as const;
        return { ok: false, status: 409, code: next.code, message: next.message } as const;
      }
      await tx.upsertConsignments([next.state]);
      await persistEffects(tx, head, next.effects);
      return { ok: true, state: next.state, effects: next.effects } as const;
    });
    if (!outcome.ok) return outcome;
    this.risk.committed([outcome.state], outcome.effects, now);
    return { ok: true, consignment: await this.view(outcome.state, actor) };
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

const OTHER_PARTY = 'another party';
const FINDING = 'finding:';

/** A consignment as one partner may see it (see ConsignmentService.view). */
export function partnerView(c: Consignment, partyId: string): Consignment {
  const own = new Set(c.filings.filter((f) => f.sender === partyId).map((f) => f.filingId));
  const mine = (sources: readonly string[]) => sources.length > 0 && sources.every((s) => own.has(s));
  const fields = Object.fromEntries(Object.entries(c.fields).filter(([, v]) => (v as { sender: string }).sender === partyId));
  const findings = c.findings.map((f) => (mine(f.sources) ? f : { ...f, message: `compares your data with ${OTHER_PARTY}'s`, sources: f.sources.filter((s) => own.has(s)) }));
  const byCode = new Map(findings.map((f) => [f.code, f.message]));
  // Targeting rules, indicators and the model are customs' own: a partner sees only the findings about its data.
  const { model: _model, shadow: _shadow, expectedValue: _ev, ...risk } = c.risk;
  const reasons = c.risk.reasons
    .filter((r) => r.code.startsWith(FINDING))
    .map((r) => ({ ...r, message: byCode.get(r.code.slice(FINDING.length)) ?? r.message }));
  const events = (c.events ?? []).map((e) =>
    e.actor === partyId || e.actor === SYSTEM_ACTOR ? e : { ...e, actor: OTHER_PARTY, data: {} },
  );
  // The assessment reveals the goods and their prices: only the party that sent the order data sees it, and the
  // liability only that party and the partner it is charged to (a carrier collecting on delivery, an account holder).
  // The payment provider that filed the buyer's payment sees the debt too: it is the one asked to pay it.
  const senders = c.fields as { items?: { sender: string }; payment?: { sender: string } };
  const orderSender = senders.items?.sender;
  const charged =
    c.liability !== null && (c.liability.partyId === partyId || c.liability.schemePartyId === partyId || senders.payment?.sender === partyId);
  const assessment = orderSender === partyId ? c.assessment : null;
  const liability = orderSender === partyId || charged ? c.liability : null;
  return { ...c, fields, filings: c.filings.filter((f) => f.sender === partyId), findings, risk: { ...risk, reasons }, events, assessment, liability };
}
