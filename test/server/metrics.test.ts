// The dashboards' figures over the demo weeks: a time release study that adds up, hit rates, revenue, partners, returns.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDemo } from '../../src/demo/load.ts';
import { startServer, type TestServer } from '../helpers/clearway.ts';

describe('GET /v1/metrics', () => {
  let server: TestServer;
  const period = (() => {
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    return `from=${from}&to=${to}`;
  })();
  before(async () => {
    server = await startServer('sqlite', { risk: {} });
    await loadDemo(server.cw, { parcels: 300 });
  });
  after(() => server?.close());

  test('the time release study adds up: lanes and carriers partition the arrived parcels; most are released on arrival', async () => {
    const r = await server.admin.get(`/v1/metrics?${period}`);
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 500));
    const { all, byLane, byCarrier } = r.body.release;
    assert.ok(all.arrived > 100, `arrived ${all.arrived}`);
    const sum = (g: Record<string, any>, k: string) => Object.values(g).reduce((n: number, x: any) => n + x[k], 0);
    assert.equal(sum(byLane, 'arrived'), all.arrived);
    assert.equal(sum(byCarrier, 'arrived'), all.arrived);
    assert.equal(sum(byLane, 'immediate'), all.immediate);
    assert.equal(all.histogram.reduce((n: number, h: any) => n + h.count, 0), all.released);
    assert.ok(all.immediateShare > 0.3 && all.immediateShare < 1, `immediate share ${all.immediateShare}`);
    // Only lane release is let go at the moment of arrival; a control lane never is.
    assert.ok(byLane.release.immediate > 0);
    for (const [lane, t] of Object.entries(byLane) as Array<[string, any]>) if (lane !== 'release') assert.equal(t.immediate, 0, lane);
    assert.ok(byLane['document-check'].hours.median > 0, 'a document check takes time');
    assert.equal(r.body.hitRates.overall.decided, all.arrived, 'every arrived parcel was decided');
    assert.ok(Object.keys(r.body.revenue).length > 0);
    assert.ok(Object.values(r.body.partners).some((p: any) => p.role === 'platform' && p.orderData.consignments > 0));
    // Returns, counted again from the event log: every demo parcel that arrived is in the period.
    const requested = new Set<string>();
    for await (const e of server.cw.store.events()) if (e.type === 'status-changed' && JSON.parse(e.data).to === 'return-requested') requested.add(e.consignmentId);
    assert.equal(r.body.returns.requested, requested.size);
  });

  test('revenue counts the ledger transactions dated in the period: all of them over the demo weeks, none before', async () => {
    const whole = await server.admin.get('/v1/revenue/reconciliation');
    const inPeriod = await server.admin.get(`/v1/metrics?${period}`);
    assert.deepEqual(inPeriod.body.revenue, whole.body.byModel, 'every demo transaction is dated in the last 40 days');
    const before = await server.admin.get('/v1/metrics?from=2020-01-01&to=2020-12-31');
    assert.deepEqual(before.body.revenue, {});
    // One day cut out of the weeks holds less than the whole, and the days add up to the whole.
    const days = new Map<string, number>();
    for (const t of (await server.cw.store.revenue.ledger()) as Array<{ at: string }>) days.set(t.at.slice(0, 10), (days.get(t.at.slice(0, 10)) ?? 0) + 1);
    const busiest = [...days].sort((a, b) => b[1] - a[1])[0]![0];
    const oneDay = await server.admin.get(`/v1/metrics?from=${busiest}&to=${busiest}`);
    assert.ok(Object.keys(oneDay.body.revenue).length > 0);
    assert.notDeepEqual(oneDay.body.revenue, whole.body.byModel);
  });

  test('CSV: one header and a row per figure, downloadable', async () => {
    const res = await fetch(`${server.url}/v1/metrics?${period}&format=csv`, { headers: { authorization: `Bearer ${server.adminKey}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="clearway-metrics-/);
    const lines = (await res.text()).trim().split('\r\n');
    assert.equal(lines[0], 'section,key,measure,value');
    assert.ok(lines.some((l) => l.startsWith('release,all,immediateShare,')));
    assert.ok(lines.some((l) => l.startsWith('hitRates.lane,release,decided,')));
  });

  test('officers only; a period that ends before it starts is 400', async () => {
    const platform = await server.party('Some platform', 'platform');
    assert.equal((await platform.get('/v1/metrics')).status, 403);
    const bad = await server.admin.get('/v1/metrics?from=2026-11-30&to=2026-11-01');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, '/query/to');
  });
});
