// The one set of migrations both dialects run; a column type differs only where a dialect needs it to.
import { type Kysely, type Migration } from 'kysely';
import { GENESIS_HASH } from '../../domain/audit/index.ts';
import type { DialectName } from '../dialects.ts';
import { m009 } from './009_subscriptions.ts';
import { m006 } from './006_operations.ts';
import { m010 } from './010_random_chance.ts';
import { m011 } from './011_worklist.ts';
import { m012 } from './012_officers.ts';
import { m013 } from './013_jobs.ts';
import { m015 } from './015_consignment_version.ts';
import { m014 } from './014_partitions.ts';
import { m007 } from './007_trusted.ts';
import { m008 } from './008_quality.ts';

const m001 = (dialect: DialectName): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('parties')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('label', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('api_keys_party').on('api_keys').column('party_id').execute();
    await db.schema
      .createTable('consignments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tracking_id', 'text', (c) => c.unique())
      .addColumn('order_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('category', 'integer')
      .addColumn('lane', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('merged_into', 'text')
      .addColumn('doc', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('consignments_order').on('consignments').column('order_id').execute();
    await db.schema
      .createTable('filings')
      .addColumn('party_id', 'text', (c) => c.notNull())
      .addColumn('filing_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('consignment_id', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('filings_pk', ['party_id', 'filing_id'])
      .execute();
    await db.schema.createIndex('filings_consignment').on('filings').columns(['consignment_id', 'party_id']).execute();
    await db.schema
      .createTable('events')
      // On SQLite only INTEGER PRIMARY KEY is the rowid itself; BIGINT would add a second B-tree beside it.
      .addColumn('seq', dialect === 'sqlite' ? 'integer' : 'bigint', (c) => c.primaryKey())
      .addColumn('consignment_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('events_consignment').on('events').columns(['consignment_id', 'seq']).execute();
    await db.schema
      .createTable('chain_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.insertInto('chain_head').values({ id: 1, seq: 0, hash: GENESIS_HASH }).execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['chain_head', 'events', 'filings', 'consignments', 'api_keys', 'parties']) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
});

/** Revenue: the reference data the administration loads (rates, tariff, scheme registries) and the ledger. */
const m002: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('exchange_rates')
      .addColumn('pack_id', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'text', (c) => c.notNull())
      .addColumn('valid_until', 'text')
      .addColumn('per_unit', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('exchange_rates_pk', ['pack_id', 'currency', 'valid_from'])
      .execute();
    await db.schema
      .createTable('tariff_lines')
      .addColumn('pack_id', 'text', (c) => c.notNull())
      .addColumn('hs', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'text', (c) => c.notNull())
      .addColumn('valid_until', 'text')
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('duty', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('tariff_lines_pk', ['pack_id', 'hs', 'valid_from'])
      .execute();
    await db.schema
      .createTable('registrations')
      .addColumn('scheme', 'text', (c) => c.notNull())
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'text', (c) => c.notNull())
      .addColumn('valid_until', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('registrations_pk', ['scheme', 'number', 'valid_from'])
      .execute();
    await db.schema
      .createTable('ledger')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('consignment_id', 'text')
      .addColumn('party_id', 'text')
      .addColumn('model', 'text')
      .addColumn('memo', 'text', (c) => c.notNull())
      .addColumn('postings', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ledger_consignment').on('ledger').column('consignment_id').execute();
    await db.schema.createIndex('ledger_party').on('ledger').columns(['party_id', 'at']).execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['ledger', 'registrations', 'tariff_lines', 'exchange_rates']) await db.schema.dropTable(t).ifExists().execute();
  },
};

/** Risk: targeting rules (every version kept) and watchlists. */
const m003: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('risk_rules')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('risk_rules_pk', ['id', 'version'])
      .execute();
    await db.schema
      .createTable('watchlists')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['watchlists', 'risk_rules']) await db.schema.dropTable(t).ifExists().execute();
  },
};

/** Controls: decisions at arrival, inspection outcomes, trained models. */
const m004: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('risk_decisions')
      .addColumn('consignment_id', 'text', (c) => c.primaryKey())
      .addColumn('decided_at', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('lane', 'text', (c) => c.notNull())
      .addColumn('selected_by', 'text', (c) => c.notNull())
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addColumn('expected_value', 'double precision', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('model_version', 'text')
      .addColumn('model_probability', 'double precision')
      .addColumn('shadow_version', 'text')
      .addColumn('shadow_probability', 'double precision')
      .execute();
    await db.schema.createIndex('risk_decisions_day').on('risk_decisions').columns(['day', 'lane']).execute();
    await db.schema
      .createTable('inspection_outcomes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('consignment_id', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('officer', 'text', (c) => c.notNull())
      .addColumn('lane', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('amount', 'text')
      .addColumn('currency', 'text')
      .addColumn('note', 'text')
      .addColumn('parties', 'text', (c) => c.notNull())
      .addColumn('routes', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('inspection_outcomes_consignment').on('inspection_outcomes').column('consignment_id').execute();
    await db.schema
      .createTable('risk_models')
      .addColumn('version', 'text', (c) => c.primaryKey())
      .addColumn('trained_at', 'text', (c) => c.notNull())
      .addColumn('trained_by', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('metrics', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['risk_models', 'inspection_outcomes', 'risk_decisions']) await db.schema.dropTable(t).ifExists().execute();
  },
};

/** Settings the nodes share and generate themselves (the secret seed of the random selection). */
const m005: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('settings').ifExists().execute();
  },
};

export const migrations = (dialect: DialectName): Record<string, Migration> => ({
  '001_intake': m001(dialect),
  '002_revenue': m002,
  '003_risk': m003,
  '004_controls': m004,
  '005_settings': m005,
  '009_subscriptions': m009(dialect),
  '010_random_chance': m010,
  '011_worklist': m011,
  '012_officers': m012,
  '013_jobs': m013,
  '015_consignment_version': m015,
  '014_partitions': m014(dialect),
  '006_operations': m006,
  '007_trusted': m007,
  '008_quality': m008,
});
