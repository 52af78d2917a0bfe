// The two dialects behind the one store: SQLite (better-sqlite3, embedded default) and PostgreSQL (pg, production).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface SqliteOptions {
  /** FULL (default): a commit is on disk before it is acknowledged; NORMAL survives a process crash but not a power loss. */
  synchronous?: 'FULL' | 'NORMAL';
}

export function sqliteDb(file: string, options: SqliteOptions = {}): { db: Kysely<Database>; sqlite: BetterSqlite3.Database } {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  database.pragma('busy_timeout = 10000');
  database.pragma('cache_size = -65536');
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), sqlite: database };
}

// int8 (bigint) columns: event sequence numbers stay far below 2^53, so a JavaScript number is exact.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function postgresDb(url: string, poolSize = 10): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A broken idle connection (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // pg-pool listens for a client's errors only while it is idle: a connection that breaks while checked out (the
  // server restarts mid-transaction) emits 'error' with no listener, which kills the process. The query in flight
  // fails anyway (its transaction with it), and the pool discards the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
