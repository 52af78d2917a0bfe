// The intake pipeline: validate → store filing → merge into consignment → categorise → lane → events, one transaction per batch.
import { hash } from 'node:crypto';
import { absorb, applyFiling, newConsignment, type ConsignmentState, type Effect, type Rules } from '../domain/clearance/index.ts';
import type { Filing, FilingRef } from '../domain/model/index.ts';
import { validateFiling, type FieldError } from '../domain/validation/index.ts';
import type { Store, StoredFiling, StoreTx } from '../store/index.ts';
import { canonicalJson } from './canonical.ts';
import { uuidv7 } from './ids.ts';
import { mayFile, type Actor } from './roles.ts';
import { persistEffects } from './effects.ts';
import type { ClearanceRules } from './clearance-rules.ts';
import type { QualityService } from './quality.ts';

export type IntakeResult =
  | { status: 201 | 200; filingId: string; consignmentId: string }
  | { status: 400; filingId: string | null; errors: FieldError[] }
  | { status: 403 | 409; filingId: string; code: string; message: string };

export interface IntakeOutcome {
  results: IntakeResult[];
  /** The consignments as they stand after the batch, by id (those this batch touched or repeated). */
  consignments: Map<string, ConsignmentState>;
}

interface Prepared {
  index: number;
  filing: Filing;
  body: string;
  bodyHash: string;
}

/** One-shot SHA-256 (crypto.hash, Node ≥ 20.12): no Hash object per call on the hot path. */
const sha256 = (s: string): string => hash('sha256', s, 'hex');
const utc = (datetime: string): string => new Date(datetime).toISOString();
const filingIdOf = (input: unknown): string | null => {
  const id = (input as { filingId?: unknown } | null)?.filingId;
  return typeof id === 'string' ? id.slice(0, 64) : null;
};

/** Work waiting for the next transaction: one caller's validated filings and where their results go. */
interface Job {
  sender: Actor;
  prepared: Prepared[];
  results: IntakeResult[];
  consignments: Map<string, ConsignmentState>;
  done: (error?: unknown) => void;
}

/** How far a sender's clock may run ahead of Clearway's. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** A commit takes the waiting jobs up to about this many filings. */
const GROUP_COMMIT_FILINGS = 2000;

export class IntakeService {
  /** Group commit: callers that arrive while a transaction runs share the next one (one commit, one fsync). */
  private readonly waiting: Job[] = [];
  private committing = false;

  constructor(
    private readonly store: Store,
    private readonly rules: ClearanceRules,
    private readonly clock: () => Date = () => new Date(),
    /** Counts refused filings for the partners' feedback (standard 11), after the fact. */
    private readonly quality?: QualityService,
  ) {}

  /** Takes any number of parsed filings from one sender; each gets its own result, in order. */
  async submit(sender: Actor, inputs: readonly unknown[]): Promise<IntakeOutcome> {
    const results: IntakeResult[] = new Array(inputs.length);
    const prepared: Prepared[] = [];
    const latest = this.clock().getTime() + CLOCK_SKEW_MS;
    inputs.forEach((input, index) => {
      const v = validateFiling(input);
      if (!v.ok) {
        results[index] = { status: 400, filingId: filingIdOf(input), errors: v.errors };
      } else if (Date.parse(v.filing.sentAt) > latest) {
        // The later filing wins a field: a sentAt in the future would win it for good.
        results[index] = {
          status: 400,
          filingId: v.filing.filingId,
          errors: [{ path: '/sentAt', code: 'in-the-future', message: `sentAt is more than ${CLOCK_SKEW_MS / 60_000} minutes ahead of Clearway's clock` }],
        };
      } else if (!mayFile(sender.role, v.filing.kind)) {
        results[index] = {
          status: 403,
          filingId: v.filing.filingId,
          code: 'kind-not-allowed',
          message: `a party with role ${sender.role} may not send ${v.filing.kind} filings`,
        };
      } else {
        const body = JSON.stringify(v.filing);
        prepared.push({ index, filing: v.filing, body, bodyHash: sha256(body) });
      }
    });
    const consignments = new Map<string, ConsignmentState>();
    if (prepared.length > 0) {
      await new Promise<void>((resolve, reject) => {
        this.waiting.push({ sender, prepared, results, consignments, done: (e) => (e === undefined ? resolve() : reject(e)) });
        if (!this.committing) void this.commitWaiting();
      });
    }
    this.quality?.countRejections(sender.partyId, results);
    return { results, consignments };
  }

  /** Commits the waiting jobs, a group per transaction, until none wait. Results are answered only after commit. */
  private async commitWaiting(): Promise<void> {
    this.committing = true;
    try {
      while (this.waiting.length > 0) {
        // One turn of the event loop first: requests already received are parsed and join this commit.
        await new Promise<void>((resolve) => setImmediate(resolve));
        let n = 0;
        let take = 0;
        while (take < this.waiting.length && (take === 0 || n + this.waiting[take]!.prepared.length <= GROUP_COMMIT_FILINGS)) {
          n += this.waiting[take]!.prepared.length;
          take++;
        }
        const jobs = this.waiting.splice(0, take);
        try {
          await this.commit(jobs);
          for (const j of jobs) j.done();
        } catch (e) {
          if (jobs.length === 1) {
            jobs[0]!.done(e ?? new Error('intake transaction failed'));
            continue;
          }
          // One caller's failure must not fail the others that shared its transaction: each on its own.
          for (const j of jobs) {
            j.consignments.clear(); // results are rewritten for every prepared filing
            await this.commit([j]).then(() => j.done(), (err: unknown) => j.done(err ?? new Error('intake transaction failed')));
          }
        }
      }
    } finally {
      this.committing = false;
    }
  }

  private async commit(jobs: Job[]): Promise<void> {
    await this.rules.refresh();
    const now = this.clock().toISOString();
    const rules = this.rules.current();
    const batches = jobs.map((j) => new Batch(rules, j.sender, now, j.results, j.consignments));
    await this.store.transaction(async (tx) => {
      for (let i = 0; i < jobs.length; i++) await batches[i]!.run(tx, jobs[i]!.prepared);
    });
    // Committed: the risk engine's memory learns the new parcels (buyers, decisions) at once.
    for (const b of batches) this.rules.risk.committed(b.written.values(), b.effects, now);
  }
}

/** One batch inside one transaction: the in-memory index of the consignments it touches, then one write per table. */
class Batch {
  private readonly states = new Map<string, ConsignmentState>();
  private readonly byTracking = new Map<string, string>();
  private readonly byOrder = new Map<string, string[]>();
  private readonly dirty = new Set<string>();
  private readonly retired = new Map<string, string>();
  /** The events this batch wrote (read after commit). */
  readonly effects: Effect[] = [];
  private readonly newFilings: StoredFiling[] = [];
  private readonly seen = new Map<string, StoredFiling>();

  private tx!: StoreTx;

  constructor(
    private readonly rules: Rules,
    private readonly sender: Actor,
    private readonly now: string,
    private readonly results: IntakeResult[],
    private readonly out: Map<string, ConsignmentState>,
  ) {}

  /** The consignments this batch wrote (read after commit). */
  get written(): ReadonlyMap<string, ConsignmentState> {
    return this.out;
  }

  async run(tx: StoreTx, prepared: Prepared[]): Promise<void> {
    this.tx = tx;
    const head = await this.tx.lockChainHead();
    const ids = [...new Set(prepared.map((p) => p.filing.filingId))];
    for (const f of await this.tx.findFilings(this.sender.partyId, ids)) this.seen.set(f.filingId, f);
    const trackingIds: string[] = [];
    const orderIds: string[] = [];
    for (const { filing } of prepared) {
      if (this.seen.has(filing.filingId)) continue;
      if (filing.trackingId) trackingIds.push(filing.trackingId);
      if (filing.orderId) orderIds.push(filing.orderId);
    }
    const found = await this.tx.findConsignmentsByKeys(trackingIds, orderIds);
    found.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1)).forEach((c) => this.index(c));

    for (const p of prepared) this.results[p.index] = this.accept(p);

    const repeatedIds = new Set<string>();
    for (const r of this.results) if (r?.status === 200) repeatedIds.add(r.consignmentId);
    for (const id of repeatedIds) {
      const c = this.states.get(id) ?? (await this.tx.getConsignment(id));
      if (c) this.out.set(id, c);
    }
    if (this.newFilings.length === 0) return;

    const retired = [...this.retired.keys()].map((id) => this.states.get(id)!);
    await this.tx.upsertConsignments(retired);
    await this.tx.markMerged([...this.retired].map(([id, into]) => ({ id, into })));
    const live = [...this.dirty].filter((id) => !this.retired.has(id)).map((id) => this.states.get(id)!);
    await this.tx.upsertConsignments(live);
    await this.tx.insertFilings(this.newFilings);
    await persistEffects(this.tx, head, this.effects);
    for (const c of live) this.out.set(c.id, c);
  }

  private accept(p: Prepared): IntakeResult {
    const { filing } = p;
    const earlier = this.seen.get(filing.filingId);
    if (earlier) {
      const same = earlier.bodyHash === p.bodyHash || canonicalJson(JSON.parse(earlier.body)) === canonicalJson(filing);
      if (!same) {
        return {
          status: 409,
          filingId: filing.filingId,
          code: 'filing-id-reused',
          message: `filingId ${filing.filingId} was already used for a different filing (received ${earlier.receivedAt})`,
        };
      }
      return { status: 200, filingId: filing.filingId, consignmentId: this.live(earlier.consignmentId) };
    }

    const { id, created, absorbs } = this.resolve(filing);
    const ref: FilingRef = {
      filingId: filing.filingId,
      kind: filing.kind,
      sender: this.sender.partyId,
      sentAt: utc(filing.sentAt),
      receivedAt: this.now,
    };
    // Consignments this filing shows to be the same parcel are folded in first, but only kept if the filing is.
    let base = this.states.get(id)!;
    const absorbEffects: Effect[] = [];
    for (const other of absorbs) {
      const merged = absorb(base, this.states.get(other)!, this.rules, this.now);
      base = merged.state;
      absorbEffects.push(...merged.effects);
    }
    const applied = applyFiling(base, filing, ref, this.rules, this.now);
    if (!applied.ok) {
      if (created) this.forget(id);
      return { status: 409, filingId: filing.filingId, code: applied.code, message: applied.message };
    }
    for (const other of absorbs) this.retire(other, id);
    this.effects.push(...absorbEffects);
    this.states.set(id, applied.state);
    this.index(applied.state);
    this.dirty.add(id);
    this.effects.push(...applied.effects);
    const stored: StoredFiling = {
      partyId: this.sender.partyId,
      filingId: filing.filingId,
      kind: filing.kind,
      consignmentId: id,
      sentAt: ref.sentAt,
      receivedAt: this.now,
      body: p.body,
      bodyHash: p.bodyHash,
    };
    this.newFilings.push(stored);
    this.seen.set(filing.filingId, stored);
    return { status: 201, filingId: filing.filingId, consignmentId: id };
  }

  /**
   * Which consignment a filing belongs to. The tracking id names one parcel; an order id may span several parcels
   * (a split order), so it joins a consignment only when that one has no tracking id yet, or the filing has none.
   */
  private resolve(filing: Filing): { id: string; created: boolean; absorbs: string[] } {
    const tracking = filing.trackingId;
    const order = filing.orderId;
    const orderMates = order ? (this.byOrder.get(order) ?? []) : [];
    const untracked = orderMates.filter((id) => this.states.get(id)!.trackingId === null);
    const known = tracking !== undefined ? this.byTracking.get(tracking) : undefined;
    if (known) return { id: known, created: false, absorbs: untracked.filter((other) => other !== known) };
    if (tracking !== undefined && untracked.length > 0) {
      const [first, ...rest] = untracked as [string, ...string[]];
      return { id: first, created: false, absorbs: rest };
    }
    if (tracking === undefined && orderMates.length > 0) return { id: orderMates[0]!, created: false, absorbs: [] };
    const fresh = newConsignment(uuidv7(), this.now);
    this.states.set(fresh.id, fresh);
    return { id: fresh.id, created: true, absorbs: [] };
  }

  /** A consignment absorbed into another: it keeps its row (without keys) and its filings move to the survivor. */
  private retire(other: string, into: string): void {
    this.states.set(other, { ...this.states.get(other)!, trackingId: null, orderId: null });
    this.retired.set(other, into);
    for (const f of this.newFilings) if (f.consignmentId === other) f.consignmentId = into;
    this.unindex(other);
  }

  /** The surviving consignment for an id that may have been absorbed in this batch. */
  private live(id: string): string {
    let current = id;
    while (this.retired.has(current)) current = this.retired.get(current)!;
    return current;
  }

  private index(c: ConsignmentState): void {
    this.states.set(c.id, c);
    if (c.trackingId) this.byTracking.set(c.trackingId, c.id);
    if (c.orderId) {
      const list = this.byOrder.get(c.orderId) ?? [];
      if (!list.includes(c.id)) list.push(c.id);
      this.byOrder.set(c.orderId, list);
    }
  }

  private unindex(id: string): void {
    for (const [t, cid] of this.byTracking) if (cid === id) this.byTracking.delete(t);
    for (const [o, list] of this.byOrder) {
      const rest = list.filter((x) => x !== id);
      if (rest.length) this.byOrder.set(o, rest);
      else this.byOrder.delete(o);
    }
  }

  private forget(id: string): void {
    this.states.delete(id);
    this.unindex(id);
  }
}
