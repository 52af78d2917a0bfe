// The intake pipeline: validate → store filing → merge into consignment → categorise → lane → events, one transaction per batch.
import { hash } from 'node:crypto';
import { absorb, applyFiling, newConsignment, type ConsignmentState, type Effect, type Rules } from '../domain/clearance/index.ts';
import type { Filing, FilingRef } from '../domain/model/index.ts';
import { validateFiling, type FieldError } from '../domain/validation/index.ts';
import type { Store, StoredFiling, StoreReader, StoreTx } from '../store/index.ts';
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
  /** Batches worked out again under the lock because another writer changed what they had read (tests read it). */
  replanned = 0;

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

  /**
   * Commits the waiting jobs, a group per transaction, until none wait. Results are answered only after commit. While
   * one group's transaction runs, the next group is worked out (a pipeline of two: the CPU work of one overlaps the
   * database work of the other; on SQLite, whose one connection the transaction holds, the next group's reads wait).
   */
  private async commitWaiting(): Promise<void> {
    this.committing = true;
    try {
      let ahead: { jobs: Job[]; planning: Promise<Planned> } | undefined;
      while (this.waiting.length > 0 || ahead) {
        let current = ahead;
        ahead = undefined;
        if (!current) {
          // One turn of the event loop first: requests already received are parsed and join this commit.
          await new Promise<void>((resolve) => setImmediate(resolve));
          const jobs = this.take();
          current = { jobs, planning: this.plan(jobs) };
        }
        const settling = this.settle(current.jobs, current.planning);
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.waiting.length > 0) {
          const jobs = this.take();
          ahead = { jobs, planning: this.plan(jobs) };
          ahead.planning.catch(() => {}); // handled when its turn comes (settle)
        }
        await settling;
      }
    } finally {
      this.committing = false;
    }
  }

  /** The next group: waiting jobs up to about GROUP_COMMIT_FILINGS filings (at least one job). */
  private take(): Job[] {
    let n = 0;
    let take = 0;
    while (take < this.waiting.length && (take === 0 || n + this.waiting[take]!.prepared.length <= GROUP_COMMIT_FILINGS)) {
      n += this.waiting[take]!.prepared.length;
      take++;
    }
    return this.waiting.splice(0, take);
  }

  /** Commits a group and answers its callers; one caller's failure must not fail the others that shared its transaction. */
  private async settle(jobs: Job[], planning: Promise<Planned>): Promise<void> {
    try {
      await this.commit(await planning);
      for (const j of jobs) j.done();
    } catch (e) {
      if (jobs.length === 1) {
        jobs[0]!.done(e ?? new Error('intake transaction failed'));
        return;
      }
      for (const j of jobs) {
        j.consignments.clear(); // results are rewritten for every prepared filing
        await this.plan([j])
          .then((p) => this.commit(p))
          .then(
            () => j.done(),
            (err: unknown) => j.done(err ?? new Error('intake transaction failed')),
          );
      }
    }
  }

  /**
   * Works each job's batch out, outside any transaction: the reads, merging, duty, risk (the CPU work). `commit` then
   * checks under the chain-head lock that what each batch read is unchanged and writes it. So nodes overlap their work
   * and hold the cluster-wide lock only to check and write (docs/architecture.md, "Several nodes on one database").
   */
  private async plan(jobs: Job[]): Promise<Planned> {
    await this.rules.refresh();
    const now = this.clock().toISOString();
    const rules = this.rules.current();
    const batch = (j: Job) => new Batch(rules, j.sender, now, j.results, j.consignments);
    const batches = jobs.map(batch);
    const reader = this.store.reader();
    for (let i = 0; i < jobs.length; i++) await batches[i]!.plan(reader, jobs[i]!.prepared);
    return { jobs, batches, now, batch };
  }

  /**
   * One transaction for a planned group: the chain-head lock, then per batch the check that what it read is unchanged
   * (no filing of its ids stored since, the consignments it found still at the versions it found, no new one holding
   * its keys) and its writes. A batch that meets a change (another node's, or an earlier batch's of this group) is
   * worked out again under the lock.
   */
  private async commit(p: Planned): Promise<void> {
    const { jobs, batches } = p;
    let replanned = 0;
    await this.store.transaction(async (tx) => {
      const head = await tx.lockChainHead();
      for (let i = 0; i < jobs.length; i++) {
        if (!(await batches[i]!.unchanged(tx))) {
          jobs[i]!.consignments.clear();
          batches[i] = p.batch(jobs[i]!);
          await batches[i]!.plan(tx, jobs[i]!.prepared);
          replanned++;
        }
        await batches[i]!.write(tx, i === 0 ? head : await tx.lockChainHead());
      }
    });
    this.replanned += replanned;
    // Committed: the risk engine's memory learns the new parcels (buyers, decisions) at once.
    for (const b of batches) this.rules.risk.committed(b.written.values(), b.effects, p.now);
  }
}

/** A group of jobs worked out and ready to commit. */
interface Planned {
  jobs: Job[];
  batches: Batch[];
  now: string;
  /** A fresh batch for a job (to work it out again under the lock). */
  batch: (j: Job) => Batch;
}

/** One batch: worked out in memory from the consignments it touches (`plan`), then one write per table (`write`). */
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
  /** What `plan` read from the store: the filings found (id → consignment), the keys looked up, the versions found. */
  private readonly read = { filings: new Map<string, string>(), trackingIds: [] as string[], orderIds: [] as string[], versions: new Map<string, number>() };
  private prepared: Prepared[] = [];

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

  /** Works the batch out: reads what it touches (through `reader`, inside a transaction or not) and applies it in memory. */
  async plan(reader: StoreReader, prepared: Prepared[]): Promise<void> {
    const ids = [...new Set(prepared.map((p) => p.filing.filingId))];
    for (const f of await reader.findFilings(this.sender.partyId, ids)) {
      this.seen.set(f.filingId, f);
      this.read.filings.set(f.filingId, f.consignmentId);
    }
    const { trackingIds, orderIds } = this.read;
    for (const { filing } of prepared) {
      if (this.seen.has(filing.filingId)) continue;
      if (filing.trackingId) trackingIds.push(filing.trackingId);
      if (filing.orderId) orderIds.push(filing.orderId);
    }
    // Each version comes from the row its state was read from, so the check under the lock compares like with like.
    const found = await reader.findConsignmentsByKeys(trackingIds, orderIds, this.read.versions);
    found.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1)).forEach((c) => this.index(c));
    for (const p of prepared) this.results[p.index] = this.accept(p);
    this.prepared = prepared;
  }

  /** Under the chain-head lock: whether what `plan` read is still what the store holds. */
  async unchanged(tx: StoreTx): Promise<boolean> {
    const filings = await tx.findFilings(this.sender.partyId, [...new Set(this.prepared.map((p) => p.filing.filingId))]);
    if (filings.length !== this.read.filings.size) return false;
    for (const f of filings) if (this.read.filings.get(f.filingId) !== f.consignmentId) return false;
    const versions = await tx.consignmentVersions(this.read.trackingIds, this.read.orderIds);
    if (versions.size !== this.read.versions.size) return false;
    for (const [id, version] of versions) if (this.read.versions.get(id) !== version) return false;
    return true;
  }

  /** Writes what `plan` worked out, its events chained after `head`. */
  async write(tx: StoreTx, head: { seq: number; hash: string }): Promise<void> {
    const repeatedIds = new Set<string>();
    for (const r of this.results) if (r?.status === 200) repeatedIds.add(r.consignmentId);
    for (const id of repeatedIds) {
      const c = this.states.get(id) ?? (await tx.getConsignment(id));
      if (c) this.out.set(id, c);
    }
    if (this.newFilings.length === 0) return;

    const retired = [...this.retired.keys()].map((id) => this.states.get(id)!);
    await tx.upsertConsignments(retired);
    await tx.markMerged([...this.retired].map(([id, into]) => ({ id, into })));
    const live = [...this.dirty].filter((id) => !this.retired.has(id)).map((id) => this.states.get(id)!);
    await tx.upsertConsignments(live);
    await tx.insertFilings(this.newFilings);
    await persistEffects(tx, head, this.effects);
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
