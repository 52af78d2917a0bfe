// Background jobs: long operations (training a risk model, a threshold simulation) started over HTTP and run by this
// node in the background, a slice at a time, with their progress, result or error in the store for any node to read.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { ValidateFunction } from 'ajv';
import type { Progress } from '../domain/progress/index.ts';
import { createAjv, toFieldErrors, type FieldError } from '../domain/validation/index.ts';
import type { Store } from '../store/index.ts';
import type { JobRow, JobUpdate } from '../store/jobs.ts';
import { uuidv7 } from './ids.ts';
import type { ModelService } from './models.ts';
import type { RevenueService } from './revenue.ts';
import { readsAll, type Actor } from './roles.ts';
import type { SliceOptions } from './slices.ts';

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** Why a job failed: an expected refusal of the work (too-few-examples…), `interrupted`, or `internal-error`. */
export interface JobError {
  code: string;
  message: string;
}

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  /** The parameters as validated, defaults filled in. */
  params: unknown;
  /** `percent`: whole percent of `done` out of `total`; 100 once succeeded, whatever was counted. */
  progress: Progress & { percent: number };
  /** What the job produced, once succeeded; null before and on failure. */
  result: unknown;
  error: JobError | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export type JobOutcome<T> = { ok: true; value: T } | { ok: false; status: 400 | 403 | 404 | 409; errors: FieldError[] };

/** What a kind of job does: the schema of its parameters, and the work, which ends with a result or an expected refusal. */
export interface JobKind<S extends TSchema = TSchema> {
  params: S;
  run(actor: Actor, params: Static<S>, options: Required<SliceOptions>): Promise<{ ok: true; value: unknown } | { ok: false; code: string; message: string }>;
}

const kind = <S extends TSchema>(params: S, run: JobKind<S>['run']): JobKind<S> => ({ params, run });

const Amount = Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$', maxLength: 24, description: 'decimal amount in the home pack currency' });

export const TrainModelParams = Type.Object(
  { seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295, description: 'seed of the subsampling and fold assignment (default 1)' })) },
  { additionalProperties: false, title: 'TrainModelParams' },
);

export const SimulateThresholdsParams = Type.Object(
  {
    duties: Type.Optional(Type.Array(Amount, { minItems: 1, maxItems: 20, default: ['0', '22', '150'], description: 'duty de minimis values to try' })),
    taxes: Type.Optional(Type.Array(Amount, { minItems: 1, maxItems: 20, default: ['0', '22'], description: 'tax de minimis values to try' })),
    cost: { ...Amount, description: 'cost of collecting on one declaration, in the home pack currency' },
  },
  { additionalProperties: false, title: 'SimulateThresholdsParams' },
);

/**
 * The jobs Clearway runs: `train-model` (as `POST /v1/risk/models`, result the model's summary) and
 * `simulate-thresholds` (as `clearway simulate-thresholds`, result the simulation's rows, one per scenario).
 */
export function standardJobKinds(models: ModelService, revenue: RevenueService) {
  return {
    'train-model': kind(TrainModelParams, (actor, p, options) => models.train(actor, { ...p, ...options })),
    'simulate-thresholds': kind(SimulateThresholdsParams, async (_actor, p, options) => ({
      ok: true,
      value: await revenue.simulateThresholds({ duties: p.duties ?? ['0', '22', '150'], taxes: p.taxes ?? ['0', '22'], cost: p.cost }, options),
    })),
  } satisfies Record<string, JobKind<any>>;
}

export const jobKinds = ['train-model', 'simulate-thresholds'] as const satisfies ReadonlyArray<keyof ReturnType<typeof standardJobKinds>>;

/** A job unfinished and untouched this long was left by a node that stopped: at startup it is failed as `interrupted`. */
export const STALE_AFTER_MS = 10 * 60_000;

export interface JobServiceOptions {
  /** Default STALE_AFTER_MS. */
  staleAfterMs?: number;
  /** Fewest milliseconds between two progress writes of a job (default 250: at most 4 a second). */
  writeEveryMs?: number;
  /** How often the node marks its unfinished jobs alive (default one minute; far below `staleAfterMs`). */
  heartbeatMs?: number;
  /** Most jobs queued or running on this node at once (default 10). */
  maxPending?: number;
}

const forbidden: JobOutcome<never> = { ok: false, status: 403, errors: [{ path: '', code: 'not-allowed', message: 'jobs are for customs officers and administrators only' }] };

const INTERRUPTED: JobError = { code: 'interrupted', message: 'the node running the job stopped before the job ended; start it again' };

export class JobService {
  private readonly validators = new Map<string, ValidateFunction>();
  /** This node's unfinished jobs. */
  private readonly mine = new Set<string>();
  /** The job this node is running now, if any (they run one at a time). */
  private current: string | undefined;
  /** Jobs run one after another on a node: they are CPU-bound, and two at once would only take twice as long each. */
  private chain: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly staleAfterMs: number;
  private readonly writeEveryMs: number;
  private readonly heartbeatMs: number;
  private readonly maxPending: number;

  constructor(
    private readonly store: Store,
    private readonly kinds: Readonly<Record<string, JobKind<any>>>,
    private readonly clock: () => Date = () => new Date(),
    options: JobServiceOptions = {},
  ) {
    this.staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
    this.writeEveryMs = options.writeEveryMs ?? 250;
    this.heartbeatMs = options.heartbeatMs ?? 60_000;
    this.maxPending = options.maxPending ?? 10;
    const ajv = createAjv({ coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: true });
    for (const [name, k] of Object.entries(kinds)) this.validators.set(name, ajv.compile(k.params));
  }

  /**
   * Fail, as `interrupted`, the jobs left queued or running by a node that stopped: those untouched for `staleAfterMs`
   * (a node touches its unfinished jobs every minute). Run when Clearway opens; returns how many there were.
   */
  recover(): Promise<number> {
    const now = this.clock();
    return this.store.jobs.failStale(new Date(now.getTime() - this.staleAfterMs).toISOString(), now.toISOString(), JSON.stringify(INTERRUPTED));
  }

  /** Validate and record a job, and run it after those already started on this node; the answer does not wait for it. */
  async start(actor: Actor, kind: string, params: unknown = {}): Promise<JobOutcome<Job>> {
    if (!readsAll(actor.role)) return forbidden;
    const validate = Object.hasOwn(this.kinds, kind) ? this.validators.get(kind) : undefined;
    const def = this.kinds[kind];
    if (!validate || !def) {
      return { ok: false, status: 400, errors: [{ path: '/kind', code: 'unknown-kind', message: `kind is one of ${Object.keys(this.kinds).join(', ')}` }] };
    }
    const validated = structuredClone(params);
    if (!validate(validated)) {
      return { ok: false, status: 400, errors: toFieldErrors(validate.errors ?? []).map((e) => ({ ...e, path: `/params${e.path}` })) };
    }
    if (this.stopping.signal.aborted) return { ok: false, status: 409, errors: [{ path: '', code: 'stopping', message: 'this node is stopping: start the job again' }] };
    if (this.mine.size >= this.maxPending) {
      return { ok: false, status: 409, errors: [{ path: '', code: 'too-many-jobs', message: `${this.mine.size} jobs are queued or running on this node: wait for one to end` }] };
    }
    const now = this.clock().toISOString();
    const row: JobRow = {
      id: uuidv7(),
      kind,
      status: 'queued',
      params: JSON.stringify(validated),
      done: 0,
      total: 0,
      phase: 'queued',
      result: null,
      error: null,
      created_by: actor.partyId,
      created_at: now,
      started_at: null,
      finished_at: null,
      updated_at: now,
    };
    await this.store.jobs.insert(row);
    this.mine.add(row.id);
    this.heartbeat ??= setInterval(() => void this.store.jobs.touch([...this.mine], this.clock().toISOString()).catch(() => {}), this.heartbeatMs).unref();
    // setImmediate: the job starts once the answer is on its way.
    this.chain = this.chain
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => this.run(row.id, actor, def, validated))
      .catch(() => {});
    return { ok: true, value: toJob(row) };
  }

  async get(actor: Actor, id: string): Promise<JobOutcome<Job>> {
    if (!readsAll(actor.role)) return forbidden;
    const row = await this.store.jobs.get(id);
    return row ? { ok: true, value: toJob(row) } : { ok: false, status: 404, errors: [{ path: '', code: 'not-found', message: `no job ${id}` }] };
  }

  /** The latest jobs, newest first. */
  async list(actor: Actor, q: { limit?: number } = {}): Promise<JobOutcome<Job[]>> {
    if (!readsAll(actor.role)) return forbidden;
    return { ok: true, value: (await this.store.jobs.recent(q.limit ?? 20)).map(toJob) };
  }

  /** Stop: the job running ends at its next slice as `interrupted`, those queued too; resolves once they are written. */
  async stop(): Promise<void> {
    this.stopping.abort(new Error('stopping'));
    await this.chain;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  /** This node's unfinished jobs: queued, and running (at most one). */
  get load(): { queued: number; running: number } {
    const running = this.current === undefined ? 0 : 1;
    return { queued: this.mine.size - running, running };
  }

  /** Resolves when every job started so far has ended (tests; a CLI that waits for its job). */
  settled(): Promise<void> {
    return this.chain;
  }

  /** Run a job to its end; never rejects: whatever happens ends in the job's row (or, with the store gone, in recovery). */
  private async run(id: string, actor: Actor, def: JobKind<any>, params: unknown): Promise<void> {
    const now = () => this.clock().toISOString();
    const progress = new ProgressWriter((p) => this.store.jobs.update(id, { ...p, updated_at: now() }, true).then(() => {}), this.writeEveryMs);
    let end: Omit<JobUpdate, 'updated_at'>;
    try {
      this.stopping.signal.throwIfAborted();
      this.current = id;
      await this.store.jobs.update(id, { status: 'running', started_at: now(), phase: 'starting', updated_at: now() }, true);
      const outcome = await def.run(actor, params, { onProgress: progress.report, signal: this.stopping.signal });
      end = outcome.ok
        ? { status: 'succeeded', result: JSON.stringify(outcome.value ?? null) }
        : { status: 'failed', error: JSON.stringify({ code: outcome.code, message: outcome.message }) };
    } catch (e) {
      const error: JobError = this.stopping.signal.aborted ? INTERRUPTED : { code: 'internal-error', message: messageOf(e) };
      end = { status: 'failed', error: JSON.stringify(error) };
    }
    progress.close();
    await progress.settled();
    try {
      const at = now();
      await this.store.jobs.update(id, { ...progress.latest, ...end, finished_at: at, updated_at: at });
    } catch {
      // The store is gone (closed under the job): the row stays unfinished, and is recovered as interrupted.
    } finally {
      this.current = undefined;
      this.mine.delete(id);
      if (this.mine.size === 0) {
        clearInterval(this.heartbeat);
        this.heartbeat = undefined;
      }
    }
  }
}

/** An exception's message for the job's error, without its stack; at most 500 characters. */
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 500) || 'the job failed';

/**
 * A job's progress, written at most once every `everyMs` (the latest report wins; a report held back is written when
 * the interval has passed), never two writes at once. The final state is the caller's to write.
 */
class ProgressWriter {
  latest: Progress = { done: 0, total: 0, phase: 'starting' };
  private lastWrite = -Infinity;
  private writing: Promise<void> | undefined;
  private pending = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly write: (p: Progress) => Promise<void>,
    private readonly everyMs: number,
  ) {}

  report = (p: Progress): void => {
    this.latest = { done: p.done, total: p.total, phase: p.phase };
    this.pending = true;
    this.flush();
  };

  private flush(): void {
    if (this.closed || !this.pending || this.writing || this.timer) return;
    const wait = this.lastWrite + this.everyMs - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, wait).unref();
      return;
    }
    this.pending = false;
    this.lastWrite = performance.now();
    this.writing = this.write(this.latest)
      .catch(() => {})
      .finally(() => {
        this.writing = undefined;
        this.flush();
      });
  }

  /** No more writes: the final state follows. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  settled(): Promise<void> {
    return this.writing ?? Promise.resolve();
  }
}

const percentOf = (r: JobRow): number => (r.status === 'succeeded' ? 100 : r.total > 0 ? Math.min(100, Math.floor((100 * r.done) / r.total)) : 0);

function toJob(r: JobRow): Job {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status as JobStatus,
    params: JSON.parse(r.params) as unknown,
    progress: { done: r.done, total: r.total, phase: r.phase, percent: percentOf(r) },
    result: r.result === null ? null : (JSON.parse(r.result) as unknown),
    error: r.error === null ? null : (JSON.parse(r.error) as JobError),
    createdBy: r.created_by,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    updatedAt: r.updated_at,
  };
}
