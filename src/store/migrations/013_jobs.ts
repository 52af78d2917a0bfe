// Migration 013: background jobs (model training, threshold simulations) with their progress, result or error.
import type { Kysely, Migration } from 'kysely';

export const m013: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('done', 'bigint', (c) => c.notNull())
      .addColumn('total', 'bigint', (c) => c.notNull())
      .addColumn('phase', 'text', (c) => c.notNull())
      .addColumn('result', 'text')
      .addColumn('error', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // The list, newest first; the recovery of jobs left unfinished by a node that died.
    await db.schema.createIndex('jobs_created').on('jobs').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('jobs_unfinished').on('jobs').columns(['status', 'updated_at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('jobs').ifExists().execute();
  },
};
