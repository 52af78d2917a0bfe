// PostgreSQL benchmark (`npm run bench:pg`): starts a throwaway PostgreSQL cluster (bench/pg-cluster.ts; or uses the
// server CLEARWAY_BENCH_PG_URL names), then real Clearway nodes (`clearway serve` child processes) on it, driven
// with autocannon over loopback:
//   floor      the same declarations, each NDJSON line parsed and the raw row (sender, filing id, body) COPYed into a
//              table with the same primary key, one COPY per request-sized chunk: the cheapest way to store them;
//   one node   NDJSON batches (BATCH_LINES lines per request, PG_BATCH_CONNECTIONS at once), then single filings;
//   two nodes  the same batches split over two nodes on one database, at once;
//   scan       one node, batches of 100, 1 000 and 10 000 lines (how throughput grows with batch size).
// Each phase gets a fresh database. Prints a table, then as the last line one JSON object with the figures
// (pgBatchPerSecond, pgSinglePerSecond, pgSingleP99Ms, twoNodeSpeedup, pgFloorPerSecond, …). See docs/performance.md.
//
// Knobs (environment): BENCH_DECLARATIONS (per batch phase, default 50 000), BENCH_REPS (default 3, medians),
// BENCH_SINGLE (single filings, default 3 000), BENCH_CONNECTIONS (single-filing connections, default 10),
// BENCH_PG_BATCH_CONNECTIONS (batch requests in flight per node, default 2), BENCH_SCAN (declarations per batch size
// in the scan, default 20 000; 0 skips it), CLEARWAY_BENCH_PG_URL (use this server instead of starting one).
import { cpus, loadavg } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  BATCH_LINES,
  cleanupNow,
  drive,
  fmt,
  fresh,
  int,
  median,
  ndjsonBodies,
  num,
  printTable,
  round,
  runBench,
  runFacts,
  sendBatches,
  setTemplateCount,
  spread,
  startServer,
  type Driven,
  type Server,
} from './common.ts';
import { startCluster, type Cluster } from './pg-cluster.ts';

const N = int('BENCH_DECLARATIONS', 50_000);
const REPS = Math.max(1, int('BENCH_REPS', 3));
const SINGLE = int('BENCH_SINGLE', 3_000);
const CONNECTIONS = Math.max(1, int('BENCH_CONNECTIONS', 10));
const BATCH_CONNECTIONS = Math.max(1, int('BENCH_PG_BATCH_CONNECTIONS', 2));
const SCAN_N = int('BENCH_SCAN', 20_000);
const SCAN_SIZES = [100, 1_000, 10_000];
const WARMUP = 2_000;
const PARTY = 'pty_bench_floor';
setTemplateCount(N);

/**
 * One field of COPY's text format: backslash, tab, newline and carriage return escaped. (CSV would double every quote
 * of a JSON body, which measured 8x slower than the JSON.parse itself.)
 */
const field = (s: string): string => (/[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : s);

/** The floor: parse each line, COPY (party, filing id, body) into a primary-keyed table, one transaction per body. */
async function floor(url: string, bodies: string[], warmup: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create table filings (party_id text not null, filing_id text not null, body text not null, primary key (party_id, filing_id))');
    const load = async (texts: string[]): Promise<number> => {
      let n = 0;
      for (const text of texts) {
        let rows = 0;
        const data: string[] = [];
        for (const line of text.split('\n')) {
          if (line === '') continue;
          const value = JSON.parse(line) as { filingId: string };
          data.push(`${PARTY}\t${field(value.filingId)}\t${field(line)}\n`);
          rows++;
        }
        await client.query('begin');
        await pipeline(Readable.from([data.join('')]), client.query(copyFrom('copy filings (party_id, filing_id, body) from stdin')));
        await client.query('commit');
        n += rows;
      }
      return n;
    };
    await load(warmup);
    const t0 = performance.now();
    const n = await load(bodies);
    return n / ((performance.now() - t0) / 1000);
  } finally {
    await client.end();
  }
}

const nodeEnv = { CLEARWAY_CAPACITY: 'none' };

/** Sends the bodies to the nodes at once, each node its share; throughput over the slowest. */
async function batchOn(nodes: Server[], bodies: string[], expected: number): Promise<{ perSecond: number; runs: Driven[] }> {
  const shares = nodes.map((_, i) => bodies.filter((_, j) => j % nodes.length === i));
  if (shares.some((s) => s.length === 0)) throw new Error(`${bodies.length} request(s) cannot keep ${nodes.length} nodes busy: raise BENCH_DECLARATIONS`);
  const t0 = performance.now();
  const runs = await Promise.all(nodes.map((node, i) => drive(node, { bodies: shares[i]!, connections: BATCH_CONNECTIONS, path: '/v1/filings/batch', countLines: true })));
  const seconds = (performance.now() - t0) / 1000;
  const created = runs.reduce((sum, r) => sum + r.created, 0);
  const failed = runs.find((r) => r.failures);
  if (failed || created !== expected) throw new Error(`batch on ${nodes.length} node(s): ${created} of ${expected} created${failed ? `, ${failed.failures}` : ''}`);
  return { perSecond: expected / seconds, runs };
}

const warm = async (node: Server) => {
  await sendBatches(node, ndjsonBodies(fresh(WARMUP)));
  await drive(node, { bodies: fresh(200).map((f) => JSON.stringify(f)), connections: CONNECTIONS, path: '/v1/filings' });
};

interface Rep {
  floor: number;
  batch1: number;
  batch2: number;
  single: { perSecond: number; p50Ms: number; p99Ms: number };
}

async function repetition(cluster: Cluster, rep: number): Promise<Rep> {
  const bodies = ndjsonBodies(fresh(N));
  const floorRate = await floor(await cluster.database(`floor${rep}`), bodies, ndjsonBodies(fresh(WARMUP)));
  process.stdout.write(`  rep ${rep}: floor (parse + COPY) ${fmt(floorRate)}/s\n`);

  const one = await startServer({ databaseUrl: await cluster.database(`one${rep}`), env: nodeEnv });
  let batch1: number;
  let single: Rep['single'];
  try {
    await warm(one);
    batch1 = (await batchOn([one], bodies, N)).perSecond;
    process.stdout.write(`  rep ${rep}: one node, batch ${fmt(batch1)}/s\n`);
    const s = await drive(one, { bodies: fresh(SINGLE).map((f) => JSON.stringify(f)), connections: CONNECTIONS, path: '/v1/filings' });
    if (s.failures || s.created !== SINGLE) throw new Error(`single: ${s.created} of ${SINGLE} created${s.failures ? `, ${s.failures}` : ''}`);
    single = { perSecond: SINGLE / s.seconds, p50Ms: s.p50Ms, p99Ms: s.p99Ms };
    process.stdout.write(`  rep ${rep}: one node, single ${fmt(single.perSecond)}/s, p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms\n`);
  } finally {
    await one.stop();
  }

  const url = await cluster.database(`two${rep}`);
  const a = await startServer({ databaseUrl: url, env: nodeEnv });
  let batch2: number;
  try {
    // The second node finds the database migrated and the bench party's key stored: it takes the same key.
    const b = await startServer({ databaseUrl: url, env: nodeEnv, adminKey: a.adminKey, key: a.key });
    try {
      await Promise.all([warm(a), warm(b)]);
      batch2 = (await batchOn([a, b], ndjsonBodies(fresh(N)), N)).perSecond;
      process.stdout.write(`  rep ${rep}: two nodes, batch ${fmt(batch2)}/s (${(batch2 / batch1).toFixed(2)}x one node)\n`);
    } finally {
      await b.stop();
    }
  } finally {
    await a.stop();
  }
  return { floor: floorRate, batch1, batch2, single };
}

async function scan(cluster: Cluster): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const size of SCAN_SIZES) {
    const node = await startServer({ databaseUrl: await cluster.database(`scan${size}`), env: nodeEnv });
    try {
      await warm(node);
      const { perSecond } = await batchOn([node], ndjsonBodies(fresh(SCAN_N), size), SCAN_N);
      out[String(size)] = round(perSecond);
      process.stdout.write(`  scan: ${size.toLocaleString('en-US')} lines per request: ${fmt(perSecond)}/s\n`);
    } finally {
      await node.stop();
    }
  }
  return out;
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = loadavg()[0]!;
  const cluster = await startCluster();
  process.stdout.write(
    `Clearway PostgreSQL bench: ${N.toLocaleString('en-US')} declarations per batch phase, ${REPS} repetitions (median), ${cluster.version} ` +
      `(${Object.entries(cluster.settings).map(([k, v]) => `${k}=${v}`).join(', ')}), node ${process.version}, ${cpus().length} CPUs, load average ${loadBefore.toFixed(2)}\n`,
  );
  const reps: Rep[] = [];
  for (let rep = 1; rep <= REPS; rep++) reps.push(await repetition(cluster, rep));
  const scanned = SCAN_N > 0 ? await scan(cluster) : {};

  const floorRate = median(reps.map((r) => r.floor));
  const batch1 = median(reps.map((r) => r.batch1));
  const batch2 = median(reps.map((r) => r.batch2));
  const speedups = reps.map((r) => r.batch2 / r.batch1);
  const single = {
    perSecond: median(reps.map((r) => r.single.perSecond)),
    p50Ms: median(reps.map((r) => r.single.p50Ms)),
    p99Ms: median(reps.map((r) => r.single.p99Ms)),
  };
  const best = Math.max(batch1, batch2);
  process.stdout.write('\n');
  printTable([
    ['phase', 'median', 'min – max', 'unit'],
    [`one node, batch (NDJSON, ${BATCH_LINES.toLocaleString('en-US')}/request, ${BATCH_CONNECTIONS} in flight)`, fmt(batch1), spread(reps.map((r) => r.batch1)), 'declarations/s'],
    ['two nodes, batch (same requests split over both)', fmt(batch2), spread(reps.map((r) => r.batch2)), 'declarations/s'],
    ['two nodes ÷ one node', median(speedups).toFixed(2), spread(speedups), '×'],
    [`one node, single (${CONNECTIONS} connections)`, fmt(single.perSecond), spread(reps.map((r) => r.single.perSecond)), 'filings/s'],
    ['one node, single latency p50', fmt(single.p50Ms), spread(reps.map((r) => r.single.p50Ms)), 'ms'],
    ['one node, single latency p99', fmt(single.p99Ms), spread(reps.map((r) => r.single.p99Ms)), 'ms'],
    ['floor (parse + COPY)', fmt(floorRate), spread(reps.map((r) => r.floor)), 'rows/s'],
    ['floor ÷ best batch', (floorRate / best).toFixed(2), '', '×'],
    ...Object.entries(scanned).map(([size, v]) => [`scan: one node, ${Number(size).toLocaleString('en-US')} lines/request`, fmt(v), `n=${SCAN_N}`, 'declarations/s']),
  ]);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `\ntargets: batch intake >= 10,000/s on PostgreSQL: ${best >= 10_000 ? 'met' : 'MISSED'} (${fmt(best)}/s); ` +
      `within 3x of the floor: ${floorRate / best <= 3 ? 'met' : 'MISSED'} (${(floorRate / best).toFixed(2)}x); total ${seconds.toFixed(0)} s\n`,
  );
  const summary = {
    pgBatchPerSecond: num(best),
    pgBatchOneNodePerSecond: num(batch1),
    pgBatchTwoNodesPerSecond: num(batch2),
    pgSinglePerSecond: num(single.perSecond),
    pgSingleP50Ms: num(single.p50Ms, 2),
    pgSingleP99Ms: num(single.p99Ms, 2),
    twoNodeSpeedup: num(median(speedups), 2),
    pgFloorPerSecond: num(floorRate),
    floorOverBatch: num(floorRate / best, 2),
    batchSizeScan: scanned,
    samples: {
      pgBatchOneNodePerSecond: reps.map((r) => round(r.batch1)),
      pgBatchTwoNodesPerSecond: reps.map((r) => round(r.batch2)),
      pgSinglePerSecond: reps.map((r) => round(r.single.perSecond)),
      pgSingleP99Ms: reps.map((r) => r.single.p99Ms),
      pgFloorPerSecond: reps.map((r) => round(r.floor)),
    },
    n: { declarationsPerBatchPhase: N, repetitions: REPS, batchLinesPerRequest: BATCH_LINES, batchConnectionsPerNode: BATCH_CONNECTIONS, singleRequests: SINGLE, singleConnections: CONNECTIONS, scanDeclarations: SCAN_N },
    postgres: cluster.version,
    postgresSettings: cluster.settings,
    ...runFacts(loadBefore, started),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

await runBench(main);
