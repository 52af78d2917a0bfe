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
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { configFromEnv, type Config } from '../src/config.ts';
import type { Filing } from '../src/domain/model/index.ts';
import { openClearway } from '../src/services/clearway.ts';
import type { Actor } from '../src/services/roles.ts';
import {
  BATCH_LINES,
  cleanupNow,
  createdIn,
  drive,
  fmt,
  fresh,
  int,
  median,
  ndjsonBodies,
  num,
  printTable,
  removeDir,
  round,
  runBench,
  runFacts,
  sendBatches,
  setTemplateCount,
  spread,
  startServer,
  tempDir,
  type Server,
} from './common.ts';

const N = int('BENCH_DECLARATIONS', 50_000);
setTemplateCount(N);
const REPS = Math.max(1, int('BENCH_REPS', 3));
const SINGLE = int('BENCH_SINGLE', 2_000);
const CONNECTIONS = Math.max(1, int('BENCH_CONNECTIONS', 10));
const SCAN_N = int('BENCH_SCAN', 20_000);
const SCAN_GROUPS = [100, 1000, 5000];
const GROUP = 1000; // in-process group, and the group the batch route hands to one transaction
const WARMUP = 2_000;
const PHASES = new Set((process.env.BENCH_PHASES ?? 'intake,floor,http,scan,assess,risk').split(',').map((s) => s.trim()));

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

interface SingleFigures {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

/** (2) POST /v1/filings, one filing per request, each a different declaration, over CONNECTIONS connections. */
async function httpSingle(server: Server, amount: number): Promise<SingleFigures> {
  const run = (count: number) => drive(server, { bodies: fresh(count).map((f) => JSON.stringify(f)), connections: CONNECTIONS, path: '/v1/filings' });
  await run(Math.min(200, amount));
  const r = await run(amount);
  if (r.failures || r.created !== amount) throw new Error(`HTTP single: ${r.created} of ${amount} created${r.failures ? `, ${r.failures}` : ''}`);
  return { perSecond: amount / r.seconds, p50Ms: r.p50Ms, p99Ms: r.p99Ms, meanMs: r.meanMs };
}

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
  process.stdout.write('\n');
  printTable(rows);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `\ntargets: in-process batch intake >= 20,000/s: ${intake >= 20_000 ? 'met' : 'MISSED'}; ` +
      `within 3x of the floor: ${floorRate / intake <= 3 ? 'met' : 'MISSED'} (${(floorRate / intake).toFixed(2)}x); total ${seconds.toFixed(0)} s\n`,
  );

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
    sqliteSynchronous: 'FULL',
    ...runFacts(loadBefore, started),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

await runBench(main);
