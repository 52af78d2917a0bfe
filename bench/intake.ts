// Intake benchmark (`npm run bench`): in-process intake, HTTP single filings, HTTP NDJSON batches, and the floor
// (parse the same NDJSON and insert raw rows with nothing else), each on a fresh SQLite file with synchronous=FULL.
// Prints a table, then as the last line one JSON object with the figures. See docs/performance.md.
//
// Knobs (environment): BENCH_DECLARATIONS (per batch phase, default 50 000), BENCH_REPS (default 3, the median is
// reported), BENCH_SINGLE (HTTP single filings per repetition, default 2 000), BENCH_CONNECTIONS (default 10),
// BENCH_SCAN (declarations per group size in the group-size scan, default 20 000; 0 skips it),
// BENCH_PHASES (comma list of intake,floor,http,scan,assess,risk; default all — e.g. BENCH_PHASES=intake to profile one path).
import { benchAssess } from './assess.ts';
import { benchRiskScore } from './risk.ts';
import { benchRiskEngine } from './risk-engine.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { configFromEnv, type Config } from '../src/config.ts';
import { generateTraffic } from '../src/demo/generator.ts';
import type { Filing } from '../src/domain/model/index.ts';
import { s10CheckDigit } from '../src/domain/validation/index.ts';
import { openClearway } from '../src/services/clearway.ts';
import type { Actor } from '../src/services/roles.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got ${raw}`);
  return n;
};

const N = int('BENCH_DECLARATIONS', 50_000);
const REPS = Math.max(1, int('BENCH_REPS', 3));
const SINGLE = int('BENCH_SINGLE', 2_000);
const CONNECTIONS = Math.max(1, int('BENCH_CONNECTIONS', 10));
const SCAN_N = int('BENCH_SCAN', 20_000);
const SCAN_GROUPS = [100, 1000, 5000];
const GROUP = 1000; // in-process group, and the group the batch route hands to one transaction
const BATCH_LINES = 10_000; // lines per NDJSON request (the route's maximum)
const WARMUP = 2_000;
const PHASES = new Set((process.env.BENCH_PHASES ?? 'intake,floor,http,scan,assess,risk').split(',').map((s) => s.trim()));

// ---------------------------------------------------------------------------------------------------------------
// Cleanup: temp dirs and child processes go away at the end, on error, and on Ctrl-C.

const dirs = new Set<string>();
const children = new Set<ChildProcess>();

function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `clearway-bench-${label}-`));
  dirs.add(dir);
  return dir;
}

function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

function cleanupNow(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
  for (const d of [...dirs]) removeDir(d);
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

// Generated on first use, so that the engine microbenchmark (which runs first) does not share its heap with them.
let templates: Filing[] | undefined;
const base = (): Filing[] =>
  (templates ??= generateTraffic({ parcels: N, now: new Date(), seed: 2024, declarationsOnly: true }).map((s) => s.filing!));
let serial = 0;

function fresh(count: number): Filing[] {
  const out: Filing[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const d = base()[i % base().length]! as unknown as Declaration;
    const n = ++serial;
    if (n >= 100_000_000) throw new Error('bench ran out of S10 serial numbers');
    const s = String(n).padStart(8, '0');
    const trackingId = d.transport.service === 'post' ? `${d.trackingId.slice(0, 2)}${s}${s10CheckDigit(s)}${d.trackingId.slice(11)}` : String(9_000_000_000 + n);
    const orderId = `${(d.orderId ?? 'BNCH').split('-')[0]}-B${n}`;
    out[i] = { ...d, filingId: `${trackingId}-D`, trackingId, orderId } as unknown as Filing;
  }
  return out;
}

/** NDJSON bodies of at most BATCH_LINES lines each. */
function ndjsonBodies(filings: Filing[]): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < filings.length; i += BATCH_LINES) {
    bodies.push(filings.slice(i, i + BATCH_LINES).map((f) => JSON.stringify(f)).join('\n') + '\n');
  }
  return bodies;
}

// ---------------------------------------------------------------------------------------------------------------
// Phases. Each returns declarations (or requests) per second over its timed part only.

const benchActor: Actor = { partyId: 'pty_bench_carrier', role: 'carrier', name: 'Bench Carrier' };

function sqliteConfig(dataDir: string): Config {
  return { ...configFromEnv({}), dataDir, databaseUrl: undefined, demo: false, adminKey: undefined, sqliteSync: 'FULL' };
}

/** (1) IntakeService.submit in groups, on a fresh SQLite file. */
async function inProcess(count: number, group: number): Promise<number> {
  const dir = tempDir('intake');
  const cw = await openClearway(sqliteConfig(dir));
  try {
    await cw.parties.create({ id: benchActor.partyId, name: benchActor.name, role: benchActor.role });
    const submit = async (filings: Filing[]): Promise<number> => {
      let created = 0;
      for (let i = 0; i < filings.length; i += group) {
        const { results } = await cw.intake.submit(benchActor, filings.slice(i, i + group));
        for (const r of results) if (r.status === 201) created++;
      }
      return created;
    };
    await submit(fresh(Math.min(WARMUP, count)));
    const filings = fresh(count);
    const t0 = performance.now();
    const created = await submit(filings);
    const seconds = (performance.now() - t0) / 1000;
    if (created !== count) throw new Error(`in-process intake: ${created} of ${count} declarations created`);
    return count / seconds;
  } finally {
    await cw.close();
    removeDir(dir);
  }
}

/** (4) The floor: JSON.parse each NDJSON line, insert (filing id, sender, body) with a prepared statement, 1000 per transaction. */
function floor(bodies: string[], warmup: string): number {
  const dir = tempDir('floor');
  const db = new BetterSqlite3(join(dir, 'floor.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('cache_size = -65536');
    db.exec('create table filings (party_id text not null, filing_id text not null, body text not null, primary key (party_id, filing_id))');
    const insert = db.prepare('insert into filings (party_id, filing_id, body) values (?, ?, ?)');
    const write = db.transaction((rows: [string, string, string][]) => {
      for (const r of rows) insert.run(r);
    });
    const load = (texts: string[]): number => {
      let rows: [string, string, string][] = [];
      let n = 0;
      for (const text of texts) {
        for (const line of text.split('\n')) {
          if (line === '') continue;
          const value = JSON.parse(line) as { filingId: string };
          rows.push([benchActor.partyId, value.filingId, line]);
          if (rows.length === GROUP) {
            write(rows);
            n += rows.length;
            rows = [];
          }
        }
      }
      if (rows.length) write(rows);
      return n + rows.length;
    };
    load([warmup]);
    const t0 = performance.now();
    const n = load(bodies);
    return n / ((performance.now() - t0) / 1000);
  } finally {
    db.close();
    removeDir(dir);
  }
}

interface Server {
  url: string;
  key: string;
  log: string;
  stop(): Promise<void>;
}

/** A real server: `node bin/clearway.js serve` in a child process on loopback, with a fresh data directory. */
async function startServer(): Promise<Server> {
  const dir = tempDir('http');
  const log = join(dir, 'server.log');
  const fd = openSync(log, 'w');
  const adminKey = `bench-admin-${randomBytes(12).toString('hex')}`;
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
      DATABASE_URL: '',
      NODE_OPTIONS: '',
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
    const admin = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
    const party = await fetch(`${url}/v1/parties`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'Bench Carrier', role: 'carrier' }) });
    if (party.status !== 201) throw new Error(`creating the bench party: ${party.status} ${await party.text()}`);
    const { id } = (await party.json()) as { id: string };
    const issued = await fetch(`${url}/v1/parties/${id}/keys`, { method: 'POST', headers: admin, body: '{}' });
    if (issued.status !== 201) throw new Error(`issuing a key: ${issued.status} ${await issued.text()}`);
    const { key } = (await issued.json()) as { key: string };
    return { url, key, log, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Sends NDJSON bodies one after another; returns the response texts (NDJSON results). */
async function sendBatches(server: Server, bodies: string[]): Promise<string[]> {
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
const createdIn = (replies: string[]): number => {
  let created = 0;
  for (const text of replies) for (const line of text.split('\n')) if (line.startsWith('{') && (JSON.parse(line) as { status: number }).status === 201) created++;
  return created;
};

/** (3) NDJSON batches of BATCH_LINES declarations, sent one after another. */
async function httpBatch(server: Server, bodies: string[], count: number): Promise<number> {
  await sendBatches(server, ndjsonBodies(fresh(Math.min(WARMUP, count))));
  const t0 = performance.now();
  const replies = await sendBatches(server, bodies);
  const seconds = (performance.now() - t0) / 1000;
  const created = createdIn(replies);
  if (created !== count) throw new Error(`HTTP batch: ${created} of ${count} declarations created`);
  return count / seconds;
}

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
  requests: { setupRequest: (req: AutocannonRequest) => AutocannonRequest }[];
}) => PromiseLike<AutocannonResult> & { on(event: 'response', listener: () => void): void };
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface SingleFigures {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

/** (2) POST /v1/filings, one filing per request, each a different declaration, over CONNECTIONS connections. */
async function httpSingle(server: Server, amount: number): Promise<SingleFigures> {
  const run = async (count: number): Promise<AutocannonResult & { seconds: number; created: number }> => {
    const bodies = fresh(count).map((f) => JSON.stringify(f));
    let next = 0;
    // autocannon's own duration only ends at its next 1-second sampling tick, so throughput is timed here:
    // from the start to the last response.
    const started = performance.now();
    let last = started;
    const job = autocannon({
      url: `${server.url}/v1/filings`,
      connections: Math.min(CONNECTIONS, count),
      amount: count,
      timeout: 30,
      method: 'POST',
      headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
      requests: [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
    });
    job.on('response', () => {
      last = performance.now();
    });
    const result = await job;
    return { ...result, seconds: (last - started) / 1000, created: result.statusCodeStats['201']?.count ?? 0 };
  };
  await run(Math.min(200, amount));
  const r = await run(amount);
  if (r.errors || r.timeouts || r.non2xx || Number(r.created) !== amount) {
    throw new Error(`HTTP single: ${r.created} of ${amount} created, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  }
  return { perSecond: amount / r.seconds, p50Ms: r.latency.p50, p99Ms: r.latency.p99, meanMs: r.latency.average };
}

// ---------------------------------------------------------------------------------------------------------------

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, digits = 0): number => Number(x.toFixed(digits));
const fmt = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2));

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = loadavg()[0]!;
  const samples = {
    intake: [] as number[],
    floor: [] as number[],
    httpBatch: [] as number[],
    httpSingle: [] as SingleFigures[],
  };
  process.stdout.write(
    `Clearway intake bench: ${N.toLocaleString('en-US')} declarations per batch phase, ${REPS} repetitions (median), ` +
      `SQLite synchronous=FULL, node ${process.version}, ${cpus().length} CPUs, load average ${loadBefore.toFixed(2)}\n`,
  );
  // The engine's microbenchmark runs first, on a fresh heap: after the intake phases the process holds hundreds of
  // megabytes of their garbage, and collecting it would be measured as the engine's time.
  const assessed = PHASES.has('assess') ? benchAssess() : undefined;
  if (assessed) {
    process.stdout.write(`  revenue engine: ${fmt(assessed.assessPerSecond)} assessments/s (baseline ${fmt(assessed.baselinePerSecond)}/s, ${assessed.baselineOverAssess}x)\n`);
  }
  // The risk engine as intake runs it: indicators over the traffic memory, 24 targeting rules, the learned model, the score.
  const engine = PHASES.has('risk') ? benchRiskEngine() : undefined;
  if (engine) {
    process.stdout.write(
      `  risk engine: ${fmt(engine.riskScorePerSecond)} consignments/s with the model (${engine.modelTrees} trees), ${fmt(engine.riskScoreNoModelPerSecond)}/s without (baseline ${fmt(engine.baselinePerSecond)}/s, ${engine.baselineOverRiskScore}x)\n`,
    );
  }
  // The learned model's scoring, trained on the public customs declarations (about 15 s of training first).
  const risked = PHASES.has('risk') ? benchRiskScore() : undefined;
  if (risked) {
    process.stdout.write(`  risk model: ${fmt(risked.riskModelScorePerSecond)} declarations/s (${risked.trees} trees, baseline ${fmt(risked.baselinePerSecond)}/s)\n`);
  }
  for (let rep = 1; rep <= REPS; rep++) {
    if (PHASES.has('intake')) {
      samples.intake.push(await inProcess(N, GROUP));
      process.stdout.write(`  rep ${rep}: in-process intake ${fmt(samples.intake.at(-1)!)}/s\n`);
    }
    const filings = fresh(N);
    const bodies = ndjsonBodies(filings);
    if (PHASES.has('floor')) {
      samples.floor.push(floor(bodies, ndjsonBodies(fresh(Math.min(WARMUP, N)))[0]!));
      process.stdout.write(`  rep ${rep}: floor ${fmt(samples.floor.at(-1)!)}/s\n`);
    }
    if (PHASES.has('http')) {
      const server = await startServer();
      try {
        samples.httpBatch.push(await httpBatch(server, bodies, N));
        process.stdout.write(`  rep ${rep}: HTTP batch ${fmt(samples.httpBatch.at(-1)!)}/s\n`);
        if (SINGLE > 0) {
          const s = await httpSingle(server, SINGLE);
          samples.httpSingle.push(s);
          process.stdout.write(`  rep ${rep}: HTTP single ${fmt(s.perSecond)}/s, p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms\n`);
        }
      } finally {
        await server.stop();
      }
    }
  }

  const scan: Record<string, number> = {};
  if (PHASES.has('scan') && SCAN_N > 0) {
    for (const g of SCAN_GROUPS) {
      scan[String(g)] = round(await inProcess(SCAN_N, g));
      process.stdout.write(`  scan: groups of ${g}: ${fmt(scan[String(g)]!)}/s\n`);
    }
  }

  const intake = samples.intake.length ? median(samples.intake) : NaN;
  const floorRate = samples.floor.length ? median(samples.floor) : NaN;
  const httpBatchRate = samples.httpBatch.length ? median(samples.httpBatch) : NaN;
  const single = samples.httpSingle.length
    ? {
        perSecond: median(samples.httpSingle.map((s) => s.perSecond)),
        p50Ms: median(samples.httpSingle.map((s) => s.p50Ms)),
        p99Ms: median(samples.httpSingle.map((s) => s.p99Ms)),
      }
    : { perSecond: NaN, p50Ms: NaN, p99Ms: NaN };
  const spread = (xs: number[]) => (xs.length ? `${fmt(Math.min(...xs))} – ${fmt(Math.max(...xs))}` : '–');

  const rows: [string, string, string, string][] = [
    ['phase', 'median', 'min – max', 'unit'],
    [`in-process intake (groups of ${GROUP})`, fmt(intake), spread(samples.intake), 'declarations/s'],
    [`HTTP batch (NDJSON, ${BATCH_LINES.toLocaleString('en-US')}/request)`, fmt(httpBatchRate), spread(samples.httpBatch), 'declarations/s'],
    [`HTTP single (${CONNECTIONS} connections)`, fmt(single.perSecond), spread(samples.httpSingle.map((s) => s.perSecond)), 'filings/s'],
    ['HTTP single latency p50', fmt(single.p50Ms), spread(samples.httpSingle.map((s) => s.p50Ms)), 'ms'],
    ['HTTP single latency p99', fmt(single.p99Ms), spread(samples.httpSingle.map((s) => s.p99Ms)), 'ms'],
    ['floor (parse + raw insert)', fmt(floorRate), spread(samples.floor), 'rows/s'],
    ['floor / in-process intake', (floorRate / intake).toFixed(2), '', '×'],
    ['floor / HTTP batch', (floorRate / httpBatchRate).toFixed(2), '', '×'],
    ...Object.entries(scan).map(([g, v]) => [`scan: in-process, groups of ${g}`, fmt(v), `n=${SCAN_N}`, 'declarations/s'] as [string, string, string, string]),
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  process.stdout.write('\n');
  for (const [i, r] of rows.entries()) {
    process.stdout.write(`${r[0].padEnd(widths[0]!)}  ${r[1].padStart(widths[1]!)}  ${r[2].padStart(widths[2]!)}  ${r[3]}\n`);
    if (i === 0) process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `\ntargets: in-process batch intake >= 20,000/s: ${intake >= 20_000 ? 'met' : 'MISSED'}; ` +
      `within 3x of the floor: ${floorRate / intake <= 3 ? 'met' : 'MISSED'} (${(floorRate / intake).toFixed(2)}x); total ${seconds.toFixed(0)} s\n`,
  );

  const num = (x: number, digits = 0): number | null => (Number.isFinite(x) ? round(x, digits) : null);
  const summary = {
    intakeBatchPerSecond: num(intake),
    httpBatchPerSecond: num(httpBatchRate),
    floorPerSecond: num(floorRate),
    httpSinglePerSecond: num(single.perSecond),
    httpSingleP50Ms: num(single.p50Ms, 2),
    httpSingleP99Ms: num(single.p99Ms, 2),
    floorOverIntake: num(floorRate / intake, 2),
    floorOverHttpBatch: num(floorRate / httpBatchRate, 2),
    assessPerSecond: assessed?.assessPerSecond ?? null,
    assessBaselinePerSecond: assessed?.baselinePerSecond ?? null,
    assessBaselineOverAssess: assessed?.baselineOverAssess ?? null,
    riskScorePerSecond: engine?.riskScorePerSecond ?? null,
    riskScoreNoModelPerSecond: engine?.riskScoreNoModelPerSecond ?? null,
    riskScoreBaselineOverScore: engine?.baselineOverRiskScore ?? null,
    riskModelScorePerSecond: risked?.riskModelScorePerSecond ?? null,
    riskModelBaselineOverScore: risked?.baselineOverRiskModelScore ?? null,
    samples: {
      intakeBatchPerSecond: samples.intake.map((x) => round(x)),
      httpBatchPerSecond: samples.httpBatch.map((x) => round(x)),
      floorPerSecond: samples.floor.map((x) => round(x)),
      httpSinglePerSecond: samples.httpSingle.map((s) => round(s.perSecond)),
    },
    groupScan: scan,
    n: {
      declarationsPerBatchPhase: N,
      repetitions: REPS,
      intakeGroup: GROUP,
      httpBatchLinesPerRequest: BATCH_LINES,
      httpSingleRequests: SINGLE,
      httpSingleConnections: CONNECTIONS,
      scanDeclarations: SCAN_N,
    },
    node: process.version,
    cpus: cpus().length,
    sqliteSynchronous: 'FULL',
    loadAverage: { before: round(loadBefore, 2), after: round(loadavg()[0]!, 2) },
    seconds: round(seconds, 1),
    date: new Date().toISOString(),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

try {
  await main();
} catch (e) {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
} finally {
  for (const c of [...children]) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  }
  cleanupNow();
}
