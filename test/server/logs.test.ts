// Secrets never appear in logs (issue 8): `clearway serve` logging every request at trace level, through a login, key
// issue and rotation, authenticated requests, refused ones and a public status lookup, prints no password, API key,
// session token, CSRF token or postcode; and the logger censors those fields should a header or body ever be logged.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BIN } from '../helpers/cli.ts';
import { declaration } from '../helpers/filings.ts';
import { freePort, runClearway, sleep } from '../helpers/process.ts';
import { configFromEnv } from '../../src/config.ts';
import { buildServer } from '../../src/server/app.ts';
import { loggedUrl, REDACTED } from '../../src/server/logging.ts';
import { openClearway } from '../../src/services/clearway.ts';

const dirs: string[] = [];
const children: ChildProcess[] = [];

describe('secrets in logs', () => {
  after(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('clearway serve at LOG_LEVEL=trace: no password, key, session token, CSRF token or postcode in its output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clearway-logs-'));
    dirs.push(dir);
    const password = `pw-${randomBytes(9).toString('hex')}`;
    const wrongPassword = `wrong-${randomBytes(9).toString('hex')}`;
    const adminKey = `admin-${randomBytes(12).toString('hex')}`;
    const postcode = `PC${randomBytes(4).toString('hex').toUpperCase()}`;
    const port = await freePort();
    const { NODE_TEST_CONTEXT: _ctx, DATABASE_URL: _db, ...rest } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...rest,
      PORT: String(port),
      HOST: '127.0.0.1',
      CLEARWAY_DATA_DIR: join(dir, 'data'),
      CLEARWAY_DEMO: '0',
      CLEARWAY_ADMIN_KEY: adminKey,
      CLEARWAY_CAPACITY: 'none',
      LOG_LEVEL: 'trace',
    };
    const added = await runClearway({ ...env, CLEARWAY_PASSWORD: password }, 'officers', 'add', 'log.admin', '--name', 'Log Admin', '--role', 'admin');
    assert.equal(added.code, 0, added.stderr);

    const child = spawn(process.execPath, [BIN, 'serve'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const exited = once(child, 'exit');
    for (const deadline = Date.now() + 30_000; !output.includes('Clearway is running'); await sleep(50)) {
      if (child.exitCode !== null || Date.now() > deadline) assert.fail(`clearway serve did not start:\n${output}`);
    }
    const base = `http://127.0.0.1:${port}`;
    const call = async (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => {
      const res = await fetch(base + path, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
    };

    assert.equal((await call('POST', '/v1/session', {}, { username: 'log.admin', password: wrongPassword })).status, 401);
    const login = await call('POST', '/v1/session', {}, { username: 'log.admin', password });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const sessionToken = login.headers.getSetCookie()[0]!.split(';')[0]!.split('=')[1]!;
    const csrf = login.body.csrfToken as string;
    const browser = { cookie: `cw_session=${sessionToken}`, 'x-csrf-token': csrf };
    assert.equal((await call('GET', '/v1/session', { cookie: browser.cookie })).status, 200);
    const party = await call('POST', '/v1/parties', browser, { name: 'ShopNova', role: 'platform' });
    assert.equal(party.status, 201, JSON.stringify(party.body));
    const issued = await call('POST', `/v1/parties/${party.body.id}/keys`, browser, { label: 'logs' });
    assert.equal(issued.status, 201);
    const key = issued.body.key as string;
    const filing = declaration();
    assert.equal((await call('POST', '/v1/filings', { authorization: `Bearer ${key}` }, filing)).status, 201);
    assert.equal((await call('GET', `/v1/consignments?trackingId=${filing.trackingId}`, { authorization: `Bearer ${key}` })).status, 200);
    const rotated = await call('POST', `/v1/parties/${party.body.id}/keys/${key.split('_')[1]}/rotate`, { authorization: `Bearer ${key}` }, { graceSeconds: 60 });
    assert.equal(rotated.status, 201, JSON.stringify(rotated.body));
    const newKey = rotated.body.issued.key as string;
    assert.equal((await call('GET', `/v1/parties/${party.body.id}/keys`, { authorization: `Bearer ${adminKey}` })).status, 200);
    assert.equal((await call('GET', `/v1/public/status?trackingId=${filing.trackingId}&postcode=${postcode}`)).status, 404);
    assert.equal((await call('POST', '/v1/session', {}, `{"username":"log.admin","password":"${password}"`)).status, 400, 'broken JSON carrying the password');
    assert.equal((await call('GET', '/v1/session', { authorization: `Bearer cwk_${'x'.repeat(12)}_${'y'.repeat(43)}` })).status, 401);
    assert.equal((await call('DELETE', '/v1/session', browser)).status, 204);

    child.kill('SIGTERM');
    await exited;

    // The log is on and names these requests: the absence of secrets below means something.
    for (const url of ['"url":"/v1/session"', '"url":"/v1/filings"', `"url":"/v1/parties/${party.body.id}/keys"`, `postcode=${REDACTED}`]) {
      assert.ok(output.includes(url), `the log has ${url}`);
    }
    const secrets: Record<string, string> = {
      password,
      'wrong password': wrongPassword,
      'admin key': adminKey,
      'issued key': key,
      'issued key secret': key.slice('cwk_'.length + 13),
      'rotated-in key secret': newKey.slice('cwk_'.length + 13),
      'session token': sessionToken,
      'CSRF token': csrf,
      postcode,
    };
    for (const [what, secret] of Object.entries(secrets)) assert.ok(!output.includes(secret), `the ${what} appears in the log:\n${output.slice(0, 4000)}`);
  });

  test('should a header or body be logged, its secrets are censored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clearway-logs-'));
    dirs.push(dir);
    const lines: string[] = [];
    const cw = await openClearway({ ...configFromEnv({}), dataDir: dir, demo: false, adminKey: undefined });
    const app = await buildServer(cw, { logger: { level: 'info', stream: { write: (line: string) => void lines.push(line) } } });
    try {
      app.log.info(
        {
          headers: { authorization: 'Bearer cwk_secret', cookie: 'cw_session=tok', 'x-csrf-token': 'csrf-tok', 'user-agent': 'curl/8' },
          body: { username: 'anna', password: 'hunter2-hunter2' },
          issued: { id: 'k1', key: 'cwk_k1_secret', label: 'x' },
        },
        'probe',
      );
      const entry = JSON.parse(lines.find((l) => l.includes('"probe"'))!);
      assert.deepEqual(entry.headers, { authorization: REDACTED, cookie: REDACTED, 'x-csrf-token': REDACTED, 'user-agent': 'curl/8' });
      assert.deepEqual(entry.body, { username: 'anna', password: REDACTED });
      assert.deepEqual(entry.issued, { id: 'k1', key: REDACTED, label: 'x' });
    } finally {
      await app.close();
      await cw.close();
    }
  });

  test('logged URLs keep their path and ordinary parameters, not the values of secret ones', () => {
    assert.equal(loggedUrl('/v1/public/status?trackingId=RR123456785DE&postcode=10115'), `/v1/public/status?trackingId=RR123456785DE&postcode=${REDACTED}`);
    assert.equal(loggedUrl('/v1/consignments?trackingId=X&api_key=abc&Token=t'), `/v1/consignments?trackingId=X&api_key=${REDACTED}&Token=${REDACTED}`);
    assert.equal(loggedUrl('/v1/worklist'), '/v1/worklist');
  });
});
