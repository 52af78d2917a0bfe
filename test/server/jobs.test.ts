// Background jobs through the API on every store: training a risk model and a threshold simulation started with 202 and
// followed to their end, refusals, failures the server survives, and jobs left unfinished by a node that died.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basketOf } from '../../src/domain/clearance/index.ts';
import { simulateThresholds, type Basket } from '../../src/domain/revenue/index.ts';
import { ADMIN_PARTY_ID, openClearway, type Clearway } from '../../src/services/clearway.ts';
import type { Actor } from '../../src/services/roles.ts';
import type { JobRow } from '../../src/store/jobs.ts';
import { startServer, testStores, type Client, type TestServer } from '../helpers/clearway.ts';
import { declaration } from '../helpers/filings.ts';

type Party = Awaited<ReturnType<TestServer['party']>>;

const admin: Actor = { partyId: ADMIN_PARTY_ID, role: 'admin', name: 'test' };
const inspector: Actor = { partyId: 'pty_officer_test', role: 'officer', name: 'Officer Test' };

/** The planted pattern: this seller's phones, declared far below their worth, are what the controls find. */
const rogueSeller = { id: 'S-666', name: 'Gadget Outlet', address: { lines: ['9 Harbour Road'], city: 'Hong Kong', country: 'HK' } };
const phone = { description: 'Smartphone', quantity: 1, unitPrice: '9.00', hsCode: '851713', originCountry: 'HK', netMassKg: '0.400' };

/** 80 parcels decided at arrival and controlled, every fourth the rogue seller's and a hit: enough to train on. */
async function controlledParcels(cw: Clearway): Promise<void> {
  const rogue = (i: number) => i % 4 === 3;
  const filings = Array.from({ length: 80 }, (_, i) => (rogue(i) ? declaration({ seller: rogueSeller, items: [phone] }) : declaration()));
  const { results } = await cw.intake.submit(admin, filings);
  for (const [i, r] of results.entries()) {
    assert.ok(r.status === 201 && 'consignmentId' in r, JSON.stringify(r));
    const arrived = await cw.consignments.record(admin, r.consignmentId, 'arrival', {});
    assert.ok(arrived.ok, JSON.stringify(arrived));
    const inspected = await cw.consignments.inspect(inspector, r.consignmentId, { result: rogue(i) ? 'prohibited' : 'no-finding' });
    assert.ok(inspected.ok, JSON.stringify(inspected));
  }
}

/** Reads the job until it ends (every 20 ms, for at most 30 s); every reading, in order. */
async function followed(client: Client, id: string): Promise<any[]> {
  const readings: any[] = [];
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await client.get(`/v1/jobs/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    readings.push(r.body);
    if (r.body.status === 'succeeded' || r.body.status === 'failed') return readings;
    assert.ok(Date.now() < deadline, `job ${id} still ${r.body.status} after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const kind of testStores()) {
  describe(`background jobs API (${kind})`, () => {
    let server: TestServer;
    let officer: Party;
    let platform: Party;
    before(async () => {
      server = await startServer(kind);
      officer = await server.party('Risk analyst', 'officer');
      platform = await server.party('ShopNova', 'platform');
    });
    after(() => server?.close());

    test('a job that fails ends failed with its error, and the server keeps answering', async () => {
      const started = await officer.post('/v1/jobs', { kind: 'train-model' });
      assert.equal(started.status, 202, JSON.stringify(started.body));
      const end = (await followed(officer, started.body.id)).at(-1);
      assert.equal(end.status, 'failed');
      assert.equal(end.error.code, 'too-few-examples');
      assert.match(end.error.message, /^0 labelled consignments; at least 50 are needed/);
      assert.equal(end.result, null);
      assert.ok(end.finishedAt);
      assert.equal((await officer.get('/health')).status, 200);
      assert.equal((await officer.get('/v1/risk/models')).status, 200);
    });

    test('a bad kind or bad parameters are 400 naming the field; nothing is started', async () => {
      const before = (await officer.get('/v1/jobs?limit=100')).body.jobs.length;
      const badKind = await officer.post('/v1/jobs', { kind: 'mine-bitcoin' });
      assert.equal(badKind.status, 400);
      assert.equal(badKind.body.errors[0].path, '/kind');
      const noKind = await officer.post('/v1/jobs', { params: {} });
      assert.equal(noKind.status, 400);
      assert.equal(noKind.body.errors[0].path, '/kind');
      const badSeed = await officer.post('/v1/jobs', { kind: 'train-model', params: { seed: -1 } });
      assert.equal(badSeed.status, 400);
      assert.deepEqual(badSeed.body.errors.map((e: any) => e.path), ['/params/seed']);
      const noCost = await officer.post('/v1/jobs', { kind: 'simulate-thresholds', params: { duties: ['0', 'lots'], colour: 'red' } });
      assert.equal(noCost.status, 400);
      assert.deepEqual(noCost.body.errors.map((e: any) => e.path).sort(), ['/params/colour', '/params/cost', '/params/duties/1']);
      const notAnObject = await officer.post('/v1/jobs', { kind: 'train-model', params: [1] });
      assert.equal(notAnObject.status, 400);
      assert.equal(notAnObject.body.errors[0].path, '/params');
      assert.equal((await officer.get('/v1/jobs?limit=0')).status, 400);
      assert.equal((await officer.get('/v1/jobs?limit=1e309')).status, 400, 'ajv coerced it to Infinity, past the maximum');
      // Nested thousands deep: refused before the validation's clone recursed past the stack (it was a 503).
      const deep = await officer.post('/v1/jobs', `{"kind":"simulate-thresholds","params":{"cost":${'{"a":['.repeat(20_000)}1${']}'.repeat(20_000)}}}`, {
        'content-type': 'application/json',
      });
      assert.equal(deep.status, 400, JSON.stringify(deep.body).slice(0, 200));
      assert.deepEqual(deep.body.errors.map((e: any) => [e.path, e.code]), [['/params', 'too-deep']]);
      assert.equal((await officer.get('/v1/jobs?limit=100')).body.jobs.length, before);
    });

    test('a partner may neither start nor read jobs (403); an unknown job is 404', async () => {
      const mine = await officer.post('/v1/jobs', { kind: 'simulate-thresholds', params: { cost: '1' } });
      assert.equal(mine.status, 202);
      for (const r of [await platform.post('/v1/jobs', { kind: 'train-model' }), await platform.get('/v1/jobs'), await platform.get(`/v1/jobs/${mine.body.id}`)]) {
        assert.equal(r.status, 403);
        assert.equal(r.body.errors[0].code, 'forbidden');
      }
      const unknown = await officer.get('/v1/jobs/0190aaaa-0000-7000-8000-000000000000');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.errors[0].code, 'not-found');
      await followed(officer, mine.body.id);
    });

    describe('with 80 parcels controlled', () => {
      before(() => controlledParcels(server.cw));

      test('a train-model job answers 202 at once, runs in the background to 100 %, and its result is the model stored', async () => {
        const started = await officer.post('/v1/jobs', { kind: 'train-model', params: { seed: 7 } });
        assert.equal(started.status, 202, JSON.stringify(started.body));
        const id = started.body.id;
        assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a uuidv7');
        assert.equal(started.headers.get('location'), `/v1/jobs/${id}`);
        assert.equal(started.body.status, 'queued');
        assert.deepEqual(started.body.progress, { done: 0, total: 0, phase: 'queued', percent: 0 });
        assert.deepEqual(started.body.params, { seed: 7 });
        assert.equal(started.body.createdBy, officer.id);

        const readings = await followed(officer, id);
        const end = readings.at(-1);
        assert.equal(end.status, 'succeeded', JSON.stringify(end.error));
        assert.ok(end.progress.total > 0);
        assert.equal(end.progress.done, end.progress.total);
        assert.deepEqual([end.progress.phase, end.progress.percent], ['evaluating', 100]);
        for (let i = 1; i < readings.length; i++) assert.ok(readings[i].progress.percent >= readings[i - 1].progress.percent, 'the progress never goes back');
        assert.ok(end.startedAt >= end.createdAt && end.finishedAt >= end.startedAt);
        assert.equal(end.error, null);

        assert.match(end.result.version, /^m\d+$/);
        assert.equal(end.result.status, 'candidate');
        assert.equal(end.result.trainedBy, 'Risk analyst');
        assert.equal(end.result.metrics.examples, 80);
        const models = await officer.get('/v1/risk/models');
        assert.deepEqual(models.body.find((m: any) => m.version === end.result.version), end.result);
      });

      test('a simulate-thresholds job gives what the simulation gives called directly on the stored parcels', async () => {
        const params = { duties: ['0', '150'], taxes: ['0', '22'], cost: '2.50' };
        const started = await officer.post('/v1/jobs', { kind: 'simulate-thresholds', params });
        assert.equal(started.status, 202, JSON.stringify(started.body));
        const end = (await followed(officer, started.body.id)).at(-1);
        assert.equal(end.status, 'succeeded', JSON.stringify(end.error));

        const cw = server.cw;
        const parcels: Array<{ basket: Basket; day: string }> = [];
        for await (const c of cw.store.consignments()) {
          const basket = basketOf(c.fields, cw.pack);
          if (basket) parcels.push({ basket, day: (c.assessment?.day ?? c.createdAt).slice(0, 10) });
        }
        const scenarios = params.duties.flatMap((duty) => params.taxes.map((tax) => ({ duty, tax })));
        const expected = simulateThresholds(parcels, cw.pack, cw.revenue.lookups(cw.pack), scenarios, params.cost);
        assert.deepEqual(end.result, expected);
        assert.ok(expected.every((s) => s.parcels >= 80));
        assert.deepEqual([end.progress.done, end.progress.total, end.progress.percent], [parcels.length * 4, parcels.length * 4, 100]);

        const defaults = await officer.post('/v1/jobs', { kind: 'simulate-thresholds', params: { cost: '1' } });
        assert.deepEqual(defaults.body.params, { duties: ['0', '22', '150'], taxes: ['0', '22'], cost: '1' }, 'the defaults are written down');
        assert.equal((await followed(officer, defaults.body.id)).at(-1).result.length, 6);
      });

      test('the job list is newest first, as long as asked', async () => {
        const all = (await officer.get('/v1/jobs?limit=100')).body.jobs;
        assert.ok(all.length >= 5);
        const ids = all.map((j: any) => j.id);
        assert.deepEqual(ids, [...ids].sort().reverse(), 'uuidv7 ids are in creation order');
        const two = await officer.get('/v1/jobs?limit=2');
        assert.equal(two.status, 200);
        assert.deepEqual(two.body.jobs.map((j: any) => j.id), ids.slice(0, 2));
        assert.equal(two.body.jobs[0].kind, 'simulate-thresholds');
      });
    });

    test('when Clearway opens, jobs a node left unfinished and untouched for 10 minutes end failed as interrupted', async () => {
      const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
      const row = (id: string, status: string, minutesAgo: number): JobRow => ({
        id,
        kind: 'train-model',
        status,
        params: '{}',
        done: 3,
        total: 161,
        phase: 'boosting',
        result: null,
        error: null,
        created_by: officer.id,
        created_at: at(minutesAgo + 1),
        started_at: status === 'queued' ? null : at(minutesAgo + 1),
        finished_at: null,
        updated_at: at(minutesAgo),
      });
      const dead = row('0190aaaa-0000-7000-8000-00000000dead', 'running', 11);
      const deadQueued = row('0190aaaa-0000-7000-8000-0000000000ae', 'queued', 30);
      const alive = row('0190aaaa-0000-7000-8000-0000000a11fe', 'running', 1);
      for (const r of [dead, deadQueued, alive]) await server.cw.store.jobs.insert(r);

      const other = await openClearway(server.cw.config);
      await other.close();

      for (const r of [dead, deadQueued]) {
        const job = (await officer.get(`/v1/jobs/${r.id}`)).body;
        assert.equal(job.status, 'failed');
        assert.equal(job.error.code, 'interrupted');
        assert.ok(job.finishedAt > r.updated_at);
        assert.deepEqual([job.progress.done, job.progress.total], [3, 161], 'how far it got stays');
      }
      const living = (await officer.get(`/v1/jobs/${alive.id}`)).body;
      assert.deepEqual([living.status, living.error], ['running', null]);
    });

    test('the OpenAPI document describes the job routes', async () => {
      const doc = await server.admin.get('/openapi.json');
      assert.ok(doc.body.paths['/v1/jobs'].post);
      assert.ok(doc.body.paths['/v1/jobs'].get);
      assert.ok(doc.body.paths['/v1/jobs/{id}'].get);
    });
  });
}
