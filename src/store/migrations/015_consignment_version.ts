// Migration 015: a version per consignment row, raised by every write of it. Intake works out a batch before it takes
// the chain-head lock and, under the lock, checks that the consignments it read are still at the versions it read
// (optimistic concurrency: docs/architecture.md, "Several nodes on one database").
import type { Kysely, Migration } from 'kysely';

export const m015: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('consignments').addColumn('version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('consignments').dropColumn('version').execute();
  },
};
