// The chance of a random check each decided parcel had: random selections are weighted by it (an AEO's parcels are drawn
// less often), so the random hit rate stays an unbiased estimate of the traffic.
import type { Kysely, Migration } from 'kysely';

export const m010: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('risk_decisions').addColumn('random_chance', 'double precision').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('risk_decisions').dropColumn('random_chance').execute();
  },
};
