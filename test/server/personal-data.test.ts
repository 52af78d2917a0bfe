// Who reads a buyer's personal data through the API: officers and administrators whole; risk analysts and revenue
// officers every parcel, with the buyer and the consignee masked (docs/security.md, "Personal data"). Every unmasked
// read is itself an event of the hash-chained log, kept out of the parcel's timeline and of partners' views.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyChain } from '../../src/services/audit.ts';
import { startServer, testStores, type Client, type TestServer } from '../helpers/clearway.ts';
import { buyer, declaration, logistics } from '../helpers/filings.ts';

const IDENTIFYING = [buyer.name, 'Müller', buyer.address.lines[0]!, buyer.address.postcode, buyer.email];

for (const kind of testStores()) {
  describe(`personal data by role (${kind})`, () => {
    let server: TestServer;
    let id: string;
    let shop: Client & { id: string };
    const reads = async () => (await server.cw.store.eventsOf([id])).filter((e) => e.type === 'personal-data-read');

    before(async () => {
      server = await startServer(kind);
      shop = await server.party('Shop', 'platform');
      const post = await server.party('Post', 'carrier');
      const d = declaration();
      const r = await shop.post('/v1/filings', d);
      assert.equal(r.status, 201);
      id = r.body.id;
      assert.equal((await post.post('/v1/filings', logistics(d.trackingId))).status, 201);
    });
    after(() => server?.close());

    test('an officer reads the buyer and the consignee whole, and each read is an event of the log', async () => {
      const officer = await server.party('Officer', 'officer');
      const before = (await reads()).length;
      const r = await officer.get(`/v1/consignments/${id}`);
      const text = JSON.stringify(r.body);
      for (const s of IDENTIFYING) assert.ok(text.includes(s), `the officer does not see ${s}`);
      const found = await officer.get(`/v1/consignments?trackingId=${r.body.trackingId}`);
      assert.equal(found.body.consignments.length, 1);
      const logged = (await reads()).slice(before);
      assert.equal(logged.length, 2, 'the read by id and the search each recorded');
      for (const e of logged) {
        assert.equal(e.actor, officer.id);
        assert.deepEqual(JSON.parse(e.data).fields, ['buyer', 'consignee']);
      }
      assert.ok(!r.body.events.some((e: { type: string }) => e.type === 'personal-data-read'), 'reads are not steps of the parcel');
      assert.equal((await verifyChain(server.cw.store)).ok, true);
    });

    test("the platform's own view shows no officer's reads", async () => {
      const text = JSON.stringify((await shop.get(`/v1/consignments/${id}`)).body);
      assert.ok(!text.includes('personal-data-read'));
    });

    for (const role of ['risk-analyst', 'revenue-officer'] as const) {
      test(`a ${role} reads the parcel with the buyer and the consignee masked`, async () => {
        const staff = await server.party(`Staff ${role}`, role);
        const before = (await reads()).length;
        const r = await staff.get(`/v1/consignments/${id}`);
        assert.equal((await reads()).length, before, 'a masked read is not a read of personal data');
        assert.equal(r.status, 200);
        const text = JSON.stringify(r.body);
        for (const s of IDENTIFYING) assert.ok(!text.includes(s), `${s} is shown to a ${role}`);
        assert.equal(r.body.fields.buyer.value.name, 'A. M.');
        assert.equal(r.body.fields.buyer.value.address.country, 'DE');
        assert.equal(r.body.fields.consignee.value.address.postcode, '10•••');
        assert.ok(r.body.assessment, 'the rest of the parcel is whole');
      });
    }
  });
}
