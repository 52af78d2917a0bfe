// Migration 007: the trusted-trader (AEO) registry — each authorisation as it stands, and every version saved.
import type { Kysely, Migration } from 'kysely';

export const m007: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('trusted_traders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('trusted_trader_versions')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('trusted_trader_versions_pk', ['id', 'version'])
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['trusted_trader_versions', 'trusted_traders']) await db.schema.dropTable(t).ifExists().execute();
  },
};
