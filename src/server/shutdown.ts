// Graceful shutdown of a serving node: out of the load balancer, no new connections, the requests under way finish,
// background work (webhooks, jobs) stops, the store closes. A second signal, or the time limit, ends it with exit 1.
import type { FastifyInstance } from 'fastify';
import type { Clearway } from '../services/clearway.ts';

/**
 * How often, while draining, connections whose last request has finished are closed. Node closes the idle keep-alive
 * connections once, when the listener closes; one that becomes idle afterwards would hold the close up for the whole
 * keep-alive timeout.
 */
const CLOSE_IDLE_EVERY_MS = 100;

/**
 * Drain and close: /ready answers 503 (on connections still open; new ones are refused), requests under way finish,
 * the webhook dispatcher and the jobs stop meanwhile (a delivery attempt under way ends, a job ends as interrupted at
 * its next slice), then the store closes.
 */
export async function drain(app: FastifyInstance, cw: Clearway): Promise<void> {
  cw.readiness.drain();
  const closeIdle = setInterval(() => app.server.closeIdleConnections(), CLOSE_IDLE_EVERY_MS);
  try {
    await Promise.all([app.close(), cw.jobs.stop(), cw.subscriptions.dispatcher.stop()]);
  } finally {
    clearInterval(closeIdle);
  }
  await cw.close();
}

export interface SignalOptions {
  /** Longest time the drain may take before the process exits with 1 anyway (CLEARWAY_SHUTDOWN_TIMEOUT_MS). */
  timeoutMs: number;
  signals?: readonly NodeJS.Signals[];
  exit?: (code: number) => void;
}

/** On SIGTERM or SIGINT: drain, then exit 0; exit 1 if draining fails, outlasts `timeoutMs`, or a second signal comes. */
export function stopOnSignals(app: FastifyInstance, cw: Clearway, options: SignalOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      app.log.warn({ signal }, 'second signal: exiting without waiting for the requests under way');
      return exit(1);
    }
    stopping = true;
    app.log.info({ signal, timeoutMs: options.timeoutMs }, 'shutting down: not ready, no new connections, finishing the requests under way');
    const started = performance.now();
    const limit = setTimeout(() => {
      app.log.error({ timeoutMs: options.timeoutMs }, 'shutdown took too long: exiting with requests or work unfinished');
      exit(1);
    }, options.timeoutMs);
    drain(app, cw).then(
      () => {
        clearTimeout(limit);
        app.log.info({ ms: Math.round(performance.now() - started) }, 'shut down');
        exit(0);
      },
      (e: unknown) => {
        clearTimeout(limit);
        app.log.error({ err: e }, 'shutdown failed');
        exit(1);
      },
    );
  };
  for (const signal of options.signals ?? (['SIGTERM', 'SIGINT'] as const)) process.on(signal, onSignal);
}
