// Partner feedback API (standard 11): a partner's refused filings by error and its advance data's timeliness, on every store.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, testStores, type TestServer } from '../helpers/clearway.ts';
import { arrival, declaration, logistics, s10 } from '../helpers/filings.ts';

type Party = Awaited<ReturnType<TestServer['party']>>;

for (const kind of testStores()) {
  describe(`partner quality API (${kind})`, () => {
    let now = Date.parse('2026-11-20T12:00:00Z');
    let server: TestServer;
    let platform: Party;
    let carrier: Party;
    let otherPlatform: Party;
    let officer: Party;

    before(async () => {
      server = await startServer(kind, {}, () => new Date(now));
      platform = await server.party('ShopNova', 'platform');
      carrier = await server.party('Post', 'carrier');
      otherPlatform = await server.party('Other shop', 'platform');
      officer = await server.party('Officer', 'officer');

      // 20 November, 12:00: parcel A declared two days before it arrives, parcel C never arrives; bad filings refused.
      const [a, b, c] = [s10(), s10(), s10()];
      const declA = declaration({ trackingId: a });
      const created = async (p: Party, filing: object) => {
        const r = await p.post('/v1/filings', filing);
        assert.equal(r.status, 201, JSON.stringify(r.body));
      };
      await created(platform, declA);
      const noBuyer: Record<string, unknown> = declaration();
      delete noBuyer.buyer;
      assert.equal((await platform.post('/v1/filings', noBuyer)).status, 400);
      const item = { description: "Men's cotton T-shirt", quantity: 1, unitPrice: '12.50', originCountry: 'CN' };
      const badHs = declaration({ items: [{ ...item, hsCode: '61AB' }, { ...item, hsCode: '12' }] });
      const refused = await platform.post('/v1/filings', badHs);
      assert.deepEqual(refused.body.errors.map((e: any) => e.path), ['/items/0/hsCode', '/items/1/hsCode']);
      const bothInBatch: Record<string, unknown> = { ...badHs, filingId: 'batch-bad' };
      delete bothInBatch.buyer;
      const batch = await platform.batch([bothInBatch, declaration({ trackingId: c })]);
      assert.deepEqual(batch.results.map((r) => r.status), [400, 201]);
      assert.equal((await platform.post('/v1/filings', logistics(a))).status, 403);
      assert.equal((await platform.post('/v1/filings', { ...declA, shippingCost: '9.99' })).status, 409);

      // 13:00: the carrier's logistics data for A and B, 47 hours before they arrive.
      now = Date.parse('2026-11-20T13:00:00Z');
      for (const t of [a, b]) await created(carrier, logistics(t, { service: 'post', expectedArrival: '2026-11-22T12:00:00Z' }));

      // 22 November, 11:00: parcel B declared one hour before arrival (post needs two); both arrive at 12:00.
      now = Date.parse('2026-11-22T11:00:00Z');
      await created(platform, declaration({ trackingId: b }));
      now = Date.parse('2026-11-22T12:30:00Z');
      for (const t of [a, b]) await created(carrier, arrival(t, { sentAt: '2026-11-22T12:30:00Z', arrivedAt: '2026-11-22T12:00:00Z' }));
      now = Date.parse('2026-11-22T13:00:00Z');
    });
    after(() => server?.close());

    test('a platform sees its refused filings by error and path, and how early its order data came', async () => {
      const r = await platform.get(`/v1/partners/${platform.id}/quality`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.partyId, platform.id);
      assert.deepEqual([r.body.from, r.body.to], ['2026-10-24', '2026-11-22']);
      assert.equal(r.body.deadlineHours.post, 2);
      assert.deepEqual(r.body.filings, {
        accepted: 3,
        acceptedByKind: { declaration: 3 },
        rejected: 5,
        rejectionRate: 0.625,
        rejectedBy: [
          { code: 'bad-format', path: '/items/*/hsCode', count: 2 },
          { code: 'missing', path: '/buyer', count: 2 },
          { code: 'filing-id-reused', path: '/filingId', count: 1 },
          { code: 'kind-not-allowed', path: '/kind', count: 1 },
        ],
      });
      // A 48 hours ahead, B 1 hour (late for post); C has no arrival and is left out.
      assert.deepEqual(r.body.orderData, {
        consignments: 2,
        beforeDeadline: 1,
        beforeDeadlineShare: 0.5,
        afterArrival: 0,
        hoursBeforeArrival: { p10: 5.7, median: 24.5, p90: 43.3 },
      });
      assert.equal(r.body.logisticsData.consignments, 0);
    });

    test("a carrier sees its logistics data's timeliness", async () => {
      const r = await carrier.get(`/v1/partners/${carrier.id}/quality`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.filings.acceptedByKind, { arrival: 2, logistics: 2 });
      assert.equal(r.body.filings.rejected, 0);
      assert.equal(r.body.filings.rejectionRate, 0);
      assert.deepEqual(r.body.logisticsData, {
        consignments: 2,
        beforeDeadline: 2,
        beforeDeadlineShare: 1,
        afterArrival: 0,
        hoursBeforeArrival: { p10: 47, median: 47, p90: 47 },
      });
      assert.equal(r.body.orderData.consignments, 0);
    });

    test('the period chooses the days: only 22 November has parcel B and no refusals', async () => {
      const r = await platform.get(`/v1/partners/${platform.id}/quality?from=2026-11-22&to=2026-11-22`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual([r.body.filings.accepted, r.body.filings.rejected, r.body.filings.rejectedBy], [1, 0, []]);
      assert.deepEqual([r.body.orderData.consignments, r.body.orderData.beforeDeadline, r.body.orderData.hoursBeforeArrival?.median], [1, 0, 1]);
    });

    test("another platform gets 404 for the platform's figures, exactly as for a party that does not exist", async () => {
      const theirs = await otherPlatform.get(`/v1/partners/${platform.id}/quality`);
      const none = await otherPlatform.get('/v1/partners/no-such-party/quality');
      assert.deepEqual([theirs.status, none.status], [404, 404]);
      assert.deepEqual([theirs.body.errors[0].code, none.body.errors[0].code], ['not-found', 'not-found']);
      assert.equal(JSON.stringify(theirs.body).includes('ShopNova'), false);
    });

    test('an officer and the administrator read any partner; a party that does not exist is 404', async () => {
      const mine = await platform.get(`/v1/partners/${platform.id}/quality`);
      const byOfficer = await officer.get(`/v1/partners/${platform.id}/quality`);
      assert.equal(byOfficer.status, 200);
      assert.deepEqual(byOfficer.body, mine.body);
      assert.equal((await server.admin.get(`/v1/partners/${carrier.id}/quality`)).status, 200);
      assert.equal((await officer.get('/v1/partners/no-such-party/quality')).status, 404);
    });

    test('a bad date or a period that ends before it starts is 400 naming the field', async () => {
      const bad = await platform.get(`/v1/partners/${platform.id}/quality?from=2026-02-30`);
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].path, '/query/from');
      const reversed = await platform.get(`/v1/partners/${platform.id}/quality?from=2026-11-22&to=2026-11-01`);
      assert.equal(reversed.status, 400);
      assert.deepEqual([reversed.body.errors[0].path, reversed.body.errors[0].code], ['/query/to', 'invalid-period']);
      const long = await platform.get(`/v1/partners/${platform.id}/quality?from=2024-01-01&to=2026-11-22`);
      assert.deepEqual([long.status, long.body.errors[0].path], [400, '/query/from']);
    });
  });
}
