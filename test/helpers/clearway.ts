// Test harness: a real Clearway server on a random port with a fresh database (SQLite file, or a new PostgreSQL
// database when CLEARWAY_TEST_PG_URL points at a server), and a small client for it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { configFromEnv, type Config } from '../../src/config.ts';
import { buildServer } from '../../src/server/app.ts';
import { openClearway, type Clearway } from '../../src/services/clearway.ts';
import type { Role } from '../../src/services/roles.ts';

export type StoreKind = 'sqlite' | 'postgres';

/** The stores integration tests run on: SQLite always, PostgreSQL when CI (or a developer) provides a server. */
export function testStores(): StoreKind[] {
  return process.env.CLEARWAY_TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A fresh, empty database URL for one test server, and how to drop it afterwards. */
export async function freshDatabase(kind: StoreKind): Promise<{ config: Partial<Config>; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'clearway-test-'));
    return { config: { dataDir: dir, databaseUrl: undefined }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const base = process.env.CLEARWAY_TEST_PG_URL!;
  const name = `cw_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(join(tmpdir(), 'clearway-test-'));
  return {
    config: { dataDir: dir, databaseUrl: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestServer {
  kind: StoreKind;
  url: string;
  cw: Clearway;
  app: FastifyInstance;
  adminKey: string;
  /** Registers a party with a role and returns a client that sends its key. */
  party(name: string, role: Role, extra?: { collection?: 'carrier' | 'account' }): Promise<Client & { id: string; key: string }>;
  admin: Client;
  close(): Promise<void>;
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class Client {
  constructor(
    readonly url: string,
    readonly key: string | undefined,
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const res = await fetch(this.url + path, {
      method,
      headers: {
        ...(this.key ? { authorization: `Bearer ${this.key}` } : {}),
        ...(body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array) ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: (body === undefined ? undefined : typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body)) as BodyInit | undefined,
    });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('application/json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('POST', path, body, headers);

  /** Sends NDJSON lines to the batch route and parses the result lines. */
  async batch(lines: (string | object)[]): Promise<{ status: number; results: any[] }> {
    const body = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
    const r = await this.request('POST', '/v1/filings/batch', body, { 'content-type': 'application/x-ndjson' });
    const text = r.body as string;
    return { status: r.status, results: text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)) };
  }
}

export async function startServer(kind: StoreKind = 'sqlite', overrides: Partial<Config> = {}, clock?: () => Date): Promise<TestServer> {
  const db = await freshDatabase(kind);
  const adminKey = `test-admin-${randomBytes(12).toString('hex')}`;
  return startNode(kind, testConfig(db.config, adminKey, overrides), adminKey, clock, db.drop);
}

/**
 * Several Clearway nodes on one fresh database, as a cluster runs: each node its own `openClearway` (store connections,
 * caches, risk runtime) and its own server, all with the same admin key. On SQLite they share the database file.
 * A node's close() leaves the database; close() of the cluster closes every node, then drops it.
 */
export async function startNodes(
  kind: StoreKind,
  n: number,
  overrides: Partial<Config> = {},
  clock?: () => Date,
): Promise<{ nodes: TestServer[]; close(): Promise<void> }> {
  const db = await freshDatabase(kind);
  const adminKey = `test-admin-${randomBytes(12).toString('hex')}`;
  const nodes: TestServer[] = [];
  try {
    // One after the other: the first migrates the database, the others find it migrated.
    for (let i = 0; i < n; i++) nodes.push(await startNode(kind, testConfig(db.config, adminKey, overrides), adminKey, clock, async () => {}));
  } catch (e) {
    await Promise.allSettled(nodes.map((node) => node.close()));
    await db.drop();
    throw e;
  }
  return {
    nodes,
    async close() {
      await Promise.allSettled(nodes.map((node) => node.close()));
      await db.drop();
    },
  };
}

function testConfig(database: Partial<Config>, adminKey: string, overrides: Partial<Config>): Config {
  // No capacity for selection by score or at random unless a test asks for it: a parcel's lane is then what rules and
  // findings force, the same in every run (a random draw depends on the consignment id, which differs per run).
  // No rate limits unless a test sets them: every test client comes from 127.0.0.1, and a fuzz test is a flood.
  return { ...configFromEnv({}), demo: false, adminKey, ...database, risk: { capacities: [] }, rateLimit: { perKey: 0, perAddress: 0, windowMs: 60_000 }, ...overrides };
}

async function startNode(kind: StoreKind, config: Config, adminKey: string, clock: (() => Date) | undefined, drop: () => Promise<void>): Promise<TestServer> {
  const cw = await openClearway(config, clock);
  const app = await buildServer(cw);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const admin = new Client(url, adminKey);
  return {
    kind,
    url,
    cw,
    app,
    adminKey,
    admin,
    async party(name, role, extra = {}) {
      const p = await admin.post('/v1/parties', { name, role, ...extra });
      if (p.status !== 201) throw new Error(`party: ${p.status} ${JSON.stringify(p.body)}`);
      const k = await admin.post(`/v1/parties/${p.body.id}/keys`, {});
      if (k.status !== 201) throw new Error(`key: ${k.status} ${JSON.stringify(k.body)}`);
      return Object.assign(new Client(url, k.body.key), { id: p.body.id as string, key: k.body.key as string });
    },
    async close() {
      await app.close();
      await cw.close();
      await drop();
    },
  };
}
