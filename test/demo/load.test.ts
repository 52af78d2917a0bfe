// The demo traffic loads whole: every filing accepted, all four categories, both lanes, arrivals and releases.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDemo } from '../../src/demo/load.ts';
import { startServer, type TestServer } from '../helpers/clearway.ts';

let server: TestServer;
before(async () => {
  server = await startServer('sqlite');
});
after(() => server.close());

test('demo traffic is accepted whole and covers every category, both lanes and the main statuses', async () => {
  const summary = await loadDemo(server.cw, { parcels: 400 });
  assert.equal(summary.refused, 0, 'no demo filing is refused');
  const seen = { category: new Set<unknown>(), lane: new Set<unknown>(), status: new Set<unknown>(), findings: new Set<string>() };
  for await (const c of server.cw.store.consignments()) {
    seen.category.add(c.category);
    seen.lane.add(c.lane);
    seen.status.add(c.status);
    for (const f of c.findings) seen.findings.add(f.code);
  }
  for (const category of [1, 2, 3, 4]) assert.ok(seen.category.has(category), `category ${category}`);
  for (const lane of ['release', 'document-check']) assert.ok(seen.lane.has(lane), lane);
  for (const status of ['pre-arrival', 'released', 'delivered']) assert.ok(seen.status.has(status), status);
  assert.ok(seen.findings.has('payment-mismatch') && seen.findings.has('consignee-mismatch'), [...seen.findings].join(', '));
});
