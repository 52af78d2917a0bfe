// Abuse controls (issue 8): rate limits per key, per session and per address (429 with Retry-After, the API's error
// body), security headers on pages and API answers, and the limits on headers, bodies and slow clients (408, 413, 431),
// none of which cuts a legitimate 10 000-line batch.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { Client, startServer, testStores, type Reply, type TestServer } from '../helpers/clearway.ts';
import { declaration } from '../helpers/filings.ts';
import { WEB_ROOT } from '../../src/server/web.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A client without credentials that says (through X-Forwarded-For) it comes from `address`. */
const from = (url: string, address?: string) => ({
  get: (path: string, headers: Record<string, string> = {}) =>
    new Client(url, undefined).request('GET', path, undefined, { ...(address ? { 'x-forwarded-for': address } : {}), ...headers }),
  post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
    new Client(url, undefined).request('POST', path, body, { ...(address ? { 'x-forwarded-for': address } : {}), ...headers }),
});

function assertRateLimited(r: Reply, what: string): void {
  assert.equal(r.status, 429, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
  assert.equal(r.body.errors[0].code, 'rate-limited', what);
  const retryAfter = Number(r.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `${what}: Retry-After ${r.headers.get('retry-after')}`);
}

/** Sends raw bytes on a new connection and resolves with everything the server wrote until it closed the connection. */
function raw(port: number, write: (socket: import('node:net').Socket) => void): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => write(socket));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (text += d));
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : reject(e)));
  });
}
const portOf = (s: TestServer) => Number(new URL(s.url).port);
const statusLine = (text: string) => text.split('\r\n')[0];
const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

describe('rate limits', () => {
  let server: TestServer;
  before(async () => {
    // Loopback is the proxy in front: X-Forwarded-For names the client, so each test can play other addresses.
    server = await startServer('sqlite', { rateLimit: { perKey: 5, perAddress: 3, windowMs: 60_000 }, trustProxy: ['127.0.0.1'] });
  });
  after(() => server?.close());

  test('public routes count per address: the 4th request in the window gets 429 rate-limited with Retry-After; another address is not affected', async () => {
    const a = from(server.url, '203.0.113.1');
    for (let i = 0; i < 3; i++) {
      const r = await a.get('/v1/public/restricted-goods');
      assert.equal(r.status, 200, `request ${i + 1}`);
      assert.equal(r.headers.get('x-ratelimit-remaining'), String(2 - i));
    }
    assertRateLimited(await a.get('/v1/public/restricted-goods'), 'the 4th public request');
    assertRateLimited(await a.post('/v1/estimate', {}), 'the estimator shares the address’s count');
    assert.equal((await from(server.url, '203.0.113.2').get('/v1/public/restricted-goods')).status, 200, 'another address');
  });

  test('logins count per address (credential stuffing): the 4th POST /v1/session from one address is 429 whatever the username', async () => {
    const a = from(server.url, '203.0.113.10');
    for (let i = 0; i < 3; i++) assert.equal((await a.post('/v1/session', { username: `user${i}`, password: 'guess-guess-guess' })).status, 401);
    assertRateLimited(await a.post('/v1/session', { username: 'user9', password: 'guess-guess-guess' }), 'the 4th login');
  });

  test('refused keys count per address: once 3 were refused, the next key from there gets 429 before any key is looked up', async () => {
    const platform = await server.party('ShopNova', 'platform');
    const guesser = '203.0.113.20';
    const lookups = { n: 0 };
    const store = server.cw.store;
    const getKey = store.getKey.bind(store);
    store.getKey = async (id: string) => {
      lookups.n++;
      return getKey(id);
    };
    try {
      for (let i = 0; i < 3; i++) {
        const guess = `cwk_${'a'.repeat(11)}${i}_${'b'.repeat(43)}`;
        assert.equal((await from(server.url, guesser).get('/v1/session', { authorization: `Bearer ${guess}` })).status, 401, `guess ${i + 1}`);
      }
      assert.equal(lookups.n, 3, 'each guess was looked up');
      assertRateLimited(await from(server.url, guesser).get('/v1/session', { authorization: `Bearer cwk_${'c'.repeat(12)}_${'d'.repeat(43)}` }), 'the 4th guess');
      assertRateLimited(await from(server.url, guesser).get('/v1/session', { authorization: `Bearer ${platform.key}` }), 'a good key from the same address waits too');
      assert.equal(lookups.n, 3, 'no lookup for a request from a throttled address');
      assert.equal((await from(server.url, '203.0.113.21').get('/v1/session', { authorization: `Bearer ${platform.key}` })).status, 200, 'from another address the key works');
      assertRateLimited(await from(server.url, guesser).get('/v1/session', { cookie: 'cw_session=stolen-or-guessed' }), 'a session cookie from the throttled address');
    } finally {
      store.getKey = getKey;
    }
  });

  test('an API key has its own count, whatever the address; the 6th request is 429, another key of the same party is not affected', async () => {
    const platform = await server.party('MarketHub', 'platform');
    const second = (await server.admin.post(`/v1/parties/${platform.id}/keys`, {})).body.key as string;
    for (let i = 0; i < 5; i++) {
      const r = await platform.request('GET', '/v1/session', undefined, { 'x-forwarded-for': `198.51.100.${i}` });
      assert.equal(r.status, 200, `request ${i + 1}`);
      assert.equal(r.headers.get('x-ratelimit-limit'), '5');
    }
    assertRateLimited(await platform.request('GET', '/v1/session', undefined, { 'x-forwarded-for': '198.51.100.99' }), 'the 6th request with the key');
    assertRateLimited(await platform.post('/v1/filings', declaration()), 'any route of the key');
    assert.equal((await new Client(server.url, second).get('/v1/session')).status, 200, 'the party’s other key');
  });

  test('a console session has its own count', async () => {
    const added = await server.cw.officers.createAccount('rate.officer', 'a long passphrase', { name: 'Officer Rate', role: 'officer' });
    assert.ok(added.ok);
    const login = await from(server.url, '203.0.113.30').post('/v1/session', { username: 'rate.officer', password: 'a long passphrase' });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    for (let i = 0; i < 5; i++) assert.equal((await from(server.url, '203.0.113.31').get('/v1/session', { cookie })).status, 200, `request ${i + 1}`);
    assertRateLimited(await from(server.url, '203.0.113.32').get('/v1/session', { cookie }), 'the 6th request of the session');
  });

  test('health, readiness, metrics, the API description and the web apps are never limited', async () => {
    const a = from(server.url, '203.0.113.40');
    for (const path of ['/health', '/ready', '/metrics', '/openapi.json', '/', '/console', '/estimate']) {
      for (let i = 0; i < 5; i++) assert.notEqual((await a.get(path)).status, 429, `${path} #${i + 1}`);
    }
    const asset = readdirSync(join(WEB_ROOT, 'assets'))[0];
    for (let i = 0; i < 5; i++) assert.equal((await a.get(`/assets/${asset}`)).status, 200, `/assets/${asset} #${i + 1}`);
  });

  test('the OpenAPI document lists 429 for every API operation, and for no probe', async () => {
    const doc = (await from(server.url).get('/openapi.json')).body as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const api = Object.entries(doc.paths).filter(([path]) => path.startsWith('/v1/'));
    assert.ok(api.length > 30, `${api.length} API paths`);
    for (const [path, operations] of api) {
      for (const [method, op] of Object.entries(operations)) assert.ok('429' in op.responses, `${method.toUpperCase()} ${path} documents 429`);
    }
    assert.ok(!('429' in doc.paths['/health']!.get!.responses), '/health is never limited');
  });

  test('without CLEARWAY_TRUST_PROXY, X-Forwarded-For is ignored: a client cannot pick a fresh address', async () => {
    const direct = await startServer('sqlite', { rateLimit: { perKey: 5, perAddress: 2, windowMs: 60_000 } });
    try {
      for (let i = 0; i < 2; i++) assert.equal((await from(direct.url, `192.0.2.${i}`).get('/v1/public/restricted-goods')).status, 200);
      assertRateLimited(await from(direct.url, '192.0.2.77').get('/v1/public/restricted-goods'), 'a new X-Forwarded-For from the same socket address');
    } finally {
      await direct.close();
    }
  });

  test('the count starts again when the window ends; a limit of 0 turns it off', async () => {
    const short = await startServer('sqlite', { rateLimit: { perKey: 0, perAddress: 2, windowMs: 1000 } });
    try {
      const platform = await short.party('ShopNova', 'platform');
      for (let i = 0; i < 2; i++) assert.equal((await from(short.url).get('/v1/public/restricted-goods')).status, 200);
      assertRateLimited(await from(short.url).get('/v1/public/restricted-goods'), 'over the limit');
      await sleep(1100);
      assert.equal((await from(short.url).get('/v1/public/restricted-goods')).status, 200, 'a new window');
      for (let i = 0; i < 20; i++) assert.equal((await platform.get('/v1/session')).status, 200, `key request ${i + 1} (perKey 0: no limit)`);
    } finally {
      await short.close();
    }
  });
});

describe('security headers', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('sqlite', { trustProxy: ['127.0.0.1'] });
  });
  after(() => server?.close());

  const csp = (r: Reply) => new Map((r.headers.get('content-security-policy') ?? '').split(';').map((d) => [d.trim().split(' ')[0]!, d.trim().split(' ').slice(1)]));

  test('the web apps: scripts, styles and connections from Clearway only, no inline script, no framing, no sniffing, no Referer', async () => {
    for (const path of ['/', '/console', '/status']) {
      const r = await from(server.url).get(path);
      assert.equal(r.status, 200, path);
      const policy = csp(r);
      assert.deepEqual(policy.get('script-src'), ["'self'"], `${path} script-src`);
      assert.deepEqual(policy.get('style-src'), ["'self'"], `${path} style-src`);
      assert.deepEqual(policy.get('connect-src'), ["'self'"], `${path} connect-src`);
      assert.deepEqual(policy.get('frame-ancestors'), ["'none'"], `${path} frame-ancestors`);
      assert.deepEqual(policy.get('object-src'), ["'none'"], `${path} object-src`);
      assert.equal(r.headers.get('x-frame-options'), 'DENY', path);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(r.headers.get('referrer-policy'), 'no-referrer', path);
    }
  });

  test('the built pages hold no inline script or style the policy would block', () => {
    const pages = [join(WEB_ROOT, 'index.html'), join(WEB_ROOT, 'console', 'index.html')];
    for (const page of pages) {
      const html = readFileSync(page, 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      assert.ok(scripts.length > 0, `${page} loads a script`);
      for (const [, attributes, body] of scripts) {
        assert.match(attributes!, /\bsrc="\/assets\//, `${page}: every script is a file of Clearway's`);
        assert.equal(body!.trim(), '', `${page}: no inline script`);
      }
      assert.doesNotMatch(html, /<style\b|\sstyle="|\son[a-z]+="/i, `${page}: no inline style or event handler`);
    }
  });

  test('/docs (Swagger UI) allows inline styles, never inline scripts', async () => {
    const r = await from(server.url).get('/docs/');
    assert.equal(r.status, 200);
    assert.deepEqual(csp(r).get('style-src'), ["'self'", "'unsafe-inline'"]);
    assert.deepEqual(csp(r).get('script-src'), ["'self'"]);
  });

  test('API answers, refusals and errors included, are never stored: Cache-Control no-store', async () => {
    const platform = await server.party('ShopNova', 'platform');
    const answers: [string, Reply][] = [
      ['a consignment search', await platform.get('/v1/consignments?trackingId=NOPE')],
      ['the public estimator', await from(server.url).post('/v1/estimate', {})],
      ['the public status lookup', await from(server.url).get('/v1/public/status?trackingId=X1&postcode=10115')],
      ['a 401', await from(server.url).get('/v1/consignments?trackingId=X')],
      ['a 404', await from(server.url).get('/v1/nothing-here')],
    ];
    for (const [what, r] of answers) {
      assert.equal(r.headers.get('cache-control'), 'no-store', `${what} (${r.status})`);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', what);
    }
    assert.notEqual((await from(server.url).get('/console')).headers.get('cache-control'), 'no-store', 'pages keep their own policy');
  });

  test('Strict-Transport-Security only when the request came over https (as a trusted proxy says) or CLEARWAY_COOKIE_SECURE=1', async () => {
    assert.equal((await from(server.url).get('/health')).headers.get('strict-transport-security'), null, 'plain http');
    const viaTls = await from(server.url).get('/health', { 'x-forwarded-proto': 'https' });
    assert.match(viaTls.headers.get('strict-transport-security') ?? '', /^max-age=\d{7,}/);
    const untrusted = await startServer('sqlite');
    const secure = await startServer('sqlite', { cookieSecure: true });
    try {
      assert.equal((await from(untrusted.url).get('/health', { 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security'), null, 'an untrusted X-Forwarded-Proto');
      assert.match((await from(secure.url).get('/health')).headers.get('strict-transport-security') ?? '', /^max-age=/, 'CLEARWAY_COOKIE_SECURE=1');
    } finally {
      await untrusted.close();
      await secure.close();
    }
  });
});

describe('request size and time limits', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('sqlite', { timeouts: { requestMs: 1500, headersMs: 1000, idleMs: 60_000 } });
  });
  after(() => server?.close());

  test('a body over 1 MiB is 413 too-large', async () => {
    const platform = await server.party('ShopNova', 'platform');
    const r = await platform.post('/v1/filings', { ...declaration(), padding: 'x'.repeat(1024 * 1024) });
    assert.equal(r.status, 413);
    assert.equal(r.body.errors[0].code, 'too-large');
  });

  test('headers over 16 kB are 431 headers-too-large, in the API error shape', async () => {
    const { text } = await raw(portOf(server), (s) => s.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`));
    assert.match(statusLine(text)!, /^HTTP\/1\.1 431 /);
    assert.equal(bodyOf(text).errors[0].code, 'headers-too-large');
  });

  test('slowloris: headers still arriving after the headers timeout get 408 timeout and the connection is closed', async () => {
    // A request timeout of a minute: only the headers timeout can end this within seconds.
    const slow = await startServer('sqlite', { timeouts: { requestMs: 60_000, headersMs: 600, idleMs: 60_000 } });
    try {
      const { text, ms } = await raw(portOf(slow), (s) => {
        s.write('GET /health HTTP/1.1\r\nHost: x\r\n');
        const drip = setInterval(() => s.writable && s.write('X-Drip: 1\r\n'), 100);
        s.on('close', () => clearInterval(drip));
      });
      assert.match(statusLine(text)!, /^HTTP\/1\.1 408 /, text);
      assert.equal(bodyOf(text).errors[0].code, 'timeout');
      assert.ok(ms < 5000, `closed after ${ms} ms`);
    } finally {
      await slow.close();
    }
  });

  test('a body still arriving after the request timeout gets 408 and the connection is closed', async () => {
    const platform = await server.party('SlowShop', 'platform');
    const { text, ms } = await raw(portOf(server), (s) => {
      s.write(`POST /v1/filings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${platform.key}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`);
      const drip = setInterval(() => s.writable && s.write(' '), 100);
      s.on('close', () => clearInterval(drip));
    });
    assert.match(statusLine(text)!, /^HTTP\/1\.1 408 /, text);
    assert.ok(ms < 6000, `closed after ${ms} ms`);
  });

  test('a connection silent for the idle timeout is closed (a stalled body), long before the request timeout', async () => {
    const idle = await startServer('sqlite', { timeouts: { requestMs: 60_000, headersMs: 5000, idleMs: 800 } });
    try {
      const platform = await idle.party('StalledShop', 'platform');
      const { text, ms } = await raw(portOf(idle), (s) =>
        s.write(`POST /v1/filings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${platform.key}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"kind":`),
      );
      assert.equal(text, '', 'no answer: Node closes an idle socket without one');
      assert.ok(ms >= 700 && ms < 5000, `closed after ${ms} ms`);
    } finally {
      await idle.close();
    }
  });
});

for (const kind of testStores()) {
  describe(`a legitimate batch under tight limits (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      // Idle and header timeouts of one second, a per-key limit of two requests: a batch is one request that keeps
      // its connection busy, so none of them cuts it.
      server = await startServer(kind, { timeouts: { requestMs: 120_000, headersMs: 1000, idleMs: 1000 }, rateLimit: { perKey: 2, perAddress: 2, windowMs: 60_000 } });
    });
    after(() => server?.close());

    test('10 000 lines sent over several seconds all come back 201, however long past the idle and header timeouts', async () => {
      const platform = await server.party('ShopNova', 'platform');
      const lines = Array.from({ length: 10_000 }, () => JSON.stringify(declaration()));
      const started = Date.now();
      const result = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(`${server.url}/v1/filings/batch`, { method: 'POST', headers: { authorization: `Bearer ${platform.key}`, 'content-type': 'application/x-ndjson' } });
        req.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          res.on('error', reject);
        });
        req.on('error', reject);
        void (async () => {
          // 20 chunks 200 ms apart: each pause well within the idle timeout, the whole well past it.
          for (let i = 0; i < lines.length; i += 500) {
            req.write(`${lines.slice(i, i + 500).join('\n')}\n`);
            await sleep(200);
          }
          req.end();
        })();
      });
      const ms = Date.now() - started;
      assert.equal(result.status, 200);
      const results = result.text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { line: number; status: number });
      assert.equal(results.length, 10_000);
      assert.deepEqual([...new Set(results.map((r) => r.status))], [201]);
      assert.ok(ms > 3000, `the batch took ${ms} ms: longer than the 1 s timeouts`);
    });
  });
}
