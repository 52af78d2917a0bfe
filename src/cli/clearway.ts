// What CLI commands share: Clearway opened on the configured database, as the administrator.
import { configFromEnv } from '../config.ts';
import { ADMIN_PARTY_ID, openClearway, type Clearway } from '../services/clearway.ts';
import type { Actor } from '../services/roles.ts';

/** The command line acts as the administrator (whoever runs it has the database). */
export const CLI_ACTOR: Actor = { partyId: ADMIN_PARTY_ID, role: 'admin', name: 'cli' };

/** Run `fn` with Clearway open on the configured database, closed afterwards whatever happens. */
export async function withClearway<T>(fn: (cw: Clearway) => Promise<T>): Promise<T> {
  const cw = await openClearway(configFromEnv());
  try {
    return await fn(cw);
  } finally {
    await cw.close();
  }
}
