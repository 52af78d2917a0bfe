// Prometheus metrics of one Clearway node (GET /metrics): a registry of its own per instance, so several servers in
// one process do not share or collide. Labels take values from fixed sets only (route patterns, kinds, statuses).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { filingKinds, statuses } from '../domain/model/index.ts';
import type { Store } from '../store/index.ts';
import { consignmentsByStatus } from '../store/index.ts';
import type { IntakeResult } from './intake.ts';

/** How long the consignments-per-status reading is reused: a scrape every few seconds costs one count query at most this often. */
export const STATUS_CACHE_MS = 15_000;

/** What a filing came to: 201 accepted, 200 repeated (the same filing again), refused as invalid (400), not-allowed (403) or conflict (409), or unavailable (the store failed; nothing written). */
export const filingResults = ['accepted', 'repeated', 'invalid', 'not-allowed', 'conflict', 'unavailable'] as const;
export type FilingResult = (typeof filingResults)[number];

const RESULT_OF: Record<IntakeResult['status'], FilingResult> = { 201: 'accepted', 200: 'repeated', 400: 'invalid', 403: 'not-allowed', 409: 'conflict' };

/** Seconds; up to minutes, since a 10 000-line NDJSON batch from a slow sender is one request. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

const KINDS = new Set<string>(filingKinds);
/** A filing's kind as a label: one of the known kinds, or `unknown` (absent or misspelt: the sender's text never becomes a label). */
const kindOf = (filing: unknown): string => {
  const kind = typeof filing === 'object' && filing !== null ? (filing as { kind?: unknown }).kind : undefined;
  return typeof kind === 'string' && KINDS.has(kind) ? kind : 'unknown';
};

export interface JobLoad {
  queued: number;
  running: number;
}

export interface TelemetryOptions {
  now?: () => number;
  statusCacheMs?: number;
  /** Process metrics (CPU, memory, event loop, GC…), default true. */
  defaultMetrics?: boolean;
  /** The labels of `clearway_info` (always 1): what this node runs (pack, store). */
  info?: Record<string, string>;
}

export class Telemetry {
  readonly registry = new Registry();
  private readonly httpRequests: Counter<'method' | 'route' | 'status_class'>;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_class'>;
  private readonly filings: Counter<'kind' | 'result'>;
  private readonly events: Counter<'type'>;
  private readonly webhooks: Counter<'outcome'>;
  private jobLoad: () => JobLoad = () => ({ queued: 0, running: 0 });
  private statusReading: { at: number; counts: Map<string, number> } | undefined;
  private statusPending: Promise<Map<string, number>> | undefined;

  constructor(store: Store, options: TelemetryOptions = {}) {
    const now = options.now ?? Date.now;
    const cacheMs = options.statusCacheMs ?? STATUS_CACHE_MS;
    const registers = [this.registry];
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Counter({
      name: 'clearway_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern (not the URL) and status class',
      labelNames: ['method', 'route', 'status_class'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'clearway_http_request_duration_seconds',
      help: 'Time from receiving a request to the end of its response, by method, route pattern and status class',
      labelNames: ['method', 'route', 'status_class'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.filings = new Counter({
      name: 'clearway_filings_total',
      help: 'Filings received over HTTP, by kind and result (accepted, repeated; refused: invalid, not-allowed, conflict; unavailable)',
      labelNames: ['kind', 'result'],
      registers,
    });
    this.events = new Counter({
      name: 'clearway_consignment_events_total',
      help: 'Consignment events recorded over HTTP (officers, carriers, agencies, payments), by type',
      labelNames: ['type'],
      registers,
    });
    this.webhooks = new Counter({
      name: 'clearway_webhook_deliveries_total',
      help: 'Webhook delivery attempts made by this node, by outcome (delivered: a 2xx answer; failed: anything else, retried later)',
      labelNames: ['outcome'],
      registers,
    });
    const telemetry = this;
    new Gauge({
      name: 'clearway_jobs',
      help: 'Background jobs of this node, by state (queued, running)',
      labelNames: ['state'],
      registers,
      collect() {
        const load = telemetry.jobLoad();
        this.set({ state: 'queued' }, load.queued);
        this.set({ state: 'running' }, load.running);
      },
    });
    new Gauge({
      name: 'clearway_consignments',
      help: `Consignments per status in the whole store (every node reports the same figure), read at most every ${cacheMs / 1000} s`,
      labelNames: ['status'],
      registers,
      async collect() {
        const counts = await telemetry.statusCounts(store, now, cacheMs);
        for (const status of statuses) this.set({ status }, counts.get(status) ?? 0);
      },
    });
    const info = new Gauge({ name: 'clearway_info', help: 'Always 1; the labels describe this node', labelNames: Object.keys(options.info ?? {}), registers });
    if (options.info) info.set(options.info, 1);
    // Every label value the set is known for starts at 0, so rates and absences read right from the first scrape.
    for (const kind of [...filingKinds, 'unknown']) for (const result of filingResults) this.filings.inc({ kind, result }, 0);
    for (const outcome of ['delivered', 'failed']) this.webhooks.inc({ outcome }, 0);
  }

  /** The text exposition (format 0.0.4) and its content type. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }

  /** One answered HTTP request; `route` is the route's pattern (`/v1/consignments/:id`), undefined when no route matched. */
  request(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    const labels = { method, route: route ?? 'unmatched', status_class: `${Math.floor(statusCode / 100)}xx` };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  /** What intake answered for each filing (`results[i]` for `filings[i]`). */
  filingsSubmitted(filings: readonly unknown[], results: readonly IntakeResult[]): void {
    this.countFilings(results.map((r, i) => [kindOf(filings[i]), RESULT_OF[r.status]]));
  }

  /** Filings refused before intake saw them (an NDJSON line that is not JSON), or lost with a failed transaction. */
  filingsWithout(result: 'invalid' | 'unavailable', filings: readonly unknown[]): void {
    this.countFilings(filings.map((f) => [kindOf(f), result]));
  }

  /** One increment per (kind, result) of a batch, not one per filing: intake is the hot path. */
  private countFilings(pairs: ReadonlyArray<readonly [string, string]>): void {
    const counts = new Map<string, number>();
    for (const [kind, result] of pairs) counts.set(`${kind}\u0000${result}`, (counts.get(`${kind}\u0000${result}`) ?? 0) + 1);
    for (const [key, n] of counts) {
      const [kind, result] = key.split('\u0000') as [string, string];
      this.filings.inc({ kind, result }, n);
    }
  }

  /** Events recorded on consignments (`count` of them, e.g. every parcel of a master's arrival). */
  eventsRecorded(type: string, count = 1): void {
    if (count > 0) this.events.inc({ type }, count);
  }

  webhookAttempt(outcome: 'delivered' | 'failed'): void {
    this.webhooks.inc({ outcome });
  }

  /** Where the jobs gauge reads this node's queue from. */
  watchJobs(load: () => JobLoad): void {
    this.jobLoad = load;
  }

  /**
   * The store's counts, reused for `cacheMs`; scrapes that come while a reading is under way share it. A failed
   * reading keeps the last good one (readiness says whether the store answers).
   */
  private async statusCounts(store: Store, now: () => number, cacheMs: number): Promise<Map<string, number>> {
    const cached = this.statusReading;
    if (cached && now() - cached.at < cacheMs) return cached.counts;
    this.statusPending ??= consignmentsByStatus(store.db)
      .then((counts) => {
        this.statusReading = { at: now(), counts };
        return counts;
      })
      .catch(() => cached?.counts ?? new Map<string, number>())
      .finally(() => (this.statusPending = undefined));
    return this.statusPending;
  }
}
