// Clearance operations end to end, on every store: each path a parcel can take after the risk decision, consolidated
// arrival by master, agencies, and the consumer's status lookup; the ledger and the event log agree at the end.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, testStores, type TestServer } from '../helpers/clearway.ts';
import { arrival, buyer, declaration, logistics, s10, uid } from '../helpers/filings.ts';
import { verifyChain } from '../../src/services/audit.ts';
import { validateFiling } from '../../src/domain/validation/index.ts';

type Client = Awaited<ReturnType<TestServer['party']>>;

/** A parcel over the EUR 150 threshold, so duty and VAT are due at the border from the consumer. */
const expensive = () => ({ items: [{ description: "Men's cotton T-shirt", quantity: 10, unitPrice: '25.00', hsCode: '610910', originCountry: 'CN', netMassKg: '0.200' }] });
/** Documents (IRG category 1): nothing to pay, released on arrival. */
const documents = () => ({
  transaction: 'documents',
  items: [{ description: 'Business correspondence, printed documents', quantity: 1, unitPrice: '0', hsCode: '490199', originCountry: 'CN', netMassKg: '0.200' }],
});
/** Leather handbags: what the physical-control rule below targets. */
const handbag = () => ({ items: [{ description: 'Leather handbag', quantity: 1, unitPrice: '240.00', hsCode: '420221', originCountry: 'CN', netMassKg: '0.800' }] });

for (const kind of testStores()) {
  describe(`clearance operations (${kind})`, () => {
    let server: TestServer;
    let officer: Client;
    let platform: Client;
    let carrier: Client;
    let health: Client;
    before(async () => {
      server = await startServer(kind);
      officer = await server.party('Officer Weber', 'officer');
      platform = await server.party('ShopNova', 'platform');
      carrier = await server.party('China Post', 'carrier');
      health = await server.party('Medicines Agency', 'agency');
    });
    after(() => server?.close());

    async function declared(over: Record<string, unknown> = {}) {
      const d = declaration(over);
      const r = await platform.post('/v1/filings', d);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { id: r.body.id as string, trackingId: d.trackingId as string };
    }
    const event = (who: Client, id: string, body: Record<string, unknown>) => who.post(`/v1/consignments/${id}/events`, body);
    const statusOf = async (id: string) => (await server.admin.get(`/v1/consignments/${id}`)).body;

    test('released pre-arrival: the decision stands at arrival, the parcel is released at once and delivered', async () => {
      const p = await declared(documents());
      assert.equal((await statusOf(p.id)).lane, 'release');
      await carrier.post('/v1/filings', arrival(p.trackingId));
      assert.equal((await statusOf(p.id)).status, 'released');
      assert.equal((await event(carrier, p.id, { type: 'delivery' })).status, 200);
      assert.equal((await statusOf(p.id)).status, 'delivered');
    });

    test('held, inspected, adjusted, paid, released, delivered', async () => {
      const rule = await officer.post('/v1/risk/rules', { name: 'Handbags', when: { field: 'hsCode', prefix: ['4202'] }, then: { lane: 'physical' }, validFrom: '2026-01-01' });
      assert.equal(rule.status, 201);
      const p = await declared(handbag());
      await carrier.post('/v1/filings', arrival(p.trackingId));
      const held = await statusOf(p.id);
      assert.deepEqual([held.status, held.lane], ['held', 'physical']);
      const before = held.assessment;
      // The control finds the bag worth more: duty and VAT go up by what the officer established.
      const duty = (Number(before.dutyTotal) + 10).toFixed(2);
      const tax = (Number(before.taxTotal) + 20).toFixed(2);
      const bad = await event(officer, p.id, { type: 'inspection', outcome: { result: 'undervaluation' }, assessment: { duty: '1.234', tax, reason: 'x' } });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].path, '/assessment/duty');
      const inspected = await event(officer, p.id, {
        type: 'inspection',
        outcome: { control: 'physical', result: 'undervaluation', amount: '30.00', currency: 'EUR', note: 'invoice inside the parcel: EUR 340' },
        assessment: { duty, tax, reason: 'invoice inside the parcel shows EUR 340' },
      });
      assert.equal(inspected.status, 200, JSON.stringify(inspected.body));
      const adjusted = inspected.body.assessment;
      assert.equal(adjusted.dutyTotal, duty);
      assert.equal(adjusted.taxTotal, tax);
      assert.equal(Number(adjusted.dueAtBorder).toFixed(2), (Number(before.dueAtBorder) + 30).toFixed(2));
      assert.ok(adjusted.lines.some((l: any) => l.code === 'ADJUSTMENT' && l.type === 'duty' && l.amount === '10.00'));
      assert.deepEqual(inspected.body.events.filter((e: any) => ['inspection-recorded', 'assessment-corrected'].includes(e.type)).map((e: any) => e.type), ['inspection-recorded', 'assessment-corrected']);
      // The officer releases: the consumer must pay first.
      const released = await event(officer, p.id, { type: 'release', note: 'value corrected' });
      assert.equal(released.body.status, 'payment-due');
      const paid = await server.admin.post(`/v1/consignments/${p.id}/payments`, { amount: adjusted.dueAtBorder, currency: 'EUR', method: 'card', reference: uid('pay') });
      assert.equal(paid.status, 200, JSON.stringify(paid.body));
      assert.equal(paid.body.status, 'released');
      assert.equal((await event(carrier, p.id, { type: 'delivery' })).body.status, 'delivered');
    });

    test('referred by an agency rule, refused by the agency, returned to sender; customs cannot release meanwhile', async () => {
      const badRule = await officer.request('PUT', '/v1/agency-rules/medicines', { agency: carrier.id, domain: 'health', name: 'Medicines', hsPrefixes: ['3004'], keywords: [], source: 'Directive 2001/83/EC', validFrom: '2026-01-01' });
      assert.equal(badRule.status, 400, 'a rule must name an agency');
      assert.equal(badRule.body.errors[0].path, '/agency');
      const rule = await officer.request('PUT', '/v1/agency-rules/medicines', {
        agency: health.id,
        domain: 'health',
        name: 'Medicinal products',
        hsPrefixes: ['3004'],
        keywords: ['antibiotic'],
        source: 'Directive 2001/83/EC Art. 6 (marketing authorisation)',
        validFrom: '2026-01-01',
      });
      assert.equal(rule.status, 200, JSON.stringify(rule.body));
      const { id: _id, active: _active, ...body } = rule.body;
      assert.equal((await platform.request('PUT', '/v1/agency-rules/x', body)).status, 403);
      const p = await declared({ items: [{ description: 'Amoxicillin antibiotic capsules', quantity: 2, unitPrice: '9.00', hsCode: '300410', originCountry: 'IN', netMassKg: '0.050' }] });
      const pre = await statusOf(p.id);
      assert.equal(pre.lane, 'agency-referral');
      assert.deepEqual(pre.referrals.map((r: any) => [r.agency, r.status]), [[health.id, 'pending']]);
      // The agency sees the goods, not who buys them; and only the parcels referred to it.
      const seen = await health.get(`/v1/consignments/${p.id}`);
      assert.equal(seen.status, 200);
      assert.ok(seen.body.fields.items && !seen.body.fields.buyer && seen.body.assessment === null, JSON.stringify(Object.keys(seen.body.fields)));
      const other = await declared();
      assert.equal((await health.get(`/v1/consignments/${other.id}`)).status, 404);
      await carrier.post('/v1/filings', arrival(p.trackingId));
      assert.equal((await statusOf(p.id)).status, 'held');
      const early = await event(officer, p.id, { type: 'release' });
      assert.equal(early.status, 409);
      assert.equal(early.body.errors[0].code, 'agency-hold');
      assert.equal((await event(officer, p.id, { type: 'agency-decision', decision: 'release' })).status, 403, 'only the agency decides for it');
      const refused = await event(health, p.id, { type: 'agency-decision', decision: 'refuse', note: 'no marketing authorisation' });
      assert.equal(refused.status, 200, JSON.stringify(refused.body));
      assert.deepEqual(refused.body.referrals.map((r: any) => [r.status, r.note]), [['refused', 'no marketing authorisation']]);
      assert.equal((await event(health, p.id, { type: 'agency-decision', decision: 'release' })).status, 409, 'a refusal is final');
      assert.equal((await event(officer, p.id, { type: 'release' })).status, 409);
      const back = await event(officer, p.id, { type: 'return-to-sender', note: 'refused by the medicines agency' });
      assert.equal(back.status, 200);
      assert.equal(back.body.status, 'returned-to-sender');
      // The public guide lists the goods the agency controls, with the law, not the agency's account.
      const guide = await fetch(`${server.url}/v1/public/restricted-goods`);
      assert.equal(guide.status, 200);
      const text = await guide.text();
      const entry = (JSON.parse(text) as any).entries.find((e: any) => e.goods === 'Medicinal products');
      assert.deepEqual([entry.domain, entry.hsPrefixes, entry.source], ['health', ['3004'], 'Directive 2001/83/EC Art. 6 (marketing authorisation)']);
      assert.ok(!text.includes(health.id), 'no party id in the public guide');
    });

    test('an officer refers a parcel no rule covers; the agency releases it and customs, with nothing of its own to control, releases it', async () => {
      const p = await declared(documents());
      assert.equal((await event(officer, p.id, { type: 'refer', agency: carrier.id })).status, 400, 'only an agency can be referred to');
      const referred = await event(officer, p.id, { type: 'refer', agency: health.id, note: 'plant material: check for controlled substances' });
      assert.equal(referred.status, 200, JSON.stringify(referred.body));
      assert.equal(referred.body.lane, 'agency-referral');
      assert.equal((await event(officer, p.id, { type: 'refer', agency: health.id })).status, 409);
      await carrier.post('/v1/filings', arrival(p.trackingId));
      assert.equal((await statusOf(p.id)).status, 'held');
      const cleared = await event(health, p.id, { type: 'agency-decision', decision: 'release', note: 'ordinary tea' });
      assert.equal(cleared.status, 200);
      assert.equal((await statusOf(p.id)).status, 'released');
    });

    test('released, returned, refunded: the duty and tax paid come back once the goods are exported', async () => {
      const p = await declared(expensive());
      await carrier.post('/v1/filings', arrival(p.trackingId));
      const c = await statusOf(p.id);
      assert.equal(c.status, 'payment-due');
      await server.admin.post(`/v1/consignments/${p.id}/payments`, { amount: c.liability.dueAtBorder, currency: 'EUR', method: 'card', reference: uid('pay') });
      await event(carrier, p.id, { type: 'delivery' });
      const requested = await event(platform, p.id, { type: 'return', note: 'wrong colour' });
      assert.equal(requested.body.status, 'return-requested');
      const back = await event(carrier, p.id, { type: 'returned', proofOfExport: { reference: 'EX-2026-000123', exportedAt: '2026-11-23T10:00:00Z' } });
      assert.equal(back.status, 200, JSON.stringify(back.body));
      assert.equal(back.body.status, 'refunded');
      assert.equal((await statusOf(p.id)).liability.refunded, c.liability.dueAtBorder);
    });

    test('a master arrives in one call: low-risk parcels are released, the rest held or waiting for payment', async () => {
      const masterId = uid('CNDEPOST');
      const parcels = [await declared(documents()), await declared(documents()), await declared(expensive()), await declared({ items: [{ description: 'Wrist watch', quantity: 1, unitPrice: '20.00', hsCode: '910211', originCountry: 'CN', netMassKg: '0.1' }] })];
      await officer.post('/v1/risk/rules', { name: 'Watches', when: { field: 'hsCode', prefix: ['9102'] }, then: { lane: 'scan' }, validFrom: '2026-01-01' });
      for (const [i, p] of parcels.entries()) {
        const grossMassKg = i === 2 ? '2.500' : '0.550'; // ten shirts of 0.2 kg
        assert.equal((await carrier.post('/v1/filings', logistics(p.trackingId, { masterId, consignee: buyer, grossMassKg }))).status, 201);
      }
      assert.equal((await platform.post(`/v1/masters/${masterId}/arrival`, {})).status, 403);
      assert.equal((await carrier.post(`/v1/masters/${uid('NOPE')}/arrival`, {})).status, 404);
      const r = await carrier.post(`/v1/masters/${masterId}/arrival`, { note: 'dispatch received at DEFRAA' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.released.map((x: any) => x.trackingId).sort(), [parcels[0]!.trackingId, parcels[1]!.trackingId].sort());
      assert.deepEqual(r.body.paymentDue.map((x: any) => x.trackingId), [parcels[2]!.trackingId]);
      assert.deepEqual(r.body.held.map((x: any) => [x.trackingId, x.lane]), [[parcels[3]!.trackingId, 'scan']]);
      const again = await carrier.post(`/v1/masters/${masterId}/arrival`, {});
      assert.equal(again.body.skipped.length, 4, 'a second report of the same master arrives nothing twice');
    });

    test('the public status lookup needs the tracking id and the postcode, and shows no personal data', async () => {
      const p = await declared(expensive());
      await carrier.post('/v1/filings', arrival(p.trackingId));
      const anonymous = async (q: string) => {
        const r = await fetch(`${server.url}/v1/public/status?${q}`);
        return { status: r.status, body: (await r.json()) as any, text: '' };
      };
      const r = await anonymous(`trackingId=${p.trackingId}&postcode=10%20115`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.status, 'payment-due');
      assert.equal(r.body.due.currency, 'EUR');
      assert.ok(Number(r.body.due.amount) > 0);
      assert.deepEqual(r.body.timeline.map((t: any) => t.status), ['pre-arrival', 'arrived', 'payment-due']);
      const text = JSON.stringify(r.body);
      for (const personal of [buyer.name, buyer.email, buyer.address.lines[0]!]) assert.ok(!text.includes(personal), personal);
      const wrong = await anonymous(`trackingId=${p.trackingId}&postcode=99999`);
      const unknown = await anonymous(`trackingId=${s10()}&postcode=10115`);
      assert.deepEqual([wrong.status, unknown.status], [404, 404]);
      assert.deepEqual(wrong.body, unknown.body, 'a wrong postcode and an unknown parcel answer alike');
      assert.equal((await anonymous(`trackingId=${p.trackingId}`)).status, 400);
    });

    test('every event that would make a transition the status machine does not have is 409 invalid-transition', async () => {
      const proofOfExport = { reference: 'EX-1', exportedAt: '2026-11-23T10:00:00Z' };
      // As the administrator, who may post every event but an agency's decision: only the status machine refuses.
      const tryAll = async (id: string, types: string[]) => {
        for (const type of types) {
          const extra = type === 'returned' ? { proofOfExport } : type === 'refer' ? { agency: health.id } : {};
          const r = await server.admin.post(`/v1/consignments/${id}/events`, { type, ...extra });
          assert.equal(r.status, 409, `${type}: ${JSON.stringify(r.body)}`);
          assert.equal(r.body.errors[0].code, 'invalid-transition', type);
        }
      };
      const waiting = await declared(documents());
      await tryAll(waiting.id, ['release', 'seize', 'return-to-sender', 'destroy', 'delivery', 'return', 'returned']);
      const released = await declared(documents());
      await carrier.post('/v1/filings', arrival(released.trackingId));
      await tryAll(released.id, ['hold', 'seize', 'return-to-sender', 'destroy', 'returned', 'refer']);
      assert.equal((await server.admin.post(`/v1/consignments/${released.id}/events`, { type: 'arrival' })).status, 409, 'a second arrival');
      await server.admin.post(`/v1/consignments/${released.id}/events`, { type: 'return' });
      await tryAll(released.id, ['delivery', 'return', 'hold']);
      const gone = await declared(handbag());
      await carrier.post('/v1/filings', arrival(gone.trackingId));
      assert.equal((await event(officer, gone.id, { type: 'destroy', note: 'counterfeit' })).body.status, 'destroyed');
      await tryAll(gone.id, ['release', 'hold', 'seize', 'return-to-sender', 'destroy', 'delivery', 'return']);
    });

    test('international exchange: the origin administration\'s export declaration is a source; an outgoing parcel is exported in the same format', async () => {
      const origin = await server.party('China Customs (export)', 'administration');
      const p = await declared();
      const exportDecl = {
        filingId: uid('exp'),
        kind: 'export-declaration',
        sentAt: '2026-11-20T11:00:00Z',
        trackingId: p.trackingId,
        exportDeclarationId: '26CN000000000000123',
        authority: 'General Administration of Customs of the PRC',
        exportingCountry: 'CN',
        exportedAt: '2026-11-20T09:00:00Z',
        exporter: { name: 'Shenzhen Goods Co.', address: { lines: ['1 Industrial Road'], city: 'Shenzhen', country: 'CN' } },
        currency: 'EUR',
        items: [{ description: "Men's cotton T-shirts", hsCode: '610910', quantity: 2, value: '80.00', originCountry: 'CN' }],
      };
      assert.equal((await platform.post('/v1/filings', { ...exportDecl, filingId: uid('exp') })).status, 403, 'only an administration sends export declarations');
      const bad = await origin.post('/v1/filings', { ...exportDecl, filingId: uid('exp'), items: [{ ...exportDecl.items[0], value: '80.001' }] });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].path, '/items/0/value');
      const r = await origin.post('/v1/filings', exportDecl);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.id, p.id, 'it joins the parcel by its tracking id');
      const c = await statusOf(p.id);
      const mismatch = c.findings.find((f: any) => f.code === 'export-value-mismatch');
      assert.ok(mismatch, JSON.stringify(c.findings));
      assert.match(mismatch.message, /declared for import at 25 EUR, exported at 80 EUR/);
      assert.equal(c.lane, 'document-check', 'a warning: the documents are checked');

      await carrier.post('/v1/filings', arrival(p.trackingId));
      assert.equal((await server.admin.get(`/v1/consignments/${p.id}/export-declaration`)).status, 409, 'a held parcel is not going back yet');
      await event(officer, p.id, { type: 'return-to-sender', note: 'undervalued; the buyer refused to pay' });
      assert.equal((await platform.get(`/v1/consignments/${p.id}/export-declaration`)).status, 403);
      const out = await officer.get(`/v1/consignments/${p.id}/export-declaration`);
      assert.equal(out.status, 200, JSON.stringify(out.body));
      assert.equal(out.body.kind, 'export-declaration');
      assert.equal(out.body.exportingCountry, 'DE');
      assert.equal(out.body.consignee.name, 'Shenzhen Goods Co.');
      assert.deepEqual(out.body.items.map((i: any) => [i.hsCode, i.quantity, i.value]), [['610910', 2, '25']]);
      assert.ok(validateFiling(out.body).ok, 'the same format the origin administrations send');
    });

    test('review: a new declaration cannot take a parcel out of an agency\'s hands, an officer\'s hold or a control\'s finding stops the release an agency\'s decision would bring', async () => {
      const ibuprofen = { items: [{ description: 'Ibuprofen tablets', quantity: 1, unitPrice: '5.00', hsCode: '300490', originCountry: 'IN', netMassKg: '0.05' }] };
      const p = await declared(ibuprofen);
      await carrier.post('/v1/filings', arrival(p.trackingId));
      const d = declaration({ trackingId: p.trackingId, items: [{ description: "Men's cotton T-shirt", quantity: 1, unitPrice: '5.00', hsCode: '610910', originCountry: 'IN', netMassKg: '0.05' }] });
      assert.equal((await platform.post('/v1/filings', d)).status, 201);
      const after = await statusOf(p.id);
      assert.deepEqual(after.referrals.map((r: any) => [r.agency, r.status]), [[health.id, 'pending']]);
      assert.equal((await event(officer, p.id, { type: 'release' })).status, 409);
      // A finding at the control: the agency's release no longer lets it go.
      await event(officer, p.id, { type: 'inspection', outcome: { result: 'misdescription', note: 'tablets, not shirts' } });
      await event(health, p.id, { type: 'agency-decision', decision: 'release', note: 'authorised product' });
      assert.equal((await statusOf(p.id)).status, 'held');

      const q = await declared(documents());
      await carrier.post('/v1/filings', arrival(q.trackingId));
      // Released at once; an officer cannot hold it any more, so take a fresh one held by an officer before arrival.
      const r = await declared(documents());
      await event(officer, r.id, { type: 'hold', note: 'officer suspicion' });
      await event(officer, r.id, { type: 'refer', agency: health.id, note: 'check it' });
      await carrier.post('/v1/filings', arrival(r.trackingId));
      await event(health, r.id, { type: 'agency-decision', decision: 'release' });
      assert.equal((await statusOf(r.id)).status, 'held', "the officer's hold stands");
    });

    test('review: partners see neither why a parcel was referred nor values worked out from another party\'s prices; a trader cannot refer', async () => {
      const p = await declared(expensive());
      await event(officer, p.id, { type: 'refer', agency: health.id, note: 'tip-off from informant #42' });
      assert.equal((await platform.post(`/v1/consignments/${p.id}/events`, { type: 'refer', agency: health.id })).status, 403);
      assert.equal((await platform.post(`/v1/consignments/${p.id}/events`, { type: 'refer', agency: officer.id })).status, 403, 'no oracle of which ids are agencies');
      await carrier.post('/v1/filings', logistics(p.trackingId, { grossMassKg: '2.500' }));
      const seen = (await carrier.get(`/v1/consignments/${p.id}`)).body;
      assert.ok(!JSON.stringify(seen).includes('informant'), JSON.stringify(seen.referrals));
      assert.equal(seen.categoryDecision.intrinsicValue, null);
      assert.ok(!seen.categoryDecision.reason.includes('250'), seen.categoryDecision.reason);
      assert.equal((await platform.get(`/v1/consignments/${p.id}`)).body.categoryDecision.intrinsicValue, '250.00', 'the order sender sees its own figures');
    });

    test('review: a corrected gift is categorised again; an event\'s outcome errors point into /outcome; a placeholder postcode proves nothing', async () => {
      const gift = await declared({ transaction: 'gift', items: [{ description: 'Birthday present: scarf', quantity: 1, unitPrice: '20.00', hsCode: '611710', originCountry: 'CN', netMassKg: '0.1' }] });
      await event(officer, gift.id, { type: 'hold', note: 'check the gift' });
      await carrier.post('/v1/filings', arrival(gift.trackingId));
      const before = await statusOf(gift.id);
      assert.equal(before.category, 2);
      const wrongPath = await event(officer, gift.id, { type: 'inspection', outcome: { result: 'no-finding', amount: '5.00', currency: 'EUR' } });
      assert.equal(wrongPath.status, 400);
      assert.equal(wrongPath.body.errors[0].path, '/outcome/amount');
      const corrected = await event(officer, gift.id, { type: 'inspection', outcome: { result: 'misdescription', note: 'a sale, not a gift' }, assessment: { duty: '2.40', tax: '4.50', reason: 'sold, not given' } });
      assert.equal(corrected.status, 200, JSON.stringify(corrected.body));
      const after = await statusOf(gift.id);
      assert.notEqual(after.category, 2, after.categoryDecision.reason);
      const anonymous = await fetch(`${server.url}/v1/public/status?trackingId=${gift.trackingId}&postcode=-`);
      assert.equal(anonymous.status, 400);
    });

    test('at the end the event log verifies and the ledger balances', async () => {
      const chain = await verifyChain(server.cw.store);
      assert.ok(chain.ok, JSON.stringify(chain.broken));
      const rec = await server.cw.accounts.reconciliation({ partyId: 'admin', role: 'admin', name: 'test' });
      assert.ok(rec.ok);
      const eur = rec.value.total.EUR!;
      // Assessed = collected + refunded + outstanding, to the cent.
      const cents = (x: string) => Math.round(Number(x) * 100);
      assert.equal(cents(eur.assessed), cents(eur.collected) + cents(eur.refunded) + cents(eur.outstanding), JSON.stringify(eur));
      assert.ok(cents(eur.refunded) > 0 && cents(eur.collected) > 0, JSON.stringify(eur));
    });
  });
}
