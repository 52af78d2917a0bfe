// Which of this code's migrations the database has not applied: a node must not take traffic on an older schema.
import { Migrator, type Kysely } from 'kysely';
import type { DialectName } from './dialects.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

/** Names of the migrations this code knows that the database has not recorded as applied, in order. */
export async function pendingMigrations(db: Kysely<Database>, dialect: DialectName): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(dialect) } });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}
