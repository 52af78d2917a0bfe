// Reading consignments (with who-may-see-what) and officer or carrier events on them.
import {
  agencyHolds,
  arrive,
  assess,
  conclude,
  correctAssessment,
  decideAsAgency,
  outgoingDeclaration,
  pay,
  recordInspection,
  refer,
  release,
  returnGoods,
  statusChange,
  SYSTEM_ACTOR,
  type AgencyDecision,
  type ConsignmentState,
  type CorrectedAssessment,
  type Effect,
  type InspectionInput,
  type Rules,
} from '../domain/clearance/index.ts';
import type { ClearanceRules } from './clearance-rules.ts';
import type { Consignment, ConsignmentEvent, Status } from '../domain/model/index.ts';
import type { Store } from '../store/index.ts';
import { persistEffects } from './effects.ts';
import { readsAll, seesPersonalData, type Actor } from './roles.ts';
import { maskParty, PERSONAL_DATA_READ, PERSONAL_FIELDS } from '../domain/privacy/index.ts';
import type { PartyData } from '../domain/model/index.ts';

export const eventTypes = [
  'arrival',
  'hold',
  'inspection',
  'release',
  'seize',
  'return-to-sender',
  'destroy',
  'refer',
  'agency-decision',
  'delivery',
  'return',
  'returned',
] as const;
export type EventType = (typeof eventTypes)[number];

const CUSTOMS: readonly Actor['role'][] = ['officer', 'admin'];

/** Which roles may post which event. */
const EVENT_ROLES: Record<EventType, readonly Actor['role'][]> = {
  arrival: ['carrier', 'admin'],
  hold: CUSTOMS,
  inspection: CUSTOMS,
  release: CUSTOMS,
  seize: CUSTOMS,
  'return-to-sender': CUSTOMS,
  destroy: CUSTOMS,
  refer: CUSTOMS,
  'agency-decision': ['agency'],
  delivery: ['carrier', 'admin'],
  return: ['platform', 'carrier', 'admin'],
  returned: ['carrier', 'officer', 'admin'],
};

export interface EventInput {
  at?: string;
  note?: string;
  proofOfExport?: { reference: string; exportedAt: string };
  /** inspection: what the control found. */
  outcome?: InspectionInput;
  /** inspection: the duty and tax the control established, when revenue changes. */
  assessment?: CorrectedAssessment;
  /** refer: the agency's party id. */
  agency?: string;
  /** agency-decision. */
  decision?: AgencyDecision;
}

/** What an event needs besides its type, as the 400 names it. */
const REQUIRED: Partial<Record<EventType, { field: keyof EventInput; message: string }>> = {
  returned: { field: 'proofOfExport', message: 'a return needs its proof of export (reference and exportedAt)' },
  inspection: { field: 'outcome', message: 'an inspection needs its outcome (result, and the control)' },
  refer: { field: 'agency', message: 'a referral names the agency (its party id)' },
  'agency-decision': { field: 'decision', message: 'an agency decision is release, hold or refuse' },
};

/** Who may record a payment of what is due: the payment provider, an officer at the counter, an administrator. */
const PAYMENT_ROLES: readonly Actor['role'][] = ['payment', 'officer', 'revenue-officer', 'admin'];


export interface PaymentInput {
  amount: string;
  currency: string;
  method: 'card' | 'wallet' | 'bank' | 'cash' | 'other';
  reference: string;
}

type Change = { ok: true; state: ConsignmentState; effects: Effect[] } | { ok: false; code: string; message: string; path?: string };

interface ParcelRef {
  id: string;
  trackingId: string | null;
}

export interface MasterResult {
  masterId: string;
  released: ParcelRef[];
  paymentDue: Array<ParcelRef & { dueAtBorder: string; currency: string }>;
  held: Array<ParcelRef & { lane: string }>;
  skipped: Array<ParcelRef & { reason: string }>;
}

export type MasterOutcome = { ok: true; result: MasterResult } | { ok: false; status: 403 | 404; code: string; message: string };

export type EventOutcome =
  | { ok: true; consignment: Consignment }
  | { ok: false; status: 400 | 403 | 404 | 409; code: string; message: string; path?: string };

export class ConsignmentService {
  constructor(
    private readonly store: Store,
    private readonly rules: ClearanceRules,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Whether an actor may see a consignment: officers see all, partners only what they filed for. */
  async maySee(actor: Actor, c: ConsignmentState): Promise<boolean> {
    if (readsAll(actor.role)) return true;
    if (actor.role === 'agency') return referredTo(c, actor);
    return this.store.hasFiledFor(actor.partyId, c.id);
  }

  async get(actor: Actor, id: string): Promise<Consignment | undefined> {
    const c = await this.store.getConsignment(id);
    if (!c || !(await this.maySee(actor, c))) return undefined;
    await this.recordPersonalDataRead(actor, [c]);
    return this.view(c, actor);
  }

  async find(actor: Actor, key: { trackingId?: string; orderId?: string }): Promise<Consignment[]> {
    const found = await this.store.findConsignments(key);
    const shown: ConsignmentState[] = [];
    for (const c of found) if (await this.maySee(actor, c)) shown.push(c);
    await this.recordPersonalDataRead(actor, shown);
    return Promise.all(shown.map((c) => this.view(c, actor)));
  }

  /**
   * An officer's or administrator's read of parcels whose buyer or consignee it is shown unmasked is itself an event
   * (issue 8): recorded, and committed, before the data is answered, so no read goes unlogged; if it cannot be
   * recorded the read fails. Other roles are shown personal data masked or not at all, and their reads are not logged.
   */
  private async recordPersonalDataRead(actor: Actor, shown: readonly ConsignmentState[]): Promise<void> {
    if (!seesPersonalData(actor.role)) return;
    const at = this.clock().toISOString();
    const effects: Effect[] = [];
    for (const c of shown) {
      const fields = PERSONAL_FIELDS.filter((k) => c.fields[k] !== undefined);
      if (fields.length > 0) effects.push({ consignmentId: c.id, type: PERSONAL_DATA_READ, at, actor: actor.partyId, data: { fields } });
    }
    if (effects.length === 0) return;
    await this.store.transaction(async (tx) => persistEffects(tx, await tx.lockChainHead(), effects));
  }

  /**
   * The API view: the stored state plus its event history (including that of consignments merged into it).
   * Officers and administrators see everything. A partner sees what it sent and the decision: its own fields and
   * filings, status, category, lane and score, and of other parties' data only finding codes — a filing that
   * names someone else's tracking id must not become a way to read their buyer's address or payment.
   */
  async view(c: ConsignmentState, actor: Actor): Promise<Consignment> {
    // Reads of personal data are audit records, not steps of the parcel: they stay in the log, out of its timeline.
    const events = (await this.store.eventsOf([c.id, ...c.mergedFrom])).filter((e) => e.type !== PERSONAL_DATA_READ).map(toEventView);
    const { id, trackingId, orderId, status, category, lane, ...rest } = c;
    const full = { id, trackingId, orderId, status, category, lane, ...rest, events } as Consignment;
    if (readsAll(actor.role)) return seesPersonalData(actor.role) ? full : personalDataMasked(full);
    return actor.role === 'agency' ? agencyView(full, actor.partyId) : partnerView(full, actor.partyId, await this.namedOrderId(actor.partyId, c));
  }

  /**
   * Whether the partner itself named the consignment's order id in a filing. The order id is the seller's data: a
   * partner that joined the parcel by its tracking id (a carrier, a rival platform) must not learn it from the view.
   * Reads the filings only when the partner did not supply the order id field itself.
   */
  private async namedOrderId(partyId: string, c: ConsignmentState): Promise<boolean> {
    if (c.orderId === null) return true;
    const field = c.fields.orderId;
    if (field && field.sender === partyId && field.value === c.orderId) return true;
    for (const id of [c.id, ...c.mergedFrom]) {
      for (const f of await this.store.filingsOf(id)) {
        if (f.partyId === partyId && (JSON.parse(f.body) as { orderId?: unknown }).orderId === c.orderId) return true;
      }
    }
    return false;
  }

  async record(actor: Actor, id: string, type: EventType, input: EventInput): Promise<EventOutcome> {
    const need = REQUIRED[type];
    if (need && input[need.field] === undefined) return { ok: false, status: 400, code: 'missing', message: need.message, path: `/${need.field}` };
    // Who may post it first: whether a party id is an agency is no business of a trader's.
    if (!EVENT_ROLES[type].includes(actor.role)) return { ok: false, status: 403, code: 'not-allowed', message: `a party with role ${actor.role} may not record ${type}` };
    if (type === 'refer') {
      const agency = await this.store.getParty(input.agency!);
      if (!agency || agency.role !== 'agency') return { ok: false, status: 400, code: 'not-an-agency', message: `${input.agency} is not a registered agency`, path: '/agency' };
    }
    return this.change(actor, id, EVENT_ROLES[type], `record ${type}`, (current, now) => {
      const data = { event: type, ...(input.at ? { reportedAt: input.at } : {}), ...(input.note ? { note: input.note } : {}) };
      const rules = this.rules.current();
      switch (type) {
        case 'arrival':
          return arrive(current, actor.partyId, rules, now, data);
        case 'release':
          return release(current, actor.partyId, rules, now, data);
        case 'returned':
          return returnGoods(current, input.proofOfExport!, actor.partyId, now);
        case 'inspection':
          return inspectAndCorrect(current, input, actor.partyId, rules, now);
        case 'seize':
          return conclude(current, 'seized', actor.partyId, now, data);
        case 'return-to-sender':
          return conclude(current, 'returned-to-sender', actor.partyId, now, data);
        case 'destroy':
          return conclude(current, 'destroyed', actor.partyId, now, data);
        case 'refer':
          return refer(current, input.agency!, input.note ?? 'referred by an officer', actor.partyId, now);
        case 'agency-decision':
          return afterAgency(decideAsAgency(current, actor.partyId, input.decision!, input.note ?? '', now), rules, now);
        case 'hold':
          return statusChange({ ...current, heldFor: 'officer' }, 'held', actor.partyId, now, data);
        case 'delivery':
          return statusChange(current, 'delivered', actor.partyId, now, data);
        case 'return':
          return statusChange(current, 'return-requested', actor.partyId, now, data);
      }
    });
  }

  /** A payment of the duty and tax due on a parcel (consumer model); the parcel is released once nothing is left to pay. */
  pay(actor: Actor, id: string, payment: PaymentInput): Promise<EventOutcome> {
    return this.change(actor, id, PAYMENT_ROLES, 'record a payment', (current, now) => pay(current, payment, actor.partyId, now));
  }

  /**
   * An outgoing parcel's export declaration (standard 12), in the format origin administrations' declarations are read
   * in: for the officer to send to the administration the parcel goes back to.
   */
  async exportDeclaration(actor: Actor, id: string): Promise<{ ok: true; declaration: unknown } | { ok: false; status: 403 | 404 | 409; code: string; message: string }> {
    if (!readsAll(actor.role)) return { ok: false, status: 403, code: 'not-allowed', message: 'export declarations are prepared by customs officers and administrators' };
    const c = await this.store.getConsignment(id);
    if (!c) return { ok: false, status: 404, code: 'not-found', message: `no consignment ${id}` };
    const events = await this.store.eventsOf([c.id, ...c.mergedFrom]);
    const proof = events
      .map((e) => JSON.parse(e.data) as { to?: string; proofOfExport?: { reference: string; exportedAt: string } })
      .find((d) => d.to === 'returned' && d.proofOfExport)?.proofOfExport;
    const now = this.clock().toISOString();
    const pack = this.rules.revenue.home;
    const out = outgoingDeclaration(c, {
      country: c.assessment?.destination ?? pack.homeCountry,
      authority: `customs of ${c.assessment?.destination ?? pack.homeCountry} (Clearway, ${pack.id})`,
      declarationId: proof?.reference ?? `CW-${c.id}`,
      exportedAt: proof?.exportedAt ?? now,
      now,
    });
    return out.ok ? { ok: true, declaration: out.declaration } : { ok: false, status: 409, code: out.code, message: out.message };
  }

  /** The outcome of a control (officers): feeds the party and route histories at once, and the next model. */
  inspect(actor: Actor, id: string, input: InspectionInput): Promise<EventOutcome> {
    return this.change(actor, id, CUSTOMS, 'record a control outcome', (current, now) => recordInspection(current, input, actor.partyId, now));
  }

  /**
   * A carrier reports the arrival of a whole master (postal dispatch, master air waybill): every parcel under it that
   * the carrier filed for and that has not arrived yet arrives; those in lane release with nothing to pay are released
   * at once (consolidated clearance). One transaction; the answer lists what was released, held or is payment-due.
   */
  async arriveMaster(actor: Actor, masterId: string, input: { at?: string; note?: string }): Promise<MasterOutcome> {
    if (!(['carrier', 'admin'] as const).some((r) => r === actor.role)) {
      return { ok: false, status: 403, code: 'not-allowed', message: `a party with role ${actor.role} may not report arrivals` };
    }
    await this.rules.refresh();
    const now = this.clock().toISOString();
    const ids = await this.store.operations.consignmentsOfMaster(masterId);
    const rules = this.rules.current();
    const data = { event: 'arrival', masterId, ...(input.at ? { reportedAt: input.at } : {}), ...(input.note ? { note: input.note } : {}) };
    const result = await this.store.transaction(async (tx) => {
      const head = await tx.lockChainHead();
      const out: MasterResult = { masterId, released: [], paymentDue: [], held: [], skipped: [] };
      const states: ConsignmentState[] = [];
      const effects: Effect[] = [];
      for (const id of ids) {
        const c = await tx.getConsignment(id);
        if (!c || !(readsAll(actor.role) || (await tx.hasFiledFor(actor.partyId, c.id)))) continue;
        const ref = { id: c.id, trackingId: c.trackingId };
        if (c.status !== 'pre-arrival' && !(c.status === 'held' && c.arrivalRecordedAt === null)) {
          out.skipped.push({ ...ref, reason: `already ${c.status}` });
          continue;
        }
        const arrived = arrive(c, actor.partyId, rules, now, data);
        if (!arrived.ok) {
          out.skipped.push({ ...ref, reason: arrived.message });
          continue;
        }
        states.push(arrived.state);
        effects.push(...arrived.effects);
        const s = arrived.state;
        if (s.status === 'released') out.released.push(ref);
        else if (s.status === 'payment-due') out.paymentDue.push({ ...ref, dueAtBorder: s.liability?.dueAtBorder ?? '0', currency: s.liability?.currency ?? '' });
        else out.held.push({ ...ref, lane: s.lane });
      }
      if (states.length > 0) {
        await tx.upsertConsignments(states);
        await persistEffects(tx, head, effects);
      }
      return { out, states, effects };
    });
    if (result.out.released.length + result.out.paymentDue.length + result.out.held.length + result.out.skipped.length === 0) {
      return { ok: false, status: 404, code: 'not-found', message: `no parcel you filed for travels under master ${masterId}` };
    }
    this.rules.risk.committed(result.states, result.effects, now);
    return { ok: true, result: result.out };
  }

  /** One change to one consignment: locked, applied by a domain function, written with its events and ledger entries. */
  private async change(actor: Actor, id: string, roles: readonly Actor['role'][], what: string, apply: (c: ConsignmentState, now: string) => Change): Promise<EventOutcome> {
    await this.rules.refresh();
    const now = this.clock().toISOString();
    const outcome = await this.store.transaction(async (tx) => {
      // Lock first: the read-modify-write below must not interleave with another writer on PostgreSQL.
      const head = await tx.lockChainHead();
      const current = await tx.getConsignment(id);
      if (!current || !(readsAll(actor.role) || referredTo(current, actor) || (await tx.hasFiledFor(actor.partyId, current.id)))) {
        return { ok: false, status: 404, code: 'not-found', message: `no consignment ${id}` } as const;
      }
      if (!roles.includes(actor.role)) {
        return { ok: false, status: 403, code: 'not-allowed', message: `a party with role ${actor.role} may not ${what}` } as const;
      }
      const next = apply(current, now);
      if (!next.ok) {
        // A malformed amount is the request's fault (400); any other refusal is the consignment's state (409).
        if (next.code === 'invalid-amount' || next.code === 'invalid-control') return { ok: false, status: 400, code: next.code, message: next.message, path: next.path ?? '/amount' } as const;
        return { ok: false, status: 409, code: next.code, message: next.message } as const;
      }
      await tx.upsertConsignments([next.state]);
      await persistEffects(tx, head, next.effects);
      return { ok: true, state: next.state, effects: next.effects } as const;
    });
    if (!outcome.ok) return outcome;
    this.rules.risk.committed([outcome.state], outcome.effects, now);
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

/**
 * A consignment as one partner may see it (see ConsignmentService.view). `namedOrderId`: whether the partner sent the
 * consignment's order id itself; if not, it sees only an order id of its own data (or none).
 */
export function partnerView(c: Consignment, partyId: string, namedOrderId = true): Consignment {
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
  const events = (c.events ?? []).map((e) => eventForPartner(e, partyId));
  // The assessment reveals the goods and their prices: only the party that sent the order data sees it, and the
  // liability only that party and the partner it is charged to (a carrier collecting on delivery, an account holder).
  // The payment provider that filed the buyer's payment sees the debt too: it is the one asked to pay it.
  const senders = c.fields as { items?: { sender: string }; payment?: { sender: string } };
  const orderSender = senders.items?.sender;
  const charged =
    c.liability !== null && (c.liability.partyId === partyId || c.liability.schemePartyId === partyId || senders.payment?.sender === partyId);
  const assessment = orderSender === partyId ? c.assessment : null;
  const liability = orderSender === partyId || charged ? c.liability : null;
  const categoryDecision = orderSender === partyId ? c.categoryDecision : withoutAmounts(c.categoryDecision);
  // That an agency holds the parcel, not why: the referral's reason and the agency's note are between customs and it.
  const referrals = c.referrals.map((r) => ({ agency: r.agency, by: r.by.startsWith('agency-rule:') ? r.by : 'customs', reason: 'referred to the agency', referredAt: r.referredAt, status: r.status }));
  const orderId = namedOrderId ? c.orderId : ((fields.orderId as { value: string } | undefined)?.value ?? null);
  return { ...c, orderId, fields, filings: c.filings.filter((f) => f.sender === partyId), findings, risk: { ...risk, reasons }, events, assessment, liability, categoryDecision, referrals };
}

/** Whether the consignment is referred to this agency (what lets an agency read it, and nothing else does). */
const referredTo = (c: ConsignmentState, actor: Actor): boolean => actor.role === 'agency' && c.referrals.some((r) => r.agency === actor.partyId);

/** The facts an agency needs to decide on the goods: what they are, where from, how they travel. Not who buys or pays. */
const AGENCY_FIELDS: ReadonlySet<string> = new Set(['items', 'contents', 'seller', 'currency', 'grossMassKg', 'service', 'departureCountry', 'destinationCountry', 'expectedArrival', 'arrivedAt', 'transaction']);

/** A consignment as the agency it is referred to sees it: the goods, its own referral and decision, the status. */
/**
 * The view of staff who work on parcels without needing to know who they are for (risk analysts, revenue officers):
 * the buyer and the consignee masked (initials, country, region of the postcode, mail domain), everything else whole.
 */
export function personalDataMasked(c: Consignment): Consignment {
  const fields: Record<string, unknown> = { ...c.fields };
  for (const key of PERSONAL_FIELDS) {
    const f = fields[key] as { value: PartyData } | undefined;
    if (f) fields[key] = { ...f, value: maskParty(f.value) };
  }
  const exp = fields.exportDeclaration as { value: { consignee?: PartyData } } | undefined;
  if (exp?.value.consignee) fields.exportDeclaration = { ...exp, value: { ...exp.value, consignee: maskParty(exp.value.consignee) } };
  return { ...c, fields: fields as Consignment['fields'] };
}

export function agencyView(c: Consignment, agencyId: string): Consignment {
  const fields = Object.fromEntries(Object.entries(c.fields).filter(([k]) => AGENCY_FIELDS.has(k)));
  const events = (c.events ?? []).map((e) => eventForPartner(e, agencyId));
  const { model: _m, shadow: _s, expectedValue: _e, ...risk } = c.risk;
  return {
    ...c,
    fields,
    filings: [],
    findings: [],
    assessment: null,
    liability: null,
    categoryDecision: withoutAmounts(c.categoryDecision),
    risk: { ...risk, reasons: [] },
    referrals: c.referrals.filter((r) => r.agency === agencyId),
    events,
  };
}

/** An inspection's outcome, and the corrected assessment when the control changed the revenue: one step, one transaction. */
function inspectAndCorrect(current: ConsignmentState, input: EventInput, actor: string, rules: Rules, now: string): Change {
  const inspected = recordInspection(current, input.outcome!, actor, now);
  // The outcome sits under /outcome in an event's body.
  if (!inspected.ok) return { ...inspected, path: `/outcome${inspected.path ?? '/amount'}` };
  if (!input.assessment) return inspected;
  const corrected = correctAssessment(inspected.state, input.assessment, actor, now);
  if (!corrected.ok) return corrected;
  // Categorised again on the corrected figures (a gift found to be a sale is no longer "nothing to collect").
  const reassessed = assess(corrected.state, rules, now);
  return { ok: true, state: reassessed.state, effects: [...inspected.effects, ...corrected.effects, ...reassessed.effects] };
}

/**
 * After an agency's decision: when it released the last hold of a parcel held for the agencies alone (customs selected
 * nothing, no officer held it, no control found anything), customs releases it at once — the agency was all it waited for.
 */
function afterAgency(decided: Change, rules: Rules, now: string): Change {
  if (!decided.ok) return decided;
  const s = decided.state;
  // Only a parcel held for the agencies alone: not one an officer held, a control found something in, or customs selected.
  if (s.status !== 'held' || s.heldFor !== 'agency' || agencyHolds(s).length > 0) return decided;
  const released = release(s, SYSTEM_ACTOR, rules, now, { reason: 'every agency released the parcel; customs had nothing to control' });
  if (!released.ok) return decided;
  return { ok: true, state: released.state, effects: [...decided.effects, ...released.effects] };
}

/** What a partner may read of Clearway's own events: the decisions about the parcel, not amounts or targeting. */
const SYSTEM_EVENT_KEYS: Readonly<Record<string, readonly string[]>> = {
  'status-changed': ['from', 'to', 'filingId', 'event'],
  assessed: ['category', 'lane', 'findings', 'packVersion'],
  'risk-decided': ['lane', 'selectedBy'],
  'consignments-merged': ['absorbed'],
};
/** Of a partner's own filing-received event: the filing, and of the assessment it caused, what the consignment view shows it. */
const OWN_FILING_KEYS = ['filingId', 'kind'] as const;

const pick = (data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(keys.filter((k) => data[k] !== undefined).map((k) => [k, data[k]]));

/**
 * An event as a partner (or an agency) may read it, in the consignment view and in webhooks alike: another party's
 * events without their content; Clearway's own events reduced to the decision (status, category, lane, finding
 * codes), never amounts worked out from another party's prices, risk scores, reasons or the liability; its own events
 * whole, except the assessment folded into a filing-received event, reduced like an `assessed` event.
 */
export function eventForPartner<E extends { actor: string; type: string; data: unknown }>(e: E, partyId: string): E {
  const data = (e.data ?? {}) as Record<string, unknown>;
  if (e.actor === SYSTEM_ACTOR) return { ...e, data: pick(data, SYSTEM_EVENT_KEYS[e.type] ?? []) };
  if (e.actor !== partyId) return { ...e, actor: OTHER_PARTY, data: {} };
  if (e.type !== 'filing-received') return e;
  const assessment = data.assessment as Record<string, unknown> | undefined;
  return { ...e, data: { ...pick(data, OWN_FILING_KEYS), ...(assessment ? { assessment: pick(assessment, SYSTEM_EVENT_KEYS.assessed!) } : {}) } };
}

/** The category without the value it was worked out from (for parties that did not send the prices). */
function withoutAmounts(d: Consignment['categoryDecision']): Consignment['categoryDecision'] {
  return d === null ? null : { ...d, intrinsicValue: null, reason: d.category === null ? 'not categorised yet' : `IRG category ${d.category}` };
}
