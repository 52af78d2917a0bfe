// The operations routes under random bodies and query strings: always an answer below 500, a 4xx in the error shape,
// and (for the officers' and partners' writes) nothing written by a refused request.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startServer, type TestServer } from '../helpers/clearway.ts';

type Party = Awaited<ReturnType<TestServer['party']>>;

/** A JSON value near what a route expects: the valid body with a field replaced, removed or added, or anything. */
function near(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  return fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record({ key: fc.constantFrom(...keys), value: fc.jsonValue({ maxDepth: 2 }) }).map(({ key, value }) => ({ ...valid, [key]: value })),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
    fc.record({ key: fc.string({ maxLength: 12 }), value: fc.jsonValue({ maxDepth: 2 }) }).map(({ key, value }) => ({ ...valid, [key]: value })),
  );
}

describe('fuzzing the operations routes', () => {
  let server: TestServer;
  let officer: Party;
  let carrier: Party;
  let platform: Party;
  let agency: Party;
  before(async () => {
    server = await startServer('sqlite');
    officer = await server.party('Officer', 'officer');
    carrier = await server.party('Carrier', 'carrier');
    platform = await server.party('Platform', 'platform');
    agency = await server.party('Agency', 'agency');
  });
  after(() => server?.close());

  const errorShape = (status: number, body: any) => {
    assert.ok(status < 500, `status ${status}: ${JSON.stringify(body)}`);
    if (status >= 400) {
      assert.ok(Array.isArray(body?.errors) && body.errors.length > 0, JSON.stringify(body));
      for (const e of body.errors) assert.ok(typeof e.path === 'string' && typeof e.code === 'string' && typeof e.message === 'string', JSON.stringify(e));
    }
  };

  const cases: Array<{ name: string; who: () => Party; method: string; path: string; valid: Record<string, unknown> }> = [
    {
      name: 'PUT /v1/agency-rules/{id}',
      who: () => officer,
      method: 'PUT',
      path: '/v1/agency-rules/fuzz',
      valid: { agency: '', domain: 'health', name: 'Medicines', hsPrefixes: ['3004'], keywords: ['antibiotic'], source: 'Directive 2001/83/EC', validFrom: '2026-01-01' },
    },
    { name: 'POST /v1/masters/{id}/arrival', who: () => carrier, method: 'POST', path: '/v1/masters/FUZZ-1/arrival', valid: { note: 'dispatch received' } },
    {
      name: 'PUT /v1/trusted-traders/{id}',
      who: () => officer,
      method: 'PUT',
      path: '/v1/trusted-traders/FUZZ-AEO',
      valid: { name: 'Fuzz GmbH', identifiers: { eori: 'DE000000000001' }, scope: ['platform'], validFrom: '2026-01-01', authority: { country: 'DE', programme: 'EU AEO' } },
    },
    { name: 'POST /v1/subscriptions', who: () => platform, method: 'POST', path: '/v1/subscriptions', valid: { url: 'https://example.org/hook', eventTypes: ['status-changed'] } },
    { name: 'POST /v1/consignments/{id}/events (agency decision)', who: () => agency, method: 'POST', path: '/v1/consignments/nope/events', valid: { type: 'agency-decision', decision: 'release', note: 'ok' } },
  ];

  for (const c of cases) {
    test(`${c.name}: random bodies are answered below 500, refusals in the error shape`, { timeout: 60_000 }, async () => {
      if (c.name.startsWith('PUT /v1/agency-rules')) c.valid.agency = agency.id;
      await fc.assert(
        fc.asyncProperty(near(c.valid), async (body) => {
          const r = await c.who().request(c.method, c.path, body);
          errorShape(r.status, r.body);
        }),
        { numRuns: 150, seed: 42 },
      );
    });
  }

  test('GET /v1/public/status and /v1/partners/{id}/quality with odd query strings: below 500, refusals in the error shape', { timeout: 60_000 }, async () => {
    const odd = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', '-', ' ', '%', '%00', '\u0000', 'x'.repeat(300), '2026-02-30', '9999-99-99'));
    await fc.assert(
      fc.asyncProperty(odd, odd, async (a, b) => {
        const q = (k1: string, k2: string) => `?${k1}=${encodeURIComponent(a)}&${k2}=${encodeURIComponent(b)}`;
        const pub = await fetch(`${server.url}/v1/public/status${q('trackingId', 'postcode')}`);
        errorShape(pub.status, await pub.json());
        const quality = await platform.get(`/v1/partners/${platform.id}/quality${q('from', 'to')}`);
        errorShape(quality.status, quality.body);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
