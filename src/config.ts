// Configuration from environment variables only; every setting is documented in the README.
import { resolve } from 'node:path';
import { forcedLanes, type LaneCapacity, type SelectorSettings } from './domain/risk/index.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  adminKey: string | undefined;
  pack: string;
  sqliteSync: 'FULL' | 'NORMAL';
  logLevel: string;
  /** CLEARWAY_COOKIE_SECURE=1: the console's session cookie is always `Secure` (set it behind a TLS-terminating proxy); otherwise only on https requests. */
  cookieSecure: boolean;
  /** Selection under capacity; what is not set keeps DEFAULT_SELECTOR's value. */
  risk: Partial<SelectorSettings>;
  /** CLEARWAY_METRICS_TOKEN: when set, GET /metrics wants `Authorization: Bearer <token>`; unset, it is open. */
  metricsToken: string | undefined;
  /** CLEARWAY_SHUTDOWN_TIMEOUT_MS: how long `clearway serve` lets in-flight work finish after a signal before it exits 1. */
  shutdownTimeoutMs: number;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const sync = (env.CLEARWAY_SQLITE_SYNC ?? 'FULL').toUpperCase();
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new Error('CLEARWAY_SQLITE_SYNC must be FULL or NORMAL');
  // A security setting: a typo ("true", "yes") must not quietly leave cookies without Secure.
  const cookieSecure = env.CLEARWAY_COOKIE_SECURE || '0';
  if (cookieSecure !== '0' && cookieSecure !== '1') throw new Error(`CLEARWAY_COOKIE_SECURE must be 0 or 1, got ${cookieSecure}`);
  const shutdownTimeoutMs = Number(env.CLEARWAY_SHUTDOWN_TIMEOUT_MS || DEFAULT_SHUTDOWN_TIMEOUT_MS);
  if (!Number.isInteger(shutdownTimeoutMs) || shutdownTimeoutMs < 1) {
    throw new Error(`CLEARWAY_SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds of at least 1, got ${env.CLEARWAY_SHUTDOWN_TIMEOUT_MS}`);
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.CLEARWAY_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    demo: env.CLEARWAY_DEMO !== '0',
    adminKey: env.CLEARWAY_ADMIN_KEY || undefined,
    pack: env.CLEARWAY_PACK ?? 'EU',
    sqliteSync: sync,
    logLevel: env.LOG_LEVEL ?? 'info',
    cookieSecure: cookieSecure === '1',
    risk: riskFromEnv(env),
    metricsToken: env.CLEARWAY_METRICS_TOKEN || undefined,
    shutdownTimeoutMs,
  };
}

/** CLEARWAY_CAPACITY (`document-check=200,scan=100`, in the order lanes are filled; `none`: only forced lanes), CLEARWAY_RANDOM_SHARE, CLEARWAY_HARM_FLOOR, CLEARWAY_RISK_SEED. */
function riskFromEnv(env: NodeJS.ProcessEnv): Partial<SelectorSettings> {
  const out: Partial<SelectorSettings> = {};
  if (env.CLEARWAY_CAPACITY === 'none') out.capacities = [];
  else if (env.CLEARWAY_CAPACITY) {
    const capacities: LaneCapacity[] = env.CLEARWAY_CAPACITY.split(',').map((part) => {
      const [lane, n] = part.split('=').map((x) => x.trim());
      const perDay = Number(n);
      if (!(forcedLanes as readonly string[]).includes(lane ?? '') || !Number.isInteger(perDay) || perDay < 0) {
        throw new Error(`CLEARWAY_CAPACITY: "${part}" is not lane=controls-per-day with a lane among ${forcedLanes.join(', ')}`);
      }
      return { lane: lane as LaneCapacity['lane'], perDay };
    });
    out.capacities = capacities;
  }
  const share = (name: string, max: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const x = Number(raw);
    if (!Number.isFinite(x) || x < 0 || x > max) throw new Error(`${name} must be a number from 0 to ${max}, got ${raw}`);
    return x;
  };
  const randomShare = share('CLEARWAY_RANDOM_SHARE', 1);
  if (randomShare !== undefined) out.randomShare = randomShare;
  const harmFloor = share('CLEARWAY_HARM_FLOOR', 1e9);
  if (harmFloor !== undefined) out.harmFloor = harmFloor;
  if (env.CLEARWAY_RISK_SEED) out.seed = env.CLEARWAY_RISK_SEED;
  return out;
}
