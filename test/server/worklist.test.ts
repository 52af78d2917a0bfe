// The worklist on every store: held parcels oldest first, filters, pages that neither skip nor repeat, an agency's queue.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, testStores, type TestServer } from '../helpers/clearway.ts';
import { arrival, declaration } from '../helpers/filings.ts';

type Client = Awaited<ReturnType<TestServer['party']>>;

for (const kind of testStores()) {
  describe(`worklist (${kind})`, () => {
    let server: TestServer;
    let officer: Client;
    let platform: Client;
    let carrier: Client;
    let agency: Client;
    const held: string[] = [];
    let referred = '';
    before(async () => {
      server = await startServer(kind);
      officer = await server.party('Officer', 'officer');
      platform = await server.party('ShopNova', 'platform');
      carrier = await server.party('China Post', 'carrier');
      agency = await server.party('Medicines Agency', 'agency');
      await officer.post('/v1/risk/rules', { name: 'Watches', when: { field: 'hsCode', prefix: ['9102'] }, then: { lane: 'scan' }, validFrom: '2026-01-01' });
      for (let i = 0; i < 7; i++) {
        const d = declaration({ items: [{ description: 'Wrist watch', quantity: 1, unitPrice: `${20 + i}.00`, hsCode: '910211', originCountry: 'CN', netMassKg: '0.1' }] });
        const f = await platform.post('/v1/filings', d);
        await carrier.post('/v1/filings', arrival(d.trackingId as string));
        held.push(f.body.id);
      }
      const other = await platform.post('/v1/filings', declaration());
      await officer.post(`/v1/consignments/${other.body.id}/events`, { type: 'refer', agency: agency.id, note: 'check' });
      referred = other.body.id;
    });
    after(() => server?.close());

    test('held parcels in lane scan, oldest first, paged without skipping or repeating', async () => {
      const seen: string[] = [];
      let next: string | null = null;
      do {
        const r: any = await officer.get(`/v1/worklist?status=held&lane=scan&limit=3${next ? `&after=${next}` : ''}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.ok(r.body.items.length <= 3);
        for (const item of r.body.items) {
          assert.deepEqual([item.status, item.lane], ['held', 'scan']);
          assert.ok(typeof item.score === 'number' && item.selectedBy === 'rule');
          seen.push(item.id);
        }
        next = r.body.next;
      } while (next);
      assert.deepEqual(seen, held, 'every held parcel once, in the order they changed');
      const newest = await officer.get('/v1/worklist?status=held&lane=scan&order=newest&limit=1');
      assert.equal(newest.body.items[0].id, held[held.length - 1]);
    });

    test("an agency's queue holds the parcels referred to it, without customs' score or money", async () => {
      const r = await agency.get('/v1/worklist?status=pre-arrival,held');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.items.map((i: any) => i.id), [referred]);
      assert.equal(r.body.items[0].score, undefined);
      assert.equal(r.body.items[0].dueAtBorder, undefined);
      assert.deepEqual(r.body.items[0].referrals, [{ agency: agency.id, status: 'pending' }]);
    });

    test('partners have no worklist; bad filters and cursors are 400 naming the parameter', async () => {
      assert.equal((await platform.get('/v1/worklist')).status, 403);
      const bad = await officer.get('/v1/worklist?status=held,lost');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].path, '/query/status');
      const cursor = await officer.get('/v1/worklist?after=bm9wZQ');
      assert.equal(cursor.status, 400);
      assert.equal(cursor.body.errors[0].path, '/query/after');
      assert.equal((await officer.get('/v1/worklist?limit=0')).status, 400);
      // ajv coerced these to Infinity and let them through to the query (a 503).
      for (const limit of ['Infinity', '1e309', '-Infinity']) {
        const r = await officer.get(`/v1/worklist?limit=${limit}`);
        assert.equal(r.status, 400, `${limit}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.errors[0].path, '/query/limit');
      }
      // A forged cursor naming an id with a control character is refused like a broken one (PostgreSQL cannot compare it).
      const forged = await officer.get(`/v1/worklist?after=${Buffer.from('2026-11-20T10:00:00.000Z|a\u0000b').toString('base64url')}`);
      assert.equal(forged.status, 400);
      assert.equal(forged.body.errors[0].path, '/query/after');
    });
  });
}
