// Table shapes of officer accounts and console sessions (migration 012_officers), part of the store's Database (schema.ts).

/** A password login to the web console; it acts as `party_id` (an officer, administrator or agency party). */
export interface OfficerAccountsTable {
  /** Lowercase, [a-z0-9._-]{3,64}. */
  username: string;
  party_id: string;
  /** bcrypt hash ($2b$…), with its cost and salt; the password itself is never stored. */
  password_hash: string;
  /** Failed (or still running) logins since the last success or lock-out. */
  failed_attempts: number;
  /** ISO time until which every login is refused; null when not locked. */
  locked_until: string | null;
  /** 1: no login, and the account's sessions are refused. */
  disabled: number;
  created_at: string;
}

/** A console session. Only the SHA-256 of its token is kept: a copy of this table lets nobody log in. */
export interface SessionsTable {
  /** SHA-256 (hex) of the cookie's token. */
  id_hash: string;
  party_id: string;
  username: string;
  /** What the console sends back in x-csrf-token on requests that change something. */
  csrf_token: string;
  created_at: string;
  /** The absolute end (ISO time), whatever the use. */
  expires_at: string;
  /** Written at most once a minute: the idle limit counts from it. */
  last_seen_at: string;
}

export interface OfficerTables {
  officer_accounts: OfficerAccountsTable;
  sessions: SessionsTable;
}
