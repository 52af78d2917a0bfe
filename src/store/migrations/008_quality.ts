// Partner data-quality feedback (WCO standard 11): refused filings counted per party, day and error, and the index
// that reads a party's filings by the time they were received.
import { type Kysely, type Migration } from 'kysely';

export const m008: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('filing_rejections')
      .addColumn('party_id', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('filing_rejections_pk', ['party_id', 'day', 'code', 'path'])
      .execute();
    // A partner's figures read its filings of a period; the primary key (party_id, filing_id) would scan all of them.
    await db.schema.createIndex('filings_party_received').on('filings').columns(['party_id', 'received_at', 'kind']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('filings_party_received').ifExists().execute();
    await db.schema.dropTable('filing_rejections').ifExists().execute();
  },
};
