// Partner feedback (WCO standard 11): each partner's refused filings by error and the timeliness of its advance data.
import { addDays } from '../domain/revenue/index.ts';
import type { Pack } from '../domain/jurisdiction/index.ts';
import { leadOf, partnerQuality, tallyRejections, type Lead, type PartnerQuality, type RejectionCount } from '../domain/quality/index.ts';
import type { FieldError } from '../domain/validation/index.ts';
import type { Store } from '../store/index.ts';
import type { RejectionTally } from '../store/quality.ts';
import type { IntakeResult } from './intake.ts';
import { readsAll, type Actor } from './roles.ts';

export interface QualityReport extends PartnerQuality {
  partyId: string;
  /** The days measured, both included (UTC). */
  from: string;
  to: string;
  /** The pack's advance-data deadlines, hours before arrival per service. */
  deadlineHours: Record<string, number>;
}

export type QualityOutcome = { ok: true; value: QualityReport } | { ok: false; status: 400 | 404; errors: FieldError[] };

const DEFAULT_DAYS = 30;
/** Longest period one request may read: a year of a large marketplace's parcels is already a long read. */
const MAX_DAYS = 366;
/** Consignments read (with their filings) per query. */
const PAGE = 1000;


interface PendingTally {
  partyId: string;
  day: string;
  filings: number;
  errors: Map<string, RejectionCount>;
}

export class QualityService {
  /** Refusals counted but not yet written, by party and day. */
  private pending = new Map<string, PendingTally>();
  /** The write under way, if any: at most one at a time; counts arriving meanwhile go into the next. */
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly pack: Pack,
    private readonly clock: () => Date = () => new Date(),
    private readonly log: (message: string, error: unknown) => void = (message, error) => console.error(message, error),
  ) {}

  /**
   * Counts the filings one intake call refused (400, 403, 409), with the errors the sender was told. Never throws and
   * never waits: the counts are written after, outside the intake transaction, so counting cannot fail or delay an
   * acknowledged filing (a failed write is logged and its counts are lost).
   */
  countRejections(partyId: string, results: readonly IntakeResult[]): void {
    try {
      const refused: Array<ReadonlyArray<{ code: string; path: string }>> = [];
      for (const r of results) {
        if (r.status === 400) refused.push(r.errors);
        // The paths the filings route names for these refusals.
        else if (r.status === 403) refused.push([{ code: r.code, path: '/kind' }]);
        else if (r.status === 409) refused.push([{ code: r.code, path: '/filingId' }]);
      }
      if (refused.length === 0) return;
      const tally = tallyRejections(refused);
      const day = this.clock().toISOString().slice(0, 10);
      const key = `${partyId}\u0000${day}`;
      let p = this.pending.get(key);
      if (!p) this.pending.set(key, (p = { partyId, day, filings: 0, errors: new Map() }));
      p.filings += tally.filings;
      for (const e of tally.errors) {
        const k = `${e.code}\u0000${e.path}`;
        const known = p.errors.get(k);
        if (known) known.count += e.count;
        else p.errors.set(k, { ...e });
      }
      this.flushing ??= this.flush();
    } catch (e) {
      this.log('counting refused filings failed', e);
    }
  }

  /** Resolves once the refusals counted so far are written (or their write failed). */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        const tallies: RejectionTally[] = [...this.pending.values()].map((p) => ({ partyId: p.partyId, day: p.day, filings: p.filings, errors: [...p.errors.values()] }));
        this.pending = new Map();
        try {
          await this.store.quality.addRejections(tallies);
        } catch (e) {
          this.log('writing the counts of refused filings failed', e);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /**
   * A party's figures over days [from, to] (the last 30 days by default). The party itself, officers and administrators
   * may read them; to anyone else the party does not exist (404), whether it does or not.
   */
  async report(actor: Actor, partyId: string, period: { from?: string; to?: string } = {}): Promise<QualityOutcome> {
    const notFound: QualityOutcome = { ok: false, status: 404, errors: [{ path: '/params/id', code: 'not-found', message: `no party ${partyId}` }] };
    if (actor.partyId !== partyId && !readsAll(actor.role)) return notFound;
    if (actor.partyId !== partyId && !(await this.store.getParty(partyId))) return notFound;
    const to = period.to ?? this.clock().toISOString().slice(0, 10);
    const from = period.from ?? addDays(to, 1 - DEFAULT_DAYS);
    if (to < from) return { ok: false, status: 400, errors: [{ path: '/query/to', code: 'invalid-period', message: `the period ends (${to}) before it starts (${from})` }] };
    if (to > addDays(from, MAX_DAYS - 1)) {
      return { ok: false, status: 400, errors: [{ path: '/query/from', code: 'period-too-long', message: `a period is at most ${MAX_DAYS} days` }] };
    }
    await this.settled(); // this node's refusals so far are in the figures
    const since = `${from}T00:00:00.000Z`;
    const until = `${addDays(to, 1)}T00:00:00.000Z`;
    const accepted = await this.store.quality.acceptedByKind(partyId, since, until);
    const rejected = await this.store.quality.rejections(partyId, from, to);
    const ids = await this.store.quality.consignmentsFiledFor(partyId, ['order', 'declaration', 'logistics'], since, until);
    const deadlines = this.pack.advanceDataDeadlineHours;
    const leads: Record<'order' | 'logistics', Lead[]> = { order: [], logistics: [] };
    for (let i = 0; i < ids.length; i += PAGE) {
      for (const c of await this.store.consignmentsByIds(ids.slice(i, i + PAGE))) {
        for (const data of ['order', 'logistics'] as const) {
          const lead = leadOf(c, partyId, data, deadlines);
          // Counted in the period its first data was received in.
          if (lead && lead.receivedAt >= since && lead.receivedAt < until) leads[data].push(lead);
        }
      }
    }
    const figures = partnerQuality({ accepted, rejected, orderData: leads.order, logisticsData: leads.logistics });
    const deadlineHours = Object.fromEntries(Object.entries(deadlines).filter((e): e is [string, number] => typeof e[1] === 'number'));
    return { ok: true, value: { partyId, from, to, deadlineHours, ...figures } };
  }
}
