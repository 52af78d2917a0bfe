// Operations: agency rules (standard 10), and the master (dispatch, air waybill) of each consignment for consolidated
// arrival (a column, so one query finds a master's parcels).
import type { Kysely, Migration } from 'kysely';

export const m006: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('agency_rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('consignments').addColumn('master_id', 'text').execute();
    await db.schema.createIndex('consignments_master').on('consignments').column('master_id').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('consignments_master').ifExists().execute();
    await db.schema.alterTable('consignments').dropColumn('master_id').execute();
    await db.schema.dropTable('agency_rules').ifExists().execute();
  },
};
