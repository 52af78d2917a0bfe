// What the intake benchmarks share: temp directories and child processes cleaned up on every exit, fresh
// declarations (every use a new parcel), NDJSON bodies, a real server in a child process, autocannon drivers for the
// single and batch routes, and the figures' arithmetic.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTraffic } from '../src/demo/generator.ts';
import type { Filing } from '../src/domain/model/index.ts';
import { s10CheckDigit } from '../src/domain/validation/index.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A whole-number knob from the environment (underscores allowed: 50_000). */
export const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got ${raw}`);
  return n;
};

/** The batch route's maximum lines per request. */
export const BATCH_LINES = 10_000;

// ---------------------------------------------------------------------------------------------------------------
// Cleanup: temp dirs and child processes go away at the end, on error, and on Ctrl-C. `onCleanup` adds more
// (e.g. stopping a PostgreSQL cluster), run synchronously and last.

const dirs = new Set<string>();
export const children = new Set<ChildProcess>();
const finalisers: (() => void)[] = [];

export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `clearway-bench-${label}-`));
  dirs.add(dir);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

export function onCleanup(fn: () => void): void {
  finalisers.push(fn);
}

export function cleanupNow(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
  for (const d of [...dirs]) removeDir(d);
  while (finalisers.length) {
    try {
      finalisers.pop()!();
    } catch {
      // best effort: the process is ending
    }
  }
}

process.on('exit', cleanupNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cleanupNow();
    process.exit(130);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Declarations: realistic ones from the demo generator, relabelled so that every use is a new parcel (new filingId,
// trackingId and orderId), never an idempotent repeat or a merge with an earlier phase.

interface Declaration {
  filingId: string;
  trackingId: string;
  orderId?: string;
  transport: { service: string };
}

let templates: Filing[] | undefined;
let templateCount = 50_000;
/** How many distinct demo declarations to relabel (generated on first use, so earlier microbenchmarks get a clean heap). */
export function setTemplateCount(n: number): void {
  templateCount = Math.max(1, n);
}
const base = (): Filing[] =>
  (templates ??= generateTraffic({ parcels: templateCount, now: new Date(), seed: 2024, declarationsOnly: true }).map((s) => s.filing!));
let serial = 0;

export function fresh(count: number): Filing[] {
  const out: Filing[] = new Array(count);
  const all = base();
  for (let i = 0; i < count; i++) {
    const d = all[i % all.length]! as unknown as Declaration;
    const n = ++serial;
    if (n >= 100_000_000) throw new Error('bench ran out of S10 serial numbers');
    const s = String(n).padStart(8, '0');
    const trackingId = d.transport.service === 'post' ? `${d.trackingId.slice(0, 2)}${s}${s10CheckDigit(s)}${d.trackingId.slice(11)}` : String(9_000_000_000 + n);
    const orderId = `${(d.orderId ?? 'BNCH').split('-')[0]}-B${n}`;
    out[i] = { ...d, filingId: `${trackingId}-D`, trackingId, orderId } as unknown as Filing;
  }
  return out;
}

/** NDJSON bodies of at most `lines` lines each. */
export function ndjsonBodies(filings: Filing[], lines = BATCH_LINES): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < filings.length; i += lines) {
    bodies.push(filings.slice(i, i + lines).map((f) => JSON.stringify(f)).join('\n') + '\n');
  }
  return bodies;
}

// ---------------------------------------------------------------------------------------------------------------
// A real server: `node bin/clearway.js serve` in a child process on loopback.

export interface Server {
  url: string;
  key: string;
  adminKey: string;
  log: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** DATABASE_URL; unset: a fresh SQLite file in the server's own temp directory. */
  databaseUrl?: string;
  /** Reuse this admin key (several nodes of one cluster); default a new one. */
  adminKey?: string;
  /** Create the bench party and issue its key (default true; a second node of a cluster uses `key`). */
  key?: string;
  env?: Record<string, string>;
}

export async function startServer(options: ServerOptions = {}): Promise<Server> {
  const dir = tempDir('http');
  const log = join(dir, 'server.log');
  const fd = openSync(log, 'w');
  const adminKey = options.adminKey ?? `bench-admin-${randomBytes(12).toString('hex')}`;
  const child = spawn(process.execPath, [join(ROOT, 'bin/clearway.js'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      CLEARWAY_DATA_DIR: dir,
      CLEARWAY_DEMO: '0',
      CLEARWAY_ADMIN_KEY: adminKey,
      CLEARWAY_SQLITE_SYNC: 'FULL',
      DATABASE_URL: options.databaseUrl ?? '',
      NODE_OPTIONS: '',
      // One bench key sends far more than a partner's default limit allows: the bench measures intake, not the limiter.
      CLEARWAY_RATE_LIMIT_KEY: '0',
      CLEARWAY_RATE_LIMIT_PUBLIC: '0',
      ...options.env,
    },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  children.add(child);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    children.delete(child);
    removeDir(dir);
  };
  try {
    const deadline = Date.now() + 60_000;
    let url: string | undefined;
    while (!url) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited early:\n${readFileSync(log, 'utf8').slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`server did not start within 60 s:\n${readFileSync(log, 'utf8').slice(-2000)}`);
      const m = /running at http:\/\/localhost:(\d+)/.exec(readFileSync(log, 'utf8'));
      if (m) url = `http://127.0.0.1:${m[1]}`;
      else await new Promise((r) => setTimeout(r, 50));
    }
    if (options.key) return { url, key: options.key, adminKey, log, stop };
    const admin = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
    const party = await fetch(`${url}/v1/parties`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'Bench Carrier', role: 'carrier' }) });
    if (party.status !== 201) throw new Error(`creating the bench party: ${party.status} ${await party.text()}`);
    const { id } = (await party.json()) as { id: string };
    const issued = await fetch(`${url}/v1/parties/${id}/keys`, { method: 'POST', headers: admin, body: '{}' });
    if (issued.status !== 201) throw new Error(`issuing a key: ${issued.status} ${await issued.text()}`);
    const { key } = (await issued.json()) as { key: string };
    return { url, key, adminKey, log, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Sends NDJSON bodies one after another; returns the response texts (NDJSON results). */
export async function sendBatches(server: Server, bodies: string[]): Promise<string[]> {
  const replies: string[] = [];
  for (const body of bodies) {
    const res = await fetch(`${server.url}/v1/filings/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`batch: HTTP ${res.status} ${text.slice(0, 500)}`);
    replies.push(text);
  }
  return replies;
}

/** How many result lines say 201 (created). */
export const createdIn = (replies: string[]): number => {
  let created = 0;
  for (const text of replies) for (const line of text.split('\n')) if (line.startsWith('{') && (JSON.parse(line) as { status: number }).status === 201) created++;
  return created;
};

// ---------------------------------------------------------------------------------------------------------------
// autocannon ships no types; the part of its API used here.

interface Histogram {
  p50: number;
  p99: number;
  average: number;
}
interface AutocannonResult {
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  amount: number;
  timeout: number;
  method: string;
  headers: Record<string, string>;
  requests: { setupRequest: (req: AutocannonRequest) => AutocannonRequest; onResponse?: (status: number, body: string) => void }[];
}) => PromiseLike<AutocannonResult> & { on(event: 'response', listener: () => void): void };
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface Drive {
  /** Requests sent, each body once, over this many connections. */
  bodies: string[];
  connections: number;
  path: '/v1/filings' | '/v1/filings/batch';
  /** Count the 201 result lines in each NDJSON answer (batch route; it answers 200 with a line per filing). */
  countLines?: boolean;
}

export interface Driven {
  seconds: number;
  requests: number;
  /** 201 answers (single route) or 201 result lines (batch route). */
  created: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  failures: string | undefined;
}

/**
 * Sends every body once to one server with autocannon. Throughput is timed here, from the start to the last
 * response (autocannon's own duration ends only at its next one-second sampling tick).
 */
export async function drive(server: Server, d: Drive): Promise<Driven> {
  let next = 0;
  let createdLines = 0;
  const started = performance.now();
  let last = started;
  const job = autocannon({
    url: `${server.url}${d.path}`,
    connections: Math.max(1, Math.min(d.connections, d.bodies.length)),
    amount: d.bodies.length,
    timeout: 120,
    method: 'POST',
    headers: { authorization: `Bearer ${server.key}`, 'content-type': d.path === '/v1/filings' ? 'application/json' : 'application/x-ndjson' },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: d.bodies[next++ % d.bodies.length] }),
        ...(d.countLines
          ? {
              onResponse: (_status: number, body: string) => {
                for (let i = body.indexOf('"status":201'); i !== -1; i = body.indexOf('"status":201', i + 1)) createdLines++;
              },
            }
          : {}),
      },
    ],
  });
  job.on('response', () => {
    last = performance.now();
  });
  const r = await job;
  const created = d.countLines ? createdLines : (r.statusCodeStats['201']?.count ?? 0);
  const failures = r.errors || r.timeouts || r.non2xx ? `${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts` : undefined;
  return { seconds: (last - started) / 1000, requests: d.bodies.length, created, p50Ms: r.latency.p50, p99Ms: r.latency.p99, meanMs: r.latency.average, failures };
}

// ---------------------------------------------------------------------------------------------------------------

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const round = (x: number, digits = 0): number => Number(x.toFixed(digits));
export const fmt = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2));
export const spread = (xs: number[]): string => (xs.length ? `${fmt(Math.min(...xs))} – ${fmt(Math.max(...xs))}` : '–');
export const num = (x: number, digits = 0): number | null => (Number.isFinite(x) ? round(x, digits) : null);

/** Prints rows as an aligned table, a rule under the header. */
export function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  for (const [i, r] of rows.entries()) {
    process.stdout.write(`${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}\n`);
    if (i === 0) process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  }
}

/** The machine and the run, for the JSON line: node, CPUs, load average before and after, duration, date. */
export function runFacts(loadBefore: number, started: number) {
  return {
    node: process.version,
    cpus: cpus().length,
    loadAverage: { before: round(loadBefore, 2), after: round(loadavg()[0]!, 2) },
    seconds: round((performance.now() - started) / 1000, 1),
    date: new Date().toISOString(),
  };
}

/** Runs a bench's main: a failure is printed and sets exit code 1; children and temp files go either way. */
export async function runBench(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (e) {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  } finally {
    cleanupNow();
  }
}
