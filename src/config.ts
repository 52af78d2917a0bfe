// Configuration from environment variables only; every setting is documented in the README.
import { isIP } from 'node:net';
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
  /** CLEARWAY_DB_POOL: PostgreSQL connections this node keeps at most (nodes × pool must stay under the server's max_connections). */
  dbPool: number;
  /** Requests per window one node answers per credential and per client address; 0 turns a limit off. */
  rateLimit: RateLimitSettings;
  /** CLEARWAY_TRUST_PROXY, as Fastify's `trustProxy`: whose X-Forwarded-For / -Proto to believe (false: nobody's). */
  trustProxy: TrustProxy;
  /** How long a client may take to send a request, its headers, or nothing at all on an open connection. */
  timeouts: TimeoutSettings;
}

export interface RateLimitSettings {
  /** CLEARWAY_RATE_LIMIT_KEY: requests per window per API key or console session. */
  perKey: number;
  /** CLEARWAY_RATE_LIMIT_PUBLIC: requests per window per client address without credentials (and refused credentials). */
  perAddress: number;
  /** CLEARWAY_RATE_LIMIT_WINDOW_MS: the window the counts are kept for. */
  windowMs: number;
}

/** false: the socket's address is the client's; a number: trust that many proxies in front; a list: trust these addresses/CIDRs. */
export type TrustProxy = false | number | string[];

export interface TimeoutSettings {
  /** CLEARWAY_REQUEST_TIMEOUT_MS: the whole request (headers and body) must arrive within it (a slow 10 000-line batch included). */
  requestMs: number;
  /** CLEARWAY_HEADERS_TIMEOUT_MS: the request line and headers must arrive within it. */
  headersMs: number;
  /** CLEARWAY_IDLE_TIMEOUT_MS: a connection on which nothing is sent or received for this long is closed. */
  idleMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitSettings = { perKey: 6000, perAddress: 120, windowMs: 60_000 };
export const DEFAULT_TIMEOUTS: TimeoutSettings = { requestMs: 15 * 60_000, headersMs: 30_000, idleMs: 120_000 };

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000;
/** Two at least: intake holds one for its transaction while requests read on another. */
export const DEFAULT_DB_POOL = 10;

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
  const dbPool = Number(env.CLEARWAY_DB_POOL || DEFAULT_DB_POOL);
  if (!Number.isInteger(dbPool) || dbPool < 2 || dbPool > 1000) throw new Error(`CLEARWAY_DB_POOL must be a whole number from 2 to 1000, got ${env.CLEARWAY_DB_POOL}`);
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
    dbPool,
    rateLimit: rateLimitFromEnv(env),
    trustProxy: trustProxyFromEnv(env.CLEARWAY_TRUST_PROXY),
    timeouts: timeoutsFromEnv(env),
  };
}

/** A whole number from `min` to `max`, or the default when the variable is unset or empty. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, unit = ''): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const x = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || x < min || x > max) throw new Error(`${name} must be a whole number${unit} from ${min} to ${max}, got ${raw}`);
  return x;
}

function rateLimitFromEnv(env: NodeJS.ProcessEnv): RateLimitSettings {
  return {
    perKey: wholeNumber(env, 'CLEARWAY_RATE_LIMIT_KEY', DEFAULT_RATE_LIMIT.perKey, 0, 1e9),
    perAddress: wholeNumber(env, 'CLEARWAY_RATE_LIMIT_PUBLIC', DEFAULT_RATE_LIMIT.perAddress, 0, 1e9),
    windowMs: wholeNumber(env, 'CLEARWAY_RATE_LIMIT_WINDOW_MS', DEFAULT_RATE_LIMIT.windowMs, 1000, 86_400_000, ' of milliseconds'),
  };
}

function timeoutsFromEnv(env: NodeJS.ProcessEnv): TimeoutSettings {
  const t: TimeoutSettings = {
    requestMs: wholeNumber(env, 'CLEARWAY_REQUEST_TIMEOUT_MS', DEFAULT_TIMEOUTS.requestMs, 1000, 86_400_000, ' of milliseconds'),
    headersMs: wholeNumber(env, 'CLEARWAY_HEADERS_TIMEOUT_MS', DEFAULT_TIMEOUTS.headersMs, 1000, 3_600_000, ' of milliseconds'),
    idleMs: wholeNumber(env, 'CLEARWAY_IDLE_TIMEOUT_MS', DEFAULT_TIMEOUTS.idleMs, 1000, 86_400_000, ' of milliseconds'),
  };
  // Node refuses a server whose headers may take longer than the whole request.
  if (t.headersMs > t.requestMs) throw new Error(`CLEARWAY_HEADERS_TIMEOUT_MS (${t.headersMs}) must not exceed CLEARWAY_REQUEST_TIMEOUT_MS (${t.requestMs})`);
  return t;
}

/** Names proxy-addr knows for address ranges. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * CLEARWAY_TRUST_PROXY: unset or `0`: nobody (X-Forwarded-For is ignored); a whole number: that many proxies in front;
 * else a comma list of addresses, CIDRs or `loopback`/`linklocal`/`uniquelocal`. `true` is refused: trusting every
 * hop lets any client pick the address its rate limit is counted under.
 */
export function trustProxyFromEnv(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === '0') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 100) throw new Error(`CLEARWAY_TRUST_PROXY: ${hops} proxies in front is not plausible (a hop count, or a list of addresses/CIDRs)`);
    return hops;
  }
  const items = value.split(',').map((x) => x.trim());
  for (const item of items) {
    const [address, bits, extra] = item.split('/');
    const family = isIP(address ?? '');
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!(PROXY_RANGES.has(item) || (family !== 0 && okBits && extra === undefined))) {
      throw new Error(`CLEARWAY_TRUST_PROXY: "${item}" is not an address, a CIDR (10.0.0.0/8) or one of loopback, linklocal, uniquelocal; give a hop count or a comma list of these`);
    }
  }
  return items;
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
