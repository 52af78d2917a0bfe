// Tenant isolation (issue 8) with two real competing partners: two platforms, their carriers and payment providers, and an
// agency. Every route of /openapi.json that names something a partner owns answers another partner (and the agency) as
// for an id that does not exist; lists, figures, webhooks and the public status show no one else's data.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Client, startServer, testStores, type Reply, type TestServer } from '../helpers/clearway.ts';
import { arrival, declaration, logistics, order, payment, s10 } from '../helpers/filings.ts';
import type { Role } from '../../src/services/roles.ts';
import { cellOf } from '../../src/server/permissions.ts';

type Party = Awaited<ReturnType<TestServer['party']>>;
type Side = 'A' | 'B';

const hex = () => randomBytes(4).toString('hex');
/** An id no other id contains (test markers are searched for as substrings). */
const tag = (p: string) => `${p}-${hex()}`;

/** A webhook receiver on loopback: every POST recorded by path, answered 204. */
async function startReceiver() {
  const received: Array<{ path: string; raw: string; body: any }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ path: req.url ?? '/', raw, body: JSON.parse(raw) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    base,
    at: (path: string) => received.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An id of the same shape as `id` that names nothing: each of its last 8 characters moved within its class. */
function fabricate(id: string): string {
  const shift = (c: string): string => {
    if (/[0-9]/.test(c)) return String((Number(c) + 3) % 10);
    if (/[a-f]/.test(c)) return 'abcdef'[('abcdef'.indexOf(c) + 1) % 6]!;
    if (/[A-F]/.test(c)) return 'ABCDEF'[('ABCDEF'.indexOf(c) + 1) % 6]!;
    if (/[g-z]/.test(c)) return String.fromCharCode(c === 'z' ? 103 : c.charCodeAt(0) + 1);
    if (/[G-Z]/.test(c)) return String.fromCharCode(c === 'Z' ? 71 : c.charCodeAt(0) + 1);
    return c;
  };
  return id.slice(0, -8) + [...id.slice(-8)].map(shift).join('');
}

/** Who calls: a partner of side A or B, or the agency. */
interface Caller {
  name: string;
  client: Party;
  role: Role;
  side: Side | 'agency';
}

/** What a route's path parameter names. */
type IdKind = 'consignment' | 'party' | 'key' | 'subscription' | 'master' | 'trusted' | 'job' | 'riskRule' | 'watchlist' | 'model' | 'agencyRule';

/** One real id: what it names, who owns it (may act on it), which side it belongs to. */
interface Owned {
  kind: IdKind;
  value: string;
  what: string;
  side: Side | 'customs';
  owners: string[];
  /** For a key: the party it belongs to. */
  party?: string;
}

/**
 * How the walk treats a route.
 * - owned: its path names something owned; called with another's ids, it must answer as the permission matrix
 *   (src/server/permissions.ts, docs/security.md) says — 403 where the caller's role may not call the route at all, 404
 *   where it may on its own objects (`O`), unless `expect` says otherwise — exactly as for an id that does not exist, and
 *   show none of the other's data. `own` lists the parameters the caller fills with its own id in a second variant (a
 *   key route: its own party, another's key).
 * - listing: no owned id in the path; called as every caller, the answer must show nothing of anyone else's; its
 *   status is 403 where the matrix refuses the role, else `expect`.
 * - search: the consignment search, with another's tracking and order ids.
 */
type Spec =
  | {
      kind: 'owned';
      params: Record<string, IdKind>;
      own?: string[];
      query?: string;
      body?: (c: Caller) => unknown;
      expect?: (c: Caller, ownParams: ReadonlySet<string>) => number;
      /** The owner's answer (a check that the walk can see what it looks for); default: 200 naming the id. */
      ownerSees?: (r: Reply, id: Owned) => void;
    }
  | { kind: 'listing'; query?: string; body?: (c: Caller) => unknown; expect?: (c: Caller) => number; check?: (c: Caller, r: Reply) => void; anonymous?: boolean }
  | { kind: 'search' }
  | { kind: 'separate'; why: string };

const FROM_TO = 'from=2026-01-01&to=2026-12-31';
const EVERY_STATUS = '?status=pre-arrival,arrived,held,payment-due,released,delivered';

const phones = {
  name: 'Phones from CN',
  when: { all: [{ field: 'hsCode', prefix: ['8517'] }, { field: 'originCountry', in: ['CN'] }] },
  then: { weight: 0.4 },
  validFrom: '2026-01-01',
};
const aeo = (partyId: string) => ({
  name: 'Trader',
  identifiers: { partyId },
  scope: ['platform'],
  validFrom: '2030-01-01',
  authority: { country: 'DE', programme: 'EU AEO' },
});
const money = { amount: '1.00', currency: 'EUR', method: 'bank', reference: 'probe-1' };
const eventFor = (c: Caller) =>
  c.role === 'carrier' ? { type: 'arrival' } : c.role === 'agency' ? { type: 'agency-decision', decision: 'release' } : { type: 'return' };

/** Every route of the API, by `METHOD /openapi/path`. A route missing here fails the coverage test. */
const ROUTES: Record<string, Spec> = {
  'GET /health': { kind: 'listing', expect: () => 200, anonymous: true },
  'GET /ready': { kind: 'listing', expect: () => 200, anonymous: true },
  'GET /metrics': { kind: 'listing', expect: () => 200, anonymous: true },
  'POST /v1/estimate': {
    kind: 'listing',
    anonymous: true,
    body: () => ({ destination: 'DE', currency: 'EUR', service: 'post', items: [{ description: 'Cotton T-shirt', hsCode: '610910', quantity: 1, unitPrice: '12.50', originCountry: 'CN' }] }),
    expect: () => 200,
  },
  'POST /v1/session': { kind: 'listing', anonymous: true, body: () => ({ username: 'nobody-probe', password: 'not-the-password-1' }), expect: () => 401 },
  'GET /v1/session': { kind: 'listing', expect: () => 200, check: (c, r) => assert.equal(r.body.actor.partyId, c.client.id) },
  'DELETE /v1/session': { kind: 'listing', expect: () => 204 },
  'GET /v1/public/restricted-goods': { kind: 'listing', expect: () => 200, anonymous: true },
  'GET /v1/public/status': { kind: 'separate', why: 'the public status test (tracking id and postcode of each side)' },
  'POST /v1/filings': { kind: 'separate', why: 'the setup files for each side; the last test files under another partner’s tracking id' },
  'POST /v1/filings/batch': { kind: 'separate', why: 'intake as POST /v1/filings, answering per line with the filer’s own view' },
  'POST /v1/masters/{masterId}/arrival': { kind: 'owned', params: { masterId: 'master' }, body: () => ({ note: 'probe' }), ownerSees: () => {} },
  'GET /v1/consignments': { kind: 'search' },
  'GET /v1/consignments/{id}': { kind: 'owned', params: { id: 'consignment' } },
  'POST /v1/consignments/{id}/events': { kind: 'owned', params: { id: 'consignment' }, body: eventFor, ownerSees: () => {} },
  'POST /v1/consignments/{id}/inspections': { kind: 'owned', params: { id: 'consignment' }, body: () => ({ result: 'no-finding' }), ownerSees: () => {} },
  'POST /v1/consignments/{id}/payments': { kind: 'owned', params: { id: 'consignment' }, body: () => ({ ...money, method: 'card' }), ownerSees: () => {} },
  'GET /v1/consignments/{id}/export-declaration': { kind: 'owned', params: { id: 'consignment' }, ownerSees: () => {} },
  'GET /v1/worklist': {
    kind: 'listing',
    query: EVERY_STATUS,
    expect: () => 200,
    check: (c, r) => assert.ok(r.body.items.length > 0, `${c.name}'s queue holds its referral`),
  },
  'GET /v1/accounts/{partyId}/statement': {
    kind: 'owned',
    params: { partyId: 'party' },
    query: FROM_TO,
    ownerSees: (r, id) => assert.ok(r.status === 200 && JSON.stringify(r.body).includes(id.value), `${id.what}: own statement ${r.status}`),
  },
  'POST /v1/accounts/{partyId}/payments': { kind: 'owned', params: { partyId: 'party' }, body: () => money, ownerSees: () => {} },
  'GET /v1/revenue/reconciliation': { kind: 'listing' },
  'GET /v1/risk/rules': { kind: 'listing' },
  'POST /v1/risk/rules': { kind: 'listing', body: () => phones },
  'GET /v1/risk/rules/{id}': { kind: 'owned', params: { id: 'riskRule' } },
  'PUT /v1/risk/rules/{id}': { kind: 'owned', params: { id: 'riskRule' }, body: () => ({ ...phones, version: 1 }), ownerSees: () => {} },
  'DELETE /v1/risk/rules/{id}': { kind: 'owned', params: { id: 'riskRule' }, ownerSees: () => {} },
  'GET /v1/risk/hit-rates': { kind: 'listing' },
  'GET /v1/risk/models': { kind: 'listing' },
  'POST /v1/risk/models': { kind: 'listing', body: () => ({}) },
  'PUT /v1/risk/models/{version}/status': { kind: 'owned', params: { version: 'model' }, body: () => ({ status: 'retired' }), ownerSees: () => {} },
  'GET /v1/risk/watchlists': { kind: 'listing' },
  'PUT /v1/risk/watchlists/{id}': {
    kind: 'owned',
    params: { id: 'watchlist' },
    body: () => ({ name: 'probe', entries: [{ kind: 'identifier', value: 'IM2769999999' }] }),
    ownerSees: () => {},
  },
  'POST /v1/jobs': { kind: 'listing', body: () => ({ kind: 'simulate-thresholds', params: { cost: '1' } }) },
  'GET /v1/jobs': { kind: 'listing' },
  'GET /v1/jobs/{id}': { kind: 'owned', params: { id: 'job' } },
  'GET /v1/metrics': { kind: 'listing' },
  'GET /v1/partners/{id}/quality': { kind: 'owned', params: { id: 'party' }, query: FROM_TO },
  'GET /v1/agency-rules': { kind: 'listing', expect: () => 200, check: (c, r) => r.body.forEach((rule: any) => assert.equal(rule.agency, c.client.id, `${c.name} is shown another agency's rule`)) },
  'PUT /v1/agency-rules/{id}': {
    kind: 'owned',
    params: { id: 'agencyRule' },
    body: (c) => ({ agency: c.client.id, domain: 'other', name: 'probe', hsPrefixes: ['01'], keywords: [], source: 'probe', validFrom: '2026-01-01' }),
    ownerSees: () => {},
  },
  'GET /v1/trusted-traders': {
    kind: 'listing',
    expect: () => 200,
    check: (c, r) => {
      for (const a of r.body) assert.equal(a.identifiers.partyId, c.client.id, `${c.name} is shown the AEO authorisation ${a.id} of ${a.identifiers.partyId}`);
    },
  },
  'GET /v1/trusted-traders/benefits': { kind: 'listing', expect: () => 200 },
  'PUT /v1/trusted-traders/benefits': { kind: 'listing', body: () => ({ riskWeight: -0.5, randomCheckFactor: 0.5, accountPayment: true }) },
  // A partner claiming another's authorisation number for itself.
  'PUT /v1/trusted-traders/{id}': { kind: 'owned', params: { id: 'trusted' }, body: (c) => aeo(c.client.id), ownerSees: () => {} },
  'DELETE /v1/trusted-traders/{id}': { kind: 'owned', params: { id: 'trusted' }, ownerSees: () => {} },
  'GET /v1/trusted-traders/{id}/history': { kind: 'owned', params: { id: 'trusted' } },
  'POST /v1/subscriptions': { kind: 'separate', why: 'every partner creates its own in the setup; the webhooks test checks what each receives' },
  'GET /v1/subscriptions': {
    kind: 'listing',
    expect: () => 200,
    check: (c, r) => {
      assert.ok(r.body.subscriptions.length > 0, `${c.name} lists its own subscription`);
      for (const s of r.body.subscriptions) assert.equal(s.partyId, c.client.id, `${c.name} is listed ${s.partyId}'s subscription ${s.id}`);
    },
  },
  'GET /v1/subscriptions/{id}': { kind: 'owned', params: { id: 'subscription' } },
  'DELETE /v1/subscriptions/{id}': { kind: 'owned', params: { id: 'subscription' }, ownerSees: () => {} },
  'PUT /v1/subscriptions/{id}/status': { kind: 'owned', params: { id: 'subscription' }, body: () => ({ status: 'paused' }), ownerSees: () => {} },
  'POST /v1/subscriptions/{id}/replay': { kind: 'owned', params: { id: 'subscription' }, body: () => ({ fromSeq: 1 }), ownerSees: () => {} },
  'GET /v1/subscriptions/{id}/deliveries': {
    kind: 'owned',
    params: { id: 'subscription' },
    ownerSees: (r, id) => assert.ok(r.status === 200 && r.body.deliveries.length > 0, `${id.what}: own deliveries ${r.status}`),
  },
  'POST /v1/parties': { kind: 'listing', body: () => ({ name: 'Probe', role: 'platform' }) },
  'POST /v1/parties/{id}/keys': { kind: 'owned', params: { id: 'party' }, body: () => ({}), ownerSees: () => {} },
  // docs/api.md: another party named in a key route is 404, as an unknown one; so is another party's key under one's own.
  'GET /v1/parties/{id}/keys': { kind: 'owned', params: { id: 'party' }, ownerSees: (r) => assert.ok(r.status === 200 && r.body.keys.length > 0) },
  'DELETE /v1/parties/{id}/keys/{keyId}': { kind: 'owned', params: { id: 'party', keyId: 'key' }, own: ['id'] },
  'POST /v1/parties/{id}/keys/{keyId}/rotate': { kind: 'owned', params: { id: 'party', keyId: 'key' }, own: ['id'], body: () => ({}) },
};

/** What the permission matrix says of a role on a route (`{id}` as Fastify's `:id`). */
const cell = (method: string, path: string, role: Role) => cellOf(method, path.replace(/\{(\w+)\}/g, ':$1'), role);

for (const kind of testStores()) {
  describe(`tenant isolation (${kind})`, () => {
    let server: TestServer;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let anonymous: Client;
    let officer: Party;
    let agency: Party;
    const callers: Caller[] = [];
    /** Every real id of the scenario. */
    const ids: Owned[] = [];
    /** Per side, every string that is that side's data, with what it is (searched for in answers); `agency`: the agency's and the officer's own (subscriptions, keys). */
    const markers: Record<Side | 'agency', Map<string, string>> = { A: new Map(), B: new Map(), agency: new Map() };
    /** Consignments per side, with who filed for each. */
    const parcels: Record<Side, Array<{ id: string; trackingId: string | null; orderId: string; postcode: string; filers: string[]; what: string }>> = { A: [], B: [] };
    /** The parcel referred to the agency (side A), and what of it the agency may see. */
    let referred = '';
    const referredMarkers = new Set<string>();
    const subs = new Map<string, { id: string; path: string }>();
    let paths: Array<{ method: string; path: string }> = [];

    const mark = (side: Side | 'agency', value: string, what: string) => markers[side].set(value, what);
    const own = (kind: IdKind, value: string, what: string, side: Side | 'customs', owners: string[], extra: Partial<Owned> = {}) => {
      ids.push({ kind, value, what, side, owners, ...extra });
      if (side !== 'customs') mark(side, value, what);
    };

    /** What of `text` is data the caller must not see: the other side's markers (the agency: everything not referred to it). */
    const leaksTo = (c: Caller | 'public', text: string, sent: readonly string[] = []): string[] => {
      const forbidden: Array<[string, string]> =
        c === 'public'
          ? [...markers.A, ...markers.B, ...markers.agency, [agency.id, "the agency's party id"]]
          : c.side === 'agency'
            ? [...markers.B, ...[...markers.A].filter(([v]) => !referredMarkers.has(v))]
            : [...markers[c.side === 'A' ? 'B' : 'A'], ...markers.agency];
      return forbidden.filter(([v]) => !sent.includes(v) && text.includes(v)).map(([v, what]) => `${what} (${v})`);
    };
    const text = (r: Reply) => (typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
    /** `sent`: ids the caller put in its request, which an answer may name back ("no consignment <id>"). */
    const assertNoLeak = (c: Caller | 'public', r: Reply, context: string, sent: readonly string[] = []) => {
      const leaked = leaksTo(c, text(r), sent);
      assert.deepEqual(leaked, [], `${context}: ${c === 'public' ? 'an anonymous caller' : c.name} was shown ${leaked.join(', ')}`);
    };

    async function file(by: Party, filing: Record<string, unknown>, side: Side) {
      const r = await by.post('/v1/filings', filing);
      assert.equal(r.status, 201, `${by.id} ${filing.kind}: ${JSON.stringify(r.body)}`);
      mark(side, filing.filingId as string, `side ${side}'s filing id`);
      return r.body;
    }

    before(async () => {
      server = await startServer(kind);
      server.cw.subscriptions.dispatcher.configure({ pollMs: 10, backoffBaseMs: 10, backoffMaxMs: 50, timeoutMs: 5_000, allowPrivateAddresses: true, log: { warn: () => {} } });
      receiver = await startReceiver();
      anonymous = new Client(server.url, undefined);
      officer = await server.party('Customs officer', 'officer');
      agency = await server.party('Toy Safety Agency', 'agency');
      const parties = {
        A: {
          platform: await server.party('Alpha Mall', 'platform'),
          carrier: await server.party('Alpha Post', 'carrier', { collection: 'carrier' }),
          payment: await server.party('Alpha Pay', 'payment'),
        },
        B: {
          platform: await server.party('Beta Bazaar', 'platform'),
          carrier: await server.party('Beta Express', 'carrier'),
          payment: await server.party('Beta Wallet', 'payment'),
        },
      };
      for (const side of ['A', 'B'] as const) {
        for (const [role, p] of Object.entries(parties[side]) as Array<[Role, Party]>) {
          callers.push({ name: `${role} ${side}`, client: p, role, side });
          own('party', p.id, `${role} ${side}'s party id`, side, [p.id]);
        }
      }
      // Partners' collection arrangements are cached on the node: the collecting carrier's in force now.
      await server.cw.revenue.refresh(true);
      callers.push({ name: 'the agency', client: agency, role: 'agency', side: 'agency' });
      own('party', agency.id, "the agency's party id", 'customs', [agency.id]);
      for (const [side, names] of [['A', ['Alpha Mall', 'Alpha Post', 'Alpha Pay']], ['B', ['Beta Bazaar', 'Beta Express', 'Beta Wallet']]] as const) {
        for (const n of names) mark(side, n, `side ${side}'s party name`);
      }
      // Keys, by id, with the party each belongs to.
      for (const c of callers) {
        const keys = (await server.admin.get(`/v1/parties/${c.client.id}/keys`)).body.keys as Array<{ id: string }>;
        assert.equal(keys.length, 1);
        if (c.side !== 'agency') own('key', keys[0]!.id, `${c.name}'s API key id`, c.side, [c.client.id], { party: c.client.id });
        else {
          own('key', keys[0]!.id, "the agency's API key id", 'customs', [agency.id], { party: agency.id });
          mark('agency', keys[0]!.id, "the agency's API key id");
        }
      }

      // The agency regulates toys (HS 9503): a parcel of toys is referred to it.
      const toys = tag('toys');
      const rule = await officer.request('PUT', `/v1/agency-rules/${toys}`, {
        agency: agency.id,
        domain: 'product-safety',
        name: 'Toys',
        hsPrefixes: ['9503'],
        keywords: [],
        source: 'Directive 2009/48/EC on the safety of toys',
        validFrom: '2026-01-01',
      });
      assert.equal(rule.status, 200, JSON.stringify(rule.body));
      own('agencyRule', toys, 'an agency rule', 'customs', [officer.id]);

      // Every partner, the agency and the officer subscribe before anything is filed.
      for (const c of [...callers, { name: 'officer', client: officer, role: 'officer' as Role, side: 'customs' as const }]) {
        const path = `/hook/${c.name.replace(/ /g, '-')}-${hex()}`;
        const r = await c.client.post('/v1/subscriptions', { url: `${receiver.base}${path}` });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        subs.set(c.client.id, { id: r.body.id, path });
        if (c.side === 'A' || c.side === 'B') {
          own('subscription', r.body.id, `${c.name}'s subscription id`, c.side, [c.client.id]);
          mark(c.side, `${receiver.base}${path}`, `${c.name}'s webhook URL`);
        } else {
          // The agency's and the officer's: no partner may touch them either.
          own('subscription', r.body.id, `${c.name}'s subscription id`, 'customs', [c.client.id]);
          mark('agency', r.body.id, `${c.name}'s subscription id`);
          mark('agency', `${receiver.base}${path}`, `${c.name}'s webhook URL`);
        }
      }
      server.cw.subscriptions.dispatcher.start();

      // Each side: a parcel declared, carried, paid and arrived (1); an order without parcel yet (2); a parcel under
      // the carrier's master, not arrived (3). Side A also sends toys, referred to the agency.
      for (const side of ['A', 'B'] as const) {
        const { platform, carrier, payment: payer } = parties[side];
        const buyer =
          side === 'A'
            ? { name: 'Alma Alpha-Ostrowska', address: { lines: ['Alphastraße 17'], city: 'Berlin', postcode: '10115', country: 'DE' }, email: 'alma.alpha@example.org' }
            : { name: 'Bruno Beta-Quist', address: { lines: ['Betaweg 23'], city: 'München', postcode: '80331', country: 'DE' }, email: 'bruno.beta@example.net' };
        const seller = { id: tag(`S${side}`), name: side === 'A' ? 'Alpha Export Ltd' : 'Beta Trading Co.', address: { lines: ['1 Industrial Road'], city: 'Shenzhen', country: 'CN' } };
        mark(side, buyer.name, `side ${side}'s buyer name`);
        mark(side, buyer.email, `side ${side}'s buyer email`);
        mark(side, buyer.address.lines[0]!, `side ${side}'s buyer address`);
        mark(side, seller.name, `side ${side}'s seller name`);
        mark(side, seller.id, `side ${side}'s seller id`);
        const master = tag(`MAWB-${side}`);
        own('master', master, `carrier ${side}'s master`, side, [carrier.id]);
        const onward = { carrier: { name: `${side === 'A' ? 'Alpha' : 'Beta'} Post Hub`, address: { lines: ['Hub 1'], city: 'Shenzhen', country: 'CN' } }, consignee: buyer, masterId: master };
        mark(side, onward.carrier.name, `side ${side}'s carrier name`);
        const parcel = (what: string, c: { id: string; trackingId: string | null }, orderId: string, filers: string[]) => {
          parcels[side].push({ id: c.id, trackingId: c.trackingId, orderId, postcode: buyer.address.postcode, filers, what });
          own('consignment', c.id, `side ${side}'s ${what} (consignment id)`, side, filers);
          if (c.trackingId) mark(side, c.trackingId, `side ${side}'s ${what} (tracking id)`);
          mark(side, orderId, `side ${side}'s ${what} (order id)`);
        };
        const over = () => ({ filingId: tag(`decl-${side}`), orderId: tag(`ORD-${side}`), trackingId: s10(), buyer, seller });

        const d1 = declaration(over());
        await file(platform, d1, side);
        await file(carrier, logistics(d1.trackingId as string, { ...onward, filingId: tag(`log-${side}`) }), side);
        const tx = tag(`TX-${side}`);
        mark(side, tx, `side ${side}'s payment transaction id`);
        await file(payer, payment(d1.orderId as string, '29.99', { filingId: tag(`pay-${side}`), transactionId: tx }), side);
        const arrived = await file(carrier, arrival(d1.trackingId as string, { filingId: tag(`arr-${side}`) }), side);
        parcel('declared parcel', arrived, d1.orderId as string, [platform.id, carrier.id, payer.id]);
        if (side === 'A') {
          assert.equal(arrived.status, 'released', 'a collecting carrier is debited at arrival');
        } else {
          assert.equal(arrived.status, 'payment-due');
          const due = (await payer.get(`/v1/consignments/${arrived.id}`)).body.liability.dueAtBorder as string;
          const paid = await payer.post(`/v1/consignments/${arrived.id}/payments`, { amount: due, currency: 'EUR', method: 'card', reference: tx });
          assert.equal(paid.status, 200, JSON.stringify(paid.body));
          assert.equal(paid.body.status, 'released');
        }

        const o2 = order({ filingId: tag(`order-${side}`), orderId: tag(`ORD-${side}`), buyer, seller });
        const c2 = await file(platform, o2, side);
        parcel('order without parcel', c2, o2.orderId as string, [platform.id]);

        const d3 = declaration(over());
        await file(platform, d3, side);
        const c3 = await file(carrier, logistics(d3.trackingId as string, { ...onward, filingId: tag(`log-${side}`) }), side);
        parcel('parcel under the master', c3, d3.orderId as string, [platform.id, carrier.id]);

        if (side === 'A') {
          const dr = declaration({
            ...over(),
            items: [{ description: 'Wooden toy train', quantity: 1, unitPrice: '19.90', hsCode: '950300', originCountry: 'CN', netMassKg: '0.400' }],
          });
          const cr = await file(platform, dr, side);
          assert.equal(cr.referrals.length, 1, 'the toys are referred to the agency');
          parcel('referred parcel', cr, dr.orderId as string, [platform.id]);
          referred = cr.id;
          ids.find((i) => i.value === cr.id)!.owners.push(agency.id);
          // What the agency's view of it shows (docs/operations.md "The agency's view"): the parcel's ids, the goods and
          // the seller, and with each value its provenance (filing id, sending party); never the buyer or the payment.
          for (const v of [cr.id, dr.trackingId, dr.orderId, dr.filingId, platform.id, seller.name, seller.id]) referredMarkers.add(v as string);
        }

        // The registry names each platform as AEO (from 2030: no benefit applies to these parcels today).
        const aeoId = tag(`AEO-${side}`);
        const put = await officer.request('PUT', `/v1/trusted-traders/${aeoId}`, aeo(platform.id));
        assert.equal(put.status, 201, JSON.stringify(put.body));
        own('trusted', aeoId, `platform ${side}'s AEO authorisation`, side, [platform.id]);
      }

      // Customs' own things, which partners may not touch at all.
      const job = await officer.post('/v1/jobs', { kind: 'simulate-thresholds', params: { cost: '1' } });
      assert.equal(job.status, 202, JSON.stringify(job.body));
      own('job', job.body.id, 'a job', 'customs', [officer.id]);
      const riskRule = await officer.post('/v1/risk/rules', phones);
      assert.equal(riskRule.status, 201, JSON.stringify(riskRule.body));
      own('riskRule', riskRule.body.id, 'a targeting rule', 'customs', [officer.id]);
      const wl = tag('wl');
      assert.equal((await officer.request('PUT', `/v1/risk/watchlists/${wl}`, { name: 'sellers', entries: [{ kind: 'identifier', value: 'IM2769999999' }] })).status, 200);
      own('watchlist', wl, 'a watchlist', 'customs', [officer.id]);
      own('model', '1', 'a model version', 'customs', [officer.id]);

      paths = [];
      const spec = await anonymous.get('/openapi.json');
      assert.equal(spec.status, 200);
      for (const [path, ops] of Object.entries(spec.body.paths as Record<string, Record<string, unknown>>)) {
        for (const method of Object.keys(ops)) paths.push({ method: method.toUpperCase(), path });
      }
    });

    after(async () => {
      await server?.cw.subscriptions.dispatcher.stop();
      await receiver?.close();
      await server?.close();
    });

    /** Every consignment's status and number of events, every subscription, as an administrator sees them. */
    const snapshot = async () => {
      const out: Record<string, unknown> = {};
      for (const p of [...parcels.A, ...parcels.B]) {
        const c = (await server.admin.get(`/v1/consignments/${p.id}`)).body;
        out[p.id] = { status: c.status, events: c.events.length, payments: c.liability?.paid ?? null, referrals: c.referrals.map((r: any) => r.status) };
      }
      for (const s of (await server.admin.get('/v1/subscriptions')).body.subscriptions) out[s.id] = { status: s.status, partyId: s.partyId, url: s.url };
      out.aeo = (await server.admin.get('/v1/trusted-traders')).body.map((a: any) => [a.id, a.version, a.status, a.identifiers.partyId]);
      return out;
    };
    let before0: Record<string, unknown> = {};

    test('every route of /openapi.json is classified by this test', () => {
      const unknown = paths.map((p) => `${p.method} ${p.path}`).filter((k) => !ROUTES[k]);
      assert.deepEqual(unknown, [], 'routes this test does not walk: say what they take (owned ids, listing) in ROUTES');
      assert.ok(paths.length > 40);
    });

    test('a route naming something another partner owns answers as for an id that does not exist (404, or the documented 403) and shows nothing of it', async () => {
      before0 = await snapshot();
      let calls = 0;
      for (const { method, path } of paths) {
        const spec = ROUTES[`${method} ${path}`];
        if (!spec || spec.kind !== 'owned') continue;
        const names = Object.keys(spec.params);
        for (const c of callers) {
          // Variants: every parameter another's, or (key routes) the caller's own party with another's key.
          const variants: Array<Set<string>> = [new Set(), ...(spec.own ? [new Set(spec.own)] : [])];
          for (const ownParams of variants) {
            const choices = (name: string): Owned[] => {
              const k = spec.params[name]!;
              if (ownParams.has(name)) return [{ kind: k, value: c.client.id, what: 'own', side: 'customs', owners: [c.client.id] }];
              return ids.filter((i) => i.kind === k && !i.owners.includes(c.client.id) && (c.side === 'agency' || i.side !== c.side));
            };
            // One request per foreign id of the first foreign parameter; the others take the matching id (a key of that party).
            const foreignName = names.find((n) => !ownParams.has(n))!;
            for (const victim of choices(foreignName)) {
              const values: Record<string, string> = {};
              for (const n of names) {
                if (n === foreignName) values[n] = victim.value;
                else if (ownParams.has(n)) values[n] = c.client.id;
                else values[n] = (spec.params[n] === 'key' ? ids.find((i) => i.kind === 'key' && i.party === victim.value) : choices(n)[0])!.value;
              }
              const fabricated = Object.fromEntries(names.map((n) => [n, ownParams.has(n) ? values[n]! : fabricate(values[n]!)]));
              const url = (v: Record<string, string>): string => path.replace(/\{(\w+)\}/g, (_m, n: string) => encodeURIComponent(v[n]!)) + (spec.query ? `?${spec.query}` : '');
              const body: unknown = spec.body?.(c);
              const nothing: Reply = await c.client.request(method, url(fabricated), body);
              const r: Reply = await c.client.request(method, url(values), body);
              calls += 2;
              const context: string = `${c.name} ${method} ${url(values)} (${victim.what})`;
              assertNoLeak(c, r, context, Object.values(values));
              const refused: boolean = cell(method, path, c.role) === '-';
              const expected: number = refused ? 403 : spec.expect ? spec.expect(c, ownParams) : 404;
              assert.equal(r.status, expected, `${context}: ${refused ? 'the role may not call the route (403)' : 'another’s id is not found (404)'}, got ${r.status} ${text(r).slice(0, 300)}`);
              const shape = (x: Reply) => [x.status, x.body?.errors?.[0]?.code, x.body?.errors?.[0]?.path];
              assert.deepEqual(shape(r), shape(nothing), `${context}: the answer tells that ${victim.what} exists (an id that does not exist gets ${text(nothing).slice(0, 200)})`);
            }
          }
        }
        // The owner's answer for its own id: what the walk looks for is there to be found.
        if (method === 'GET' && names.length === 1) {
          for (const id of ids.filter((i) => i.kind === spec.params[names[0]!] && i.side !== 'customs')) {
            const owner = callers.find((x) => id.owners.includes(x.client.id))!;
            const r: Reply = await owner.client.request(method, path.replace(/\{\w+\}/, encodeURIComponent(id.value)) + (spec.query ? `?${spec.query}` : ''));
            if (spec.ownerSees) spec.ownerSees(r, id);
            else assert.ok(r.status === 200 && text(r).includes(id.value), `${owner.name} ${method} ${path} for its own ${id.what}: ${r.status} ${text(r).slice(0, 200)}`);
          }
        }
      }
      assert.ok(calls > 300, `${calls} calls`);
    });

    test('the refused attempts changed nothing: parcels, subscriptions, AEO registry and keys as before', async () => {
      assert.deepEqual(await snapshot(), before0, 'another partner’s request changed something of a partner’s');
      for (const c of callers) assert.equal((await c.client.get('/v1/session')).status, 200, `${c.name}'s key still works`);
    });

    test('lists and figures show each partner only its own', async () => {
      for (const { method, path } of paths) {
        const spec = ROUTES[`${method} ${path}`];
        if (!spec || spec.kind !== 'listing') continue;
        const url = path + (spec.query ?? '');
        for (const c of callers) {
          const r: Reply = await c.client.request(method, url, spec.body?.(c));
          const context: string = `${c.name} ${method} ${url}`;
          assertNoLeak(c, r, context);
          const expected: number | undefined = cell(method, path, c.role) === "-" ? 403 : spec.expect?.(c);
          assert.ok(expected !== undefined, `${method} ${path}: the matrix lets ${c.role} call it; say what it answers in ROUTES`);
          assert.equal(r.status, expected, `${context}: ${r.status} ${text(r).slice(0, 300)}`);
          if (r.status === 403) continue;
          spec.check?.(c, r);
        }
        if (spec.anonymous) assertNoLeak('public', await anonymous.request(method, url, spec.body?.({ name: 'anonymous', client: officer, role: 'platform', side: 'A' })), `${method} ${url}`);
      }
      // Each partner's own figures are there, with its own data only.
      for (const c of callers.filter((x) => x.side !== 'agency')) {
        const q = await c.client.get(`/v1/partners/${c.client.id}/quality?${FROM_TO}`);
        assert.equal(q.status, 200, `${c.name}'s own quality figures: ${text(q)}`);
        assertNoLeak(c, q, `${c.name}'s own quality figures`);
        const s = await c.client.get(`/v1/accounts/${c.client.id}/statement?${FROM_TO}`);
        assert.equal(s.status, 200, `${c.name}'s own statement: ${text(s)}`);
        assertNoLeak(c, s, `${c.name}'s own statement`);
      }
      const carrierA = callers.find((c) => c.name === 'carrier A')!;
      const statement = (await carrierA.client.get(`/v1/accounts/${carrierA.client.id}/statement?${FROM_TO}`)).body;
      assert.ok(statement.lines.some((l: any) => l.consignmentId === parcels.A[0]!.id), 'the collecting carrier’s statement shows its debt');
    });

    test('searching by another partner’s tracking or order id finds nothing; by one’s own, one’s parcel', async () => {
      for (const c of callers) {
        const victims = c.side === 'agency' ? [...parcels.A, ...parcels.B].filter((p) => p.id !== referred) : parcels[c.side === 'A' ? 'B' : 'A'];
        for (const p of victims) {
          for (const q of [...(p.trackingId ? [`trackingId=${p.trackingId}`] : []), `orderId=${p.orderId}`]) {
            const r = await c.client.get(`/v1/consignments?${q}`);
            assertNoLeak(c, r, `${c.name} GET /v1/consignments?${q} (${p.what})`);
            assert.equal(r.status, 200);
            assert.deepEqual(r.body.consignments, [], `${c.name} found the other side's ${p.what} by ${q}`);
          }
        }
      }
      const platformA = callers.find((c) => c.name === 'platform A')!;
      const mine = await platformA.client.get(`/v1/consignments?orderId=${parcels.A[0]!.orderId}`);
      assert.deepEqual(mine.body.consignments.map((c: any) => c.id), [parcels.A[0]!.id]);
      const ref = parcels.A.find((p) => p.id === referred)!;
      const asAgency = await agency.get(`/v1/consignments?trackingId=${ref.trackingId}`);
      assert.deepEqual(asAgency.body.consignments.map((c: any) => c.id), [referred], 'the agency finds the parcel referred to it');
    });

    test('the agency reads the parcel referred to it, without the buyer; the officer reads everything', async () => {
      const c: Caller = callers.find((x) => x.side === 'agency')!;
      const r = await agency.get(`/v1/consignments/${referred}`);
      assert.equal(r.status, 200);
      assertNoLeak(c, r, 'the agency’s view of its referral');
      assert.equal(r.body.fields.items.value[0].hsCode, '950300');
      const queue = await agency.get(`/v1/worklist${EVERY_STATUS}`);
      assert.deepEqual(queue.body.items.map((i: any) => i.id), [referred]);
      const all = await officer.get(`/v1/worklist${EVERY_STATUS}&limit=200`);
      assert.ok([...parcels.A, ...parcels.B].filter((p) => p.trackingId).every((p) => all.body.items.some((i: any) => i.id === p.id)));
    });

    test('webhooks: each subscription receives the events of the parcels its party filed for (the agency: its referral), nothing else', async () => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const head = (await server.cw.store.chainHead()).seq;
        const all = (await server.admin.get('/v1/subscriptions')).body.subscriptions as any[];
        if (all.every((s) => s.cursorSeq === head && s.pending === null)) break;
        if (Date.now() > deadline) assert.fail(`webhooks not delivered in time: ${JSON.stringify(all)} (head ${head})`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const everything = receiver.at(subs.get(officer.id)!.path);
      assert.ok(everything.length > 20, 'the officer receives every event');
      for (const c of callers) {
        const got = receiver.at(subs.get(c.client.id)!.path);
        const filedFor =
          c.side === 'agency' ? [referred] : parcels[c.side].filter((p) => p.filers.includes(c.client.id)).map((p) => p.id);
        const tracking = new Set([...parcels.A, ...parcels.B].filter((p) => filedFor.includes(p.id)).map((p) => p.trackingId));
        assert.ok(got.length > 0, `${c.name} receives the events of its parcels`);
        for (const d of got) {
          const context = `${c.name}'s webhook, event ${d.body.event.seq} (${d.body.event.type})`;
          assert.ok(filedFor.includes(d.body.event.consignmentId), `${context}: delivered an event of consignment ${d.body.event.consignmentId}, which ${c.name} did not file for`);
          if (d.body.trackingId !== undefined) assert.ok(tracking.has(d.body.trackingId), `${context}: names the tracking id ${d.body.trackingId} of another's parcel`);
          const leaked = leaksTo(c, d.raw);
          assert.deepEqual(leaked, [], `${context}: delivered ${leaked.join(', ')}`);
        }
        // Every parcel it filed for reached it.
        for (const id of filedFor) assert.ok(got.some((d) => d.body.event.consignmentId === id), `${c.name} received nothing of its parcel ${id}`);
      }
    });

    test('the public status shows status and times only: no buyer, no order, no partner', async () => {
      for (const p of [...parcels.A, ...parcels.B].filter((x) => x.trackingId)) {
        const r = await anonymous.get(`/v1/public/status?trackingId=${p.trackingId}&postcode=${p.postcode}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.deepEqual(Object.keys(r.body).sort(), ['due', 'explanation', 'since', 'status', 'timeline', 'trackingId'], `the public status of ${p.what} shows more than status, times and what is due`);
        const leaked = leaksTo('public', text(r)).filter((l) => !l.includes(p.trackingId!));
        assert.deepEqual(leaked, [], `the public status of ${p.what} shows ${leaked.join(', ')}`);
        for (const step of r.body.timeline) assert.deepEqual(Object.keys(step).sort(), ['at', 'status'], `the public timeline of ${p.what} shows more than statuses and times`);
        // The other side's postcode proves nothing: answered as for a parcel that does not exist.
        const other = p.postcode === '10115' ? '80331' : '10115';
        const wrong = await anonymous.get(`/v1/public/status?trackingId=${p.trackingId}&postcode=${other}`);
        const none = await anonymous.get(`/v1/public/status?trackingId=${s10()}&postcode=${p.postcode}`);
        assert.equal(wrong.status, 404);
        assert.deepEqual(wrong.body, none.body, 'a wrong postcode is answered as an unknown parcel');
      }
    });

    test('a partner filing under another partner’s tracking id is shown none of the other’s data', async () => {
      const [platformA, carrierA] = ['platform A', 'carrier A'].map((n) => callers.find((c) => c.name === n)!);
      const platformB = callers.find((c) => c.name === 'platform B')!;
      const d = declaration({
        filingId: tag('decl-A'),
        orderId: tag('ORD-A'),
        buyer: { name: 'Alma Alpha-Ostrowska', address: { lines: ['Alphastraße 17'], city: 'Berlin', postcode: '10115', country: 'DE' }, email: 'alma.alpha@example.org' },
      });
      mark('A', d.filingId as string, "side A's filing id");
      mark('A', d.orderId as string, "side A's probe parcel (order id)");
      assert.equal((await platformA!.client.post('/v1/filings', d)).status, 201);
      const l = logistics(d.trackingId as string, { filingId: tag('log-A') });
      mark('A', l.filingId as string, "side A's filing id");
      assert.equal((await carrierA!.client.post('/v1/filings', l)).status, 201);
      // B declares a parcel under A's tracking id (the merge key): it joins A's parcel, and sees its own data only.
      const mine = declaration({ trackingId: d.trackingId, filingId: tag('decl-B'), orderId: tag('ORD-B') });
      const r = await platformB.client.post('/v1/filings', mine);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assertNoLeak(platformB, r, 'platform B’s filing under A’s tracking id');
      // A's carrier goes on with the parcel: what B then reads and receives shows none of A's filings either.
      const arrived = arrival(d.trackingId as string, { filingId: tag('arr-A') });
      mark('A', arrived.filingId as string, "side A's filing id");
      assert.equal((await carrierA!.client.post('/v1/filings', arrived)).status, 201);
      const read = await platformB.client.get(`/v1/consignments/${r.body.id}`);
      assert.equal(read.status, 200);
      assertNoLeak(platformB, read, 'platform B reading the parcel it joined');
      const head = (await server.cw.store.chainHead()).seq;
      const sub = subs.get(platformB.client.id)!;
      const deadline = Date.now() + 20_000;
      while ((await platformB.client.get(`/v1/subscriptions/${sub.id}`)).body.cursorSeq < head) {
        if (Date.now() > deadline) assert.fail('platform B’s webhook not delivered in time');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const got = receiver.at(sub.path).filter((x) => x.body.event.consignmentId === r.body.id);
      assert.ok(got.length > 0, 'platform B receives the events of the parcel it joined');
      for (const x of got) assert.deepEqual(leaksTo(platformB, x.raw), [], `platform B's webhook, event ${x.body.event.seq} (${x.body.event.type})`);
    });
  });
}
