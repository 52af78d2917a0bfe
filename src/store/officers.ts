// Officer-account persistence: password logins with their lock-out counters, and console sessions (stored by hash).
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { OfficerAccountsTable } from './schema-officers.ts';

export interface OfficerAccount {
  username: string;
  partyId: string;
  passwordHash: string;
  failedAttempts: number;
  lockedUntil: string | null;
  disabled: boolean;
  createdAt: string;
}

/** A session as stored, with what the request needs of its account and party. */
export interface StoredSession {
  idHash: string;
  username: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  partyId: string;
  partyName: string;
  partyRole: string;
  accountDisabled: boolean;
}

/** An account as listed: its party's role and name, never its password hash. */
export interface AccountListing {
  username: string;
  partyId: string;
  partyRole: string;
  partyName: string;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

const accountFromRow = (r: OfficerAccountsTable): OfficerAccount => ({
  username: r.username,
  partyId: r.party_id,
  passwordHash: r.password_hash,
  failedAttempts: Number(r.failed_attempts),
  lockedUntil: r.locked_until,
  disabled: Number(r.disabled) !== 0,
  createdAt: r.created_at,
});

export class OfficerStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds an account; false when the username is taken. */
  async insertAccount(a: { username: string; partyId: string; passwordHash: string; createdAt: string }): Promise<boolean> {
    const r = await this.db
      .insertInto('officer_accounts')
      .values({ username: a.username, party_id: a.partyId, password_hash: a.passwordHash, failed_attempts: 0, locked_until: null, disabled: 0, created_at: a.createdAt })
      .onConflict((oc) => oc.column('username').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async account(username: string): Promise<OfficerAccount | undefined> {
    const r = await this.db.selectFrom('officer_accounts').selectAll().where('username', '=', username).executeTakeFirst();
    return r && accountFromRow(r);
  }

  /** Every account with its party, by username. */
  async listAccounts(): Promise<AccountListing[]> {
    const rows = await this.db
      .selectFrom('officer_accounts')
      .innerJoin('parties', 'parties.id', 'officer_accounts.party_id')
      .select([
        'officer_accounts.username',
        'officer_accounts.party_id',
        'parties.role as party_role',
        'parties.name as party_name',
        'officer_accounts.disabled',
        'officer_accounts.locked_until',
        'officer_accounts.created_at',
      ])
      .orderBy('officer_accounts.username')
      .execute();
    return rows.map((r) => ({
      username: r.username,
      partyId: r.party_id,
      partyRole: r.party_role,
      partyName: r.party_name,
      disabled: Number(r.disabled) !== 0,
      lockedUntil: r.locked_until,
      createdAt: r.created_at,
    }));
  }

  /** Sets or clears `disabled`; false when there is no such account. */
  async setDisabled(username: string, disabled: boolean): Promise<boolean> {
    const r = await this.db.updateTable('officer_accounts').set({ disabled: disabled ? 1 : 0 }).where('username', '=', username).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Replaces the password hash and clears the failures and any lock; false when there is no such account. */
  async setPasswordHash(username: string, passwordHash: string): Promise<boolean> {
    const r = await this.db
      .updateTable('officer_accounts')
      .set({ password_hash: passwordHash, failed_attempts: 0, locked_until: null })
      .where('username', '=', username)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Counts a login attempt before its password is checked, in one statement, so that attempts made at the same time
   * each get their own number (a burst cannot slip past the limit). Returns that number, or the end of the lock when
   * the account is locked at `now`.
   */
  async countAttempt(username: string, now: string): Promise<{ attempt: number } | { lockedUntil: string }> {
    const r = await this.db
      .updateTable('officer_accounts')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('username', '=', username)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .returning('failed_attempts')
      .executeTakeFirst();
    if (r) return { attempt: Number(r.failed_attempts) };
    const locked = await this.db.selectFrom('officer_accounts').select('locked_until').where('username', '=', username).executeTakeFirst();
    return { lockedUntil: locked?.locked_until ?? now };
  }

  /** Locks the account until `until`; the attempts count again from zero once it ends. */
  async lock(username: string, until: string): Promise<void> {
    await this.db.updateTable('officer_accounts').set({ locked_until: until, failed_attempts: 0 }).where('username', '=', username).execute();
  }

  /** After a successful login: no failures, no lock. */
  async clearAttempts(username: string): Promise<void> {
    await this.db.updateTable('officer_accounts').set({ locked_until: null, failed_attempts: 0 }).where('username', '=', username).execute();
  }

  async insertSession(s: { idHash: string; partyId: string; username: string; csrfToken: string; createdAt: string; expiresAt: string }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ id_hash: s.idHash, party_id: s.partyId, username: s.username, csrf_token: s.csrfToken, created_at: s.createdAt, expires_at: s.expiresAt, last_seen_at: s.createdAt })
      .execute();
  }

  async session(idHash: string): Promise<StoredSession | undefined> {
    const r = await this.db
      .selectFrom('sessions')
      .innerJoin('officer_accounts', 'officer_accounts.username', 'sessions.username')
      .innerJoin('parties', 'parties.id', 'sessions.party_id')
      .select([
        'sessions.id_hash',
        'sessions.username',
        'sessions.csrf_token',
        'sessions.created_at',
        'sessions.expires_at',
        'sessions.last_seen_at',
        'sessions.party_id',
        'parties.name as party_name',
        'parties.role as party_role',
        'officer_accounts.disabled',
      ])
      .where('sessions.id_hash', '=', idHash)
      .executeTakeFirst();
    return (
      r && {
        idHash: r.id_hash,
        username: r.username,
        csrfToken: r.csrf_token,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        lastSeenAt: r.last_seen_at,
        partyId: r.party_id,
        partyName: r.party_name,
        partyRole: r.party_role,
        accountDisabled: Number(r.disabled) !== 0,
      }
    );
  }

  async touchSession(idHash: string, at: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  /** Ends every session of an account but the one whose hash is `keep`; returns how many ended. */
  async deleteAccountSessions(username: string, keep?: string): Promise<number> {
    let q = this.db.deleteFrom('sessions').where('username', '=', username);
    if (keep !== undefined) q = q.where('id_hash', '!=', keep);
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Removes sessions past their absolute end (idle ones are removed when next presented, or at that end). */
  async deleteExpiredSessions(now: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }
}
