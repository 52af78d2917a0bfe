// The demo traffic loads whole: every filing accepted, all four categories, both lanes, arrivals and releases.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD, loadDemo, type DemoSummary } from '../../src/demo/load.ts';
import { startServer, type TestServer } from '../helpers/clearway.ts';

let server: TestServer;
let summary: DemoSummary | undefined;
before(async () => {
  server = await startServer('sqlite');
});
after(() => server.close());

test('demo traffic is accepted whole and covers every category, both lanes and the main statuses', async () => {
  summary = await loadDemo(server.cw, { parcels: 400 });
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

test('the demo officer logs in to the console as the demo officer party, with the demo password written beside the keys', async () => {
  assert.ok(summary, 'the demo was loaded by the test before');
  assert.deepEqual(summary.logins.find((l) => l.username === 'officer'), { username: 'officer', password: 'clearway-demo', partyId: 'pty_officer', role: 'officer' });
  assert.equal(DEMO_PASSWORD, 'clearway-demo');
  for (const login of summary.logins) {
    const r = await server.cw.officers.login(login.username, login.password);
    assert.ok(r.ok, `${login.username}: ${JSON.stringify(r)}`);
    assert.equal(r.value.actor.partyId, login.partyId);
  }
  const keys = JSON.parse(readFileSync(summary.keysFile, 'utf8')) as Record<string, { partyId: string; login?: unknown }>;
  const officer = Object.values(keys).find((k) => k.partyId === 'pty_officer');
  assert.deepEqual(officer?.login, { username: 'officer', password: 'clearway-demo' });
  assert.ok(Object.values(keys).filter((k) => k.login).length === summary.logins.length, 'only the console logins have a password');
});
