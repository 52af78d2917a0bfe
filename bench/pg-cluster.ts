// A throwaway PostgreSQL cluster for the PostgreSQL benchmark: initdb into a temp directory, a free loopback port,
// started with pg_ctl and stopped (and removed) on every exit. As root the server runs as the `postgres` user, as
// PostgreSQL refuses root. The binaries are Debian's (/usr/lib/postgresql/<newest>/bin) or wherever pg_ctl on PATH
// lives; `.ci/run` installs them the same way (apt-get install postgresql).
//
// Durability is PostgreSQL's default (fsync on, synchronous_commit on): an acknowledged filing is on disk, as in
// production. The memory settings are a small production server's, scaled to a benchmark.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, appendFileSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, dirname } from 'node:path';
import { once } from 'node:events';
import pg from 'pg';
import { onCleanup } from './common.ts';

export interface Cluster {
  /** postgres://… of the `postgres` database; `database(name)` makes a fresh one. */
  url: string;
  version: string;
  settings: Record<string, string>;
  database(name: string): Promise<string>;
}

const SETTINGS: Record<string, string> = {
  shared_buffers: "'512MB'",
  max_wal_size: "'4GB'", // no checkpoint forced by WAL volume in the middle of a phase
  checkpoint_timeout: "'30min'",
  wal_buffers: "'16MB'",
  max_connections: '100',
};

function binDir(): string {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(debian, v, 'bin', 'initdb'))) return join(debian, v, 'bin');
  }
  try {
    const pgCtl = execFileSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).trim();
    if (pgCtl) return dirname(realpathSync(pgCtl));
  } catch {
    // not on PATH
  }
  throw new Error('PostgreSQL server binaries not found: apt-get install postgresql (or set CLEARWAY_BENCH_PG_URL to a server to use)');
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, 'close');
  return port;
}

/** Runs a server binary, as the `postgres` user when this process is root. */
function asServerUser(bin: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  if (root) execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe', cwd: '/' });
  else execFileSync(bin, args, { stdio: 'pipe' });
}

/** Either the server CLEARWAY_BENCH_PG_URL names, or a new cluster started here. */
export async function startCluster(): Promise<Cluster> {
  const given = process.env.CLEARWAY_BENCH_PG_URL;
  const url = given || (await initCluster());
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const version = (await admin.query<{ v: string }>('select version() as v')).rows[0]!.v.split(' on ')[0]!;
  const settings: Record<string, string> = {};
  for (const name of ['shared_buffers', 'synchronous_commit', 'fsync', 'max_wal_size']) {
    settings[name] = (await admin.query<{ s: string }>(`select current_setting('${name}') as s`)).rows[0]!.s;
  }
  await admin.end();
  const created: string[] = [];
  onCleanup(() => {
    // Only databases on a server the bench did not start need dropping; its own cluster is removed whole.
    if (given && created.length) {
      const sql = created.map((d) => `DROP DATABASE IF EXISTS ${d} WITH (FORCE);`).join(' ');
      try {
        execFileSync('psql', [given, '-X', '-q', '-c', sql], { stdio: 'ignore' });
      } catch {
        // psql missing: the databases stay (named clearway_bench_*)
      }
    }
  });
  return {
    url,
    version,
    settings,
    async database(name: string) {
      const db = `clearway_bench_${name}_${process.pid}`;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${db}`);
      await c.end();
      created.push(db);
      const u = new URL(url);
      u.pathname = `/${db}`;
      return u.toString();
    },
  };
}

async function initCluster(): Promise<string> {
  const bin = binDir();
  const root = process.getuid?.() === 0;
  // Under /tmp, not $TMPDIR: the postgres user must reach it.
  const dir = mkdtempSync('/tmp/clearway-bench-pg-');
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  let started = false;
  onCleanup(() => {
    if (started) {
      try {
        asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
      } catch {
        // already stopped
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });
  asServerUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C']);
  const port = await freePort();
  const conf = [`listen_addresses = '127.0.0.1'`, `port = ${port}`, `unix_socket_directories = '${dir}'`, ...Object.entries(SETTINGS).map(([k, v]) => `${k} = ${v}`)];
  appendFileSync(join(data, 'postgresql.conf'), `\n# clearway bench\n${conf.join('\n')}\n`);
  try {
    asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', 'start']);
  } catch (e) {
    throw new Error(`PostgreSQL did not start: ${(e as Error).message}\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : ''}`);
  }
  started = true;
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}
