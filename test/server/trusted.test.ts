// The AEO registry through the API on every store: officers keep it, a party reads what names it, administrators set
// the benefits; and end to end, an authorised platform's parcels carry the benefits on their decisions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openClearway } from '../../src/services/clearway.ts';
import { startServer, testStores, type TestServer } from '../helpers/clearway.ts';
import { arrival, declaration } from '../helpers/filings.ts';

type Client = Awaited<ReturnType<TestServer['party']>>;

const authorisation = (partyId: string, over: Record<string, unknown> = {}) => ({
  name: 'ShopNova GmbH',
  identifiers: { partyId, eori: 'DE123456789012' },
  scope: ['platform'],
  validFrom: '2026-01-01',
  validUntil: '2028-12-31',
  authority: { country: 'DE', programme: 'EU AEO' },
  ...over,
});

const codesOf = (c: any): string[] => c.risk.reasons.map((r: any) => r.code);

for (const kind of testStores()) {
  describe(`trusted traders: the AEO registry (${kind})`, () => {
    let server: TestServer;
    let officer: Client;
    let platform: Client;
    let otherPlatform: Client;
    let carrier: Client;
    before(async () => {
      server = await startServer(kind);
      officer = await server.party('Customs officer', 'officer');
      platform = await server.party('ShopNova', 'platform');
      otherPlatform = await server.party('Bazaar', 'platform');
      carrier = await server.party('China Post', 'carrier');
    });
    after(() => server?.close());

    test('an officer records an authorisation (201), a new version of it (200); every version is kept', async () => {
      const first = await officer.request('PUT', '/v1/trusted-traders/DEAEOF0001', authorisation(platform.id));
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.deepEqual([first.body.id, first.body.status, first.body.version, first.body.updatedBy], ['DEAEOF0001', 'active', 1, 'Customs officer']);
      const renewed = await officer.request('PUT', '/v1/trusted-traders/DEAEOF0001', authorisation(platform.id, { validUntil: '2031-12-31' }));
      assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
      assert.deepEqual([renewed.body.version, renewed.body.validUntil], [2, '2031-12-31']);
      const history = await officer.get('/v1/trusted-traders/DEAEOF0001/history');
      assert.deepEqual(history.body.map((v: any) => [v.version, v.validUntil]), [[1, '2028-12-31'], [2, '2031-12-31']]);
    });

    test('an authorisation recognised under a mutual recognition arrangement is recorded with its source', async () => {
      const r = await officer.request('PUT', '/v1/trusted-traders/CTPAT-77', {
        name: 'Liberty Sellers Inc.',
        identifiers: { vat: 'US-98-7654321' },
        scope: ['seller'],
        validFrom: '2026-01-01',
        authority: { country: 'US', programme: 'US C-TPAT' },
        recognition: { arrangement: 'EU–US MRA', source: 'Decision 2012/290/EU of the US-EU Joint Customs Cooperation Committee' },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.recognition.arrangement, 'EU–US MRA');
    });

    test('400 names every bad field: unknown scope, a period ending before it starts, no identifier, a country that is none', async () => {
      const all = await officer.request('PUT', '/v1/trusted-traders/BAD-1', {
        ...authorisation(platform.id),
        identifiers: {},
        scope: ['platform', 'broker'],
        validFrom: '2027-01-01',
        validUntil: '2026-12-31',
        authority: { country: 'XX', programme: 'EU AEO' },
      });
      assert.equal(all.status, 400);
      assert.deepEqual(all.body.errors.map((e: any) => e.path).sort(), ['/authority/country', '/identifiers', '/scope/1', '/validUntil']);
      const format = await officer.request('PUT', '/v1/trusted-traders/BAD-2', authorisation(platform.id, { authority: { country: 'usa', programme: 'US C-TPAT' } }));
      assert.equal(format.status, 400);
      assert.deepEqual(format.body.errors.map((e: any) => e.path), ['/authority/country']);
      const party = await officer.request('PUT', '/v1/trusted-traders/BAD-3', authorisation('pty_nobody'));
      assert.equal(party.status, 400);
      assert.deepEqual(party.body.errors.map((e: any) => [e.path, e.code]), [['/identifiers/partyId', 'unknown-party']]);
      assert.equal((await officer.get('/v1/trusted-traders/BAD-1/history')).status, 404, 'nothing was saved');
    });

    test('a scope or country nested thousands deep, or a scope of 100 000 items, is 400 in the error shape (was a 503, then {})', async () => {
      const deep = '['.repeat(10_000) + ']'.repeat(10_000);
      const text = JSON.stringify(authorisation(platform.id));
      const body = (over: string) => text.replace('"scope":["platform"]', over);
      for (const sent of [body(`"scope":["platform",${deep}]`), body(`"scope":${deep}`), text.replace('"country":"DE"', `"country":${deep}`)]) {
        const r = await officer.request('PUT', '/v1/trusted-traders/DEEP-1', sent, { 'content-type': 'application/json' });
        assert.equal(r.status, 400, JSON.stringify(r.body).slice(0, 200));
        assert.ok(r.body.errors.length > 0);
      }
      // Every element a bad scope: the errors are capped, as for filings (100 and one counting the rest).
      const many = await officer.request('PUT', '/v1/trusted-traders/MANY-1', body(`"scope":[${Array.from({ length: 100_000 }, (_, i) => i).join(',')}]`), {
        'content-type': 'application/json',
      });
      assert.equal(many.status, 400);
      assert.equal(many.body.errors.length, 101);
      assert.equal(many.body.errors.at(-1).code, 'too-many-errors');
      assert.equal((await officer.get('/v1/trusted-traders/DEEP-1/history')).status, 404, 'nothing was saved');
    });

    test('partners cannot write the registry (403) and read only the authorisations naming them', async () => {
      for (const who of [platform, carrier]) {
        assert.equal((await who.request('PUT', '/v1/trusted-traders/MINE', authorisation(who.id))).status, 403);
        assert.equal((await who.request('DELETE', '/v1/trusted-traders/DEAEOF0001')).status, 403);
        assert.equal((await who.request('PUT', '/v1/trusted-traders/benefits', { riskWeight: -1, randomCheckFactor: 0, accountPayment: true })).status, 403);
      }
      const all = await officer.get('/v1/trusted-traders');
      assert.deepEqual(all.body.map((a: any) => a.id), ['CTPAT-77', 'DEAEOF0001']);
      const own = await platform.get('/v1/trusted-traders');
      assert.deepEqual(own.body.map((a: any) => a.id), ['DEAEOF0001']);
      assert.deepEqual((await otherPlatform.get('/v1/trusted-traders')).body, []);
      assert.equal((await otherPlatform.get('/v1/trusted-traders/DEAEOF0001/history')).status, 404);
    });

    test('benefits: the defaults, set by an administrator only, every bad field named', async () => {
      assert.deepEqual((await platform.get('/v1/trusted-traders/benefits')).body, { riskWeight: -0.5, randomCheckFactor: 0.5, accountPayment: true });
      assert.equal((await officer.request('PUT', '/v1/trusted-traders/benefits', { riskWeight: -0.4, randomCheckFactor: 0.5, accountPayment: true })).status, 403);
      const bad = await server.admin.request('PUT', '/v1/trusted-traders/benefits', { riskWeight: 0.5, randomCheckFactor: 2, accountPayment: true });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.errors.map((e: any) => e.path).sort(), ['/randomCheckFactor', '/riskWeight']);
      const ok = await server.admin.request('PUT', '/v1/trusted-traders/benefits', { riskWeight: -0.4, randomCheckFactor: 0.5, accountPayment: true });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal((await officer.get('/v1/trusted-traders/benefits')).body.riskWeight, -0.4);
    });

    test('the authorised platform’s declarations carry the trusted-trader indicator at the configured weight; others’ do not', async () => {
      const mine = await platform.post('/v1/filings', declaration());
      const c = (await server.admin.get(`/v1/consignments/${mine.body.id}`)).body;
      const trusted = c.risk.reasons.find((r: any) => r.code === 'trusted-trader');
      assert.ok(trusted, JSON.stringify(c.risk.reasons));
      assert.equal(trusted.weight, -0.4);
      assert.match(trusted.message, /EU AEO DEAEOF0001 \(ShopNova GmbH\)/);
      const theirs = await otherPlatform.post('/v1/filings', declaration());
      assert.ok(!codesOf((await server.admin.get(`/v1/consignments/${theirs.body.id}`)).body).includes('trusted-trader'));
      const seen = (await platform.get(`/v1/consignments/${mine.body.id}`)).body;
      assert.ok(!codesOf(seen).includes('trusted-trader'), 'a partner sees only the findings behind its lane');
    });

    test('quoting an AEO’s EORI number in the order data earns nothing: only the authorised party itself is trusted', async () => {
      const spoofed = await otherPlatform.post(
        '/v1/filings',
        declaration({ platform: { name: 'ShopNova GmbH', address: { lines: ['1 Platform Way'], city: 'Berlin', country: 'DE' }, taxIds: { eori: 'DE123456789012' } } }),
      );
      assert.equal(spoofed.status, 201, JSON.stringify(spoofed.body));
      const c = (await server.admin.get(`/v1/consignments/${spoofed.body.id}`)).body;
      assert.ok(!c.risk.reasons.some((r: any) => r.code === 'trusted-trader' || r.code.startsWith('benefit:')), JSON.stringify(c.risk.reasons));
    });

    test('account payment: the authorised platform’s parcel is released at arrival and its duty and tax go to its account', async () => {
      const d = declaration();
      await platform.post('/v1/filings', d);
      const arrived = await carrier.post('/v1/filings', arrival(d.trackingId as string));
      const c = (await server.admin.get(`/v1/consignments/${arrived.body.id}`)).body;
      assert.equal(c.liability.model, 'account', JSON.stringify(c.liability));
      assert.equal(c.liability.partyId, platform.id);
      assert.equal(c.status, 'released');
      const benefit = c.risk.reasons.find((r: any) => r.code === 'benefit:account-payment');
      assert.ok(benefit, 'the benefit shows on the decision');
      assert.match(benefit.message, /EU AEO authorisation DEAEOF0001/);
      const other = declaration();
      await otherPlatform.post('/v1/filings', other);
      const plain = await carrier.post('/v1/filings', arrival(other.trackingId as string));
      assert.equal((await server.admin.get(`/v1/consignments/${plain.body.id}`)).body.liability.model, 'consumer');
      const node = await openClearway(server.cw.config);
      try {
        assert.equal(node.trusted.isAccountHolder(platform.id), true, 'another node reads the registry from the store');
        assert.equal(node.trusted.isAccountHolder(otherPlatform.id), false);
      } finally {
        await node.close();
      }
    });

    test('revoked: kept in the registry, and no benefit from then on', async () => {
      assert.equal((await officer.request('DELETE', '/v1/trusted-traders/NOPE')).status, 404);
      const r = await officer.request('DELETE', '/v1/trusted-traders/DEAEOF0001');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual([r.body.status, r.body.version], ['revoked', 3]);
      assert.equal((await officer.get('/v1/trusted-traders')).body.find((a: any) => a.id === 'DEAEOF0001').status, 'revoked');
      const after = await platform.post('/v1/filings', declaration());
      assert.ok(!codesOf((await server.admin.get(`/v1/consignments/${after.body.id}`)).body).includes('trusted-trader'));
    });

    test('the routes are in the OpenAPI document', async () => {
      const doc = (await server.admin.get('/openapi.json')).body;
      assert.ok(doc.paths['/v1/trusted-traders']?.get);
      assert.ok(doc.paths['/v1/trusted-traders/{id}']?.put?.requestBody);
      assert.ok(doc.paths['/v1/trusted-traders/{id}']?.delete);
      assert.ok(doc.paths['/v1/trusted-traders/benefits']?.put);
    });
  });

  describe(`trusted traders: fewer random checks (${kind})`, () => {
    const PER_PLATFORM = 300;
    let server: TestServer;
    before(async () => {
      // Every parcel comes to the random draw with a chance of 1 000 checks ÷ 2 000 parcels expected = 0.5.
      server = await startServer(kind, { risk: { capacities: [{ lane: 'document-check', perDay: 1000 }], randomShare: 1, expectedPerDay: 2000, seed: 'trusted-test' } });
    });
    after(() => server?.close());

    test('an AEO’s parcels are drawn about randomCheckFactor as often as others’, and the benefit shows on each decision', { timeout: 120_000 }, async () => {
      const officer = await server.party('Customs officer', 'officer');
      const aeo = await server.party('ShopNova', 'platform');
      const other = await server.party('Bazaar', 'platform');
      const carrier = await server.party('China Post', 'carrier');
      const put = await officer.request('PUT', '/v1/trusted-traders/DEAEOF0001', authorisation(aeo.id));
      assert.equal(put.status, 201, JSON.stringify(put.body));

      /** The platform's parcels, declared and arrived in two batches: their decisions as the administrator sees them. */
      async function decided(by: Client): Promise<any[]> {
        const ds = Array.from({ length: PER_PLATFORM }, () => declaration());
        const filed = await by.batch(ds);
        assert.ok(filed.results.every((r) => r.status === 201), JSON.stringify(filed.results.find((r) => r.status !== 201)));
        const arrived = await carrier.batch(ds.map((d) => arrival(d.trackingId as string)));
        assert.ok(arrived.results.every((r) => r.status === 201), JSON.stringify(arrived.results.find((r) => r.status !== 201)));
        return Promise.all(filed.results.map(async (r) => (await server.admin.get(`/v1/consignments/${r.consignmentId}`)).body));
      }
      const others = await decided(other);
      const trusted = await decided(aeo);
      const random = (cs: any[]) => cs.filter((c) => c.risk.selectedBy === 'random').length;
      const ratio = random(trusted) / random(others);
      assert.ok(random(others) > 0.35 * PER_PLATFORM && random(others) < 0.65 * PER_PLATFORM, `others drawn: ${random(others)} of ${PER_PLATFORM}`);
      assert.ok(ratio > 0.25 && ratio < 0.8, `an AEO drawn ${random(trusted)} times, others ${random(others)}: ratio ${ratio}`);

      for (const c of trusted) {
        const benefit = c.risk.reasons.find((r: any) => r.code === 'benefit:fewer-random-checks');
        assert.ok(benefit, JSON.stringify(c.risk.reasons));
        assert.equal(benefit.weight, 0);
        assert.match(benefit.message, /EU AEO authorisation DEAEOF0001: a chance of 0\.25 instead of 0\.5 \(factor 0\.5\)/);
        assert.ok(codesOf(c).includes('trusted-trader'));
      }
      assert.ok(others.every((c) => !codesOf(c).includes('benefit:fewer-random-checks')));
      const decisions = await officer.get('/v1/risk/hit-rates');
      assert.equal(decisions.status, 200);
      assert.equal(decisions.body.bySelection.random.selected, random(trusted) + random(others));
    });
  });
}
