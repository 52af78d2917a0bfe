// Console login on every store: a password opens a cookie session (HttpOnly, SameSite=Strict) whose CSRF token guards
// every request that changes something; failures lock the account; sessions end idle, at their absolute end, at logout.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Client, startServer, testStores, type Reply, type TestServer } from '../helpers/clearway.ts';
import { declaration } from '../helpers/filings.ts';

const PASSWORD = 'correct horse battery';
const START = Date.parse('2026-11-21T08:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The cookie a reply sets, as `name=value` and its attributes (lower-cased names). */
function setCookie(r: Reply): { value: string; attributes: Map<string, string> } {
  const header = r.headers.getSetCookie().find((c) => c.startsWith('cw_session='));
  assert.ok(header, `a cw_session cookie is set: ${JSON.stringify(r.headers.getSetCookie())}`);
  const [pair, ...rest] = header.split(';').map((p) => p.trim());
  const attributes = new Map(rest.map((a) => [a.split('=')[0]!.toLowerCase(), a.split('=')[1] ?? '']));
  return { value: pair!.slice('cw_session='.length), attributes };
}

for (const kind of testStores()) {
  describe(`console sessions (${kind})`, () => {
    let server: TestServer;
    let now = START;
    let officerId: string;
    let platform: Client & { id: string };
    /** A client sending the session cookie, and the CSRF token when given. */
    const browser = (token: string, csrf?: string) => ({
      request: (method: string, path: string, body?: unknown) =>
        new Client(server.url, undefined).request(method, path, body, { cookie: `cw_session=${token}`, ...(csrf !== undefined ? { 'x-csrf-token': csrf } : {}) }),
    });
    const login = (username: string, password: string) => new Client(server.url, undefined).post('/v1/session', { username, password });
    /** Logs in and returns the session's token (from the cookie) and CSRF token. */
    async function session(username = 'anna.weber'): Promise<{ token: string; csrf: string }> {
      const r = await login(username, PASSWORD);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return { token: setCookie(r).value, csrf: r.body.csrfToken };
    }
    const account = (username: string) => server.cw.store.db.selectFrom('officer_accounts').selectAll().where('username', '=', username).executeTakeFirstOrThrow();

    before(async () => {
      server = await startServer(kind, {}, () => new Date(now));
      const officer = await server.party('Officer Anna Weber', 'officer');
      officerId = officer.id;
      platform = await server.party('ShopNova', 'platform');
      const added = await server.cw.officers.createAccount('Anna.Weber', PASSWORD, { partyId: officer.id });
      assert.ok(added.ok, JSON.stringify(added));
      for (const name of ['lock.me', 'burst', 'timing', 'idle', 'shift', 'gone']) {
        const r = await server.cw.officers.createAccount(name, PASSWORD, { name: `Officer ${name}`, role: 'officer' });
        assert.ok(r.ok, JSON.stringify(r));
      }
    });
    after(() => server?.close());
    beforeEach(() => {
      now = START;
    });

    test('a login sets an HttpOnly, SameSite=Strict cookie for the whole site, and GET /v1/session names the officer', async () => {
      const r = await login('Anna.Weber', PASSWORD);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.actor, { partyId: officerId, role: 'officer', name: 'Officer Anna Weber' });
      assert.equal(r.body.expiresAt, new Date(START + 12 * HOUR).toISOString(), 'the absolute end, 12 h after the login');
      assert.match(r.body.csrfToken, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      const cookie = setCookie(r);
      assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
      assert.notEqual(cookie.value, r.body.csrfToken);
      assert.ok(cookie.attributes.has('httponly'));
      assert.equal(cookie.attributes.get('samesite'), 'Strict');
      assert.equal(cookie.attributes.get('path'), '/');
      assert.equal(cookie.attributes.get('max-age'), String(12 * 3600));
      assert.ok(!cookie.attributes.has('secure'), 'plain http, CLEARWAY_COOKIE_SECURE unset');
      assert.ok(!JSON.stringify(r.body).includes(cookie.value), 'the token is in the cookie only');

      const me = await browser(cookie.value).request('GET', '/v1/session');
      assert.equal(me.status, 200, JSON.stringify(me.body));
      assert.deepEqual(me.body, { actor: r.body.actor, csrfToken: r.body.csrfToken, expiresAt: r.body.expiresAt });
      assert.equal((await browser(cookie.value).request('GET', '/v1/worklist')).status, 200, 'the cookie opens the API like a key');
    });

    test('a wrong password and an unknown username get the same 401, and no cookie', async () => {
      const wrong = await login('anna.weber', 'not the password');
      const unknown = await login('nobody.here', PASSWORD);
      const malformed = await login('No Such User!', PASSWORD);
      for (const r of [wrong, unknown, malformed]) {
        assert.equal(r.status, 401);
        assert.deepEqual(r.body, { errors: [{ path: '', code: 'bad-credentials', message: 'the username or the password is wrong' }] });
        assert.deepEqual(r.headers.getSetCookie(), []);
      }
      assert.equal((await login('anna.weber', PASSWORD)).status, 200, 'a success clears the failure');
      assert.equal((await account('anna.weber')).failed_attempts, 0);
    });

    test('five failures in a row lock the account for 15 minutes: the right password is refused until the lock ends', async () => {
      for (let i = 1; i <= 4; i++) assert.equal((await login('lock.me', `wrong ${i}`)).status, 401, `failure ${i}`);
      const fifth = await login('lock.me', 'wrong 5');
      assert.equal(fifth.status, 429);
      assert.equal(fifth.body.errors[0].code, 'account-locked');
      assert.equal(fifth.headers.get('retry-after'), '900');
      assert.deepEqual(fifth.headers.getSetCookie(), []);

      now = START + 14 * MINUTE;
      const right = await login('lock.me', PASSWORD);
      assert.equal(right.status, 429, 'the right password too, while locked');
      assert.equal(right.headers.get('retry-after'), '60');
      assert.deepEqual(right.headers.getSetCookie(), []);

      now = START + 15 * MINUTE;
      assert.equal((await login('lock.me', PASSWORD)).status, 200, 'the lock has ended');
      const after = await account('lock.me');
      assert.deepEqual([after.failed_attempts, after.locked_until], [0, null]);
    });

    test('failures count only in a row: a success starts the count again', async () => {
      for (let i = 0; i < 4; i++) assert.equal((await login('lock.me', 'wrong')).status, 401);
      assert.equal((await login('lock.me', PASSWORD)).status, 200);
      for (let i = 0; i < 4; i++) assert.equal((await login('lock.me', 'wrong')).status, 401, 'four more failures do not lock');
      assert.equal((await login('lock.me', PASSWORD)).status, 200);
    });

    test('a burst of guesses sent at once gets four checks at most; the right password sent meanwhile is refused', async () => {
      const guesses = Array.from({ length: 8 }, (_, i) => login('burst', `guess ${i}`));
      // Each attempt is counted before its password is checked (a check takes about 0.1 s), so the count is ahead.
      for (let waited = 0; ; waited += 5) {
        const a = await account('burst');
        if (a.failed_attempts >= 5 || a.locked_until !== null) break;
        assert.ok(waited < 10_000, 'the attempts are counted');
        await new Promise((r) => setTimeout(r, 5));
      }
      const right = await login('burst', PASSWORD);
      assert.equal(right.status, 429, 'the right password, sent while the guesses are being checked');
      assert.deepEqual((await Promise.all(guesses)).map((r) => r.status).sort(), [401, 401, 401, 401, 429, 429, 429, 429]);
      assert.equal((await login('burst', PASSWORD)).status, 429);
    });

    test('an unknown username takes the same bcrypt check as a wrong password (the timing tells nothing)', async () => {
      const timed = async (username: string, password: string) => {
        const t = performance.now();
        assert.equal((await login(username, password)).status, 401);
        return performance.now() - t;
      };
      const wrong: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 3; i++) {
        wrong.push(await timed('timing', 'not the password'));
        unknown.push(await timed(`nobody-${i}`, 'not the password'));
      }
      assert.equal((await login('timing', PASSWORD)).status, 200);
      // Without the dummy check an unknown username answers in a millisecond or two; a bcrypt check at cost 11 takes ~100 ms.
      assert.ok(Math.min(...unknown) > 0.5 * Math.min(...wrong), `unknown ${unknown.map(Math.round)} ms, wrong ${wrong.map(Math.round)} ms`);
    });

    test('with the cookie, a request that changes something needs the session’s x-csrf-token (403 csrf); with it, it goes through', async () => {
      const filed = await platform.post('/v1/filings', declaration());
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      const { token, csrf } = await session();
      const path = `/v1/consignments/${filed.body.id}/events`;
      for (const sent of [undefined, 'not-the-token', '']) {
        const r = await browser(token, sent).request('POST', path, { type: 'hold', note: 'documents to check' });
        assert.equal(r.status, 403, `x-csrf-token: ${sent}`);
        assert.deepEqual(r.body.errors.map((e: any) => [e.path, e.code]), [['/headers/x-csrf-token', 'csrf']]);
      }
      assert.equal((await server.admin.get(`/v1/consignments/${filed.body.id}`)).body.status, 'pre-arrival', 'nothing happened');
      const other = await session();
      assert.equal((await browser(token, other.csrf).request('POST', path, { type: 'hold' })).status, 403, "another session's token is not this one's");
      const held = await browser(token, csrf).request('POST', path, { type: 'hold', note: 'documents to check' });
      assert.equal(held.status, 200, JSON.stringify(held.body));
      assert.equal(held.body.status, 'held');
      const events = (await server.admin.get(`/v1/consignments/${filed.body.id}`)).body.events as { type: string; actor: string }[];
      assert.equal(events.at(-1)?.actor, officerId, `recorded as the officer's party: ${JSON.stringify(events.map((e) => [e.type, e.actor]))}`);
    });

    test('bearer keys work as before: no CSRF token, the same 401s, and GET /v1/session with a null csrfToken', async () => {
      const filed = await platform.post('/v1/filings', declaration());
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      const me = await platform.get('/v1/session');
      assert.equal(me.status, 200);
      assert.deepEqual(me.body, { actor: { partyId: platform.id, role: 'platform', name: 'ShopNova' }, csrfToken: null, expiresAt: null });
      const missing = await new Client(server.url, undefined).get('/v1/worklist');
      assert.equal(missing.status, 401);
      assert.equal(missing.body.errors[0].code, 'missing-key');
      assert.equal(missing.headers.get('www-authenticate'), 'Bearer realm="clearway"');
      const bad = await new Client(server.url, 'cwk_AAAAAAAAAAAA_0000000000000000000000000000000000000000000').get('/v1/worklist');
      assert.deepEqual([bad.status, bad.body.errors[0].code], [401, 'bad-key']);
      // A key sent with a session cookie decides alone: no CSRF token asked for, and it acts as the key's party.
      const { token } = await session();
      const both = await platform.post('/v1/filings', declaration(), { cookie: `cw_session=${token}` });
      assert.equal(both.status, 201, JSON.stringify(both.body));
    });

    test('logout (with the CSRF token) ends the session and clears the cookie', async () => {
      const { token, csrf } = await session();
      assert.equal((await browser(token).request('DELETE', '/v1/session')).status, 403, 'logout is a change: CSRF token needed');
      const out = await browser(token, csrf).request('DELETE', '/v1/session');
      assert.equal(out.status, 204);
      const cleared = setCookie(out);
      assert.equal(cleared.value, '');
      assert.equal(cleared.attributes.get('max-age'), '0');
      const after = await browser(token).request('GET', '/v1/session');
      assert.equal(after.status, 401);
      assert.deepEqual(after.body.errors.map((e: any) => [e.path, e.code]), [['/cookies/cw_session', 'bad-session']]);
      assert.equal(setCookie(after).attributes.get('max-age'), '0', 'a dead cookie is cleared');
      assert.equal((await browser('x'.repeat(43)).request('GET', '/v1/session')).status, 401, 'a token never issued');
    });

    test('a session ends 8 h after its last request; last_seen is written at most once a minute', async () => {
      const { token } = await session('idle');
      const lastSeen = async () =>
        (await server.cw.store.db.selectFrom('sessions').select('last_seen_at').where('id_hash', '=', createHash('sha256').update(token).digest('hex')).executeTakeFirstOrThrow()).last_seen_at;
      now = START + 30_000;
      assert.equal((await browser(token).request('GET', '/v1/session')).status, 200);
      assert.equal(await lastSeen(), new Date(START).toISOString(), 'not written again within the minute');
      now = START + 2 * MINUTE;
      assert.equal((await browser(token).request('GET', '/v1/session')).status, 200);
      assert.equal(await lastSeen(), new Date(now).toISOString());
      now += 8 * HOUR - 1000;
      assert.equal((await browser(token).request('GET', '/v1/session')).status, 200, 'used within 8 h: still open');
      now += 8 * HOUR;
      assert.equal((await browser(token).request('GET', '/v1/session')).status, 401, '8 h without a request: over');
    });

    test('a session ends 12 h after the login, however busy', async () => {
      const { token } = await session('shift');
      for (let h = 3; h < 12; h += 3) {
        now = START + h * HOUR;
        assert.equal((await browser(token).request('GET', '/v1/session')).status, 200, `${h} h after the login`);
      }
      now = START + 12 * HOUR;
      const r = await browser(token).request('GET', '/v1/session');
      assert.deepEqual([r.status, r.body.errors[0].code], [401, 'bad-session']);
    });

    test('the database keeps the SHA-256 of the session token and a bcrypt hash of the password, never either in clear', async () => {
      const { token, csrf } = await session();
      const rows = await server.cw.store.db.selectFrom('sessions').selectAll().execute();
      const mine = rows.find((r) => r.id_hash === createHash('sha256').update(token).digest('hex'));
      assert.ok(mine, 'found by the hash of the token');
      assert.equal(mine.csrf_token, csrf);
      assert.ok(!JSON.stringify(rows).includes(token), 'the token is nowhere in the table');
      const a = await account('anna.weber');
      assert.match(a.password_hash, /^\$2[aby]\$11\$/);
      assert.ok(!JSON.stringify(a).includes(PASSWORD));
    });

    test('a disabled account cannot log in, and its open sessions end', async () => {
      const { token } = await session('gone');
      await server.cw.store.db.updateTable('officer_accounts').set({ disabled: 1 }).where('username', '=', 'gone').execute();
      const r = await login('gone', PASSWORD);
      assert.deepEqual([r.status, r.body.errors[0].code], [401, 'bad-credentials']);
      assert.equal((await browser(token).request('GET', '/v1/session')).status, 401);
    });

    test('POST /v1/session validates its body and is in the OpenAPI document, public, under the session tag', async () => {
      const bad = await new Client(server.url, undefined).post('/v1/session', { username: 'anna.weber' });
      assert.equal(bad.status, 400);
      const doc = (await server.admin.get('/openapi.json')).body;
      for (const method of ['post', 'get', 'delete']) assert.deepEqual(doc.paths['/v1/session']?.[method]?.tags, ['session'], method);
      assert.deepEqual(doc.paths['/v1/session'].post.security, []);
      assert.ok(doc.paths['/v1/session'].post.responses['429']);
    });
  });
}

describe('console sessions behind TLS (CLEARWAY_COOKIE_SECURE=1)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('sqlite', { cookieSecure: true });
    const r = await server.cw.officers.createAccount('officer', PASSWORD, { name: 'Officer', role: 'officer' });
    assert.ok(r.ok);
  });
  after(() => server?.close());

  test('the cookie is Secure, and cleared as Secure', async () => {
    const r = await new Client(server.url, undefined).post('/v1/session', { username: 'officer', password: PASSWORD });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const cookie = setCookie(r);
    assert.ok(cookie.attributes.has('secure'));
    const out = await new Client(server.url, undefined).request('DELETE', '/v1/session', undefined, { cookie: `cw_session=${cookie.value}`, 'x-csrf-token': r.body.csrfToken });
    assert.equal(out.status, 204);
    assert.ok(setCookie(out).attributes.has('secure'));
  });
});
