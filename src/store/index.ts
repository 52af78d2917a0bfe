// Public surface of persistence: open the store the configuration names (SQLite file or PostgreSQL URL).
import { join } from 'node:path';
import { postgresDb, sqliteDb, type SqliteOptions } from './dialects.ts';
import { Store } from './store.ts';

export { Store, StoreTx, type StoreReader, type StoredFiling, type PartyRecord, type KeyRecord } from './store.ts';
export type { LedgerRecord, Registration } from './revenue.ts';
export type { DialectName } from './dialects.ts';
export type { AccountListing, OfficerAccount, StoredSession } from './officers.ts';
export { consignmentsByStatus } from './counts.ts';
export { pendingMigrations } from './migration-state.ts';
export { ensurePartitions, PARTITION_MONTHS_AHEAD, type PartitionReport } from './partitions.ts';

export interface StoreConfig {
  /** postgres://… selects PostgreSQL; otherwise SQLite in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  sqlite?: SqliteOptions;
  poolSize?: number;
}

export function openStore(config: StoreConfig): Store {
  const url = config.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) return new Store(postgresDb(url, config.poolSize), 'postgres');
  if (url && !url.startsWith('sqlite:')) throw new Error(`DATABASE_URL must start with postgres:// or sqlite: (got ${url.split(':')[0]}:)`);
  const { db, sqlite } = sqliteDb(url ? url.slice('sqlite:'.length) : join(config.dataDir, 'clearway.db'), config.sqlite);
  return new Store(db, 'sqlite', sqlite);
}
