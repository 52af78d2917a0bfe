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
  // The risk engine decided every arrived parcel, by every way of selection, and officers recorded what they found.
  const rates = await server.cw.risk.hitRates({ partyId: 'admin', role: 'admin', name: 'test' }, '2000-01-01', '2100-12-31');
  assert.ok(rates.ok);
  for (const by of ['rule', 'model', 'none']) assert.ok((rates.value.bySelection[by]?.decided ?? 0) > 0, `selected by ${by}`);
  assert.ok(rates.value.overall.inspected > 0 && rates.value.overall.hits > 0, JSON.stringify(rates.value.overall));
  const selected = rates.value.overall.selected / rates.value.overall.decided;
  assert.ok(selected > 0.05 && selected < 0.4, `share of arrived parcels sent to a control: ${selected}`);
});
