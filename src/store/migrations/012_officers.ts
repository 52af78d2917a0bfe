// Migration 012: officer accounts of the web console (password logins acting as a party) and their cookie sessions.
import type { Kysely, Migration } from 'kysely';

export const m012: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('officer_accounts')
      .addColumn('username', 'text', (c) => c.primaryKey())
      .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'text')
      // 0 or 1 on both dialects (SQLite has no boolean type).
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('officer_accounts_party').on('officer_accounts').column('party_id').execute();
    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('party_id', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull().references('officer_accounts.username'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_username').on('sessions').column('username').execute();
    await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['sessions', 'officer_accounts']) await db.schema.dropTable(t).ifExists().execute();
  },
};
