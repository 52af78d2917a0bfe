// Browser tests: Debian's Chromium (never a downloaded browser) driven by playwright-core against a real Clearway
// server with the demo data, axe-core run inside each page, and a screenshot of each page in test-results/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadDemo } from '../../src/demo/load.ts';
import { startServer, type TestServer } from '../helpers/clearway.ts';

export const CHROMIUM = process.env.CLEARWAY_CHROMIUM ?? '/usr/bin/chromium';
export const RESULTS = join(process.cwd(), 'test-results');

/**
 * Why the browser tests cannot run here, or false when they can. In CI a missing browser is a failure, not a skip:
 * .ci/run installs Debian's chromium package.
 */
export function browserMissing(): string | false {
  if (existsSync(CHROMIUM)) return false;
  const why = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CLEARWAY_CHROMIUM)`;
  if (process.env.CI) throw new Error(`browser tests must run in CI: ${why}`);
  return why;
}

export async function launch(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** A Clearway server with the demo data (smaller than `serve`'s, for speed) and its demo logins. */
export async function demoServer(parcels = 300): Promise<TestServer> {
  const server = await startServer('sqlite');
  await loadDemo(server.cw, { parcels });
  return server;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** Runs axe-core's WCAG 2.0/2.1 A and AA checks on the page as it is now; fails on any serious or critical issue. */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  // Evaluated through the DevTools protocol, not added as an inline <script>: the pages' CSP (script-src 'self') refuses those.
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations;
  })) as AxeViolation[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    serious.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3).join(', ')}`),
    [],
    `accessibility issues on ${what}`,
  );
}

/** Fails the test on any error the page logs or throws (a broken page can still look fine in a screenshot). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A refused API call (a 401 before login, a 400 the page shows as a message) is logged by Chromium as an error
    // although the page handles it; anything else logged as an error is a fault.
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return errors;
}
