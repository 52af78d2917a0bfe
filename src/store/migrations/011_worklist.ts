// The officers' worklist reads consignments by status (and lane), oldest change first: an index for it.
import type { Kysely, Migration } from 'kysely';

export const m011: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('consignments_worklist').on('consignments').columns(['status', 'updated_at', 'id']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('consignments_worklist').ifExists().execute();
  },
};
