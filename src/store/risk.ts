// Risk persistence: every version of every targeting rule, and the watchlists.
import type { Kysely } from 'kysely';
import type { RiskRule, Watchlist } from '../domain/risk/rules/index.ts';
import type { Database } from './schema.ts';

export class RiskStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Save a new version; a version that exists already is a conflict (two analysts editing at once): false. */
  async addRuleVersion(rule: RiskRule, at: string): Promise<boolean> {
    try {
      await this.db
        .insertInto('risk_rules')
        .values({ id: rule.id, version: rule.version, body: JSON.stringify(rule), author: rule.author, created_at: at })
        .execute();
      return true;
    } catch (e) {
      if (await this.db.selectFrom('risk_rules').select('id').where('id', '=', rule.id).where('version', '=', rule.version).executeTakeFirst()) return false;
      throw e;
    }
  }

  /** The latest version of every rule (withdrawn ones included, marked inactive). */
  async latestRules(): Promise<RiskRule[]> {
    const rows = await this.db.selectFrom('risk_rules').select(['id', 'version', 'body']).orderBy('id').orderBy('version').execute();
    const latest = new Map<string, string>();
    for (const r of rows) latest.set(r.id, r.body);
    return [...latest.values()].map((b) => JSON.parse(b) as RiskRule);
  }

  async ruleHistory(id: string): Promise<RiskRule[]> {
    const rows = await this.db.selectFrom('risk_rules').select('body').where('id', '=', id).orderBy('version').execute();
    return rows.map((r) => JSON.parse(r.body) as RiskRule);
  }

  async putWatchlist(list: Watchlist, by: string, at: string): Promise<void> {
    await this.db
      .insertInto('watchlists')
      .values({ id: list.id, body: JSON.stringify(list), updated_by: by, updated_at: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ body: JSON.stringify(list), updated_by: by, updated_at: at }))
      .execute();
  }

  async watchlists(): Promise<Watchlist[]> {
    const rows = await this.db.selectFrom('watchlists').select('body').orderBy('id').execute();
    return rows.map((r) => JSON.parse(r.body) as Watchlist);
  }
}
