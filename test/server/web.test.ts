// The web apps as the server hands them out: pages revalidated at every load, hashed assets cached for a year, the
// portal's own "not found" page for a mistyped address, and the API's JSON error for everything else.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_ROOT } from '../../src/server/web.ts';
import { startServer, type TestServer } from '../helpers/clearway.ts';

const skip = existsSync(join(WEB_ROOT, 'index.html')) ? false : 'web apps not built (npm run build:web)';
let server: TestServer;
before(async () => {
  server = await startServer('sqlite');
});
after(() => server?.close());

const html = { accept: 'text/html,application/xhtml+xml' };

test('every page of the portal and the console is served fresh: no-cache, never the assets\' year', { skip }, async () => {
  for (const path of ['/', '/estimate', '/status', '/guide', '/help/consumers', '/console', '/console/', '/console/parcels/abc', '/console/rules']) {
    const r = await fetch(server.url + path, { headers: html });
    assert.equal(r.status, 200, path);
    assert.match(r.headers.get('content-type') ?? '', /^text\/html/, path);
    assert.equal(r.headers.get('cache-control'), 'no-cache', path);
    const body = await r.text();
    assert.match(body, path.startsWith('/console') ? /<title>Clearway console<\/title>/ : /<title>Clearway — parcels from abroad<\/title>/, path);
  }
});

test('hashed assets are cached for a year, immutable', { skip }, async () => {
  const asset = readdirSync(join(WEB_ROOT, 'assets')).find((f) => f.endsWith('.js'))!;
  const r = await fetch(`${server.url}/assets/${asset}`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('cache-control') ?? '', /max-age=31536000/);
  assert.match(r.headers.get('cache-control') ?? '', /immutable/);
  assert.equal((await fetch(`${server.url}/assets/nothing-${asset}`)).status, 404);
});

test('a mistyped address in a browser gets the portal\'s not-found page (404); an API client gets the JSON error', { skip }, async () => {
  const page = await fetch(`${server.url}/estimates`, { headers: html });
  assert.equal(page.status, 404);
  assert.match(await page.text(), /<div id="root">/);
  const api = await fetch(`${server.url}/v1/nothing`, { headers: html });
  assert.equal(api.status, 404);
  assert.equal((await api.json()).errors[0].code, 'not-found');
  const json = await fetch(`${server.url}/estimates`);
  assert.equal(json.status, 404);
  assert.equal((await json.json()).errors[0].code, 'not-found');
  // A known API route still asks for a key.
  assert.equal((await fetch(`${server.url}/v1/worklist`)).status, 401);
});
