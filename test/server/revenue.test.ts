// The revenue API end to end on a real server: the public estimator, the collection models (consumer pays before
// release, carrier collects on delivery, IOSS collected at checkout), refunds on return, and the ledger they post.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dec } from '../../src/domain/money/index.ts';
import { isBalanced, type Transaction } from '../../src/domain/ledger/index.ts';
import { Client, startServer, testStores, type TestServer } from '../helpers/clearway.ts';
import { arrival, declaration, payment, uid } from '../helpers/filings.ts';

type PartyClient = Awaited<ReturnType<TestServer['party']>>;

/** The law of 2026-11-23 for every consignment test (the flat EUR 3 duty and IOSS are in force); time still moves. */
const BASE = Date.parse('2026-11-23T10:00:00Z');
let ticks = 0;
const clock = () => new Date(BASE + ++ticks * 1000);

const DAY = '2026-11-23';
const tshirts = [{ description: "Men's cotton T-shirt", quantity: 2, unitPrice: '12.50', hsCode: '610910', originCountry: 'CN', netMassKg: '0.200' }];
const basket = (over: Record<string, unknown> = {}) => ({ destination: 'DE', currency: 'EUR', service: 'post', date: DAY, items: tshirts, shippingCost: '4.99', ...over });
const ioss = (amount: string, registrationNumber = 'IM2760000001') => ({ scheme: 'IOSS', registrationNumber, amount, currency: 'EUR' });
const platformParty = { name: 'ShopNova Marketplace', address: { lines: ['1 Market Street'], city: 'Dublin', country: 'IE' } };
const DECIMAL = /^-?\d+(\.\d+)?$/;
const cents = (s: string) => Math.round(Number(s) * 100);

for (const kind of testStores()) {
  describe(`revenue API (${kind})`, () => {
    let server: TestServer;
    let anonymous: Client;
    let platform: PartyClient;
    let carrier: PartyClient;
    let collectingCarrier: PartyClient;
    let payer: PartyClient;
    let officer: PartyClient;

    const ledger = async (consignmentId: string) =>
      (await server.cw.store.revenue.ledger({ consignmentId })) as unknown as Transaction[];
    const posting = (ts: Transaction[], kind: string, account: string) =>
      ts.filter((t) => t.kind === kind).flatMap((t) => t.postings).find((p) => p.account === account);

    /** A declaration by the platform and an arrival by `by`: the consignment after the arrival was decided. */
    async function arrive(over: Record<string, unknown> = {}, by: PartyClient = carrier) {
      const d = declaration(over);
      const filed = await platform.post('/v1/filings', d);
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      const arrived = await by.post('/v1/filings', arrival(d.trackingId as string));
      assert.equal(arrived.status, 201, JSON.stringify(arrived.body));
      // The officer's view: a carrier that did not send the order data sees neither the prices nor the debt.
      const seen = await officer.get(`/v1/consignments/${arrived.body.id}`);
      assert.equal(seen.status, 200);
      return { d, c: seen.body, carrierView: arrived.body };
    }

    before(async () => {
      server = await startServer(kind, {}, clock);
      anonymous = new Client(server.url, undefined);
      platform = await server.party('ShopNova', 'platform');
      carrier = await server.party('China Post', 'carrier');
      collectingCarrier = await server.party('FastParcel', 'carrier', { collection: 'carrier' });
      payer = await server.party('PayFlow', 'payment');
      officer = await server.party('Zollamt Frankfurt', 'officer');
      await server.cw.revenue.refresh(true);
    });
    after(() => server?.close());

    describe('the public estimator', () => {
      test('answers a DE basket without a key: VAT 19 %, totals as decimal strings, the pack version, and each line with basis, rate and source', async () => {
        const r = await anonymous.post('/v1/estimate', basket());
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const a = r.body;
        assert.match(a.packVersion, /^EU@/);
        assert.equal(a.currency, 'EUR');
        for (const k of ['dutyTotal', 'taxTotal', 'feesTotal', 'total', 'customsValue', 'dueAtBorder']) {
          assert.equal(typeof a[k], 'string', k);
          assert.match(a[k], DECIMAL, k);
        }
        const vat = a.lines.filter((l: any) => l.type === 'tax');
        assert.ok(vat.length > 0);
        for (const l of vat) {
          assert.equal(l.code, 'VAT');
          assert.match(l.rate, /^19 ?%/);
        }
        for (const l of a.lines) {
          for (const k of ['basis', 'rate', 'source']) assert.ok(typeof l[k] === 'string' && l[k].length > 0, `line ${l.code} ${k}`);
        }
        // CV 29.99 (CIF); MFN 12 % = 3.60; VAT 19 % of 29.99 + 3.5988 = 6.38.
        assert.equal(a.customsValue, '29.99');
        assert.equal(a.dutyTotal, '3.60');
        assert.equal(a.taxTotal, '6.38');
        assert.equal(a.total, '9.98');
        assert.equal(cents(a.total), cents(a.dutyTotal) + cents(a.taxTotal) + cents(a.feesTotal));
      });

      test('`date` picks the law: EUR 100 on 2026-06-01 has no duty; an IOSS basket on 2026-11-23 pays EUR 3 per tariff subheading', async () => {
        const june = await anonymous.post('/v1/estimate', basket({ date: '2026-06-01', items: [{ ...tshirts[0], quantity: 8 }], shippingCost: undefined }));
        assert.equal(june.status, 200, JSON.stringify(june.body));
        assert.equal(june.body.intrinsicValue, '100.00');
        assert.equal(june.body.dutyTotal, '0.00');
        assert.deepEqual(june.body.lines.filter((l: any) => l.type === 'duty'), []);
        assert.ok(cents(june.body.taxTotal) > 0, 'VAT is still due');

        const items = [
          ...tshirts,
          { description: 'Wool pullover', quantity: 1, unitPrice: '30.00', hsCode: '611011', originCountry: 'CN' },
          { description: 'Cotton T-shirt, printed', quantity: 1, unitPrice: '9.00', hsCode: '610910', originCountry: 'CN' },
        ];
        const nov = await anonymous.post('/v1/estimate', basket({ marketplace: true, items, taxCollected: ioss('20.00') }));
        assert.equal(nov.status, 200, JSON.stringify(nov.body));
        const duty = nov.body.lines.filter((l: any) => l.type === 'duty');
        assert.deepEqual(duty.map((l: any) => [l.code, l.amount]), [['FLAT', '3.00'], ['FLAT', '3.00']], 'one line per subheading, no tariff duty');
        assert.equal(nov.body.dutyTotal, '6.00', 'two distinct subheadings (610910, 611011) × EUR 3');
        for (const l of duty) assert.match(l.rate, /EUR 3(\.00)? per tariff subheading/);
      });

      test('destination FR applies French VAT; an unserved destination is 400 on /destination', async () => {
        const fr = await anonymous.post('/v1/estimate', basket({ destination: 'FR' }));
        assert.equal(fr.status, 200, JSON.stringify(fr.body));
        const vat = fr.body.lines.filter((l: any) => l.type === 'tax');
        assert.ok(vat.length > 0);
        for (const l of vat) assert.match(l.rate, /^20 ?%/);
        assert.equal(fr.body.destination, 'FR');
        const xx = await anonymous.post('/v1/estimate', basket({ destination: 'XX' }));
        assert.equal(xx.status, 400);
        assert.equal(xx.body.errors[0].path, '/destination');
      });

      test('a USD basket needs an exchange rate: 422 no-exchange-rate until one is loaded, then converted at it', async () => {
        const usd = basket({ currency: 'USD', items: [{ ...tshirts[0], unitPrice: '54.00', quantity: 1 }], shippingCost: undefined });
        const missing = await anonymous.post('/v1/estimate', usd);
        assert.equal(missing.status, 422, JSON.stringify(missing.body));
        assert.equal(missing.body.errors[0].code, 'no-exchange-rate');

        await server.cw.store.revenue.putRates('EU', [{ currency: 'USD', perUnit: '1.08', validFrom: '2026-11-01', validUntil: '2026-11-30', source: 'test' }], new Date().toISOString());
        await server.cw.revenue.refresh(true);
        const loaded = await anonymous.post('/v1/estimate', usd);
        assert.equal(loaded.status, 200, JSON.stringify(loaded.body));
        assert.ok(loaded.body.exchangeRate, 'the rate used is named');
        assert.equal(loaded.body.exchangeRate.currency, 'USD');
        assert.equal(loaded.body.exchangeRate.perUnit, '1.08');
        assert.equal(loaded.body.currency, 'EUR');
        assert.equal(loaded.body.customsValue, (54 / 1.08).toFixed(2));
        // Outside the rate's validity the gap is back.
        const december = await anonymous.post('/v1/estimate', { ...usd, date: '2026-12-01' });
        assert.equal(december.status, 422);
      });

      test('a malformed field is 400 naming its path', async () => {
        const r = await anonymous.post('/v1/estimate', basket({ items: [{ ...tshirts[0], unitPrice: 12.5 }] }));
        assert.equal(r.status, 400);
        assert.ok(r.body.errors.some((e: any) => e.path === '/items/0/unitPrice'), JSON.stringify(r.body.errors));
      });

      test('an HS code that is in no HS 2022 subheading is 400 naming the item', async () => {
        const r = await anonymous.post('/v1/estimate', basket({ items: [tshirts[0], { ...tshirts[0], hsCode: '999999' }] }));
        assert.equal(r.status, 400);
        assert.deepEqual(r.body.errors.map((e: any) => [e.path, e.code]), [['/items/1/hsCode', 'unknown-hs-code']]);
      });

      test("GB, AU and CA-ON baskets are answered in their pack's currency", async () => {
        for (const [destination, currency] of [['GB', 'GBP'], ['AU', 'AUD'], ['CA-ON', 'CAD']] as const) {
          const r = await anonymous.post('/v1/estimate', basket({ destination, currency, departureCountry: 'CN' }));
          assert.equal(r.status, 200, `${destination}: ${JSON.stringify(r.body)}`);
          assert.equal(r.body.currency, currency, destination);
          assert.equal(r.body.destination, destination);
          assert.match(r.body.packVersion, new RegExp(`^${destination.slice(0, 2)}@`));
          assert.match(r.body.total, DECIMAL);
        }
      });
    });

    describe('collection models', () => {
      test('consumer model: payment-due on arrival; overpayment and a wrong currency are 409; the exact amount releases; the ledger balances', async () => {
        const d = declaration();
        await platform.post('/v1/filings', d);
        assert.equal((await payer.post('/v1/filings', payment(d.orderId as string, '29.99'))).status, 201);
        const arrived = await carrier.post('/v1/filings', arrival(d.trackingId as string));
        const c = (await officer.get(`/v1/consignments/${arrived.body.id}`)).body;
        assert.equal(c.status, 'payment-due', JSON.stringify(c.findings));
        assert.equal(c.liability.model, 'consumer');
        assert.equal(c.liability.partyId, null);
        const due = c.liability.dueAtBorder as string;
        assert.equal(due, '9.98');

        const url = `/v1/consignments/${c.id}/payments`;
        const pay = (amount: string, currency = 'EUR') => payer.post(url, { amount, currency, method: 'card', reference: uid('TX') });
        const over = await pay('9.99');
        assert.equal(over.status, 409);
        assert.equal(over.body.errors[0].code, 'overpayment');
        const usd = await pay(due, 'USD');
        assert.equal(usd.status, 409);
        assert.equal(usd.body.errors[0].code, 'wrong-currency');
        for (const bad of ['0', '0.00', '0.001']) {
          const r = await pay(bad);
          assert.equal(r.status, 400, `${bad}: ${JSON.stringify(r.body)}`);
          assert.deepEqual([r.body.errors[0].code, r.body.errors[0].path], ['invalid-amount', '/amount']);
        }
        const byCarrier = await carrier.post(url, { amount: due, currency: 'EUR', method: 'cash', reference: 'R-1' });
        assert.equal(byCarrier.status, 403);
        assert.equal((await server.admin.get(`/v1/consignments/${c.id}`)).body.status, 'payment-due', 'refusals change nothing');

        const paid = await pay(due);
        assert.equal(paid.status, 200, JSON.stringify(paid.body));
        assert.equal(paid.body.status, 'released');
        assert.equal(paid.body.liability.paid, due);
        const again = await pay('0.01');
        assert.equal(again.status, 409, 'nothing is due any more');

        const ts = await ledger(c.id);
        assert.ok(isBalanced(ts));
        assert.deepEqual(ts.map((t) => t.kind), ['assessment', 'collection']);
        assert.equal(posting(ts, 'assessment', `receivable:consignment:${c.id}`)?.amount, due);
        assert.equal(posting(ts, 'collection', 'treasury')?.amount, due);
      });

      test('consumer model: an officer may record the payment at the counter, in two parts', async () => {
        const { c } = await arrive();
        assert.equal(c.status, 'payment-due');
        const url = `/v1/consignments/${c.id}/payments`;
        const first = await officer.post(url, { amount: '5.00', currency: 'EUR', method: 'cash', reference: 'R-100' });
        assert.equal(first.status, 200, JSON.stringify(first.body));
        assert.equal(first.body.status, 'payment-due');
        const rest = await officer.post(url, { amount: '4.98', currency: 'EUR', method: 'cash', reference: 'R-101' });
        assert.equal(rest.status, 200);
        assert.equal(rest.body.status, 'released');
        const ts = await ledger(c.id);
        assert.ok(isBalanced(ts));
        assert.deepEqual(ts.map((t) => t.kind), ['assessment', 'collection', 'collection']);
      });

      test("a carrier sees the decision but not the order's assessment; the debt only when it is charged with it", async () => {
        const plain = await arrive();
        assert.equal(plain.carrierView.status, 'payment-due');
        assert.equal(plain.carrierView.assessment, null);
        assert.equal(plain.carrierView.liability, null);
        const collecting = await arrive({}, collectingCarrier);
        assert.equal(collecting.carrierView.assessment, null);
        assert.equal(collecting.carrierView.liability.dueAtBorder, collecting.c.liability.dueAtBorder, 'the collecting carrier sees what to collect');
        const own = await platform.get(`/v1/consignments/${plain.c.id}`);
        assert.equal(own.body.assessment.total, plain.c.assessment.total, 'the party that sent the order sees its assessment');
      });

      test('carrier model: a collecting carrier reporting the arrival releases at once and is debited with what is due', async () => {
        const { c } = await arrive({}, collectingCarrier);
        assert.equal(c.status, 'released');
        assert.equal(c.liability.model, 'carrier');
        assert.equal(c.liability.partyId, collectingCarrier.id);
        const ts = await ledger(c.id);
        assert.ok(isBalanced(ts));
        assert.deepEqual(ts.map((t) => t.kind), ['assessment', 'transfer']);
        assert.equal(posting(ts, 'transfer', `receivable:party:${collectingCarrier.id}`)?.amount, c.liability.dueAtBorder);
        assert.equal(posting(ts, 'transfer', `receivable:consignment:${c.id}`)?.amount, `-${c.liability.dueAtBorder}`);
        // Nothing is left for the consumer to pay.
        const r = await payer.post(`/v1/consignments/${c.id}/payments`, { amount: '1.00', currency: 'EUR', method: 'card', reference: 'x' });
        assert.equal(r.status, 404, 'the payment provider filed nothing for this parcel');
        const o = await officer.post(`/v1/consignments/${c.id}/payments`, { amount: '1.00', currency: 'EUR', method: 'cash', reference: 'x' });
        assert.equal(o.status, 409);
        assert.equal(o.body.errors[0].code, 'nothing-due');
      });

      test("a collecting carrier's statement shows what it owes; an officer records its settlement, never more than it owes", async () => {
        const { c } = await arrive({}, collectingCarrier);
        const url = `/v1/accounts/${collectingCarrier.id}`;
        const own = await collectingCarrier.get(`${url}/statement?from=2026-11-01&to=2026-11-30`);
        assert.equal(own.status, 200, JSON.stringify(own.body));
        const owed = own.body.closing.EUR as string;
        assert.ok(own.body.lines.some((l: any) => l.consignmentId === c.id && l.kind === 'transfer' && l.amount === c.liability.dueAtBorder));
        assert.equal((await platform.get(`${url}/statement?from=2026-11-01&to=2026-11-30`)).status, 404, 'another partner cannot read it');
        assert.equal((await collectingCarrier.get(`${url}/statement?from=2026-11-30&to=2026-11-01`)).status, 400);
        const body = { amount: owed, currency: 'EUR', method: 'bank', reference: 'REMIT-2026-11' };
        assert.equal((await collectingCarrier.post(`${url}/payments`, body)).status, 403, 'a carrier does not record its own settlement');
        for (const amount of ['0', '0.001']) {
          const bad = await officer.post(`${url}/payments`, { ...body, amount });
          assert.deepEqual([bad.status, bad.body.errors[0].path], [400, '/amount'], amount);
        }
        const over = await officer.post(`${url}/payments`, { ...body, amount: '100000.00' });
        assert.equal(over.status, 409);
        assert.equal(over.body.errors[0].code, 'overpayment');
        const settled = await officer.post(`${url}/payments`, body);
        assert.equal(settled.status, 200, JSON.stringify(settled.body));
        assert.ok(dec(settled.body.closing.EUR ?? '0').isZero(), `closing ${JSON.stringify(settled.body.closing)}`);
        const all = (await server.cw.store.revenue.ledger()) as unknown as Transaction[];
        assert.ok(isBalanced(all));
        // The revenue officer's reconciliation agrees: the carrier owes nothing more.
        const rec = await officer.get('/v1/revenue/reconciliation');
        assert.equal(rec.status, 200);
        assert.ok(dec(rec.body.byParty[collectingCarrier.id].EUR.outstanding).isZero(), JSON.stringify(rec.body.byParty[collectingCarrier.id]));
        assert.equal((await collectingCarrier.get('/v1/revenue/reconciliation')).status, 403);
      });
    });

    describe('IOSS', () => {
      // VAT on the sale (goods 25.00 + shipping 4.99 = 29.99; not on the flat duty) at 19 % = 5.70, collected at checkout.
      const VAT = '5.70';

      test('VAT collected by a marketplace under IOSS is not due at the border; only the flat duty is', async () => {
        const { c } = await arrive({ platform: platformParty, taxCollected: ioss(VAT) });
        const a = c.assessment;
        assert.equal(a.collectedBy, 'intermediary');
        assert.equal(a.scheme.recognised, true);
        const tax = a.lines.filter((l: any) => l.type === 'tax');
        assert.ok(tax.length > 0);
        for (const l of tax) assert.equal(l.dueAtBorder, false);
        assert.equal(a.taxTotal, VAT);
        assert.equal(a.alreadyCollected, VAT);
        assert.deepEqual(a.lines.filter((l: any) => l.type === 'duty').map((l: any) => [l.code, l.amount, l.dueAtBorder]), [['FLAT', '3.00', true]]);
        assert.equal(a.dueAtBorder, '3.00');
        assert.ok(!a.findings.some((f: any) => f.code === 'tax-shortfall'));
        assert.equal(c.liability.schemeModel, 'intermediary');
        assert.equal(c.liability.dueAtBorder, '3.00');
        assert.equal(c.status, 'payment-due');
        const ts = await ledger(c.id);
        assert.ok(isBalanced(ts));
        assert.equal(posting(ts, 'assessment', `receivable:party:${platform.id}`)?.amount, VAT, 'the scheme seller owes the VAT');
        assert.equal(posting(ts, 'collection', `receivable:party:${platform.id}`)?.amount, `-${VAT}`);
      });

      test('a seller selling directly under IOSS is the vendor', async () => {
        const r = await anonymous.post('/v1/estimate', basket({ taxCollected: ioss(VAT) }));
        assert.equal(r.status, 200);
        assert.equal(r.body.collectedBy, 'vendor');
        const { c } = await arrive({ taxCollected: ioss(VAT) });
        assert.equal(c.assessment.collectedBy, 'vendor');
      });

      test('a declared amount below the VAT is a tax-shortfall finding', async () => {
        const { c } = await arrive({ platform: platformParty, taxCollected: ioss('1.00') });
        assert.ok(c.assessment.findings.some((f: any) => f.code === 'tax-shortfall'), JSON.stringify(c.assessment.findings));
        assert.ok(c.findings.some((f: any) => f.code === 'tax-shortfall'));
        assert.equal(c.assessment.alreadyCollected, '1.00');
      });

      test('with a registry loaded, a number not in it is scheme-not-recognised and the VAT is due at the border', async () => {
        await server.cw.store.revenue.putRegistrations([{ scheme: 'IOSS', number: 'IM2760000999', name: 'Someone else', validFrom: '2021-07-01' }], new Date().toISOString());
        await server.cw.revenue.refresh(true);
        const { c } = await arrive({ platform: platformParty, taxCollected: ioss(VAT) });
        const a = c.assessment;
        assert.ok(a.findings.some((f: any) => f.code === 'scheme-not-recognised'), JSON.stringify(a.findings));
        assert.equal(a.scheme.recognised, false);
        assert.equal(cents(a.alreadyCollected), 0);
        for (const l of a.lines) assert.equal(l.dueAtBorder, true, `${l.type} ${l.code}`);
        assert.equal(a.dueAtBorder, a.total);
        assert.ok(!a.lines.some((l: any) => l.code === 'FLAT'), 'no flat duty without a recognised scheme');
        // The registered number is accepted.
        const ok = await anonymous.post('/v1/estimate', basket({ marketplace: true, taxCollected: ioss(VAT, 'IM2760000999') }));
        assert.equal(ok.body.scheme.recognised, true);
        assert.equal(ok.body.collectedBy, 'intermediary');
      });
    });

    describe('return and refund', () => {
      test('a returned item with proof of export refunds its duty and tax to the consumer; the ledger stays balanced', async () => {
        const d = declaration({
          items: [
            ...tshirts,
            { description: 'Leather wallet', quantity: 1, unitPrice: '20.00', hsCode: '420232', originCountry: 'CN', netMassKg: '0.100' },
          ],
        });
        await platform.post('/v1/filings', d);
        await payer.post('/v1/filings', payment(d.orderId as string, '49.99'));
        const arrived = await carrier.post('/v1/filings', arrival(d.trackingId as string));
        const c = (await officer.get(`/v1/consignments/${arrived.body.id}`)).body;
        assert.equal(c.status, 'payment-due', JSON.stringify(c.findings));
        const due = c.liability.dueAtBorder as string;
        const paid = await payer.post(`/v1/consignments/${c.id}/payments`, { amount: due, currency: 'EUR', method: 'card', reference: uid('TX') });
        assert.equal(paid.body.status, 'released');

        const ret = await platform.post('/v1/filings', {
          filingId: uid('ret'),
          kind: 'return',
          sentAt: '2026-11-23T10:00:00Z',
          trackingId: d.trackingId,
          requestedAt: '2026-11-23T09:30:00Z',
          items: [{ itemIndex: 1, quantity: 1 }],
          reason: 'wrong size',
        });
        assert.equal(ret.status, 201, JSON.stringify(ret.body));
        assert.equal(ret.body.status, 'return-requested');

        const events = `/v1/consignments/${c.id}/events`;
        const noProof = await carrier.post(events, { type: 'returned' });
        assert.equal(noProof.status, 400);
        assert.equal(noProof.body.errors[0].path, '/proofOfExport');

        const proof = { reference: 'EX-2026-0001', exportedAt: '2026-11-23T10:00:00Z' };
        const returnedByCarrier = await carrier.post(events, { type: 'returned', proofOfExport: proof });
        assert.equal(returnedByCarrier.status, 200, JSON.stringify(returnedByCarrier.body));
        const done = await officer.get(`/v1/consignments/${c.id}`);
        assert.equal(done.body.status, 'refunded');
        // The wallet (item 1) went back: exactly its duty and VAT lines are refunded; the T-shirts' stay with customs.
        const lines = (type: string) => c.assessment.lines.filter((l: any) => l.item === 1 && l.type === type);
        const duty = lines('duty').reduce((s: number, l: any) => s + cents(l.amount), 0);
        const tax = lines('tax').reduce((s: number, l: any) => s + cents(l.amount), 0);
        assert.ok(duty > 0 && tax > 0);
        assert.equal(cents(done.body.liability.refunded), duty + tax);
        assert.ok(duty + tax < cents(due));
        const granted = done.body.events.find((e: any) => e.type === 'refund-granted');
        assert.deepEqual([cents(granted.data.duty), cents(granted.data.tax), granted.data.payee], [duty, tax, `consignee:${c.id}`]);

        const ts = await ledger(c.id);
        assert.ok(isBalanced(ts));
        assert.deepEqual(ts.map((t) => t.kind), ['assessment', 'collection', 'refund']);
        const refund = posting(ts, 'refund', `refunds:consignee:${c.id}`);
        assert.equal(refund?.amount, `-${done.body.liability.refunded}`);
        assert.equal(cents(posting(ts, 'refund', 'revenue:duty')!.amount), duty);
        assert.equal(cents(posting(ts, 'refund', 'revenue:tax')!.amount), tax);
        const again = await carrier.post(events, { type: 'returned', proofOfExport: proof });
        assert.equal(again.status, 409, 'a refunded parcel cannot be returned twice');
      });

      test('an item listed twice in a return request is refunded once, never more than was assessed on it', async () => {
        const { d, c } = await arrive({ items: [{ description: 'Leather wallet', quantity: 1, unitPrice: '20.00', hsCode: '420232', originCountry: 'CN', netMassKg: '0.100' }], shippingCost: '0' });
        assert.equal(c.status, 'payment-due');
        const due = c.liability.dueAtBorder as string;
        const paid = await officer.post(`/v1/consignments/${c.id}/payments`, { amount: due, currency: 'EUR', method: 'cash', reference: 'R-200' });
        assert.equal(paid.body.status, 'released');
        const ret = await platform.post('/v1/filings', {
          filingId: uid('ret'),
          kind: 'return',
          sentAt: '2026-11-23T10:00:00Z',
          trackingId: d.trackingId,
          requestedAt: '2026-11-23T09:30:00Z',
          items: [{ itemIndex: 0, quantity: 1 }, { itemIndex: 0, quantity: 1 }],
          reason: 'not as described',
        });
        assert.equal(ret.body.status, 'return-requested');
        const done = await officer.post(`/v1/consignments/${c.id}/events`, { type: 'returned', proofOfExport: { reference: 'EX-2', exportedAt: '2026-11-23T10:00:00Z' } });
        assert.equal(done.status, 200, JSON.stringify(done.body));
        assert.equal(done.body.status, 'refunded');
        assert.equal(done.body.liability.refunded, due, 'the whole parcel back: everything paid, and not a cent more');
        assert.ok(isBalanced(await ledger(c.id)));
      });
    });
  });
}
