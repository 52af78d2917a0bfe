// `clearway serve` as a real process stopped by a signal: the request under way finishes and is stored, new connections
// are refused (or 503), the process exits 0; a second signal or CLEARWAY_SHUTDOWN_TIMEOUT_MS makes it exit 1.
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
import { knock, slowBatch } from '../helpers/slow-batch.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Serving {
  child: ChildProcess;
  base: string;
  adminKey: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const dirs: string[] = [];
const children: ChildProcess[] = [];

/** Starts `clearway serve` on a free port in a fresh data directory and waits for its banner. */
async function serve(extra: NodeJS.ProcessEnv = {}): Promise<Serving> {
  const dir = mkdtempSync(join(tmpdir(), 'clearway-serve-'));
  dirs.push(dir);
  const adminKey = `serve-admin-${randomBytes(12).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    PORT: '0',
    HOST: '127.0.0.1',
    CLEARWAY_DATA_DIR: join(dir, 'data'),
    CLEARWAY_DEMO: '0',
    CLEARWAY_ADMIN_KEY: adminKey,
    CLEARWAY_CAPACITY: 'none',
    ...extra,
  };
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const port = /Clearway is running at http:\/\/localhost:(\d+)/.exec(output)?.[1];
    if (port) return { child, base: `http://127.0.0.1:${port}`, adminKey, output: () => output, exited };
    if (child.exitCode !== null) throw new Error(`clearway serve exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`clearway serve did not start within 30 s:\n${output}`);
    await sleep(50);
  }
}

/** A platform party and its key, through the API. */
async function platformKey(s: Serving): Promise<string> {
  const headers = { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json' };
  const party = await (await fetch(`${s.base}/v1/parties`, { method: 'POST', headers, body: JSON.stringify({ name: 'ShopNova', role: 'platform' }) })).json();
  const key = await (await fetch(`${s.base}/v1/parties/${party.id}/keys`, { method: 'POST', headers: { authorization: headers.authorization } })).json();
  return key.key as string;
}


describe('clearway serve: graceful shutdown', () => {
  after(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('SIGTERM with a batch under way: the batch completes, new connections are refused or 503, exit 0', async () => {
    const s = await serve();
    const key = await platformKey(s);
    assert.equal((await fetch(`${s.base}/ready`)).status, 200);
    const batch = slowBatch(s.base, key);
    batch.send(Array.from({ length: 2 }, () => declaration()));
    await batch.first;

    s.child.kill('SIGTERM');
    await sleep(300);
    const answer = await knock(`${s.base}/ready`);
    assert.ok(answer === 'ECONNREFUSED' || answer === 503, `a new connection after SIGTERM got ${answer}`);
    assert.equal(s.child.exitCode, null, 'still running while the batch is under way');
    for (let i = 0; i < 3; i++) {
      batch.send(Array.from({ length: 1 }, () => declaration()));
      await sleep(100);
    }
    batch.end();

    const { status, lines, complete } = await batch.results;
    assert.equal(status, 200);
    assert.equal(complete, true);
    assert.deepEqual(lines.map((l) => l.status), [201, 201, 201, 201, 201]);
    const answered = Date.now();
    const exit = await Promise.race([s.exited, sleep(15_000).then(() => 'still running')]);
    assert.deepEqual(exit, { code: 0, signal: null }, s.output());
    // The client keeps its connection open (keep-alive, 5 s in Node's agent): the server closes it once idle, not waiting.
    assert.ok(Date.now() - answered < 3_000, `exited ${Date.now() - answered} ms after the batch was answered`);
    assert.match(s.output(), /"msg":"shutting down: not ready/);
    assert.match(s.output(), /"msg":"shut down"/);
  });

  test('a request that outlasts CLEARWAY_SHUTDOWN_TIMEOUT_MS: exit 1', async () => {
    const s = await serve({ CLEARWAY_SHUTDOWN_TIMEOUT_MS: '500' });
    const batch = slowBatch(s.base, await platformKey(s));
    batch.send(Array.from({ length: 1 }, () => declaration()));
    await batch.first;
    const started = Date.now();
    s.child.kill('SIGTERM');
    const exit = await Promise.race([s.exited, sleep(15_000).then(() => 'still running')]);
    assert.deepEqual(exit, { code: 1, signal: null }, s.output());
    assert.ok(Date.now() - started >= 450, 'waited for the limit');
    assert.match(s.output(), /shutdown took too long/);
  });

  test('a second signal while draining: exit 1 at once', async () => {
    const s = await serve();
    const batch = slowBatch(s.base, await platformKey(s));
    batch.send(Array.from({ length: 1 }, () => declaration()));
    await batch.first;
    s.child.kill('SIGTERM');
    await sleep(200);
    assert.equal(s.child.exitCode, null, 'draining: waiting for the batch');
    s.child.kill('SIGINT');
    const exit = await Promise.race([s.exited, sleep(5_000).then(() => 'still running')]);
    assert.deepEqual(exit, { code: 1, signal: null }, s.output());
    assert.match(s.output(), /second signal/);
  });
});
