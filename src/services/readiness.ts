// Whether this node should be sent traffic (GET /ready): its store answers, this code's migrations are applied, and it
// is not draining for a shutdown. Liveness (GET /health) is only that the process answers.
import type { Store } from '../store/index.ts';
import { pendingMigrations } from '../store/index.ts';

/** A check that takes longer than this fails: a load balancer's probe must get an answer, not hang with the store. */
export const READY_CHECK_TIMEOUT_MS = 2_000;

export interface ReadinessReport {
  ready: boolean;
  checks: {
    /** `ok`, or `unavailable` (no answer, or none within READY_CHECK_TIMEOUT_MS). */
    store: 'ok' | 'unavailable';
    /** `ok`, `pending` (see `pendingMigrations`), or `unknown` while the store does not answer. */
    migrations: 'ok' | 'pending' | 'unknown';
    /** `ok`, or `draining` once a shutdown has begun. */
    shutdown: 'ok' | 'draining';
  };
  /** The names of the checks that are not `ok`. */
  notReady: string[];
  pendingMigrations?: string[];
  /** Why the store check failed, for the log only (it may name hosts: never sent to the public). */
  cause?: unknown;
}

export class Readiness {
  private drainingSince: Date | undefined;
  /** Migrations once applied stay applied: after the first clean check, the store is not asked again. */
  private migrated = false;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
    private readonly timeoutMs = READY_CHECK_TIMEOUT_MS,
  ) {}

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** From now on the node is not ready: a shutdown has begun (idempotent). */
  drain(): void {
    this.drainingSince ??= this.clock();
  }

  async check(): Promise<ReadinessReport> {
    let cause: unknown;
    let pending: string[] | undefined;
    const store = await this.within(this.store.ping()).then(
      () => 'ok' as const,
      (e: unknown) => ((cause = e), 'unavailable' as const),
    );
    let migrations: ReadinessReport['checks']['migrations'] = 'unknown';
    if (this.migrated) migrations = 'ok';
    else if (store === 'ok') {
      try {
        pending = await this.within(pendingMigrations(this.store.db, this.store.dialect));
        migrations = pending.length === 0 ? 'ok' : 'pending';
        this.migrated = pending.length === 0;
      } catch (e) {
        cause = e;
      }
    }
    const checks = { store, migrations, shutdown: this.draining ? ('draining' as const) : ('ok' as const) };
    const notReady = Object.entries(checks)
      .filter(([, v]) => v !== 'ok')
      .map(([k]) => k);
    return {
      ready: notReady.length === 0,
      checks,
      notReady,
      ...(pending?.length ? { pendingMigrations: pending } : {}),
      ...(cause !== undefined ? { cause } : {}),
    };
  }

  private within<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs).unref();
    });
    return Promise.race([work, late]).finally(() => clearTimeout(timer));
  }
}
