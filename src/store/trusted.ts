// Trusted-trader persistence: the AEO registry (each authorisation now, and every version saved) and shared settings.
import type { Kysely } from 'kysely';
import type { AeoAuthorisation } from '../domain/trusted/index.ts';
import type { Database } from './schema.ts';
import type { TrustedTradersTable } from './schema-trusted.ts';

/** An authorisation as stored: its version and who saved it last. */
export interface StoredAuthorisation {
  authorisation: AeoAuthorisation;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

const fromRow = (r: Pick<TrustedTradersTable, 'body' | 'version' | 'updated_by' | 'updated_at'>): StoredAuthorisation => ({
  authorisation: JSON.parse(r.body) as AeoAuthorisation,
  version: Number(r.version),
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

export class TrustedStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Save an authorisation (new, or the next version of one): the current row and its version in the history, in one
   * transaction. The version is counted by the update itself, so two officers saving at once get two versions.
   */
  async put(a: AeoAuthorisation, by: string, at: string): Promise<StoredAuthorisation> {
    const body = JSON.stringify(a);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('trusted_traders')
        .values({ id: a.id, version: 1, body, updated_by: by, updated_at: at })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            version: eb('trusted_traders.version', '+', 1),
            body: eb.ref('excluded.body'),
            updated_by: eb.ref('excluded.updated_by'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returning('version')
        .executeTakeFirstOrThrow();
      const version = Number(row.version);
      await trx.insertInto('trusted_trader_versions').values({ id: a.id, version, body, updated_by: by, updated_at: at }).execute();
      return { authorisation: a, version, updatedBy: by, updatedAt: at };
    });
  }

  async get(id: string): Promise<StoredAuthorisation | undefined> {
    const r = await this.db.selectFrom('trusted_traders').selectAll().where('id', '=', id).executeTakeFirst();
    return r && fromRow(r);
  }

  /** Every authorisation, revoked and expired ones included, by id. */
  async list(): Promise<StoredAuthorisation[]> {
    const rows = await this.db.selectFrom('trusted_traders').selectAll().orderBy('id').execute();
    return rows.map(fromRow);
  }

  /** Every version of an authorisation, oldest first. */
  async history(id: string): Promise<StoredAuthorisation[]> {
    const rows = await this.db.selectFrom('trusted_trader_versions').selectAll().where('id', '=', id).orderBy('version').execute();
    return rows.map(fromRow);
  }

  /** A shared setting's value (JSON text), or undefined when none was saved. */
  async setting(key: string): Promise<string | undefined> {
    const r = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return r?.value;
  }

  /** Save a shared setting, replacing the value before. */
  async putSetting(key: string, value: string, at: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value, created_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
}
