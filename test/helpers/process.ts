// Clearway as real child processes, for the tests that kill them: `clearway serve` started on a port and killed with
// SIGKILL, NDJSON batches streamed with each result line seen the moment it arrives, and one-shot commands (`verify`).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { BIN, type Run } from './cli.ts';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Rejects after `ms` with a message, unless the promise settles first. */
export function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms))),
  ]);
}

/** A port nothing listens on right now (a child process is told to listen on it). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, 'close');
  return port;
}

/** One result line of an NDJSON batch. */
export interface BatchLine {
  line: number;
  filingId: string | null;
  status: number;
  errors?: { code: string; message: string }[];
}

/** How a streamed batch ended: `complete` when the answer ended normally, else why not (`status 503`, `closed`…). */
export interface StreamOutcome {
  complete: boolean;
  error?: string;
}

/**
 * Sends NDJSON lines as one chunked request body (written as fast as the server reads it) and hands each result line
 * to `onResult` the moment it arrives. Settles when the answer ends or the connection breaks, never rejects.
 */
export function streamBatch(port: number, key: string, lines: readonly string[], onResult: (r: BatchLine) => void): Promise<StreamOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (complete: boolean, error?: string) => {
      if (settled) return;
      settled = true;
      resolve({ complete, ...(error ? { error } : {}) });
    };
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/filings/batch',
      agent: false,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
    });
    req.on('error', (e) => settle(false, e.message));
    req.on('response', (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        res.resume();
        return settle(false, `status ${res.statusCode}`);
      }
      res.setEncoding('utf8');
      let pending = '';
      res.on('data', (chunk: string) => {
        pending += chunk;
        let nl: number;
        while ((nl = pending.indexOf('\n')) !== -1) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          if (line.trim()) onResult(JSON.parse(line) as BatchLine);
        }
      });
      res.on('end', () => settle(pending.trim() === ''));
      res.on('aborted', () => settle(false, 'aborted'));
      res.on('error', (e) => settle(false, e.message));
      res.on('close', () => settle(false, 'closed'));
    });
    void (async () => {
      const CHUNK = 200;
      for (let i = 0; i < lines.length; i += CHUNK) {
        if (req.destroyed || settled) return;
        const ok = req.write(`${lines.slice(i, i + CHUNK).join('\n')}\n`);
        if (!ok) {
          await new Promise<void>((go) => {
            const done = () => {
              req.off('drain', done);
              req.off('close', done);
              go();
            };
            req.on('drain', done);
            req.on('close', done);
          });
        }
      }
      if (!req.destroyed) req.end();
    })();
  });
}

/** A JSON request with a bearer key; the body parsed when there is one. */
export async function requestJson(base: string, method: string, path: string, key?: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
}

/** A party with a role and an API key for it, made through the admin API. */
export async function registerParty(base: string, adminKey: string, name: string, role: string): Promise<{ id: string; key: string }> {
  const p = await requestJson(base, 'POST', '/v1/parties', adminKey, { name, role });
  if (p.status !== 201) throw new Error(`registering ${name}: ${p.status} ${JSON.stringify(p.body)}`);
  const k = await requestJson(base, 'POST', `/v1/parties/${p.body.id}/keys`, adminKey, {});
  if (k.status !== 201) throw new Error(`a key for ${name}: ${k.status} ${JSON.stringify(k.body)}`);
  return { id: p.body.id as string, key: k.body.key as string };
}

export interface ServeProcess {
  child: ChildProcess;
  port: number;
  /** http://127.0.0.1:PORT */
  base: string;
  /** The last 20 000 characters the process wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** Whether the process has exited (or was killed). */
  exited(): boolean;
  /** SIGKILL, and waits for the exit. */
  kill(): Promise<void>;
}

/** Starts `clearway serve` with exactly this environment (PORT must be set) and waits until /health answers. */
export async function startServe(env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<ServeProcess> {
  const port = Number(env.PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`startServe needs a PORT, got ${env.PORT}`);
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const kill = async () => {
    if (exited()) return;
    const gone = once(child, 'exit');
    process.kill(child.pid!, 'SIGKILL');
    await within(10_000, 'the killed server to exit', gone);
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`clearway serve exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.status === 200) return { child, port, base, output: () => output, exited, kill };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await kill();
  throw new Error(`clearway serve did not answer /health within ${timeoutMs / 1000} s:\n${output}`);
}

/** `clearway ARGS…` with exactly this environment; its exit code and output. */
export function runClearway(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}
