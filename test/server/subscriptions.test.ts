// Event subscriptions (webhooks) against a real HTTP receiver on loopback that fails some deliveries: every event a
// party may see arrives once, in order, signed; nothing of another party's leaks; replay, pause and deletion.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { startServer, testStores, type TestServer } from '../helpers/clearway.ts';
import { arrival, buyer, declaration, logistics, uid } from '../helpers/filings.ts';
import { Dispatcher, type WebhookSettings } from '../../src/services/dispatcher.ts';

type Party = Awaited<ReturnType<TestServer['party']>>;

interface Received {
  path: string;
  deliveryId: string;
  signature: string;
  raw: string;
  body: any;
}

/**
 * A webhook receiver on 127.0.0.1. Per path it numbers the requests (1, 2, 3 …) and, after reading each body, answers
 * 500 to every third and drops the connection on every fifth (that is not a third): deterministic failures.
 */
async function startReceiver() {
  const received: Received[] = [];
  const attempts: Array<{ path: string; seq: number; outcome: 'ok' | '500' | 'drop' }> = [];
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const n = (counts.get(path) ?? 0) + 1;
      counts.set(path, n);
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw);
      const outcome = n % 3 === 0 ? '500' : n % 5 === 0 ? 'drop' : 'ok';
      attempts.push({ path, seq: body.event.seq, outcome });
      if (outcome === 'drop') return req.socket.destroy();
      if (outcome === '500') return res.writeHead(500).end('try later');
      received.push({ path, deliveryId: String(req.headers['clearway-delivery']), signature: String(req.headers['clearway-signature']), raw, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    base,
    received,
    attempts,
    at: (path: string) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** How a receiver checks a delivery (docs/api.md): HMAC-SHA256 of "<t>.<body>" with the secret, hex. */
function verifies(secret: string, r: Received): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(r.signature);
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${r.raw}`).digest('hex');
  return expected === m[2] && Math.abs(Date.now() / 1000 - Number(m[1])) < 300;
}

const FAST: Partial<WebhookSettings> = {
  pollMs: 10,
  backoffBaseMs: 10,
  backoffMaxMs: 80,
  timeoutMs: 5_000,
  allowPrivateAddresses: true,
  log: { warn: (obj, msg) => console.warn(msg, obj) },
};

for (const kind of testStores()) {
  describe(`event subscriptions (${kind})`, () => {
    let server: TestServer;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let shop: Party;
    let rival: Party;
    let carrier: Party;
    let officer: Party;
    const subs: Record<string, { id: string; secret: string; startSeq: number }> = {};
    const shopParcels: string[] = [];
    const rivalParcels: string[] = [];
    const rivalFilingIds: string[] = [];
    const shopFilingIds: string[] = [];

    before(async () => {
      server = await startServer(kind);
      server.cw.subscriptions.dispatcher.configure(FAST);
      receiver = await startReceiver();
      shop = await server.party('ShopNova', 'platform');
      rival = await server.party('Rival Mall', 'platform');
      carrier = await server.party('China Post', 'carrier');
      officer = await server.party('Customs officer', 'officer');
    });
    after(async () => {
      await server?.cw.subscriptions.dispatcher.stop();
      await receiver?.close();
      await server?.close();
    });

    const head = async () => (await server.cw.store.chainHead()).seq;

    const subscribe = async (name: string, client: Party, extra: Record<string, unknown> = {}) => {
      const r = await client.post('/v1/subscriptions', { url: `${receiver.base}/${name}`, ...extra });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      subs[name] = { id: r.body.id, secret: r.body.secret, startSeq: r.body.cursorSeq };
      return r.body;
    };

    /** Until every named subscription has delivered everything up to the head of the log. */
    const settled = async (names: string[], client: (name: string) => Party) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const h = await head();
        const states = await Promise.all(names.map(async (n) => (await client(n).get(`/v1/subscriptions/${subs[n]!.id}`)).body));
        if (states.every((s) => s.cursorSeq === h && s.pending === null)) return;
        if (Date.now() > deadline) assert.fail(`not delivered in time: ${JSON.stringify(states)} (head ${h})`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };

    /** Every event in the log after `from`, with data parsed. */
    const log = async (from: number) => {
      const out: Array<{ seq: number; consignmentId: string; type: string; actor: string; data: any }> = [];
      for await (const e of server.cw.store.events()) if (e.seq > from) out.push({ ...e, data: JSON.parse(e.data) });
      return out;
    };

    /** What a partner may receive, worked out from the log alone: events of a consignment from its first filing for it on. */
    const visibleTo = (partyId: string, events: Awaited<ReturnType<typeof log>>, all: Awaited<ReturnType<typeof log>>) => {
      const first = new Map<string, number>();
      for (const e of all) if (e.actor === partyId && e.type === 'filing-received' && !first.has(e.consignmentId)) first.set(e.consignmentId, e.seq);
      return events.filter((e) => first.has(e.consignmentId) && e.seq >= first.get(e.consignmentId)!);
    };

    test('every event a party may see arrives once, in seq order and signed, though the receiver fails a third of the attempts', async () => {
      const owner = { shop, shopStatus: shop, rival, carrier, officer } as Record<string, Party>;
      await subscribe('shop', shop);
      await subscribe('shopStatus', shop, { eventTypes: ['status-changed'] });
      await subscribe('rival', rival);
      await subscribe('carrier', carrier);
      await subscribe('officer', officer);
      server.cw.subscriptions.dispatcher.start();

      // Filings keep coming while the dispatcher delivers.
      for (let i = 0; i < 4; i++) {
        const d = declaration();
        const r = await shop.post('/v1/filings', d);
        assert.equal(r.status, 201, JSON.stringify(r.body));
        shopParcels.push(r.body.id);
        shopFilingIds.push(d.filingId);
        assert.equal((await carrier.post('/v1/filings', logistics(d.trackingId))).status, 201);
        // The shop corrects its declaration after the carrier joined: the carrier must see that event only as "another party".
        const fix = { ...d, filingId: uid('fix'), shippingCost: '5.99' };
        assert.equal((await shop.post('/v1/filings', fix)).status, 201);
        shopFilingIds.push(fix.filingId);
        assert.equal((await carrier.post('/v1/filings', arrival(d.trackingId))).status, 201);
        const other = declaration();
        const o = await rival.post('/v1/filings', other);
        assert.equal(o.status, 201);
        rivalParcels.push(o.body.id);
        rivalFilingIds.push(other.filingId);
      }
      await settled(Object.keys(owner), (n) => owner[n]!);

      const all = await log(0);
      const start = subs.shop!.startSeq;
      const after0 = all.filter((e) => e.seq > start);
      const expected: Record<string, typeof after0> = {
        shop: visibleTo(shop.id, after0, all),
        shopStatus: visibleTo(shop.id, after0, all).filter((e) => e.type === 'status-changed'),
        rival: visibleTo(rival.id, after0, all),
        carrier: visibleTo(carrier.id, after0, all),
        officer: after0,
      };
      for (const [name, events] of Object.entries(expected)) {
        const got = receiver.at(`/${name}`);
        assert.ok(events.length > 0, name);
        assert.deepEqual(got.map((r) => r.body.event.seq), events.map((e) => e.seq), `${name}: each visible event once, in seq order`);
        assert.equal(new Set(got.map((r) => r.deliveryId)).size, got.length, `${name}: one delivery id per event`);
        for (const r of got) {
          assert.ok(verifies(subs[name]!.secret, r), `${name}: signature of ${r.body.event.seq}`);
          assert.equal(r.body.deliveryId, r.deliveryId);
          assert.equal(r.body.subscriptionId, subs[name]!.id);
          assert.ok(r.body.trackingId, 'the parcel is named by its tracking id');
        }
        // A failed event is retried before any later one: the attempts never go back in seq.
        const seqs = receiver.attempts.filter((a) => a.path === `/${name}`).map((a) => a.seq);
        assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), `${name}: attempts in seq order`);
      }
      // The receiver did fail (500s and dropped connections), and the attempts are recorded.
      assert.ok(receiver.attempts.some((a) => a.outcome === '500') && receiver.attempts.some((a) => a.outcome === 'drop'));
      const history = await shop.get(`/v1/subscriptions/${subs.shop!.id}/deliveries`);
      assert.equal(history.status, 200);
      assert.ok(history.body.deliveries.some((d: any) => d.attempts > 1 && d.deliveredAt !== null && d.lastStatus === 204));

      // Officers get every event in full, data included.
      const officerGot = receiver.at('/officer').map((r) => r.body.event);
      assert.deepEqual(officerGot.map((e) => e.data), after0.map((e) => e.data));
      // Another platform's parcels never reach the shop, nor the shop's reach the rival.
      const shopText = receiver.at('/shop').map((r) => r.raw).join('\n');
      for (const id of [...rivalParcels, ...rivalFilingIds]) assert.ok(!shopText.includes(`"${id}"`), `shop received ${id}`);
      const rivalText = receiver.at('/rival').map((r) => r.raw).join('\n');
      for (const id of [...shopParcels, ...shopFilingIds]) assert.ok(!rivalText.includes(`"${id}"`), `rival received ${id}`);
      // In a shared parcel the carrier sees the shop's events after its own filing as "another party", without data.
      const carrierGot = receiver.at('/carrier').map((r) => r.body.event);
      const foreign = carrierGot.filter((e) => e.actor !== carrier.id && e.actor !== 'clearway');
      assert.ok(foreign.length >= 4, 'the shop corrected each parcel after the carrier joined');
      for (const e of foreign) assert.deepEqual([e.actor, e.data], ['another party', {}]);
      const carrierText = receiver.at('/carrier').map((r) => r.raw).join('\n');
      for (const id of [...shopFilingIds, ...rivalParcels]) assert.ok(!carrierText.includes(`"${id}"`), `carrier received ${id}`);
      // The carrier joined each parcel after the shop's declaration: that earlier event is not sent to it.
      const declared = shopParcels.map((id) => all.find((e) => e.consignmentId === id && e.type === 'filing-received')!);
      assert.ok(declared.every((d) => d.actor === shop.id && !carrierGot.some((e) => e.seq === d.seq)));
    });

    test('a replay delivers the events from a seq on again, as new deliveries, and only those the party may see', async () => {
      const before = receiver.at('/shop');
      const from = before[2]!.body.event.seq;
      const stale = await shop.post(`/v1/subscriptions/${subs.shop!.id}/replay`, { fromSeq: (await head()) + 5 });
      assert.equal(stale.status, 409);
      const r = await shop.post(`/v1/subscriptions/${subs.shop!.id}/replay`, { fromSeq: from });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.cursorSeq, from - 1);
      await settled(['shop'], () => shop);
      const again = receiver.at('/shop').slice(before.length);
      assert.deepEqual(again.map((x) => x.body.event.seq), before.filter((x) => x.body.event.seq >= from).map((x) => x.body.event.seq));
      assert.deepEqual(again.map((x) => x.body.event), before.filter((x) => x.body.event.seq >= from).map((x) => x.body.event));
      const oldIds = new Set(before.map((x) => x.deliveryId));
      assert.ok(again.every((x) => !oldIds.has(x.deliveryId) && verifies(subs.shop!.secret, x)));
    });

    test('two nodes deliver the same subscriptions, taking them over from each other: each event still arrives once', async () => {
      // An attempt that times out while the receiver (in this same busy process) still records it would be sent again,
      // as at-least-once allows: the timeout is kept far above a loopback answer. A stopping node gives its leases up.
      const shared: Partial<WebhookSettings> = { ...FAST, leaseMs: 4_000, timeoutMs: 2_000 };
      const first = server.cw.subscriptions.dispatcher;
      first.configure(shared);
      const second = new Dispatcher(server.cw.store, { node: 'second-node' });
      second.start(shared);
      const sent = { first: 0, second: 0 };
      for (const [name, node] of [['first', first], ['second', second]] as const) {
        const attempt = (node as any).attempt.bind(node);
        (node as any).attempt = (...args: unknown[]) => {
          sent[name]++;
          return attempt(...args);
        };
      }
      try {
        const counts = Object.fromEntries(['shop', 'carrier', 'officer'].map((n) => [n, receiver.at(`/${n}`).length]));
        const h0 = await head();
        // Rounds 0–1: both nodes run. Then the first stops in the middle of its work (retries pending) and the second
        // takes over (rounds 2–3); then the other way round (rounds 4–5).
        for (let i = 0; i < 6; i++) {
          if (i === 2) await first.stop();
          if (i === 4) {
            first.start(shared);
            await second.stop();
          }
          const d = declaration();
          assert.equal((await shop.post('/v1/filings', d)).status, 201);
          assert.equal((await carrier.post('/v1/filings', arrival(d.trackingId))).status, 201);
          await new Promise((r) => setTimeout(r, 100));
        }
        const owner: Record<string, Party> = { shop, carrier, officer };
        await settled(Object.keys(owner), (n) => owner[n]!);
        const all = await log(0);
        const fresh = all.filter((e) => e.seq > h0);
        for (const [name, party] of Object.entries(owner)) {
          const got = receiver.at(`/${name}`).slice(counts[name]);
          const expected = party.id === officer.id ? fresh : visibleTo(party.id, fresh, all);
          assert.deepEqual(got.map((r) => r.body.event.seq), expected.map((e) => e.seq), name);
          assert.equal(new Set(got.map((r) => r.deliveryId)).size, got.length, name);
        }
        assert.ok(sent.first > 0 && sent.second > 0, `both nodes delivered (${JSON.stringify(sent)})`);
      } finally {
        await second.stop();
        first.configure(FAST);
      }
    });

    test('a paused subscription waits and, resumed, goes on where it stopped; a deleted one receives nothing more', async () => {
      const paused = await shop.request('PUT', `/v1/subscriptions/${subs.shopStatus!.id}/status`, { status: 'paused' });
      assert.equal(paused.status, 200);
      assert.equal(paused.body.status, 'paused');
      const gone = await shop.request('DELETE', `/v1/subscriptions/${subs.shop!.id}`);
      assert.equal(gone.status, 204);
      assert.equal((await shop.get(`/v1/subscriptions/${subs.shop!.id}`)).status, 404);
      const before = { shop: receiver.at('/shop').length, shopStatus: receiver.at('/shopStatus').length };
      const d = declaration();
      assert.equal((await shop.post('/v1/filings', d)).status, 201);
      assert.equal((await carrier.post('/v1/filings', arrival(d.trackingId))).status, 201);
      await settled(['officer'], () => officer);
      await new Promise((r) => setTimeout(r, 150));
      await server.cw.subscriptions.dispatcher.idle();
      assert.equal(receiver.at('/shop').length, before.shop, 'deleted: nothing more');
      assert.equal(receiver.at('/shopStatus').length, before.shopStatus, 'paused: nothing yet');
      assert.equal((await shop.request('PUT', `/v1/subscriptions/${subs.shopStatus!.id}/status`, { status: 'active' })).status, 200);
      await settled(['shopStatus'], () => shop);
      const resumed = receiver.at('/shopStatus').slice(before.shopStatus).map((r) => r.body.event);
      assert.ok(resumed.length >= 2 && resumed.every((e) => e.type === 'status-changed'));
    });

    test('an agency receives the events of the parcels referred to it, and only those, without other parties\' data', async () => {
      const agency = await server.party('Medicines Agency', 'agency');
      const rule = await officer.request('PUT', '/v1/agency-rules/medicines-webhooks', {
        agency: agency.id,
        domain: 'health',
        name: 'Medicinal products',
        hsPrefixes: ['3004'],
        keywords: [],
        source: 'Directive 2001/83/EC',
        validFrom: '2026-01-01',
      });
      assert.equal(rule.status, 200, JSON.stringify(rule.body));
      await subscribe('agency', agency);
      const medicine = declaration({ items: [{ description: 'Antibiotic capsules', quantity: 1, unitPrice: '9.00', hsCode: '300410', originCountry: 'IN', netMassKg: '0.05' }] });
      const shirt = declaration();
      const referred = await shop.post('/v1/filings', medicine);
      assert.equal((await shop.post('/v1/filings', shirt)).status, 201);
      await settled(['agency'], () => agency);
      const got = receiver.at('/agency').map((r) => r.body.event);
      assert.ok(got.length > 0);
      assert.ok(got.every((e) => e.consignmentId === referred.body.id), JSON.stringify(got.map((e) => e.consignmentId)));
      const others = got.filter((e) => e.actor === 'another party');
      assert.ok(others.length > 0 && others.every((e) => Object.keys(e.data).length === 0), "the platform's filing is not shown to the agency");
      assert.ok(!JSON.stringify(got).includes(buyer.name), 'nor who buys');
    });

    test('a URL that is not http(s), carries credentials or (unless allowed) points at a private address is 400', async () => {
      for (const url of ['ftp://example.org/hook', 'not a url', 'file:///etc/passwd', 'https://user:pw@example.org/hook']) {
        const r = await shop.post('/v1/subscriptions', { url });
        assert.equal(r.status, 400, url);
        assert.deepEqual([r.body.errors[0].path, r.body.errors[0].code], ['/url', 'bad-url'], url);
      }
      const dispatcher = server.cw.subscriptions.dispatcher;
      dispatcher.configure({ allowPrivateAddresses: false });
      try {
        for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.0.0.8/x', 'http://169.254.169.254/latest', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://[fd00::1]/x']) {
          const r = await shop.post('/v1/subscriptions', { url });
          assert.equal(r.status, 400, url);
          assert.equal(r.body.errors[0].code, 'address-not-allowed', url);
        }
        assert.equal((await shop.post('/v1/subscriptions', { url: 'https://hooks.example.org/clearway' })).status, 201);
      } finally {
        dispatcher.configure({ allowPrivateAddresses: true });
      }
      assert.equal((await shop.post('/v1/subscriptions', { url: 'https://hooks.example.org/x', eventTypes: ['Not A Type'] })).status, 400);
      assert.equal((await shop.post('/v1/subscriptions', { url: 'https://hooks.example.org/x', secret: 'short' })).status, 400);
    });

    test('a party lists and manages only its own subscriptions; the secret is shown once, a given one is kept', async () => {
      const created = await rival.post('/v1/subscriptions', { url: 'https://rival.example.org/hook', secret: 'a-secret-of-the-rivals-own' });
      assert.equal(created.body.secret, 'a-secret-of-the-rivals-own');
      const listed = await rival.get('/v1/subscriptions');
      assert.ok(listed.body.subscriptions.length >= 2);
      assert.ok(listed.body.subscriptions.every((s: any) => s.partyId === rival.id && s.secret === undefined));
      assert.ok((await shop.get('/v1/subscriptions')).body.subscriptions.every((s: any) => s.partyId === shop.id));
      assert.equal((await shop.get(`/v1/subscriptions/${created.body.id}`)).status, 404);
      assert.equal((await shop.request('DELETE', `/v1/subscriptions/${created.body.id}`)).status, 404);
      assert.equal((await shop.post(`/v1/subscriptions/${created.body.id}/replay`, { fromSeq: 1 })).status, 404);
      const everyone = await server.admin.get('/v1/subscriptions');
      assert.ok(everyone.body.subscriptions.some((s: any) => s.partyId === rival.id) && everyone.body.subscriptions.some((s: any) => s.partyId === shop.id));
    });

    test('the OpenAPI document describes the subscription routes', async () => {
      const doc = await server.admin.get('/openapi.json');
      assert.ok(doc.body.paths['/v1/subscriptions']);
      assert.ok(doc.body.paths['/v1/subscriptions/{id}/replay']);
    });
  });
}
