// The dashboards in Chromium: an officer logs in through the form, every chart draws the figures GET /v1/metrics gives
// for the period, a quick choice and the date fields ask for another period, an empty period says so, the CSV link
// downloads the period's CSV; the page passes axe and is screenshotted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { Client, type TestServer } from '../helpers/clearway.ts';
import { declaration } from '../helpers/filings.ts';
import { hours, money, percent } from '../../web/src/shared/format.ts';
import { assertAccessible, browserMissing, demoServer, launch, screenshot, watchErrors } from './harness.ts';

const skip = browserMissing();
let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];
/** The /v1/metrics requests the page made, as their query strings. */
const asked: URLSearchParams[] = [];

const DAY_MS = 86_400_000;
const lastDays = (days: number) => {
  const to = new Date().toISOString().slice(0, 10);
  return { from: new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10), to };
};
const count = (n: number) => n.toLocaleString('en');

before(async () => {
  if (skip) return;
  server = await demoServer();
  // The demo has no returns: three parcels are asked back, two of them exported (which refunds the carrier's duty).
  const delivered: string[] = [];
  for await (const e of server.cw.store.events()) if (e.type === 'status-changed' && JSON.parse(e.data).to === 'delivered') delivered.push(e.consignmentId);
  let returns = 0;
  for (const id of delivered) {
    const c = await server.admin.get(`/v1/consignments/${id}`);
    if (c.body.liability?.model !== 'carrier' || Number(c.body.liability.dueAtBorder) <= 0) continue;
    assert.equal((await server.admin.post(`/v1/consignments/${id}/events`, { type: 'return' })).status, 200);
    if (returns < 2) {
      const r = await server.admin.post(`/v1/consignments/${id}/events`, { type: 'returned', proofOfExport: { reference: `EX-TEST-${returns}`, exportedAt: new Date().toISOString() } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    if (++returns === 3) break;
  }
  assert.equal(returns, 3, 'the demo has parcels to return');
  // Nor refused filings: a demo platform sends two declarations without a buyer.
  const keys = JSON.parse(readFileSync(join(server.cw.config.dataDir, 'demo-keys.json'), 'utf8')) as Record<string, { partyId: string; key: string }>;
  const shop = new Client(server.url, Object.values(keys).find((k) => k.partyId === 'pty_shopnova')!.key);
  for (let i = 0; i < 2; i++) {
    const { buyer: _, ...noBuyer } = declaration({ sentAt: new Date().toISOString() });
    assert.equal((await shop.post('/v1/filings', noBuyer)).status, 400);
  }
  await server.cw.quality.settled();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = watchErrors(page);
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/v1/metrics') asked.push(url.searchParams);
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const metrics = async (p: { from: string; to: string }) => {
  const r = await server.admin.get(`/v1/metrics?from=${p.from}&to=${p.to}`);
  assert.equal(r.status, 200);
  return r.body;
};

/** The cells of one row of a figures table (row headers excluded). */
const cells = (table: string, key: string) => page.locator(`table[data-table="${table}"] tr[data-key="${key}"] td`).allTextContents();

const shown = (p: { from: string; to: string }) => page.locator(`[data-period-shown="${p.from}/${p.to}"]`).waitFor();

const CHARTS = ['release-histogram', 'release-lanes', 'release-carriers', 'immediate-release', 'hit-rates-lanes', 'hit-rates-selection', 'partners-refusals', 'partners-on-time', 'partners-lead', 'returns'];

test('an officer logs in and every dashboard draws the figures of GET /v1/metrics for the last 30 days', { skip }, async () => {
  await page.goto(`${server.url}/console`);
  await page.locator('#username').fill('officer');
  await page.locator('#password').fill('clearway-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: 'Dashboards' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboards' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/console/dashboards');
  const period = lastDays(30);
  await shown(period);
  assert.deepEqual(
    asked.map((q) => [q.get('from'), q.get('to')]),
    [[period.from, period.to]],
    'one request, for the default period',
  );
  const m = await metrics(period);
  assert.ok(m.release.all.arrived > 100, 'the demo weeks are in the period');

  // Every chart is drawn, with bars, and says in words what it shows.
  const currencies = [...new Set(Object.values(m.revenue as Record<string, Record<string, unknown>>).flatMap((byCurrency) => Object.keys(byCurrency)))];
  assert.ok(currencies.length > 0, 'the demo assessed revenue');
  for (const name of [...CHARTS, ...currencies.map((c) => `revenue-${c}`)]) {
    const chart = page.locator(`[data-chart="${name}"]`);
    assert.ok((await chart.locator('svg .recharts-bar-rectangle path').count()) > 0, `bars in chart ${name}`);
    assert.ok(((await chart.locator('.chart-image[role="img"]').getAttribute('aria-label')) ?? '').length > 40, `a summary of chart ${name}`);
  }
  for (const id of ['release-times', 'immediate-release', 'hit-rates', 'revenue', 'partners', 'returns']) {
    const section = page.locator(`[data-dashboard="${id}"]`);
    assert.equal(await section.locator('h2').count(), 1, `a heading for ${id}`);
    assert.equal(await section.locator('[data-empty]').count(), 0, `${id} is not empty`);
    assert.equal(await section.locator('details.figures table').count() > 0, true, `a table for ${id}`);
    const href = await section.locator(`a[data-csv="${id}"]`).getAttribute('href');
    assert.equal(href, `/v1/metrics?from=${period.from}&to=${period.to}&format=csv`);
  }

  // One bar per band of the histogram that has parcels; the band to draw can be one lane's.
  const histogram = page.locator('[data-chart="release-histogram"] svg .recharts-bar-rectangle path');
  assert.equal(await histogram.count(), m.release.all.histogram.filter((h: { count: number }) => h.count > 0).length);
  const checks = m.release.byLane['document-check'];
  await page.getByLabel('Parcels counted').selectOption('lane:document-check');
  await page.locator('[data-chart="release-histogram"] .chart-image[aria-label*="lane: document check"]').waitFor();
  assert.equal(await histogram.count(), checks.histogram.filter((h: { count: number }) => h.count > 0).length);
  assert.match((await page.locator('[data-chart="release-histogram"] .chart-image').getAttribute('aria-label'))!, new RegExp(`of the ${checks.released} parcels released`));
  await page.getByLabel('Parcels counted').selectOption('all');

  // The tables hold the API's figures.
  assert.equal(await page.locator('[data-headline="arrived"]').textContent(), count(m.release.all.arrived));
  for (const [i, h] of (m.release.all.histogram as Array<{ upToHours: number | null; count: number }>).entries()) {
    const row = await cells('release-histogram', h.upToHours === null ? 'later' : String(h.upToHours));
    assert.equal(row[0], count(h.count), `histogram band ${i}`);
  }
  assert.equal((await cells('release-histogram', 'arrived'))[0], count(m.release.all.arrived));
  for (const [table, group] of [
    ['release-lanes', m.release.byLane],
    ['release-carriers', m.release.byCarrier],
  ] as const) {
    for (const [key, t] of Object.entries(group as Record<string, any>)) {
      assert.deepEqual(await cells(table, key), [count(t.arrived), count(t.released), hours(t.hours?.p10), hours(t.hours?.median), hours(t.hours?.p90), hours(t.hours?.mean)], `${table} ${key}`);
    }
  }
  assert.deepEqual(await cells('immediate-release', 'all'), [count(m.release.all.arrived), count(m.release.all.immediate), percent(m.release.all.immediateShare)]);
  for (const [lane, t] of Object.entries(m.release.byLane as Record<string, any>)) {
    assert.deepEqual(await cells('immediate-release', lane), [count(t.arrived), count(t.immediate), percent(t.immediateShare)], `released on arrival, lane ${lane}`);
  }
  for (const [group, rates] of [
    ['lane', m.hitRates.byLane],
    ['selection', m.hitRates.bySelection],
  ] as const) {
    for (const [key, r] of Object.entries(rates as Record<string, any>)) {
      const row = await cells('hit-rates', `${group}:${key}`);
      assert.deepEqual(row.slice(0, 5), [count(r.decided), count(r.selected), count(r.inspected), count(r.hits), percent(r.hitRate)], `hit rate ${group} ${key}`);
    }
  }
  for (const [model, byCurrency] of Object.entries(m.revenue as Record<string, Record<string, any>>)) {
    for (const [currency, f] of Object.entries(byCurrency)) {
      const amounts = [f.assessed, f.collected, f.refunded, f.refundsPaid, f.outstanding].map((amount: string) => money({ amount, currency }));
      assert.deepEqual((await cells('revenue', `${model}.${currency}`)).slice(1), amounts, `revenue ${model} ${currency}`);
    }
  }
  for (const [id, p] of Object.entries(m.partners as Record<string, any>)) {
    assert.deepEqual((await cells('partners', id)).slice(0, 3), [count(p.accepted), count(p.rejected), percent(p.rejectionRate)], `partner ${id}`);
  }
  assert.deepEqual(m.returns, { requested: 3, returned: 2, refunded: 2 });
  assert.equal(m.partners.pty_shopnova.rejected, 2);
  for (const k of ['requested', 'returned', 'refunded'] as const) assert.equal((await cells('returns', k))[0], count(m.returns[k]), `returns ${k}`);

  // A rate from few controls is drawn as weak: hatched, with its count in the label.
  const weak = Object.entries(m.hitRates.byLane as Record<string, any>).filter(([, r]) => r.inspected > 0 && r.inspected < 10 && r.hits > 0);
  if (weak.length > 0) {
    assert.ok((await page.locator('[data-chart="hit-rates-lanes"] .recharts-bar-rectangle path[fill="url(#cw-weak)"]').count()) >= weak.length);
    assert.match((await page.locator('[data-chart="hit-rates-lanes"] svg.recharts-surface').textContent()) ?? '', new RegExp(`\\(${weak[0]![1].hits} of ${weak[0]![1].inspected}\\)`));
  }

  // Every table is checked too, not only what is drawn.
  await page.locator('details.figures').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  await assertAccessible(page, 'the dashboards');
  await page.locator('details.figures').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = false)));
  await screenshot(page, 'console-dashboards');
  assert.deepEqual(errors, []);
});

test('a quick choice asks for its period and every figure follows', { skip }, async () => {
  const before = Number((await page.locator('[data-headline="arrived"]').textContent())!.replace(/,/g, ''));
  const week = lastDays(7);
  asked.length = 0;
  await page.getByRole('button', { name: 'Last 7 days' }).click();
  await shown(week);
  assert.deepEqual(asked.map((q) => [q.get('from'), q.get('to')]), [[week.from, week.to]]);
  assert.equal(await page.getByRole('button', { name: 'Last 7 days' }).getAttribute('aria-pressed'), 'true');
  assert.match(page.url(), new RegExp(`from=${week.from}&to=${week.to}`));
  assert.equal(await page.locator('#period-from').inputValue(), week.from);
  const m = await metrics(week);
  assert.ok(m.release.all.arrived < before, `fewer parcels in a week (${m.release.all.arrived}) than in 30 days (${before})`);
  assert.equal(await page.locator('[data-headline="arrived"]').textContent(), count(m.release.all.arrived));
  assert.deepEqual(await cells('immediate-release', 'all'), [count(m.release.all.arrived), count(m.release.all.immediate), percent(m.release.all.immediateShare)]);
  assert.equal((await cells('release-histogram', '0'))[0], count(m.release.all.histogram[0].count));
  assert.equal(await page.locator('a[data-csv="returns"]').getAttribute('href'), `/v1/metrics?from=${week.from}&to=${week.to}&format=csv`);
});

test('dates typed in: a period before the demo says "No parcels in this period"; a backwards one is refused before asking', { skip }, async () => {
  asked.length = 0;
  await page.locator('#period-from').fill('2020-01-10');
  await page.locator('#period-to').fill('2020-01-01');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  assert.match(await page.getByRole('alert').innerText(), /last day comes before the first/);
  assert.equal(await page.locator('#period-to').getAttribute('aria-invalid'), 'true');
  assert.equal(asked.length, 0, 'nothing asked for a backwards period');

  await page.locator('#period-to').fill('2020-01-31');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await shown({ from: '2020-01-10', to: '2020-01-31' });
  assert.deepEqual(asked.map((q) => [q.get('from'), q.get('to')]), [['2020-01-10', '2020-01-31']]);
  for (const id of ['release-times', 'immediate-release', 'hit-rates', 'returns']) {
    const section = page.locator(`[data-dashboard="${id}"]`);
    assert.equal(await section.locator('[data-empty]').textContent(), 'No parcels in this period', id);
    assert.equal(await section.locator('svg .recharts-bar-rectangle').count(), 0, `no chart in ${id}`);
  }
  assert.equal(await page.locator('[data-dashboard="partners"] [data-empty]').textContent(), 'No partner sent data in this period');
  await assertAccessible(page, 'the dashboards of an empty period');
  await screenshot(page, 'console-dashboards-empty');
});

test('the CSV link downloads the figures of the period shown', { skip }, async () => {
  const period = lastDays(30);
  await page.getByRole('button', { name: 'Last 30 days' }).click();
  await shown(period);
  const link = page.locator('a[data-csv="hit-rates"]');
  const href = (await link.getAttribute('href'))!;
  assert.equal(await link.getAttribute('download'), `clearway-metrics-${period.from}-${period.to}.csv`);
  // As the page's own request, with the officer's session cookie.
  const got = await page.evaluate(async (url) => {
    const r = await fetch(url);
    return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
  }, href);
  assert.equal(got.status, 200);
  assert.match(got.type ?? '', /^text\/csv/);
  const lines = got.text.trim().split('\r\n');
  assert.equal(lines[0], 'section,key,measure,value');
  const m = await metrics(period);
  assert.ok(lines.includes(`release,all,arrived,${m.release.all.arrived}`));
  assert.ok(lines.includes(`returns,all,requested,${m.returns.requested}`));
  // And as a download the browser saves.
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), `clearway-metrics-${period.from}-${period.to}.csv`);
  assert.equal(readFileSync((await download.path())!, 'utf8'), got.text);
  assert.deepEqual(errors, []);
});
