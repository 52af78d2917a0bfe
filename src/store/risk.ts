// Risk persistence: every version of every targeting rule, and the watchlists.
import type { Kysely } from 'kysely';
import type { RiskRule, Watchlist } from '../domain/risk/rules/index.ts';
import type { Database, InspectionOutcomesTable, RiskDecisionsTable, RiskModelsTable } from './schema.ts';

export type DecisionRow = RiskDecisionsTable;
export type OutcomeRow = InspectionOutcomesTable;
export type ModelRow = RiskModelsTable;

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

  /** Consignments decided after a moment (every node's), oldest first, at most `limit` of the latest. */
  async decidedSince(after: string, limit: number): Promise<Array<{ consignmentId: string; decidedAt: string }>> {
    const rows = await this.db
      .selectFrom('risk_decisions')
      .select(['consignment_id', 'decided_at'])
      .where('decided_at', '>', after)
      .orderBy('decided_at', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse().map((r) => ({ consignmentId: r.consignment_id, decidedAt: r.decided_at }));
  }

  /** Decisions on a day, every node's. */
  async countDecisions(day: string): Promise<number> {
    const r = await this.db.selectFrom('risk_decisions').select((eb) => eb.fn.countAll<number>().as('n')).where('day', '=', day).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Decisions per lane on a day, every node's: the capacity used so far. */
  async laneUsage(day: string): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('risk_decisions')
      .select(['lane', (eb) => eb.fn.countAll<number>().as('n')])
      .where('day', '=', day)
      .groupBy('lane')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.lane, Number(r.n)]));
  }

  /** The expected values of the most recent decisions (oldest first), for placing the selection threshold. */
  async recentExpectedValues(limit: number): Promise<number[]> {
    const rows = await this.db.selectFrom('risk_decisions').select('expected_value').orderBy('decided_at', 'desc').limit(limit).execute();
    return rows.map((r) => Number(r.expected_value)).reverse();
  }

  /** Decisions in a period [from, to) of days, with their outcomes (none when the parcel was not controlled or not yet). */
  async decisionsWithOutcomes(from: string, to: string): Promise<Array<DecisionRow & { outcomes: OutcomeRow[] }>> {
    const decisions = await this.db.selectFrom('risk_decisions').selectAll().where('day', '>=', from).where('day', '<', to).orderBy('decided_at').execute();
    const outcomes = await this.db
      .selectFrom('inspection_outcomes')
      .innerJoin('risk_decisions', 'risk_decisions.consignment_id', 'inspection_outcomes.consignment_id')
      .selectAll('inspection_outcomes')
      .where('risk_decisions.day', '>=', from)
      .where('risk_decisions.day', '<', to)
      .orderBy('inspection_outcomes.at')
      .execute();
    const by = new Map<string, OutcomeRow[]>();
    for (const o of outcomes) (by.get(o.consignment_id) ?? by.set(o.consignment_id, []).get(o.consignment_id)!).push(o);
    return decisions.map((d) => ({ ...d, score: Number(d.score), expected_value: Number(d.expected_value), random_chance: d.random_chance === null ? null : Number(d.random_chance), outcomes: by.get(d.consignment_id) ?? [] }));
  }

  /** Every outcome, oldest first, a page at a time (the hit-rate histories are rebuilt from them). */
  async *outcomes(pageSize = 5000): AsyncGenerator<OutcomeRow> {
    let after = '';
    for (;;) {
      const rows = await this.db.selectFrom('inspection_outcomes').selectAll().where('id', '>', after).orderBy('id').limit(pageSize).execute();
      yield* rows;
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.id;
    }
  }

  async countOutcomes(): Promise<number> {
    const r = await this.db.selectFrom('inspection_outcomes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Store a trained model; false when its version exists already (two trainings at once). */
  async addModel(row: ModelRow): Promise<boolean> {
    const r = await this.db.insertInto('risk_models').values(row).onConflict((oc) => oc.column('version').doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async models(): Promise<Array<Omit<ModelRow, 'body'>>> {
    return this.db.selectFrom('risk_models').select(['version', 'trained_at', 'trained_by', 'status', 'metrics']).orderBy('trained_at').execute();
  }

  async model(version: string): Promise<ModelRow | undefined> {
    return this.db.selectFrom('risk_models').selectAll().where('version', '=', version).executeTakeFirst();
  }

  /** The models in use: the active one and the one in shadow, if any. */
  async modelsInUse(): Promise<ModelRow[]> {
    return this.db.selectFrom('risk_models').selectAll().where('status', 'in', ['active', 'shadow']).execute();
  }

  /** Put a model in a role (active or shadow): the one holding that role before is retired, in one transaction. */
  async setModelStatus(version: string, status: 'active' | 'shadow' | 'retired'): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (status !== 'retired') await trx.updateTable('risk_models').set({ status: 'retired' }).where('status', '=', status).execute();
      await trx.updateTable('risk_models').set({ status }).where('version', '=', version).execute();
    });
  }

  /**
   * A shared setting, written once: the value stored, or `make()`'s when there is none yet (two nodes starting at once
   * both end up with whichever was written first).
   */
  async settingOnce(key: string, make: () => string, at: string): Promise<string> {
    await this.db.insertInto('settings').values({ key, value: make(), created_at: at }).onConflict((oc) => oc.column('key').doNothing()).execute();
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
    return row.value;
  }
}
