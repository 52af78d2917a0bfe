// Issue 7's crash bar on PostgreSQL, with Clearway as real `clearway serve` processes taking NDJSON batch streams:
// (1) two nodes on one database, node A killed with SIGKILL mid-stream while node B keeps serving; (2) the PostgreSQL
// server itself stopped like a crash (immediate mode) and started again under a node taking batches. Afterwards every
// filing acknowledged (201 or 200) is stored exactly once, nothing is half-written (a filing without its live
// consignment or its filing-received event, a consignment without its event), `clearway verify` accepts the chain,
// and sending everything again answers only 200 or 201, never 409 or 5xx, leaving each filing stored exactly once.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { freshDatabase } from '../helpers/clearway.ts';
import { declaration, logistics, payment } from '../helpers/filings.ts';
import {
  freePort,
  registerParty,
  requestJson,
  runClearway,
  sleep,
  startServe,
  streamBatch,
  within,
  type BatchLine,
  type ServeProcess,
  type StreamOutcome,
} from '../helpers/process.ts';

const PG_URL = process.env.CLEARWAY_TEST_PG_URL;
/** A shell command line that stops the PostgreSQL server of PG_URL like a crash (immediate mode) and starts it again. */
const PG_RESTART = process.env.CLEARWAY_TEST_PG_RESTART;
/**
 * Parcels of each kind in the two-node test: PARCELS with a declaration to A and their logistics and payment to B,
 * PARCELS declared to A only, PARCELS declared to B only (5 × PARCELS filings; a stream holds at most 10 000 lines).
 */
const PARCELS = Math.min(10_000, Number(process.env.CLEARWAY_CRASH_PARCELS ?? 3_000));
/** Acknowledgements from node A before it is killed. */
const KILL_AFTER = Math.min(3_000, PARCELS);
/** Acknowledgements before PostgreSQL is restarted. */
const RESTART_AFTER = Number(process.env.CLEARWAY_CRASH_RESTART_AFTER ?? 2_000);
/** Lines per batch of the PostgreSQL-restart test's clients (fewer while the store fails). */
const ROUND = 500;

/** What the test sent, by filing id (ids are unique across parties): the sender, the parcel and the NDJSON line. */
interface Sent {
  party: string;
  parcel: string;
  kind: 'declaration' | 'logistics' | 'payment';
  line: string;
}

/** One stream's answers: each line's result, lines answered twice, and how the stream ended. */
class Tally {
  readonly answers = new Map<number, BatchLine>();
  readonly twice: BatchLine[] = [];
  outcome: StreamOutcome | undefined;
  constructor(
    readonly name: string,
    readonly lines: readonly string[],
  ) {}
  add(r: BatchLine): void {
    if (this.answers.has(r.line)) this.twice.push(r);
    else this.answers.set(r.line, r);
  }
  statuses(): string {
    const n = new Map<number, number>();
    for (const r of this.answers.values()) n.set(r.status, (n.get(r.status) ?? 0) + 1);
    return [...n].map(([s, k]) => `${s}×${k}`).join(' ') || 'none';
  }
}

/** The store as it is, read directly: every filing, consignment and filing-received event. */
async function inspect(url: string) {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const filings = (await db.query<{ party_id: string; filing_id: string; consignment_id: string }>('SELECT party_id, filing_id, consignment_id FROM filings')).rows;
    const consignments = (await db.query<{ id: string; tracking_id: string | null; merged_into: string | null }>('SELECT id, tracking_id, merged_into FROM consignments')).rows;
    const received = (await db.query<{ consignment_id: string; actor: string; data: string }>("SELECT consignment_id, actor, data FROM events WHERE type = 'filing-received'")).rows.map(
      (e) => ({ consignmentId: e.consignment_id, actor: e.actor, filingId: (JSON.parse(e.data) as { filingId?: string }).filingId ?? '' }),
    );
    return { filings, consignments, received };
  } finally {
    await db.end();
  }
}

const few = (items: readonly unknown[]) => JSON.stringify(items.slice(0, 5));

/**
 * Asserts the store holds every acknowledged filing exactly once and nothing half-written. With `all`, every filing
 * sent must be stored, each parcel as one consignment.
 */
function assertWhole(s: Awaited<ReturnType<typeof inspect>>, sent: ReadonlyMap<string, Sent>, acked: ReadonlySet<string>, when: string, all = false) {
  const stored = new Map<string, { party: string; consignmentId: string }>();
  const duplicated: string[] = [];
  for (const f of s.filings) {
    if (stored.has(f.filing_id)) duplicated.push(f.filing_id);
    stored.set(f.filing_id, { party: f.party_id, consignmentId: f.consignment_id });
  }
  assert.equal(few(duplicated), '[]', `${when}: ${duplicated.length} filings are stored more than once`);
  const lost = [...acked].filter((id) => !stored.has(id));
  assert.equal(few(lost), '[]', `${when}: ${lost.length} of ${acked.size} acknowledged filings are missing from the store`);
  const foreign = [...stored].filter(([id, f]) => sent.get(id)?.party !== f.party).map(([id]) => id);
  assert.equal(few(foreign), '[]', `${when}: ${foreign.length} stored filings were never sent by that party`);
  if (all) {
    const missing = [...sent.keys()].filter((id) => !stored.has(id));
    assert.equal(few(missing), '[]', `${when}: ${missing.length} of ${sent.size} filings sent are not stored`);
  }

  const consignments = new Map(s.consignments.map((c) => [c.id, c]));
  const homeless = [...stored].filter(([, f]) => consignments.get(f.consignmentId)?.merged_into !== null).map(([id, f]) => `${id} → ${f.consignmentId}`);
  assert.equal(few(homeless), '[]', `${when}: ${homeless.length} filings without their live consignment`);

  const events = new Map<string, number>();
  const eventFor = (party: string, filingId: string) => `${party} ${filingId}`;
  for (const e of s.received) events.set(eventFor(e.actor, e.filingId), (events.get(eventFor(e.actor, e.filingId)) ?? 0) + 1);
  const withoutEvent = [...stored].filter(([id, f]) => events.get(eventFor(f.party, id)) !== 1).map(([id, f]) => `${id}: ${events.get(eventFor(f.party, id)) ?? 0} events`);
  assert.equal(few(withoutEvent), '[]', `${when}: ${withoutEvent.length} filings without exactly one filing-received event`);
  const eventWithoutFiling = s.received.filter((e) => stored.get(e.filingId)?.party !== e.actor).map((e) => e.filingId);
  assert.equal(few(eventWithoutFiling), '[]', `${when}: ${eventWithoutFiling.length} filing-received events whose filing is not stored`);
  const withEvent = new Set(s.received.map((e) => e.consignmentId));
  const eventless = s.consignments.filter((c) => !withEvent.has(c.id)).map((c) => c.id);
  assert.equal(few(eventless), '[]', `${when}: ${eventless.length} consignments without a filing-received event`);
  const holding = new Set([...stored.values()].map((f) => f.consignmentId));
  const empty = s.consignments.filter((c) => c.merged_into === null && !holding.has(c.id)).map((c) => c.id);
  assert.equal(few(empty), '[]', `${when}: ${empty.length} live consignments without a filing`);
  const tracked = new Map<string, number>();
  for (const c of s.consignments) if (c.merged_into === null && c.tracking_id) tracked.set(c.tracking_id, (tracked.get(c.tracking_id) ?? 0) + 1);
  const twins = [...tracked].filter(([, n]) => n > 1).map(([t]) => t);
  assert.equal(few(twins), '[]', `${when}: ${twins.length} tracking ids with more than one live consignment`);

  // Once a parcel's declaration (tracking and order id) is stored, its logistics and payment are on its consignment.
  const byParcel = new Map<string, { declared?: string; others: [string, string][] }>();
  for (const [id, f] of stored) {
    const x = sent.get(id)!;
    const p = byParcel.get(x.parcel) ?? { others: [] };
    if (x.kind === 'declaration') p.declared = f.consignmentId;
    else p.others.push([id, f.consignmentId]);
    byParcel.set(x.parcel, p);
  }
  const split = [...byParcel].filter(([, p]) => p.declared && p.others.some(([, c]) => c !== p.declared)).map(([parcel]) => parcel);
  assert.equal(few(split), '[]', `${when}: ${split.length} parcels whose filings are on more than one consignment`);
  if (all) {
    const parcels = new Set([...sent.values()].map((x) => x.parcel));
    const live = s.consignments.filter((c) => c.merged_into === null).length;
    assert.equal(live, parcels.size, `${when}: ${parcels.size} parcels sent, ${live} live consignments`);
  }
}

/** `clearway verify` against the database: exit 0 and "chain verified". */
async function assertChain(env: NodeJS.ProcessEnv, when: string): Promise<string> {
  const v = await runClearway(env, 'verify');
  assert.equal(v.code, 0, `${when}: clearway verify failed:\n${v.stdout}${v.stderr}`);
  assert.match(v.stdout, /chain verified/, `${when}: clearway verify said:\n${v.stdout}`);
  return v.stdout.trim();
}

/**
 * Sends every filing again to one node, on one stream per sender (at most 10 000 lines each, a few at once): only 200
 * or 201, never 409 or 5xx, and an acknowledged filing is never new (201) again.
 */
async function sendAgain(t: TestContext, port: number, keys: ReadonlyMap<string, string>, sent: ReadonlyMap<string, Sent>, acked: ReadonlySet<string>): Promise<void> {
  const byParty = new Map<string, string[]>();
  for (const [id, x] of sent) byParty.set(x.party, [...(byParty.get(x.party) ?? []), id]);
  const streams: { key: string; ids: string[]; tally: Tally }[] = [];
  for (const [party, ids] of byParty) {
    for (let i = 0; i < ids.length; i += 5_000) {
      const part = ids.slice(i, i + 5_000);
      streams.push({ key: keys.get(party)!, ids: part, tally: new Tally(`again ${party} ${i}`, part.map((id) => sent.get(id)!.line)) });
    }
  }
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < streams.length) {
      const s = streams[next++]!;
      s.tally.outcome = await streamBatch(port, s.key, s.tally.lines, (r) => s.tally.add(r));
    }
  };
  await within(90_000, 'the filings sent again', Promise.all([worker(), worker(), worker()]));
  t.diagnostic(`${sent.size} filings sent again in ${Date.now() - started} ms: ${streams.map((s) => s.tally.statuses()).join(', ')}`);
  for (const { ids, tally } of streams) {
    assert.deepEqual(tally.outcome, { complete: true }, `sending again: stream ${tally.name} was cut short after ${tally.answers.size} of ${ids.length} lines`);
    assert.equal(tally.answers.size, ids.length, `sending again: ${ids.length - tally.answers.size} lines of ${tally.name} got no answer`);
    const wrong = [...tally.answers.values()].filter((r) => r.status !== 200 && r.status !== 201);
    assert.equal(few(wrong), '[]', `sending again: ${wrong.length} lines were neither a repeat (200) nor new (201)`);
    const renewed = [...tally.answers.values()].filter((r) => r.status === 201 && acked.has(r.filingId ?? ''));
    assert.equal(few(renewed), '[]', `sending again: ${renewed.length} acknowledged filings were new (201) again, so had been lost`);
    const misplaced = [...tally.answers.values()].filter((r) => r.filingId !== ids[r.line - 1]);
    assert.equal(few(misplaced), '[]', `sending again: ${misplaced.length} answers name another filing than their line`);
  }
}

/** A fresh database on the test server, with commits acknowledged only once their WAL is written (see below). */
async function crashDatabase(): Promise<{ url: string; dataDir: string; drop: () => Promise<void> }> {
  const db = await freshDatabase('postgres');
  const url = db.config.databaseUrl!;
  // A throwaway cluster runs with synchronous_commit = off, which acknowledges a commit before its WAL leaves
  // PostgreSQL's memory: an immediate stop would then lose commits Clearway has rightly acknowledged. Clearway's
  // promise needs synchronous commits, as in production; fsync = off still survives a server crash (not an OS one).
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE ${new URL(url).pathname.slice(1)} SET synchronous_commit = on`);
  } finally {
    await admin.end();
  }
  return { url, dataDir: db.config.dataDir!, drop: db.drop };
}

/** The environment of a node (and of `clearway verify`) on a PostgreSQL database. */
function nodeEnv(url: string, dataDir: string, adminKey: string, port: number): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, NODE_TEST_CONTEXT: _ctx, ...rest } = process.env;
  return {
    ...rest,
    DATABASE_URL: url,
    PORT: String(port),
    HOST: '127.0.0.1',
    CLEARWAY_DATA_DIR: dataDir,
    CLEARWAY_DEMO: '0',
    CLEARWAY_ADMIN_KEY: adminKey,
    CLEARWAY_CAPACITY: 'none',
    LOG_LEVEL: 'warn',
  };
}

describe('crash tests on PostgreSQL (issue 7)', { skip: PG_URL ? false : 'needs CLEARWAY_TEST_PG_URL (a PostgreSQL server)' }, () => {
  const servers: ServeProcess[] = [];
  const drops: (() => Promise<void>)[] = [];
  const start = async (env: NodeJS.ProcessEnv) => {
    const s = await startServe(env);
    servers.push(s);
    return s;
  };
  after(async () => {
    await Promise.allSettled(servers.map((s) => s.kill()));
    for (const drop of drops) await drop().catch((e: unknown) => console.error('dropping a test database:', e));
  });

  test(
    `two nodes: kill -9 node A after ${KILL_AFTER} acknowledgements while node B keeps serving; every acknowledged filing is stored once`,
    { timeout: 180_000 },
    async (t) => {
      const db = await crashDatabase();
      drops.push(db.drop);
      const adminKey = `crash-admin-${randomBytes(12).toString('hex')}`;
      const envA = nodeEnv(db.url, db.dataDir, adminKey, await freePort());
      const envB = nodeEnv(db.url, db.dataDir, adminKey, await freePort());
      // One after the other: A migrates the database, B finds it migrated.
      let a = await start(envA);
      const b = await start(envB);
      const platform = await registerParty(a.base, adminKey, 'ShopNova', 'platform');
      const carrier = await registerParty(a.base, adminKey, 'China Post', 'carrier');
      const payer = await registerParty(a.base, adminKey, 'PayFlow', 'payment');
      const keys = new Map([platform, carrier, payer].map((p) => [p.id, p.key]));

      const sent = new Map<string, Sent>();
      const put = (party: string, parcel: string, kind: Sent['kind'], filing: { filingId: string }) => {
        const line = JSON.stringify(filing);
        sent.set(filing.filingId, { party, parcel, kind, line });
        return line;
      };
      // A: declarations, half of them of parcels whose logistics and payment go to B at the same time (in the same
      // order for logistics, the reverse for payments, so each comes before, with and after its declaration).
      const toA: [string[], string[]] = [[], []];
      const logisticsToB: string[] = [];
      const paymentsToB: string[] = [];
      const declarationsToB: string[] = [];
      for (let i = 0; i < PARCELS; i++) {
        const shared = declaration();
        toA[i % 2]!.push(put(platform.id, shared.trackingId, 'declaration', shared));
        logisticsToB.push(put(carrier.id, shared.trackingId, 'logistics', logistics(shared.trackingId)));
        // 2 × 12.50 + 4.99 shipping: what the declaration says was paid.
        paymentsToB.unshift(put(payer.id, shared.trackingId, 'payment', payment(shared.orderId, '29.99')));
        const own = declaration();
        toA[(i + 1) % 2]!.push(put(platform.id, own.trackingId, 'declaration', own));
        const other = declaration();
        declarationsToB.push(put(platform.id, other.trackingId, 'declaration', other));
      }
      const onA = toA.map((lines, i) => ({ key: platform.key, tally: new Tally(`A declarations ${i + 1}`, lines) }));
      const onB = [
        { key: carrier.key, tally: new Tally('B logistics', logisticsToB) },
        { key: payer.key, tally: new Tally('B payments', paymentsToB) },
        { key: platform.key, tally: new Tally('B declarations', declarationsToB) },
      ];
      const linesOnB = onB.reduce((n, s) => n + s.tally.lines.length, 0);

      const acked = new Set<string>();
      const answeredB = () => onB.reduce((n, s) => n + s.tally.answers.size, 0);
      let ackedByA = 0;
      let killed: Promise<void> | undefined;
      let bAtKill = 0;
      const started = Date.now();
      const streams = (node: ServeProcess, list: typeof onA, countA: boolean) =>
        list.map(async (s) => {
          s.tally.outcome = await streamBatch(node.port, s.key, s.tally.lines, (r) => {
            s.tally.add(r);
            if ((r.status === 201 || r.status === 200) && r.filingId) {
              acked.add(r.filingId);
              if (countA && ++ackedByA >= KILL_AFTER && !killed) {
                bAtKill = answeredB();
                killed = a.kill();
              }
            }
          });
        });
      const streamsB = Promise.all(streams(b, onB, false));
      await within(90_000, `${KILL_AFTER} acknowledgements from node A`, Promise.all(streams(a, onA, true)));
      await killed;
      const killedAt = Date.now();
      await within(90_000, "node B's streams after the kill", streamsB);
      t.diagnostic(
        `node A: ${ackedByA} acknowledged in ${killedAt - started} ms before kill -9 (${onA.map((s) => `${s.tally.statuses()}, ${s.tally.outcome?.error ?? 'complete'}`).join('; ')}); ` +
          `node B: ${bAtKill} of ${linesOnB} lines answered at the kill, the rest in ${Date.now() - killedAt} ms`,
      );

      assert.ok(killed, `node A was not killed: only ${ackedByA} acknowledgements (${onA.map((s) => s.tally.statuses()).join('; ')})`);
      for (const { tally } of onA) {
        assert.equal(tally.outcome?.complete, false, `the kill did not cut ${tally.name} short: all ${tally.lines.length} lines were answered`);
        const wrong = [...tally.answers.values()].filter((r) => r.status !== 201);
        assert.equal(few(wrong), '[]', `${tally.name}: ${wrong.length} lines before the kill were not 201`);
      }
      assert.ok(bAtKill < linesOnB, `node B had answered all ${linesOnB} lines before A was killed: it was not serving through the kill (size up CLEARWAY_CRASH_PARCELS)`);
      for (const { tally } of onB) {
        assert.deepEqual(tally.outcome, { complete: true }, `${tally.name} was cut short (node B stopped serving when A was killed)`);
        assert.equal(tally.answers.size, tally.lines.length, `${tally.name}: ${tally.lines.length - tally.answers.size} lines got no answer from node B`);
        assert.equal(few(tally.twice), '[]', `${tally.name}: lines answered twice`);
        const wrong = [...tally.answers.values()].filter((r) => r.status !== 201);
        assert.equal(few(wrong), '[]', `${tally.name}: ${wrong.length} of node B's lines were not 201`);
      }
      // B serves a new request after the kill.
      assert.equal((await requestJson(b.base, 'GET', '/ready')).status, 200, 'node B is ready after A was killed');
      const late = declaration();
      put(platform.id, late.trackingId, 'declaration', late);
      const r = await requestJson(b.base, 'POST', '/v1/filings', platform.key, late);
      assert.equal(r.status, 201, `a new filing to node B after the kill: ${r.status} ${JSON.stringify(r.body)}`);
      acked.add(late.filingId);

      // A restarts on the database it was killed on, and serves.
      a = await start(envA);
      assert.equal((await requestJson(a.base, 'GET', '/ready')).status, 200, 'node A is ready after its restart');
      const afterRestart = declaration();
      put(platform.id, afterRestart.trackingId, 'declaration', afterRestart);
      const ra = await requestJson(a.base, 'POST', '/v1/filings', platform.key, afterRestart);
      assert.equal(ra.status, 201, `a new filing to node A after its restart: ${ra.status} ${JSON.stringify(ra.body)}`);
      acked.add(afterRestart.filingId);

      const s = await inspect(db.url);
      t.diagnostic(`after the kill: ${s.filings.length} filings stored, ${acked.size} acknowledged, ${sent.size} sent`);
      assert.ok(s.filings.length < sent.size, 'the kill came before everything was stored');
      assertWhole(s, sent, acked, 'after kill -9 of node A');
      t.diagnostic(await assertChain(envB, 'after kill -9 of node A'));

      await sendAgain(t, b.port, keys, sent, acked);
      const again = await inspect(db.url);
      assertWhole(again, sent, acked, 'after sending everything again to node B', true);
      t.diagnostic(await assertChain(envB, 'after sending everything again'));
      assert.equal(a.exited() || b.exited(), false, `a node died:\nA: ${a.output()}\nB: ${b.output()}`);
    },
  );

  test(
    `PostgreSQL restarted (immediate stop) after ${RESTART_AFTER} acknowledgements: the node serves again without a restart, every acknowledged filing is stored once`,
    { timeout: 180_000, skip: PG_RESTART ? false : 'needs CLEARWAY_TEST_PG_RESTART (a shell command that restarts the PostgreSQL server, e.g. pg_ctl -m immediate restart)' },
    async (t) => {
      const db = await crashDatabase();
      drops.push(db.drop);
      const adminKey = `crash-admin-${randomBytes(12).toString('hex')}`;
      const env = nodeEnv(db.url, db.dataDir, adminKey, await freePort());
      const node = await start(env);
      const platform = await registerParty(node.base, adminKey, 'ShopNova', 'platform');
      const carrier = await registerParty(node.base, adminKey, 'China Post', 'carrier');
      const keys = new Map([platform, carrier].map((p) => [p.id, p.key]));

      const sent = new Map<string, Sent>();
      const acked = new Set<string>();
      const unanswered: string[] = [];
      /** Filings answered 503 (not stored: the store failed). */
      const refused: string[] = [];
      const wrong: { batch: string; result: BatchLine | StreamOutcome }[] = [];
      let ackedCount = 0;
      let restart: Promise<{ code: number; output: string; ms: number }> | undefined;
      let restarted = false;
      /** When /ready first answered 200 after the restart command returned. */
      let back: number | undefined;
      const readySeen = new Set<number>();
      let stop = false;
      /** Per client, whether a whole batch sent after PostgreSQL came back was acknowledged. */
      const servedAgain = [false, false, false];
      const parcelsToShip: string[] = [];
      let batches = 0;

      /** One batch of the client's next filings; what it answered is recorded. Returns whether every line was 201. */
      const sendBatch = async (name: string, key: string, party: string, filings: { filingId: string; trackingId: string; kind: string }[]) => {
        const ids = filings.map((f) => f.filingId);
        const lines = filings.map((f) => {
          const line = JSON.stringify(f);
          sent.set(f.filingId, { party, parcel: f.trackingId, kind: f.kind as Sent['kind'], line });
          return line;
        });
        const tally = new Tally(`${name} #${++batches}`, lines);
        tally.outcome = await streamBatch(node.port, key, lines, (r) => {
          tally.add(r);
          if (r.status === 201 || r.status === 200) {
            if (r.filingId) acked.add(r.filingId);
            if (++ackedCount >= RESTART_AFTER && !restart) restart = restartPostgres();
          } else if (r.status === 503) refused.push(ids[r.line - 1]!);
          else wrong.push({ batch: tally.name, result: r });
        });
        // During the outage a batch may be refused as a whole (503, e.g. its key not yet cached); anything else is wrong.
        if (tally.outcome.error === 'status 503') refused.push(...ids);
        else {
          if (!tally.outcome.complete) wrong.push({ batch: tally.name, result: tally.outcome });
          for (const [i, id] of ids.entries()) if (!tally.answers.has(i + 1)) unanswered.push(id);
        }
        if (tally.twice.length) wrong.push({ batch: tally.name, result: tally.twice[0]! });
        return tally.outcome.complete && tally.answers.size === ids.length && [...tally.answers.values()].every((r) => r.status === 201);
      };

      const restartPostgres = async () => {
        const began = Date.now();
        const result = await new Promise<{ code: number; output: string; ms: number }>((resolve) =>
          execFile('sh', ['-c', PG_RESTART!], { timeout: 90_000 }, (error, stdout, stderr) =>
            resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}${error && typeof error.code !== 'number' ? error.message : ''}`, ms: Date.now() - began }),
          ),
        );
        restarted = true;
        return result;
      };

      /** A client sending batches until PostgreSQL has been restarted and one whole later batch was acknowledged. */
      const client = async (i: number, name: string, key: string, party: string, next: (n: number) => { filingId: string; trackingId: string; kind: string }[]) => {
        let size = ROUND;
        while (!stop) {
          const filings = next(size);
          if (filings.length === 0) {
            await sleep(20);
            continue;
          }
          const sentAfterBack = back !== undefined;
          const whole = await sendBatch(name, key, party, filings);
          if (whole && sentAfterBack) servedAgain[i] = true;
          // While the store fails, small batches and a pause: a few lines refused per try, not thousands.
          size = whole ? ROUND : 20;
          if (!whole) await sleep(200);
        }
      };
      const declarations = (n: number) =>
        Array.from({ length: n }, () => {
          const d = declaration();
          parcelsToShip.push(d.trackingId);
          return d;
        });
      const shipments = (n: number) => parcelsToShip.splice(0, n).map((tracking) => logistics(tracking));

      const watch = async () => {
        while (!stop) {
          if (restart) {
            const ready = await requestJson(node.base, 'GET', '/ready').then((r) => r.status, () => 0);
            readySeen.add(ready);
            if (restarted && ready === 200) back ??= Date.now();
          }
          await sleep(100);
        }
      };

      const started = Date.now();
      const clients = Promise.all([
        client(0, 'declarations 1', platform.key, platform.id, declarations),
        client(1, 'declarations 2', platform.key, platform.id, declarations),
        client(2, 'logistics', carrier.key, carrier.id, shipments),
        watch(),
      ]);
      const deadline = Date.now() + 120_000;
      while (!(back !== undefined && servedAgain.every(Boolean)) && Date.now() < deadline && !node.exited()) await sleep(100);
      stop = true;
      await within(60_000, 'the clients to stop', clients);
      const pgRestart = restart ? await restart : undefined;
      t.diagnostic(
        `${batches} batches in ${Date.now() - started} ms: ${acked.size} acknowledged, ${refused.length} lines refused with 503; ` +
          `restart command took ${pgRestart?.ms} ms; /ready answered ${[...readySeen].join(', ')}; back ${back === undefined ? 'never' : `${back - started} ms after the start`}`,
      );

      assert.ok(restart, `PostgreSQL was not restarted: only ${ackedCount} acknowledgements`);
      assert.equal(pgRestart!.code, 0, `the restart command (${PG_RESTART}) failed:\n${pgRestart!.output}`);
      assert.equal(node.exited(), false, `the node died when PostgreSQL restarted:\n${node.output()}`);
      assert.ok(back !== undefined, `/ready did not answer 200 within 120 s of the start after PostgreSQL came back (it answered ${[...readySeen].join(', ')}):\n${node.output()}`);
      assert.deepEqual(servedAgain, [true, true, true], `not every client had a whole batch acknowledged after PostgreSQL came back:\n${node.output()}`);
      assert.ok(refused.length > 0 || readySeen.has(503), 'the outage was never seen: no 503 line and /ready never 503 (did the restart command restart this server?)');
      assert.equal(JSON.stringify(wrong.slice(0, 5)), '[]', `${wrong.length} answers were neither 201 nor a 503 line or response during the outage`);
      assert.equal(few(unanswered), '[]', `${unanswered.length} lines got no answer at all`);

      const s = await inspect(db.url);
      const storedIds = new Set(s.filings.map((f) => f.filing_id));
      const storedAnyway = refused.filter((id) => storedIds.has(id)).length;
      t.diagnostic(`after the restart: ${s.filings.length} filings stored, ${acked.size} acknowledged, ${sent.size} sent${storedAnyway ? `, ${storedAnyway} refused with 503 but stored` : ''}`);
      assertWhole(s, sent, acked, 'after PostgreSQL restarted');
      t.diagnostic(await assertChain(env, 'after PostgreSQL restarted'));

      await sendAgain(t, node.port, keys, sent, acked);
      assertWhole(await inspect(db.url), sent, acked, 'after sending everything again', true);
      t.diagnostic(await assertChain(env, 'after sending everything again'));
      assert.equal(node.exited(), false, `the node died:\n${node.output()}`);
    },
  );
});
