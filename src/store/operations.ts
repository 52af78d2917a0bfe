// Operations persistence: agency rules, and the live consignments of a master (dispatch or air waybill).
import type { Kysely } from 'kysely';
import type { AgencyRule } from '../domain/agencies/index.ts';
import type { Database } from './schema.ts';

export class OperationsStore {
  constructor(private readonly db: Kysely<Database>) {}

  async agencyRules(): Promise<AgencyRule[]> {
    const rows = await this.db.selectFrom('agency_rules').select('body').orderBy('id').execute();
    return rows.map((r) => JSON.parse(r.body) as AgencyRule);
  }

  async putAgencyRule(rule: AgencyRule, by: string, at: string): Promise<void> {
    const body = JSON.stringify(rule);
    await this.db
      .insertInto('agency_rules')
      .values({ id: rule.id, body, updated_by: by, updated_at: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ body, updated_by: by, updated_at: at }))
      .execute();
  }

  /** When the agency rules last changed (any node): a cheap look before reloading them. */
  async agencyRulesStamp(): Promise<string> {
    const r = await this.db
      .selectFrom('agency_rules')
      .select([(eb) => eb.fn.max('updated_at').as('at'), (eb) => eb.fn.countAll<number>().as('n')])
      .executeTakeFirst();
    return `${r?.at ?? ''}|${Number(r?.n ?? 0)}`;
  }

  /** Ids of the live consignments travelling under a master. */
  async consignmentsOfMaster(masterId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('consignments').select('id').where('master_id', '=', masterId).where('merged_into', 'is', null).orderBy('id').execute();
    return rows.map((r) => r.id);
  }

  /**
   * A page of the worklist: live consignments in the given statuses (and lane), by last change, after a cursor. Rows
   * carry the document as stored (JSON), not the merged fields: a list does not replay every parcel's filings.
   */
  async worklist(q: { statuses: readonly string[]; lane?: string; newestFirst: boolean; after?: { at: string; id: string }; limit: number }): Promise<WorklistRow[]> {
    let query = this.db
      .selectFrom('consignments')
      .select(['id', 'tracking_id', 'status', 'lane', 'category', 'updated_at', 'doc'])
      .where('merged_into', 'is', null)
      .where('status', 'in', [...q.statuses]);
    if (q.lane !== undefined) query = query.where('lane', '=', q.lane);
    if (q.after) {
      const { at, id } = q.after;
      query = q.newestFirst
        ? query.where((eb) => eb.or([eb('updated_at', '<', at), eb.and([eb('updated_at', '=', at), eb('id', '<', id)])]))
        : query.where((eb) => eb.or([eb('updated_at', '>', at), eb.and([eb('updated_at', '=', at), eb('id', '>', id)])]));
    }
    const dir = q.newestFirst ? 'desc' : 'asc';
    return query.orderBy('updated_at', dir).orderBy('id', dir).limit(q.limit).execute();
  }
}

export interface WorklistRow {
  id: string;
  tracking_id: string | null;
  status: string;
  lane: string;
  category: number | null;
  updated_at: string;
  doc: string;
}
