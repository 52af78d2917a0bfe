// The endpoints operators and load balancers use: liveness (/health), readiness (/ready: store, migrations, draining),
// Prometheus metrics (/metrics: exposition that parses, route patterns as labels, counters that move, the
// consignments-per-status gauge against the store, the optional token), and a drain with a request under way.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { knock, slowBatch } from '../helpers/slow-batch.ts';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { configFromEnv, type Config } from '../../src/config.ts';
import { buildServer } from '../../src/server/app.ts';
import { drain } from '../../src/server/shutdown.ts';
import { openClearway } from '../../src/services/clearway.ts';
import { Readiness } from '../../src/services/readiness.ts';
import type { Store } from '../../src/store/index.ts';
import { freshDatabase, startServer, testStores, type TestServer } from '../helpers/clearway.ts';
import { declaration, logistics } from '../helpers/filings.ts';

type Party = Awaited<ReturnType<TestServer['party']>>;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the text exposition format 0.0.4, failing on any line that is not a comment, a blank or a sample. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g;
    let consumed = 0;
    for (let l = label.exec(body); l; l = label.exec(body)) {
      labels[l[1]!] = l[2]!;
      consumed += l[0].length;
    }
    assert.equal(consumed, body.length, `bad labels: ${line}`);
    // Values are read as Go's ParseFloat reads them: NaN in any case (prom-client writes `Nan`), +Inf, -Inf.
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : /^nan$/i.test(m[3]!) ? NaN : Number(m[3]);
    assert.ok(!Number.isNaN(value) || /^nan$/i.test(m[3]!), `bad value: ${line}`);
    samples.push({ name: m[1]!, labels, value });
  }
  return { samples, types };
}

/** The value of the one series with exactly these labels (0 when absent). */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.keys(s.labels).length === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.ok(found.length <= 1, `several ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<Sample[]> {
  const res = await fetch(`${url}/metrics`, { headers });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(await res.text()).samples;
}

/** A webhook receiver on loopback: 204 on /ok, 500 on anything else. */
async function startReceiver(): Promise<{ base: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(req.url === '/ok' ? 204 : 500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}


const rawCounts = async (store: Store): Promise<Map<string, number>> => {
  const { rows } = await sql<{ status: string; n: number | string }>`select status, count(*) as n from consignments group by status`.execute(store.db);
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
};

for (const kind of testStores()) {
  describe(`liveness and readiness (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(kind);
    });
    after(() => server?.close());

    test('GET /health and GET /ready need no key; /ready is 200 with every check ok', async () => {
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok', store: kind, pack: `${server.cw.pack.id}@${server.cw.pack.version}` });
      const ready = await fetch(`${server.url}/ready`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { status: 'ready', checks: { store: 'ok', migrations: 'ok', shutdown: 'ok' }, notReady: [] });
    });

    test('both are in the OpenAPI document under operations, with /metrics', async () => {
      const spec = await (await fetch(`${server.url}/openapi.json`)).json();
      for (const path of ['/health', '/ready', '/metrics']) {
        assert.deepEqual(spec.paths[path]?.get?.tags, ['operations'], path);
        assert.deepEqual(spec.paths[path].get.security, [], `${path} is public`);
      }
    });

    test('a migration not applied makes the node not ready, naming it', async () => {
      const readiness = new Readiness(server.cw.store);
      const [last] = (await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(server.cw.store.db)).rows;
      const applied = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration where name = ${last!.name}`.execute(server.cw.store.db);
      await sql`delete from kysely_migration where name = ${last!.name}`.execute(server.cw.store.db);
      try {
        const report = await readiness.check();
        assert.equal(report.ready, false);
        assert.deepEqual(report.notReady, ['migrations']);
        assert.equal(report.checks.migrations, 'pending');
        assert.deepEqual(report.pendingMigrations, [last!.name]);
      } finally {
        const row = applied.rows[0]!;
        await sql`insert into kysely_migration (name, timestamp) values (${row.name}, ${row.timestamp})`.execute(server.cw.store.db);
      }
      assert.equal((await readiness.check()).ready, true);
    });

    test('a store that does not answer, or not in time: not ready, store unavailable, migrations unknown, no detail sent', async () => {
      const failing = { ping: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432')) } as unknown as Store;
      const down = await new Readiness(failing).check();
      assert.deepEqual([down.ready, down.checks, down.notReady], [false, { store: 'unavailable', migrations: 'unknown', shutdown: 'ok' }, ['store', 'migrations']]);
      assert.match(String(down.cause), /ECONNREFUSED/);
      const hanging = { ping: () => new Promise(() => {}) } as unknown as Store;
      const started = Date.now();
      const slow = await new Readiness(hanging, undefined, 50).check();
      assert.equal(slow.checks.store, 'unavailable');
      assert.ok(Date.now() - started < 1_000);
    });

    // Last: draining cannot be undone.
    test('once a shutdown begins /ready is 503 naming it, while /health stays 200', async () => {
      server.cw.readiness.drain();
      const ready = await fetch(`${server.url}/ready`);
      assert.equal(ready.status, 503);
      assert.deepEqual(await ready.json(), { status: 'not-ready', checks: { store: 'ok', migrations: 'ok', shutdown: 'draining' }, notReady: ['shutdown'] });
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
    });
  });

  describe(`Prometheus metrics (${kind})`, () => {
    let server: TestServer;
    let platform: Party;
    let carrier: Party;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    const trackingIds: string[] = [];
    before(async () => {
      server = await startServer(kind);
      platform = await server.party('ShopNova', 'platform');
      carrier = await server.party('China Post', 'carrier');
      // Parcels in two statuses before the first scrape: the gauge's first reading is taken then.
      for (let i = 0; i < 3; i++) {
        const d = declaration();
        assert.equal((await platform.post('/v1/filings', d)).status, 201);
        trackingIds.push(d.trackingId);
      }
      assert.equal((await carrier.post('/v1/filings', logistics(trackingIds[0]!))).status, 201);
      const [c] = (await carrier.get(`/v1/consignments?trackingId=${trackingIds[0]}`)).body.consignments;
      assert.equal((await carrier.post(`/v1/consignments/${c.id}/events`, { type: 'arrival' })).status, 200);
      receiver = await startReceiver();
    });
    after(async () => {
      await server?.cw.subscriptions.dispatcher.stop();
      await receiver?.close();
      await server?.close();
    });

    test('the consignments-per-status gauge equals the store\'s counts', async () => {
      const counts = await rawCounts(server.cw.store);
      assert.ok(counts.size >= 2, `parcels in several statuses: ${JSON.stringify([...counts])}`);
      const samples = await scrape(server.url);
      const gauge = samples.filter((s) => s.name === 'clearway_consignments');
      for (const s of gauge) assert.equal(s.value, counts.get(s.labels.status!) ?? 0, s.labels.status);
      for (const [status, n] of counts) assert.equal(valueOf(samples, 'clearway_consignments', { status }), n, status);
      assert.equal(gauge.reduce((sum, s) => sum + s.value, 0), (await server.cw.store.counts()).consignments);
    });

    test('the exposition parses, with process metrics and every Clearway metric typed', async () => {
      const res = await fetch(`${server.url}/metrics`);
      const { samples, types } = parseExposition(await res.text());
      for (const [name, type] of [
        ['process_cpu_seconds_total', 'counter'],
        ['nodejs_eventloop_lag_seconds', 'gauge'],
        ['clearway_http_requests_total', 'counter'],
        ['clearway_http_request_duration_seconds', 'histogram'],
        ['clearway_filings_total', 'counter'],
        ['clearway_consignment_events_total', 'counter'],
        ['clearway_webhook_deliveries_total', 'counter'],
        ['clearway_jobs', 'gauge'],
        ['clearway_consignments', 'gauge'],
        ['clearway_info', 'gauge'],
      ]) {
        assert.equal(types.get(name!), type, name);
      }
      assert.equal(valueOf(samples, 'clearway_jobs', { state: 'running' }), 0);
      assert.equal(valueOf(samples, 'clearway_info', { pack: `${server.cw.pack.id}@${server.cw.pack.version}`, store: kind }), 1);
    });

    test('HTTP requests are counted under the route pattern, never the URL', async () => {
      const [c] = (await platform.get(`/v1/consignments?trackingId=${trackingIds[1]}`)).body.consignments;
      const before = valueOf(await scrape(server.url), 'clearway_http_requests_total', { method: 'GET', route: '/v1/consignments/:id', status_class: '2xx' });
      assert.equal((await platform.get(`/v1/consignments/${c.id}`)).status, 200);
      assert.equal((await platform.get('/v1/consignments/no-such-parcel')).status, 404);
      assert.equal((await platform.get('/no/such/route')).status, 404);
      const samples = await scrape(server.url);
      assert.equal(valueOf(samples, 'clearway_http_requests_total', { method: 'GET', route: '/v1/consignments/:id', status_class: '2xx' }), before + 1);
      assert.ok(valueOf(samples, 'clearway_http_requests_total', { method: 'GET', route: '/v1/consignments/:id', status_class: '4xx' }) >= 1);
      assert.ok(valueOf(samples, 'clearway_http_requests_total', { method: 'GET', route: 'unmatched', status_class: '4xx' }) >= 1);
      assert.ok(valueOf(samples, 'clearway_http_request_duration_seconds_count', { method: 'GET', route: '/v1/consignments/:id', status_class: '2xx' }) >= 1);
      const leaked = samples.filter((s) => Object.values(s.labels).some((v) => v.includes(c.id) || v.includes('no-such') || v.includes('/no/such')));
      assert.deepEqual(leaked, []);
    });

    test('filings are counted by kind and result: accepted, repeated, refused; unreadable NDJSON lines as unknown', async () => {
      const at = async () => {
        const s = await scrape(server.url);
        return (kind: string, result: string) => valueOf(s, 'clearway_filings_total', { kind, result });
      };
      const before = await at();
      const d = declaration();
      assert.equal((await platform.post('/v1/filings', d)).status, 201);
      assert.equal((await platform.post('/v1/filings', d)).status, 200);
      assert.equal((await platform.post('/v1/filings', { ...d, filingId: 'x', currency: 'EURO' })).status, 400);
      assert.equal((await platform.post('/v1/filings', logistics(d.trackingId))).status, 403);
      const batch = await platform.batch([declaration(), '{not json', declaration()]);
      assert.deepEqual(batch.results.map((r) => r.status), [201, 400, 201]);
      const after = await at();
      assert.equal(after('declaration', 'accepted') - before('declaration', 'accepted'), 3);
      assert.equal(after('declaration', 'repeated') - before('declaration', 'repeated'), 1);
      assert.equal(after('declaration', 'invalid') - before('declaration', 'invalid'), 1);
      assert.equal(after('logistics', 'not-allowed') - before('logistics', 'not-allowed'), 1);
      assert.equal(after('unknown', 'invalid') - before('unknown', 'invalid'), 1);
    });

    test('consignment events are counted by type as they are recorded; refused ones are not', async () => {
      const events = async () => {
        const s = await scrape(server.url);
        return (type: string) => valueOf(s, 'clearway_consignment_events_total', { type });
      };
      const [c] = (await platform.get(`/v1/consignments?trackingId=${trackingIds[2]}`)).body.consignments;
      const officer = await server.party('Officer', 'officer');
      const before = await events();
      assert.equal((await officer.post(`/v1/consignments/${c.id}/events`, { type: 'hold', note: 'look' })).status, 200);
      assert.equal((await officer.post(`/v1/consignments/${c.id}/events`, { type: 'delivery' })).status, 403);
      const after = await events();
      assert.equal(after('hold') - before('hold'), 1);
      assert.equal(after('delivery'), before('delivery'));
    });

    test('webhook deliveries are counted as delivered or failed', async () => {
      server.cw.subscriptions.dispatcher.start({ pollMs: 10, backoffBaseMs: 10, backoffMaxMs: 50, allowPrivateAddresses: true, log: { warn: () => {} } });
      const shop = await server.party('Webhook shop', 'platform');
      assert.equal((await shop.post('/v1/subscriptions', { url: `${receiver.base}/ok` })).status, 201);
      const other = await server.party('Failing shop', 'platform');
      assert.equal((await other.post('/v1/subscriptions', { url: `${receiver.base}/fail` })).status, 201);
      assert.equal((await shop.post('/v1/filings', declaration())).status, 201);
      assert.equal((await other.post('/v1/filings', declaration())).status, 201);
      await until('a delivered and a failed attempt', async () => {
        const s = await scrape(server.url);
        return valueOf(s, 'clearway_webhook_deliveries_total', { outcome: 'delivered' }) >= 1 && valueOf(s, 'clearway_webhook_deliveries_total', { outcome: 'failed' }) >= 1;
      });
    });
  });

  describe(`GET /metrics with CLEARWAY_METRICS_TOKEN (${kind})`, () => {
    let server: TestServer;
    const token = `metrics-${randomBytes(8).toString('hex')}`;
    before(async () => {
      server = await startServer(kind, { metricsToken: token });
    });
    after(() => server?.close());

    test('without the token 401, with another one (even an API key) 401, with it 200', async () => {
      const without = await fetch(`${server.url}/metrics`);
      assert.equal(without.status, 401);
      assert.equal((await without.json()).errors[0].code, 'missing-token');
      assert.match(without.headers.get('www-authenticate') ?? '', /^Bearer/);
      assert.equal((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}x` } })).status, 401);
      assert.equal((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.adminKey}` } })).status, 401);
      const samples = await scrape(server.url, { authorization: `Bearer ${token}` });
      assert.ok(samples.some((s) => s.name === 'clearway_http_requests_total'));
    });
  });

  describe(`draining with a request under way (${kind})`, () => {
    test('the batch under way ends with every line stored; new connections are refused or 503; the store closes', async () => {
      const db = await freshDatabase(kind);
      const adminKey = `test-admin-${randomBytes(12).toString('hex')}`;
      const config: Config = { ...configFromEnv({}), demo: false, adminKey, ...db.config, risk: { capacities: [] } };
      const cw = await openClearway(config);
      const app = await buildServer(cw);
      try {
        await app.listen({ port: 0, host: '127.0.0.1' });
        const address = app.server.address();
        const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
        const party = await (await fetch(`${base}/v1/parties`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ShopNova', role: 'platform' }) })).json();
        const { key } = await (await fetch(`${base}/v1/parties/${party.id}/keys`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}` } })).json();

        const batch = slowBatch(base, key);
        batch.send([declaration(), declaration()]);
        await batch.first;
        const drained = drain(app, cw);
        assert.equal(cw.readiness.draining, true);
        await new Promise((r) => setTimeout(r, 100));
        const answer = await knock(`${base}/ready`);
        assert.ok(answer === 'ECONNREFUSED' || answer === 503, `a new connection got ${answer}`);
        for (let i = 0; i < 3; i++) {
          batch.send([declaration()]);
          await new Promise((r) => setTimeout(r, 50));
        }
        batch.end();
        const { status, lines } = await batch.results;
        assert.equal(status, 200);
        assert.deepEqual(lines.map((l) => l.status), [201, 201, 201, 201, 201]);
        await drained;
        await assert.rejects(cw.store.ping());
      } finally {
        if (!cw.readiness.draining) {
          await app.close();
          await cw.close();
        }
        await db.drop();
      }
    });
  });
}
