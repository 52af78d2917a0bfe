// Event subscriptions (webhooks): who wants which events at which URL, how far each has been delivered, and every
// delivery with its attempts.
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../dialects.ts';

export const m009 = (dialect: DialectName): Migration => ({
  async up(db: Kysely<any>) {
    const seq = dialect === 'sqlite' ? 'integer' : 'bigint';
    await db.schema
      .createTable('subscriptions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('party_id', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('event_types', 'text')
      .addColumn('cursor_seq', seq, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .execute();
    await db.schema.createIndex('subscriptions_party').on('subscriptions').column('party_id').execute();
    await db.schema
      .createTable('deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('subscription_id', 'text', (c) => c.notNull())
      .addColumn('seq', seq, (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('delivered_at', 'text')
      .execute();
    // At most one delivery under way per subscription: what keeps its events in order, and two nodes from both
    // starting one.
    await db.schema
      .createIndex('deliveries_pending')
      .on('deliveries')
      .column('subscription_id')
      .unique()
      .where(sql.ref('delivered_at'), 'is', null)
      .execute();
    await db.schema.createIndex('deliveries_subscription').on('deliveries').columns(['subscription_id', 'seq']).execute();
    await db.schema.createIndex('deliveries_delivered').on('deliveries').column('delivered_at').execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['deliveries', 'subscriptions']) await db.schema.dropTable(t).ifExists().execute();
  },
});
