// The officers' console in Chromium: an officer logs in, finds a held parcel from the keyboard, records an inspection
// and releases it; the rules, trusted-trader and jobs pages work; every page passes axe and is screenshotted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../helpers/clearway.ts';
import { s10 } from '../helpers/filings.ts';
import { assertAccessible, browserMissing, demoServer, launch, screenshot, watchErrors } from './harness.ts';

const skip = browserMissing();
let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];

before(async () => {
  if (skip) return;
  // Enough parcels for the demo's controls to leave the 50 outcomes a model needs to train.
  server = await demoServer(700);
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = watchErrors(page);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function logIn(p: Page, username: string, password: string): Promise<void> {
  await p.goto(`${server.url}/console`);
  await p.getByLabel('Username').fill(username);
  await p.getByLabel('Password').fill(password);
  await p.getByRole('button', { name: 'Log in' }).click();
}

test('a wrong password is refused with a message, and the console stays closed', { skip }, async () => {
  await logIn(page, 'officer', 'not-the-password');
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /password|credentials/i);
  await assertAccessible(page, 'the login page');
  await screenshot(page, 'console-login');
});

test('an officer logs in, finds a held parcel from the keyboard, records an inspection and releases it', { skip }, async () => {
  await logIn(page, 'officer', 'clearway-demo');
  await page.getByRole('heading', { name: 'Worklist' }).waitFor();
  await page.getByLabel('Status').selectOption('held');
  await page.locator('[data-testid=work-item]').first().waitFor();
  const rows = page.locator('[data-testid=work-item]');
  assert.ok((await rows.count()) >= 2, 'the demo holds several parcels');
  for (let i = 0; i < (await rows.count()); i++) assert.match(await rows.nth(i).innerText(), /Held/);
  await assertAccessible(page, 'the worklist');
  await screenshot(page, 'console-worklist');

  // Keyboard: focus the first row, move to the second, open it.
  await rows.first().focus();
  await page.keyboard.press('ArrowDown');
  const tracking = (await rows.nth(1).locator('td').first().innerText()).trim();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: new RegExp(`Parcel ${tracking}`) }).waitFor();
  for (const section of ['Risk', 'Duty and tax', 'Merged data, with the source of each field', 'Timeline']) {
    await page.getByRole('heading', { name: section }).waitFor();
  }
  const consignmentId = (await page.locator('dt:has-text("Consignment id") + dd').innerText()).trim();
  const before = await server.admin.get(`/v1/consignments/${consignmentId}`);
  assert.equal(before.body.status, 'held');
  assert.equal(before.body.trackingId, tracking);
  await assertAccessible(page, 'a parcel page');
  await screenshot(page, 'console-parcel');

  await page.getByRole('button', { name: 'Record inspection' }).click();
  await page.getByLabel('Result').selectOption('no-finding');
  await page.getByLabel('Note').fill('Invoice matches the goods.');
  await page.getByRole('button', { name: 'Record the inspection' }).click();
  await page.getByText('Inspection recorded.').waitFor();
  const inspected = await server.admin.get(`/v1/consignments/${consignmentId}`);
  const inspection = inspected.body.events.find((e: any) => e.type === 'inspection-recorded');
  assert.ok(inspection, 'the inspection is in the event log');
  assert.equal(inspection.data.result, 'no-finding');
  assert.equal(inspection.data.note, 'Invoice matches the goods.');

  if (inspected.body.status === 'held') {
    await page.getByRole('button', { name: 'Release', exact: true }).click();
    await page.getByRole('button', { name: 'Release the parcel' }).click();
    await page.getByText('Release: recorded.').waitFor();
  }
  await page.locator('h1 .badge', { hasText: 'Released' }).waitFor();
  const released = await server.admin.get(`/v1/consignments/${consignmentId}`);
  assert.equal(released.body.status, 'released');
  await page.getByRole('heading', { name: 'Timeline' }).scrollIntoViewIfNeeded();
  assert.match(await page.locator('ol.timeline').innerText(), /inspection/);
  await screenshot(page, 'console-parcel-released');
});

test('a cookie request without the CSRF token is refused, even from the logged-in page', { skip }, async () => {
  const url = page.url();
  assert.match(url, /\/console\/parcels\//);
  const r = await page.evaluate(async (u) => (await fetch(u.replace('/console/parcels/', '/v1/consignments/') + '/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"hold","note":"x"}' })).status, url);
  assert.equal(r, 403);
});

test('two officers on one parcel: the second action gets the API reason on screen, and the page shows the parcel as it is now', { skip }, async () => {
  const held = (await server.admin.get('/v1/worklist?status=held&limit=50')).body.items.find((i: any) => i.referrals.length === 0);
  assert.ok(held, 'a held parcel without referrals');
  const other = await browser.newContext();
  const second = await other.newPage();
  await logIn(second, 'officer', 'clearway-demo');
  await second.getByRole('heading', { name: 'Worklist' }).waitFor();
  await second.goto(`${server.url}/console/parcels/${held.id}`);
  await page.goto(`${server.url}/console/parcels/${held.id}`);
  await page.getByRole('button', { name: 'Release', exact: true }).click();
  await page.getByRole('button', { name: 'Release the parcel' }).click();
  await page.getByText('Release: recorded.').waitFor();
  // The confirmation took the focus of the form that went away.
  await page.waitForFunction(() => document.activeElement?.textContent === 'Release: recorded.', undefined, { timeout: 5_000 });
  // The other officer's page still offers a hold; the API refuses it, with its reason.
  await second.getByRole('button', { name: 'Hold', exact: true }).click();
  await second.getByLabel(/^Reason/).fill('suspicious invoice');
  await second.getByRole('button', { name: 'Hold the parcel' }).click();
  const alert = second.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /released/i);
  await second.locator('h1 .badge', { hasText: 'Released' }).waitFor();
  assert.equal(await second.getByRole('button', { name: 'Hold', exact: true }).count(), 0, 'no action is offered on a released parcel');
  assert.equal((await server.admin.get(`/v1/consignments/${held.id}`)).body.status, 'released');
  await other.close();
});

test('a corrected assessment changes only the figure the officer changed', { skip }, async () => {
  const items = (await server.admin.get('/v1/worklist?status=held&limit=50')).body.items as any[];
  let target: any;
  for (const i of items) {
    const c = (await server.admin.get(`/v1/consignments/${i.id}`)).body;
    if (i.referrals.length === 0 && c.assessment && Number(c.assessment.taxTotal) > 0) {
      target = c;
      break;
    }
  }
  assert.ok(target, 'a held parcel with tax assessed');
  await page.goto(`${server.url}/console/parcels/${target.id}`);
  await page.getByRole('button', { name: 'Record inspection' }).click();
  await page.getByLabel('Result').selectOption('undervaluation');
  assert.equal(await page.getByLabel('Tax', { exact: true }).inputValue(), target.assessment.taxTotal, 'the tax field starts at the tax assessed now');
  const duty = (Number(target.assessment.dutyTotal) + 5).toFixed(2);
  await page.getByLabel('Duty', { exact: true }).fill(duty);
  await page.getByLabel('Reason', { exact: true }).fill('invoice found in the parcel');
  await page.getByRole('button', { name: 'Record the inspection' }).click();
  await page.getByText('Inspection recorded.').waitFor();
  const after = (await server.admin.get(`/v1/consignments/${target.id}`)).body;
  assert.equal(after.assessment.dutyTotal, duty);
  assert.equal(after.assessment.taxTotal, target.assessment.taxTotal, 'the tax the officer left alone is unchanged');
});

test('when the server ends the session, the console asks to log in again, then goes on where it was', { skip }, async () => {
  const context = await browser.newContext();
  const p = await context.newPage();
  await logIn(p, 'officer', 'clearway-demo');
  await p.getByRole('heading', { name: 'Worklist' }).waitFor();
  await p.getByRole('link', { name: 'Trusted traders' }).click();
  await p.getByRole('heading', { name: 'Trusted traders' }).waitFor();
  // The session ends on the server (logout elsewhere, expiry): the next request is refused.
  await context.clearCookies();
  await p.getByRole('link', { name: 'Rules' }).click();
  await p.getByText('Your session has ended. Log in again to go on.').waitFor();
  await p.getByLabel('Username').fill('officer');
  await p.getByLabel('Password').fill('clearway-demo');
  await p.getByRole('button', { name: 'Log in' }).click();
  await p.getByRole('heading', { name: 'Targeting rules' }).waitFor();
  await context.close();
});

test('the rules editor writes a rule and lists it with its hit rate', { skip }, async () => {
  await page.getByRole('link', { name: 'Rules' }).click();
  await page.getByRole('heading', { name: 'Targeting rules' }).waitFor();
  await page.getByRole('button', { name: 'New rule' }).click();
  await page.getByLabel('Name').fill('Phones under 22 EUR from anywhere');
  await page.getByLabel(/^Condition/).fill(JSON.stringify({ all: [{ field: 'hsCode', prefix: ['8517'] }, { field: 'intrinsicValue', op: 'lt', value: '22' }] }));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('[data-testid=rule-row]', { hasText: 'Phones under 22 EUR' }).waitFor();
  const rules = await server.admin.get('/v1/risk/rules');
  assert.ok(rules.body.some((r: any) => r.name === 'Phones under 22 EUR from anywhere' && r.then.weight === 0.4));
  const row = page.locator('[data-testid=rule-row]', { hasText: 'Phones under 22 EUR' });
  // Selected, inspected, hits, hit rate: a rule written now has selected nothing yet.
  const cells = async (r: typeof row) => (await r.locator('td.num').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(await cells(row), ['0', '0', '0', '—']);
  // A demo rule in force over the demo weeks shows the counts GET /v1/risk/hit-rates gives for it.
  const demoRule = rules.body.find((r: any) => r.name.startsWith('Electronics'));
  const rate = (await server.admin.get('/v1/risk/hit-rates')).body.byRule[demoRule.id] ?? { selected: 0, inspected: 0, hits: 0 };
  const shown = await cells(page.locator('[data-testid=rule-row]', { hasText: demoRule.name }));
  assert.deepEqual(shown.slice(0, 3), [String(rate.selected), String(rate.inspected), String(rate.hits)]);

  // A bad condition is refused with the API's reason, shown on the form.
  await page.getByRole('button', { name: 'New rule' }).click();
  await page.getByLabel('Name').fill('Broken');
  await page.getByLabel(/^Condition/).fill('{"field":"nonsense","in":["x"]}');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').waitFor();
  await assertAccessible(page, 'the rules editor');
  await screenshot(page, 'console-rules');
});

test('editing one rule after another saves the one on screen, with its own content', { skip }, async () => {
  const before = (await server.admin.get('/v1/risk/rules')).body as any[];
  const [first, second] = before.filter((r) => r.name.startsWith('Electronics') || r.name.startsWith('Jewellery'));
  assert.ok(first && second, 'the demo has two rules');
  await page.getByRole('button', { name: `Edit ${first.name}` }).click();
  await page.getByRole('button', { name: `Edit ${second.name}` }).click();
  assert.equal(await page.getByLabel('Name').inputValue(), second.name);
  await page.getByLabel(/^Description/).fill('reviewed');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('[data-testid=rule-row]', { hasText: 'reviewed' }).waitFor();
  const history = (await server.admin.get(`/v1/risk/rules/${second.id}`)).body as any[];
  assert.equal(history.length, 2);
  assert.equal(history[1].name, second.name);
  assert.deepEqual(history[1].when, second.when, 'the condition is the rule\'s own');
  assert.equal((await server.admin.get(`/v1/risk/rules/${first.id}`)).body.length, 1, 'the other rule is untouched');
});

test('the trusted-trader registry records an authorisation', { skip }, async () => {
  await page.getByRole('link', { name: 'Trusted traders' }).click();
  await page.getByRole('heading', { name: 'Trusted traders' }).waitFor();
  await page.getByRole('button', { name: 'Record an authorisation' }).click();
  await page.getByLabel('Authorisation number').fill('DEAEOF0000123');
  await page.getByLabel('Operator').fill('Kiwi Crafts Ltd');
  await page.getByLabel('Seller key').fill('pty_kiwicrafts/S-GB-139');
  await page.getByLabel('Issued by (country)').fill('GB');
  await page.getByLabel('Programme').fill('UK AEO');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('cell', { name: 'DEAEOF0000123 v1' }).waitFor();
  const stored = await server.admin.get('/v1/trusted-traders/DEAEOF0000123/history');
  assert.equal(stored.status, 200);
  assert.equal(stored.body[0].identifiers.sellerKey, 'pty_kiwicrafts/S-GB-139');
  // Recording the same number again as new is refused on the form: it would silently be a new version.
  await page.getByRole('button', { name: 'Record an authorisation' }).click();
  assert.equal(await page.getByLabel('Authorisation number').inputValue(), '', 'a new form starts empty');
  await page.getByLabel('Authorisation number').fill('DEAEOF0000123');
  await page.getByLabel('Operator').fill('Someone else');
  await page.getByLabel('Issued by (country)').fill('DE');
  await page.getByLabel('Clearway party id').fill('pty_bazaarly');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').getByText(/already in the registry/).waitFor();
  assert.equal((await server.admin.get('/v1/trusted-traders/DEAEOF0000123/history')).body.length, 1);
  await assertAccessible(page, 'the trusted-trader registry');
  await screenshot(page, 'console-trusted');
});

test('training the risk model runs as a job with a progress bar and ends with a model', { skip }, async () => {
  await page.getByRole('link', { name: 'Jobs' }).click();
  await page.getByRole('heading', { name: 'Jobs', exact: true }).waitFor();
  await page.getByLabel('Job', { exact: true }).selectOption('train-model');
  await page.getByRole('button', { name: 'Start' }).click();
  const card = page.locator('[data-testid=job]');
  await card.waitFor();
  await card.getByText(/succeeded|failed/).waitFor({ timeout: 120_000 });
  const text = await card.innerText();
  const models = await server.admin.get('/v1/risk/models');
  if (/succeeded/.test(text)) {
    assert.ok(models.body.length >= 1, 'a model was stored');
    assert.match(text, new RegExp(`Model ${models.body.at(-1).version}`));
  } else {
    // Too few outcomes is a legitimate refusal: it must be explained, and no model stored.
    assert.match(text, /labelled consignments; at least \d+ are needed/);
  }
  await assertAccessible(page, 'the jobs page');
  await screenshot(page, 'console-jobs');
});

test('an administrator imports a file of filings from the jobs page and reads what was accepted and refused', { skip }, async () => {
  const added = await server.cw.officers.createAccount('chief', 'chief-password-1', { role: 'admin', name: 'Chief administrator' });
  assert.ok(added.ok);
  const context = await browser.newContext();
  const p = await context.newPage();
  const errs = watchErrors(p);
  await p.goto(`${server.url}/console/jobs`);
  await p.getByLabel('Username').fill('chief');
  await p.getByLabel('Password').fill('chief-password-1');
  await p.getByRole('button', { name: 'Log in' }).click();
  await p.getByRole('heading', { name: 'Import filings' }).waitFor();
  const example = JSON.parse(readFileSync('examples/declaration.json', 'utf8'));
  const tracking = [s10(), s10(), s10()];
  const lines = [
    { ...example, filingId: 'UI-IMPORT-1', trackingId: tracking[0], sentAt: new Date().toISOString() },
    { ...example, filingId: 'UI-IMPORT-2', trackingId: tracking[1], sentAt: new Date().toISOString() },
    { ...example, filingId: 'UI-IMPORT-3', trackingId: tracking[2], sentAt: new Date().toISOString(), currency: 'XXX' },
  ];
  await p.getByLabel(/^File/).setInputFiles({ name: 'filings.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n') + '\n') });
  await p.getByRole('button', { name: 'Import' }).click();
  const outcome = p.getByText(/\d+ accepted, \d+ refused/).or(p.getByRole('alert'));
  await outcome.first().waitFor();
  assert.match(await outcome.first().innerText(), /^2 accepted, 1 refused: .*XXX/);
  assert.equal(await p.getByRole('progressbar', { name: 'bytes sent' }).getAttribute('aria-valuenow'), '100');
  for (const t of tracking.slice(0, 2)) assert.equal((await server.admin.get(`/v1/consignments?trackingId=${t}`)).body.consignments.length, 1, t);
  assert.deepEqual(errs, []);
  await context.close();
});

test('an agency logs in and sees only the parcels referred to it', { skip }, async () => {
  const agencies = (await server.admin.get('/v1/agency-rules')).body as Array<{ agency: string }>;
  const agency = agencies[0]?.agency;
  assert.ok(agency, 'the demo refers goods to an agency');
  const context = await browser.newContext();
  const p = await context.newPage();
  const errs = watchErrors(p);
  await p.goto(`${server.url}/console`);
  await p.getByLabel('Username').fill(agency);
  await p.getByLabel('Password').fill('clearway-demo');
  await p.getByRole('button', { name: 'Log in' }).click();
  await p.getByRole('heading', { name: 'Parcels referred to us' }).waitFor();
  await p.getByLabel('Status').selectOption('held');
  await p.locator('[data-testid=work-item], .notice').first().waitFor();
  const rows = p.locator('[data-testid=work-item]');
  assert.ok((await rows.count()) > 0, 'the demo referred parcels to the agency');
  for (let i = 0; i < (await rows.count()); i++) assert.match(await rows.nth(i).innerText(), new RegExp(agency));
  assert.equal(await p.getByRole('link', { name: 'Rules' }).count(), 0, 'an agency has no rules page');
  await assertAccessible(p, 'the agency queue');
  await screenshot(p, 'console-agency-queue');

  // Its parcel page shows the goods and its referral, says nothing about risk or findings it is not shown, and takes its decision.
  await rows.first().click();
  await p.getByRole('heading', { name: /^Parcel / }).waitFor();
  assert.equal(await p.getByRole('heading', { name: 'Risk' }).count(), 0);
  assert.equal(await p.getByRole('heading', { name: 'Findings' }).count(), 0);
  assert.doesNotMatch(await p.locator('ol.timeline').innerText(), /undefined/);
  const id = (await p.locator('dt:has-text("Consignment id") + dd').innerText()).trim();
  await p.getByRole('button', { name: 'Decide' }).click();
  await p.getByLabel(/Hold: we need to examine it/).check();
  await p.getByLabel('Reason').fill('CE marking missing on the box');
  await p.getByRole('button', { name: 'Record the decision' }).click();
  await p.getByText('Decision recorded: hold.').waitFor();
  const referral = (await server.admin.get(`/v1/consignments/${id}`)).body.referrals.find((r: any) => r.agency === agency);
  assert.equal(referral.status, 'held');
  await assertAccessible(p, 'an agency\'s parcel page');
  assert.deepEqual(errs, []);
  await context.close();
});

test('no page error in the whole session', { skip }, () => {
  assert.deepEqual(errors, []);
});
