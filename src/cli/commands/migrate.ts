// `clearway migrate`: bring the database schema up to date, and (PostgreSQL) the monthly partitions ready.
import type { Config } from '../../config.ts';
import { ensurePartitions, openStore, PARTITION_MONTHS_AHEAD } from '../../store/index.ts';

export async function migrateCommand(config: Config): Promise<void> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sqlite: { synchronous: config.sqliteSync } });
  try {
    const applied = await store.migrate();
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
    const partitions = await ensurePartitions(store.db, new Date(), PARTITION_MONTHS_AHEAD);
    if (partitions.created.length) process.stdout.write(`partitions created: ${partitions.created.join(', ')}\n`);
    if (partitions.moved) process.stdout.write(`rows moved out of DEFAULT partitions: ${partitions.moved}\n`);
  } finally {
    await store.close();
  }
}
