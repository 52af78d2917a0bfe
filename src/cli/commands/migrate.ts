// `clearway migrate`: bring the database schema up to date.
import type { Config } from '../../config.ts';
import { openStore } from '../../store/index.ts';

export async function migrateCommand(config: Config): Promise<void> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sqlite: { synchronous: config.sqliteSync } });
  try {
    const applied = await store.migrate();
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
  } finally {
    await store.close();
  }
}
