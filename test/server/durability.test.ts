// The durability bar: a filing acknowledged with 201 survives kill -9. Clearway runs as a real child process
// (`node bin/clearway.js serve`, SQLite with synchronous=FULL) and takes large NDJSON batches on several concurrent
// streams; after some thousands of 201 lines it is killed with SIGKILL mid-stream and restarted on the same data
// directory. Every acknowledged filing must be there, nothing may be half-written (a filing without its consignment
// or its filing-received event), `clearway verify` must accept the event chain, and sending everything again must
// answer only 200 (already stored) or 201 (never stored), never 409, leaving each filing stored exactly once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { declaration } from '../helpers/filings.ts';
import { freePort, requestJson, runClearway, startServe, streamBatch, within, type BatchLine as Result, type ServeProcess } from '../helpers/process.ts';

/** Filings in all; the server takes at most 10 000 lines per batch, so they go as STREAMS concurrent batches. */
const TOTAL = Number(process.env.CLEARWAY_DURABILITY_FILINGS ?? 30_000);
const STREAMS = 3;
/** Acknowledged (201) lines seen before the kill. */
const KILL_AFTER = Math.min(5_000, Math.floor(TOTAL / 4));

describe('durability: kill -9 mid-stream loses no acknowledged filing', () => {
  let dir: string;
  let port: number;
  let env: NodeJS.ProcessEnv;
  let server: ServeProcess | undefined;
  let platform: { id: string; key: string };
  const adminKey = `durability-admin-${randomBytes(12).toString('hex')}`;
  /** STREAMS batches of unique declarations, as NDJSON lines, with their filing and tracking ids. */
  const batches: { lines: string[]; filingIds: string[] }[] = [];
  const trackingOf = new Map<string, string>();

  const json = (method: string, path: string, key: string, body?: unknown) => requestJson(`http://127.0.0.1:${port}`, method, path, key, body);

  /** Starts `clearway serve` and waits until /health answers. */
  async function startClearway(): Promise<void> {
    server = await startServe(env);
  }

  async function killClearway(): Promise<void> {
    await server?.kill();
  }

  const verify = () => runClearway(env, 'verify');

  /** The database as it is on disk, read-only, beside the running server. */
  function inspect() {
    const db = new Database(join(dir, 'data', 'clearway.db'), { readonly: true, fileMustExist: true });
    try {
      const one = (sql: string, ...params: unknown[]) => Number(Object.values(db.prepare(sql).get(...params) as object)[0]);
      return {
        filingIds: new Set((db.prepare('SELECT filing_id FROM filings WHERE party_id = ?').all(platform.id) as { filing_id: string }[]).map((r) => r.filing_id)),
        filings: one('SELECT COUNT(*) FROM filings'),
        consignments: one('SELECT COUNT(*) FROM consignments'),
        trackingIds: one("SELECT COUNT(DISTINCT json_extract(body, '$.trackingId')) FROM filings"),
        withoutConsignment: one('SELECT COUNT(*) FROM filings f WHERE NOT EXISTS (SELECT 1 FROM consignments c WHERE c.id = f.consignment_id)'),
        withoutEvent: one(
          `SELECT COUNT(*) FROM filings f WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.consignment_id = f.consignment_id
             AND e.type = 'filing-received' AND json_extract(e.data, '$.filingId') = f.filing_id)`,
        ),
        received: one("SELECT COUNT(*) FROM events WHERE type = 'filing-received'"),
        consignmentsWithoutFiling: one('SELECT COUNT(*) FROM consignments c WHERE NOT EXISTS (SELECT 1 FROM filings f WHERE f.consignment_id = c.id)'),
      };
    } finally {
      db.close();
    }
  }

  /** Checks the store holds no half-written filing: each has its consignment and its event, one consignment per parcel. */
  function assertWhole(s: ReturnType<typeof inspect>, when: string) {
    assert.equal(s.withoutConsignment, 0, `${when}: filings without their consignment`);
    assert.equal(s.withoutEvent, 0, `${when}: filings without their filing-received event`);
    assert.equal(s.consignmentsWithoutFiling, 0, `${when}: consignments without a filing`);
    assert.equal(s.consignments, s.trackingIds, `${when}: one consignment per distinct tracking id`);
    assert.equal(s.received, s.filings, `${when}: one filing-received event per filing`);
    for (const id of s.filingIds) assert.ok(trackingOf.has(id), `${when}: ${id} was never sent`);
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clearway-durability-'));
    port = await freePort();
    const { DATABASE_URL: _db, NODE_TEST_CONTEXT: _ctx, ...rest } = process.env;
    env = {
      ...rest,
      PORT: String(port),
      HOST: '127.0.0.1',
      CLEARWAY_DATA_DIR: join(dir, 'data'),
      CLEARWAY_DEMO: '0',
      CLEARWAY_ADMIN_KEY: adminKey,
      CLEARWAY_SQLITE_SYNC: 'FULL',
      LOG_LEVEL: 'warn',
    };
    for (let s = 0; s < STREAMS; s++) batches.push({ lines: [], filingIds: [] });
    for (let i = 0; i < TOTAL; i++) {
      const d = declaration();
      const b = batches[i % STREAMS]!;
      b.lines.push(JSON.stringify(d));
      b.filingIds.push(d.filingId);
      trackingOf.set(d.filingId, d.trackingId as string);
    }
    assert.equal(trackingOf.size, TOTAL, 'filing ids are unique');
    assert.equal(new Set(trackingOf.values()).size, TOTAL, 'tracking ids are unique');
    await startClearway();
    const p = await json('POST', '/v1/parties', adminKey, { name: 'Durable Marketplace', role: 'platform' });
    assert.equal(p.status, 201, JSON.stringify(p.body));
    const k = await json('POST', `/v1/parties/${p.body.id}/keys`, adminKey, {});
    assert.equal(k.status, 201, JSON.stringify(k.body));
    platform = { id: p.body.id, key: k.body.key };
  });

  after(async () => {
    try {
      await killClearway();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const acked = new Set<string>();

  test(`stream ${TOTAL} declarations on ${STREAMS} connections, kill -9 after ${KILL_AFTER} acknowledgements, restart: every 201 is stored whole`, { timeout: 120_000 }, async (t) => {
    let killed: Promise<void> | undefined;
    const started = Date.now();
    const bad: Result[] = [];
    const outcomes = await within(
      90_000,
      `${KILL_AFTER} acknowledgements`,
      Promise.all(
        batches.map((b) =>
          streamBatch(port, platform.key, b.lines, (r) => {
            if (killed) return; // what arrives after the kill signal is not counted: only lines read before it
            if (r.status === 201 && r.filingId) acked.add(r.filingId);
            else bad.push(r);
            if (acked.size >= KILL_AFTER) killed = killClearway();
          }),
        ),
      ),
    );
    await killed;
    t.diagnostic(`${acked.size} acknowledged in ${Date.now() - started} ms before kill -9; streams: ${outcomes.map((o) => o.error ?? 'complete').join(', ')}`);
    assert.ok(killed, `the server was not killed: only ${acked.size} acknowledgements (${JSON.stringify(bad.slice(0, 3))})`);
    assert.deepEqual(bad, [], 'before the kill every line is a 201');
    assert.ok(outcomes.every((o) => !o.complete), 'the kill cut every stream mid-way');
    assert.ok(acked.size < TOTAL);

    await startClearway();
    const s = inspect();
    t.diagnostic(`after restart: ${s.filings} filings stored (${acked.size} acknowledged, ${TOTAL} sent)`);
    const lost = [...acked].filter((id) => !s.filingIds.has(id));
    assert.deepEqual(lost.slice(0, 10), [], `${lost.length} acknowledged filings are missing after kill -9`);
    assert.ok(s.filings < TOTAL, 'the kill came before everything was stored');
    assertWhole(s, 'after kill -9');

    // And through the API, for a sample of the acknowledged ones.
    const sample = [...acked].filter((_, i) => i % Math.ceil(acked.size / 40) === 0);
    for (const id of sample) {
      const r = await json('GET', `/v1/consignments?trackingId=${trackingOf.get(id)}`, platform.key);
      assert.equal(r.status, 200);
      assert.equal(r.body.consignments.length, 1, `${id} is visible to its sender`);
    }

    const v = await verify();
    assert.equal(v.code, 0, `clearway verify failed:\n${v.stdout}${v.stderr}`);
    assert.match(v.stdout, /chain verified/);
  });

  test('sending everything again answers 200 or 201, never 409, and leaves each filing stored exactly once', { timeout: 120_000 }, async (t) => {
    assert.ok(acked.size > 0, 'runs after the kill test');
    const statuses = new Map<number, number>();
    const answered = new Set<string>();
    const wrong: Result[] = [];
    const started = Date.now();
    const outcomes = await within(
      100_000,
      'the batches sent again',
      Promise.all(
        batches.map((b) =>
          streamBatch(port, platform.key, b.lines, (r) => {
            statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
            if (r.filingId) answered.add(r.filingId);
            if (r.status !== 200 && r.status !== 201) wrong.push(r);
            else if (r.status === 201 && r.filingId && acked.has(r.filingId)) wrong.push(r);
          }),
        ),
      ),
    );
    t.diagnostic(`sent again in ${Date.now() - started} ms: ${[...statuses].map(([k, n]) => `${k}: ${n}`).join(', ')}`);
    assert.deepEqual(outcomes, batches.map(() => ({ complete: true })), 'every stream is answered to the end');
    assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} lines were neither a repeat (200) nor new (201), or an acknowledged filing was new again`);
    assert.equal(answered.size, TOTAL, 'one answer per filing');

    const s = inspect();
    assert.equal(s.filings, TOTAL, 'every filing stored');
    assert.equal(s.filingIds.size, TOTAL, 'each filing exactly once');
    assert.equal(s.consignments, TOTAL);
    assertWhole(s, 'after sending again');

    const v = await verify();
    assert.equal(v.code, 0, `clearway verify failed:\n${v.stdout}${v.stderr}`);
    assert.match(v.stdout, /chain verified/);
  });
});
