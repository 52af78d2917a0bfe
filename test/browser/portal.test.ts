// The public portal in Chromium: a buyer estimates a basket (with the mouse, then on a phone with the keyboard alone),
// looks up a parcel, reads the restricted-goods guide and the how-to pages; every page passes axe and is screenshotted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestServer } from '../helpers/clearway.ts';
import { assertAccessible, browserMissing, demoServer, launch, screenshot, watchErrors } from './harness.ts';

const skip = browserMissing();
let server: TestServer;
let browser: Browser;

before(async () => {
  if (skip) return;
  server = await demoServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh tab at a size, with its errors watched; `done` fails the test on any error the page logged. */
async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; done: () => Promise<void> }> {
  const context: BrowserContext = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}${path}`);
  return {
    page,
    done: async () => {
      await context.close();
      assert.deepEqual(errors, [], 'no errors in the page');
    },
  };
}

/** The estimate request the buyer's form below must send. */
const BASKET = {
  destination: 'DE',
  currency: 'EUR',
  service: 'post',
  departureCountry: 'CN',
  marketplace: false,
  items: [
    { description: 'Cotton T-shirt', hsCode: '610910', quantity: 2, unitPrice: '15.00', originCountry: 'CN' },
    { description: 'Bluetooth headphones', hsCode: '851830', quantity: 1, unitPrice: '49.90', originCountry: 'CN' },
  ],
  shippingCost: '6.50',
};

/** The estimate as anyone may ask the API for it, without a key. */
async function estimateByApi(basket: object): Promise<any> {
  const res = await fetch(`${server.url}/v1/estimate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(basket) });
  assert.equal(res.status, 200);
  return res.json();
}

const moneyText = (amount: string, currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount as unknown as number);

/** The figures the result shows: the API's decimal strings, kept in each amount's <data value>. */
async function shownFigures(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-figure] data', (els) => Object.fromEntries(els.map((e) => [e.parentElement!.getAttribute('data-figure')!, (e as HTMLDataElement).value])));
}

async function assertShowsEstimate(page: Page, expected: any): Promise<void> {
  const figures = await shownFigures(page);
  for (const key of ['intrinsicValue', 'customsValue', 'dutyTotal', 'taxTotal', 'feesTotal', 'total', 'dueAtBorder']) {
    assert.equal(figures[key], expected[key], `${key} as the API computes it`);
    assert.equal((await page.locator(`[data-figure=${key}]`).innerText()).trim(), moneyText(expected[key], expected.currency), `${key} formatted`);
  }
  const lines = page.locator('ol.lines > li');
  assert.equal(await lines.count(), expected.lines.length, 'one explained line per line of the assessment');
  for (let i = 0; i < expected.lines.length; i++) {
    const l = expected.lines[i];
    const shown = lines.nth(i);
    assert.equal(await shown.getAttribute('data-line'), `${l.type}:${l.code}:${l.item ?? ''}`);
    assert.equal(await shown.locator('.line-amount data').getAttribute('value'), l.amount);
    const text = await shown.innerText();
    assert.ok(text.includes(l.rate), `line ${i} shows its rate ${l.rate}: ${text}`);
    assert.ok(text.includes(l.source), `line ${i} names its law`);
    if (l.rate.includes('%')) assert.ok(text.includes(`of ${moneyText(l.basis, expected.currency)}`), `line ${i} shows its base ${l.basis}: ${text}`);
  }
}

test('the home page leads to the estimator, the status lookup, the guide and the how-to pages', { skip }, async () => {
  const { page, done } = await open('/');
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).getAttribute('aria-current'), 'page');
  for (const href of ['/estimate', '/status', '/guide', '/help/consumers', '/help/sellers']) {
    assert.ok((await page.locator(`main a[href="${href}"]`).count()) >= 1, `the home page links to ${href}`);
  }
  // The skip link is the first stop of the keyboard and leads into the main content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  await assertAccessible(page, 'the home page');
  await screenshot(page, 'portal-home');

  await page.getByRole('link', { name: 'Estimate a parcel' }).click();
  await page.getByRole('heading', { level: 1, name: 'Estimate what you pay' }).waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Estimate' }).getAttribute('aria-current'), 'page');
  await done();
});

test('a buyer estimates a basket of two items and sees what is due, when, and each line explained', { skip }, async () => {
  const { page, done } = await open('/estimate');
  await page.getByLabel('Delivered to').waitFor();
  assert.equal(await page.getByLabel('Delivered to').inputValue(), 'DE', 'the home jurisdiction is the default destination');
  await page.getByLabel('Sent from').selectOption('CN');
  await page.getByLabel('Sent by').selectOption('post');
  await page.getByLabel('Currency of the prices').selectOption('EUR');
  await page.getByLabel('What it is').fill('Cotton T-shirt');
  await page.getByLabel('HS code').fill('6109.10');
  await page.getByLabel('How many').fill('2');
  await page.getByLabel('Price for one, in EUR').fill('15,00');
  await page.getByRole('button', { name: 'Add another item' }).click();
  const second = page.getByRole('group', { name: 'Item 2' });
  // The new item takes the focus once it is drawn (an effect after the render, so wait for it rather than race it).
  await page.waitForFunction(() => document.activeElement?.id === 'f-items-1-description', undefined, { timeout: 5_000 });
  await second.getByLabel('What it is').fill('Bluetooth headphones');
  await second.getByLabel('HS code').fill('851830');
  await second.getByLabel('Price for one, in EUR').fill('49.90');
  await page.getByLabel('Shipping cost').fill('6.50');

  const sent = page.waitForRequest((r) => r.url().endsWith('/v1/estimate') && r.method() === 'POST');
  await page.getByRole('button', { name: 'Estimate what I pay' }).click();
  assert.deepEqual((await sent).postDataJSON(), BASKET, 'the form sends the basket as typed, tidied (decimal comma, dotted HS code)');
  const heading = page.getByRole('heading', { level: 2, name: /You pay .* when the parcel arrives/ });
  await heading.waitFor();

  const expected = await estimateByApi(BASKET);
  assert.ok(expected.lines.length >= 4, 'duty and VAT on each item');
  assert.ok((await heading.innerText()).includes(`You pay ${moneyText(expected.dueAtBorder, 'EUR')}`));
  await assertShowsEstimate(page, expected);
  // The answer takes the focus (an effect after the render: wait for it rather than race it).
  await page.waitForFunction(() => document.activeElement?.id === 'result-heading', undefined, { timeout: 5_000 });
  const result = await page.locator('.estimate-result').innerText();
  assert.match(result, /Customs duty on Cotton T-shirt/);
  assert.match(result, /Import VAT on Bluetooth headphones/);
  assert.match(result, /carrier .* collects it from you on delivery, or customs keeps the parcel until you have paid/);
  await assertAccessible(page, 'the estimator with a result');
  await screenshot(page, 'portal-estimate');

  // A refusal lands on its field: summarised at the top, announced, and tied to the input.
  await page.getByLabel('Price for one, in EUR').first().fill('fifteen');
  await second.getByLabel('HS code').fill('8518');
  await page.getByRole('button', { name: 'Estimate what I pay' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /2 problems/);
  assert.match(await alert.innerText(), /Item 1, price for one: Enter an amount/);
  assert.match(await alert.innerText(), /Item 2, HS code: An HS code has 6 to 10 digits/);
  const price = page.locator('#f-items-0-unitPrice');
  assert.equal(await price.getAttribute('aria-invalid'), 'true');
  assert.match((await price.getAttribute('aria-describedby')) ?? '', /f-items-0-unitPrice-error/);
  assert.match(await page.locator('#f-items-0-unitPrice-error').innerText(), /Enter an amount/);
  assert.equal(await page.locator('.estimate-result').count(), 0, 'no stale result beside the errors');
  await alert.getByRole('link', { name: /Item 2, HS code/ }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-items-1-hsCode', 'the summary link moves the focus to the field');
  await assertAccessible(page, 'the estimator with errors');
  await screenshot(page, 'portal-estimate-errors');

  // A code in no HS subheading is refused by the estimator itself, once the form is otherwise sound.
  await price.fill('15.00');
  await page.keyboard.press('Tab');
  await second.getByLabel('HS code').fill('999999');
  await page.getByRole('button', { name: 'Estimate what I pay' }).click();
  await page.getByRole('alert').filter({ hasText: '999999' }).waitFor();
  assert.match(await page.getByRole('alert').innerText(), /Item 2, HS code: 999999 is not in any HS 2022 subheading/);
  assert.equal(await price.getAttribute('aria-invalid'), null, 'the mended field is no longer marked');
  assert.equal(await second.getByLabel('HS code').getAttribute('aria-invalid'), 'true');
  await done();
});

/** Presses Tab until the element with this id has the focus (the keyboard's way there, whatever comes before it). */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
  }
  assert.fail(`Tab never reached #${id}`);
}

test('on a 375 px phone, the estimator fits the screen and works with the keyboard alone', { skip }, async () => {
  const { page, done } = await open('/estimate', { width: 375, height: 740 });
  await page.getByLabel('Delivered to').waitFor();
  await tabTo(page, 'f-origin');
  await page.keyboard.type('China');
  assert.equal(await page.locator('#f-origin').inputValue(), 'CN', 'a select is chosen by typing');
  await tabTo(page, 'f-items-0-description');
  await page.keyboard.type('Cotton T-shirt');
  await page.keyboard.press('Tab');
  await page.keyboard.type('610910');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2');
  await page.keyboard.press('Tab');
  await page.keyboard.type('15.00');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Add another item');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'f-items-1-description');
  await page.keyboard.type('Bluetooth headphones');
  await page.keyboard.press('Tab');
  await page.keyboard.type('851830');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.type('49.90');
  await tabTo(page, 'f-shippingCost');
  await page.keyboard.type('6.50');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 2, name: /You pay/ }).waitFor();

  await assertShowsEstimate(page, await estimateByApi(BASKET));
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `nothing is wider than the phone's screen (${width} px)`);
  await assertAccessible(page, 'the estimator on a phone');
  await screenshot(page, 'portal-estimate-phone');
  await done();
});

/** A demo parcel in this status, with its tracking id and the buyer's delivery postcode (from its order data). */
async function demoParcel(status: string): Promise<{ trackingId: string; postcode: string }> {
  const rows = await server.cw.store.db
    .selectFrom('consignments')
    .select('tracking_id')
    .where('status', '=', status as never)
    .where('tracking_id', 'is not', null)
    .where('merged_into', 'is', null)
    .limit(20)
    .execute();
  for (const r of rows) {
    const [c] = await server.cw.store.findConsignments({ trackingId: r.tracking_id! });
    const postcode = (c?.fields.buyer?.value as { address?: { postcode?: string } } | undefined)?.address?.postcode;
    if (c && postcode) return { trackingId: r.tracking_id!, postcode };
  }
  throw new Error(`the demo has no ${status} parcel with a buyer's postcode`);
}

test('a buyer looks up a released parcel; a wrong postcode finds nothing; the address shares the tracking id only', { skip }, async () => {
  const parcel = await demoParcel('released');
  const { page, done } = await open('/status');
  await page.getByLabel('Tracking number').fill(parcel.trackingId.toLowerCase());
  await page.getByLabel('Delivery postcode').fill(parcel.postcode);
  await page.getByRole('button', { name: 'Show the status' }).click();
  const heading = page.getByRole('heading', { level: 2, name: `Parcel ${parcel.trackingId}: Released` });
  await heading.waitFor();
  // The answer takes the focus (an effect after the render: wait for it rather than race it).
  await page.waitForFunction(() => document.activeElement?.id === 'status-heading', undefined, { timeout: 5_000 });
  const answer = await page.locator('.status-answer').innerText();
  assert.match(answer, /Customs released the parcel; the carrier delivers it\./);
  assert.match(answer, /What to do next/);
  assert.match(answer, /the carrier delivers the parcel/);
  const api = await server.admin.get(`/v1/public/status?trackingId=${parcel.trackingId}&postcode=${encodeURIComponent(parcel.postcode)}`);
  const steps = (await page.locator('ol.timeline li strong').allInnerTexts()).map((t) => t.trim());
  assert.equal(steps.length, api.body.timeline.length, 'every status change, in order');
  assert.equal(steps[0], 'Pre-arrival');
  assert.equal(steps.at(-1), 'Released');
  assert.equal(new URL(page.url()).search, `?trackingId=${parcel.trackingId}`, 'the shareable address holds no postcode');
  await assertAccessible(page, 'the status page with a result');
  await screenshot(page, 'portal-status');

  await page.getByLabel('Delivery postcode').fill('99999');
  await page.getByRole('button', { name: 'Show the status' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /No parcel found/);
  assert.equal(await page.locator('.status-answer').count(), 0);

  await page.getByLabel('Delivery postcode').fill('-');
  await page.getByRole('button', { name: 'Show the status' }).click();
  await page.locator('#postcode-error').waitFor();
  assert.equal(await page.getByLabel('Delivery postcode').getAttribute('aria-invalid'), 'true');
  await done();

  // A shared link fills the tracking id and waits for the postcode.
  const shared = await open(`/status?trackingId=${parcel.trackingId}`);
  await shared.page.getByLabel('Tracking number').waitFor();
  assert.equal(await shared.page.getByLabel('Tracking number').inputValue(), parcel.trackingId);
  assert.equal(await shared.page.getByLabel('Delivery postcode').inputValue(), '');
  assert.equal(await shared.page.evaluate(() => document.activeElement?.id), 'postcode');
  await shared.done();
});

test('a parcel waiting for payment shows the amount due', { skip }, async () => {
  const parcel = await demoParcel('payment-due');
  const [c] = await server.cw.store.findConsignments({ trackingId: parcel.trackingId });
  const { page, done } = await open('/status');
  await page.getByLabel('Tracking number').fill(parcel.trackingId);
  await page.getByLabel('Delivery postcode').fill(parcel.postcode);
  await page.getByRole('button', { name: 'Show the status' }).click();
  await page.getByRole('heading', { level: 2, name: /Payment due/ }).waitFor();
  const api = await server.admin.get(`/v1/public/status?trackingId=${parcel.trackingId}&postcode=${encodeURIComponent(parcel.postcode)}`);
  assert.equal(api.body.due.currency, c!.liability!.currency);
  assert.equal((await page.locator('[data-figure=due]').innerText()).trim(), moneyText(api.body.due.amount, api.body.due.currency));
  // The link to "how to pay" lands on that section of the consumers' page, with the focus there, not at the top.
  await page.getByRole('link', { name: 'how to pay what is due' }).click();
  await page.waitForURL(/\/help\/consumers#paying$/);
  await page.waitForFunction(() => document.activeElement?.id === 'paying');
  assert.ok(await page.evaluate(() => window.scrollY > 0), 'scrolled down to the section');
  await done();
});

test('the guide lists the goods other agencies control, by agency, with the law; the filter narrows it', { skip }, async () => {
  // The demo carries no agency rules: an officer records two, as an administration would.
  const agency = await server.party('Federal Institute for Drugs and Medical Devices', 'agency');
  const plants = await server.party('Plant Health Service', 'agency');
  for (const [id, rule] of [
    ['medicines', { agency: agency.id, domain: 'health', name: 'Medicinal products', hsPrefixes: ['3004'], keywords: ['antibiotic'], source: 'Directive 2001/83/EC Art. 6', validFrom: '2026-01-01' }],
    ['plants', { agency: plants.id, domain: 'agriculture', name: 'Plants and seeds for planting', hsPrefixes: ['0602', '1209'], keywords: ['seeds'], source: 'Regulation (EU) 2016/2031 Art. 72', validFrom: '2026-01-01' }],
  ] as const) {
    const r = await server.admin.request('PUT', `/v1/agency-rules/${id}`, rule);
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  const guide = await server.admin.get('/v1/public/restricted-goods');
  assert.ok(guide.body.entries.length >= 2);

  const { page, done } = await open('/guide');
  await page.getByRole('heading', { level: 1, name: 'Prohibited and restricted goods' }).waitFor();
  await page.locator('.guide-entries h3').first().waitFor();
  const shown = await page.locator('.guide-entries h3').allInnerTexts();
  assert.deepEqual(shown.sort(), guide.body.entries.map((e: any) => e.goods).sort(), 'every rule in force, and only those');
  const health = page.getByRole('region', { name: 'Health' });
  assert.match(await health.innerText(), /Medicinal products[\s\S]*3004[\s\S]*antibiotic[\s\S]*Directive 2001\/83\/EC Art\. 6/);
  assert.match(await page.getByRole('region', { name: 'Agriculture' }).innerText(), /Regulation \(EU\) 2016\/2031 Art\. 72/);

  await page.getByLabel('Search the list').fill('1209');
  assert.deepEqual(await page.locator('.guide-entries h3').allInnerTexts(), ['Plants and seeds for planting']);
  assert.match(await page.getByRole('status').innerText(), new RegExp(`1 of ${guide.body.entries.length}`));
  await page.getByLabel('Search the list').fill('');
  await assertAccessible(page, 'the guide');
  await screenshot(page, 'portal-guide');
  await done();
});

test('the how-to pages quote the home pack’s figures with their sources', { skip }, async () => {
  const consumers = await open('/help/consumers');
  const { page } = consumers;
  await page.getByRole('heading', { level: 1, name: 'Buying from abroad' }).waitFor();
  await page.getByText(/19 % standard \(DE\)/).waitFor();
  const text = await page.locator('main').innerText();
  // The EU pack: VAT from the first euro, the EUR 45 gift relief, IOSS up to EUR 150, each with its law.
  assert.match(text, /No threshold: tax is due whatever the value\. Source: Council Directive \(EU\) 2017\/2455/);
  assert.match(text, /No duty or tax on a gift when the price of the goods \(transport and insurance not counted\) is at most €45\.00/);
  assert.match(text, /Import One-Stop Shop[\s\S]*at checkout, for parcels where the price of the goods \(transport and insurance not counted\) is at most €150\.00/);
  for (const id of ['what-you-pay', 'when', 'small-parcels', 'following', 'paying', 'returns']) assert.equal(await page.locator(`h2#${id}`).count(), 1);
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help' }).getAttribute('aria-current'), 'true');
  await assertAccessible(page, 'the how-to page for consumers');
  await screenshot(page, 'portal-help-consumers');
  await consumers.done();

  const sellers = await open('/help/sellers');
  await sellers.page.getByRole('heading', { level: 1, name: 'Selling to buyers here' }).waitFor();
  await sellers.page.getByText(/By post: at least 2 hours before the parcel arrives\./).waitFor();
  const s = await sellers.page.locator('main').innerText();
  assert.match(s, /Commission Delegated Regulation \(EU\) 2015\/2446 Art\. 106/);
  assert.match(s, /Trusted-trader programme/);
  assert.match(s, /Returns/);
  await assertAccessible(sellers.page, 'the how-to page for sellers');
  await screenshot(sellers.page, 'portal-help-sellers');
  await sellers.done();
});

test('an address without a page says so, inside the portal', { skip }, async () => {
  for (const path of ['/help/nothing-here', '/estimates']) {
    const { page, done } = await open(path);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await done();
  }
});
