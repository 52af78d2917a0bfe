// Console logins (officer accounts): bcrypt passwords, lock-out after repeated failures, disabling, cookie sessions.
import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { PartyRecord, Store } from '../store/index.ts';
import type { PartyService } from './parties.ts';
import type { Actor, Role } from './roles.ts';

/**
 * bcrypt cost 11 (2^11 rounds): about 130 ms per hash or check in bcryptjs (pure JavaScript) on one server core. Slow
 * enough that guessing from a stolen hash is expensive (OWASP's floor for bcrypt is 10), fast enough that a login stays
 * well under a second; bcryptjs's asynchronous API yields to the event loop, so other requests go on meanwhile.
 */
export const BCRYPT_COST = 11;
/**
 * A bcrypt hash, at BCRYPT_COST, of a random secret nobody kept. A login for an unknown or disabled username is
 * checked against it, so that it takes as long as a wrong password for a real one and the timing tells nothing.
 */
const DUMMY_HASH = '$2b$11$lT0XzWOb0VnWEFBUrqPDGOm4MaDMC9lay2Octiko5K75Ji4yV74iy';
if (bcrypt.getRounds(DUMMY_HASH) !== BCRYPT_COST) throw new Error('DUMMY_HASH must be made at BCRYPT_COST');

/** Roles that log in to the console. */
export const consoleRoles = ['officer', 'admin', 'risk-analyst', 'revenue-officer', 'agency'] as const satisfies readonly Role[];
export type ConsoleRole = (typeof consoleRoles)[number];

const USERNAME = /^[a-z0-9._-]{3,64}$/;
export const PASSWORD_MIN = 10;
/** Consecutive failed logins that lock an account, and for how long. */
export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;
/**
 * A session ends 8 h after its last request (idle: an officer who leaves the desk for the night logs in again) and
 * 12 h after the login whatever the use (absolute: one shift). `expiresAt` in answers is the absolute end.
 */
export const IDLE_MS = 8 * 3_600_000;
export const ABSOLUTE_MS = 12 * 3_600_000;
/** How stale `last_seen_at` may get before a request writes it again: one write a minute per session at most. */
const TOUCH_MS = 60_000;
/** Tokens are 32 random bytes, base64url: 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const sha256hex = (s: string): string => createHash('sha256').update(s).digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');

export type OfficerOutcome<T> = { ok: true; value: T } | { ok: false; code: string; message: string; path: string };
const refusal = (code: string, message: string, path: string) => ({ ok: false as const, code, message, path });
const noAccount = (user: string) => refusal('not-found', `no console login ${user}`, '/username');

/** Why a password is refused (too short, or too long for bcrypt), or undefined when it will do. */
function passwordRefusal(password: string) {
  if ([...password].length < PASSWORD_MIN) return refusal('weak-password', `a password has at least ${PASSWORD_MIN} characters`, '/password');
  // bcrypt reads 72 bytes: a longer password would be cut without a word.
  if (bcrypt.truncates(password)) return refusal('password-too-long', 'a password has at most 72 bytes (UTF-8)', '/password');
  return undefined;
}

export interface NewAccount {
  /** The name of the party created for the account; not needed when it acts as an existing party. */
  name?: string;
  /** The role of the party created; with `partyId`, when given, it must be that party's role. */
  role?: ConsoleRole;
  /** An existing officer, admin or agency party the login acts as; without it a new party is created. */
  partyId?: string;
}

export interface Login {
  /** The cookie's value: shown here only, stored as its SHA-256. */
  token: string;
  csrfToken: string;
  actor: Actor;
  /** The absolute end of the session (idle sessions end sooner, IDLE_MS after their last request). */
  expiresAt: string;
}

export type LoginOutcome =
  | { ok: true; value: Login }
  | { ok: false; code: 'bad-credentials' }
  /** `retryAfter`: whole seconds until the lock ends. */
  | { ok: false; code: 'account-locked'; lockedUntil: string; retryAfter: number };

/** A console login as listed; the password hash never leaves the store. */
export interface AccountSummary {
  username: string;
  partyId: string;
  /** The role and name of the party the login acts as. */
  role: ConsoleRole;
  name: string;
  disabled: boolean;
  /** The end of a lock-out still running; null when logins are not locked. */
  lockedUntil: string | null;
  createdAt: string;
}

export interface ActiveSession {
  actor: Actor;
  csrfToken: string;
  expiresAt: string;
}

export class OfficerService {
  constructor(
    private readonly store: Store,
    private readonly parties: PartyService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Adds a console login; the account acts as `partyId`, or as a new party of `role` named `name`. */
  async createAccount(username: string, password: string, opts: NewAccount): Promise<OfficerOutcome<{ username: string; partyId: string; role: ConsoleRole; name: string }>> {
    const user = username.toLowerCase();
    if (!USERNAME.test(user)) return refusal('bad-username', 'a username is 3 to 64 characters among a-z, 0-9, dot, underscore and hyphen', '/username');
    const weak = passwordRefusal(password);
    if (weak) return weak;
    if (await this.store.officers.account(user)) return refusal('username-taken', `the username ${user} is taken`, '/username');
    let existing: PartyRecord | undefined;
    if (opts.partyId !== undefined) {
      existing = await this.parties.get(opts.partyId);
      if (!existing) return refusal('unknown-party', `no party ${opts.partyId}`, '/partyId');
      if (!isConsoleRole(existing.role)) return refusal('not-a-console-role', `${opts.partyId} is a ${existing.role}; console logins act as ${consoleRoles.join(', ')}`, '/partyId');
      if (opts.role !== undefined && opts.role !== existing.role) return refusal('role-mismatch', `${opts.partyId} is a ${existing.role}, not a ${opts.role}`, '/role');
    } else {
      if (!opts.name?.trim()) return refusal('missing', 'name the party the account acts as, or give an existing one', '/name');
      if (opts.role !== undefined && !isConsoleRole(opts.role)) return refusal('not-a-console-role', `console logins act as ${consoleRoles.join(', ')}`, '/role');
    }
    const passwordHash = await bcrypt.hash(password, BCRYPT_COST);
    const party = existing ?? (await this.parties.create({ name: opts.name!.trim(), role: opts.role ?? 'officer' }));
    const createdAt = this.clock().toISOString();
    if (!(await this.store.officers.insertAccount({ username: user, partyId: party.id, passwordHash, createdAt }))) {
      return refusal('username-taken', `the username ${user} is taken`, '/username');
    }
    return { ok: true, value: { username: user, partyId: party.id, role: party.role as ConsoleRole, name: party.name } };
  }

  /**
   * Checks a password and opens a session. An unknown username, a disabled account and a wrong password all give
   * `bad-credentials`, after the same bcrypt work. After MAX_FAILURES failures in a row the account is locked for
   * LOCK_MS: every login is then refused, the right password too; a success clears the count.
   */
  async login(username: string, password: string): Promise<LoginOutcome> {
    const user = username.toLowerCase();
    const account = USERNAME.test(user) ? await this.store.officers.account(user) : undefined;
    if (!account || account.disabled) {
      await bcrypt.compare(password, DUMMY_HASH);
      return { ok: false, code: 'bad-credentials' };
    }
    const counted = await this.store.officers.countAttempt(user, this.clock().toISOString());
    if ('lockedUntil' in counted) return this.locked(counted.lockedUntil);
    if (counted.attempt > MAX_FAILURES) {
      // More attempts at once than the limit allows (a burst, each still being checked): the extra ones lock.
      return this.lock(user);
    }
    // A password over 72 bytes is never an account's (createAccount refuses it), even if bcrypt would match its start.
    const matches = (await bcrypt.compare(password, account.passwordHash)) && !bcrypt.truncates(password);
    if (!matches) return counted.attempt >= MAX_FAILURES ? this.lock(user) : { ok: false, code: 'bad-credentials' };
    const party = await this.parties.get(account.partyId);
    if (!party) return { ok: false, code: 'bad-credentials' };
    await this.store.officers.clearAttempts(user);
    const now = this.clock();
    await this.store.officers.deleteExpiredSessions(now.toISOString());
    const token = newToken();
    const csrfToken = newToken();
    const expiresAt = new Date(now.getTime() + ABSOLUTE_MS).toISOString();
    const idHash = sha256hex(token);
    await this.store.officers.insertSession({ idHash, partyId: party.id, username: user, csrfToken, createdAt: now.toISOString(), expiresAt });
    // The password may have changed (or the account been disabled) while this one was checked: such a change ends the
    // account's sessions after writing the account, so either it ended this session or this read sees the change.
    const after = await this.store.officers.account(user);
    if (!after || after.disabled || after.passwordHash !== account.passwordHash) {
      await this.store.officers.deleteSession(idHash);
      return { ok: false, code: 'bad-credentials' };
    }
    return { ok: true, value: { token, csrfToken, expiresAt, actor: { partyId: party.id, role: party.role as Role, name: party.name } } };
  }

  /** The party a session cookie acts as, or undefined when the session is unknown, ended (idle or absolute) or its account disabled. */
  async sessionActor(token: string): Promise<ActiveSession | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const idHash = sha256hex(token);
    const s = await this.store.officers.session(idHash);
    if (!s) return undefined;
    const now = this.clock();
    const idle = now.getTime() - Date.parse(s.lastSeenAt);
    if (s.accountDisabled || now.toISOString() >= s.expiresAt || idle >= IDLE_MS) {
      await this.store.officers.deleteSession(idHash);
      return undefined;
    }
    if (idle >= TOUCH_MS) await this.store.officers.touchSession(idHash, now.toISOString());
    return { actor: { partyId: s.partyId, role: s.partyRole as Role, name: s.partyName }, csrfToken: s.csrfToken, expiresAt: s.expiresAt };
  }

  /** Ends a session (an unknown token is no error: the session is over either way). */
  async logout(token: string): Promise<void> {
    if (TOKEN_SHAPE.test(token)) await this.store.officers.deleteSession(sha256hex(token));
  }

  /** Every console login, by username, with the party it acts as, whether it is disabled and any running lock-out. */
  async list(): Promise<AccountSummary[]> {
    const now = this.clock().toISOString();
    return (await this.store.officers.listAccounts()).map((a) => ({
      username: a.username,
      partyId: a.partyId,
      role: a.partyRole as ConsoleRole,
      name: a.partyName,
      disabled: a.disabled,
      lockedUntil: a.lockedUntil !== null && a.lockedUntil > now ? a.lockedUntil : null,
      createdAt: a.createdAt,
    }));
  }

  /**
   * Stops a login: no password opens a session for it any more, and its sessions end at once (their rows are deleted;
   * one opened meanwhile is refused, since sessions of a disabled account are). Disabling twice is no error.
   */
  async disable(username: string): Promise<OfficerOutcome<{ username: string; disabled: true; sessionsEnded: number }>> {
    const user = username.toLowerCase();
    if (!USERNAME.test(user) || !(await this.store.officers.setDisabled(user, true))) return noAccount(user);
    const sessionsEnded = await this.store.officers.deleteAccountSessions(user);
    return { ok: true, value: { username: user, disabled: true, sessionsEnded } };
  }

  /** Lets a disabled login in again, with the password it had (a lock-out still running stays). */
  async enable(username: string): Promise<OfficerOutcome<{ username: string; disabled: false }>> {
    const user = username.toLowerCase();
    if (!USERNAME.test(user) || !(await this.store.officers.setDisabled(user, false))) return noAccount(user);
    return { ok: true, value: { username: user, disabled: false } };
  }

  /**
   * Replaces a login's password (the rules of createAccount), clears its failed attempts and any lock-out, and ends
   * its sessions, all but `keepSession` (the token of the session that asked for the change, if one did). A disabled
   * login stays disabled.
   */
  async setPassword(username: string, password: string, opts: { keepSession?: string } = {}): Promise<OfficerOutcome<{ username: string; sessionsEnded: number }>> {
    const user = username.toLowerCase();
    if (!USERNAME.test(user) || !(await this.store.officers.account(user))) return noAccount(user);
    const weak = passwordRefusal(password);
    if (weak) return weak;
    const passwordHash = await bcrypt.hash(password, BCRYPT_COST);
    if (!(await this.store.officers.setPasswordHash(user, passwordHash))) return noAccount(user);
    const keep = opts.keepSession !== undefined && TOKEN_SHAPE.test(opts.keepSession) ? sha256hex(opts.keepSession) : undefined;
    const sessionsEnded = await this.store.officers.deleteAccountSessions(user, keep);
    return { ok: true, value: { username: user, sessionsEnded } };
  }

  private async lock(user: string): Promise<LoginOutcome> {
    const lockedUntil = new Date(this.clock().getTime() + LOCK_MS).toISOString();
    await this.store.officers.lock(user, lockedUntil);
    return this.locked(lockedUntil);
  }

  private locked(lockedUntil: string): LoginOutcome {
    const retryAfter = Math.max(1, Math.ceil((Date.parse(lockedUntil) - this.clock().getTime()) / 1000));
    return { ok: false, code: 'account-locked', lockedUntil, retryAfter };
  }
}

export const isConsoleRole = (s: string): s is ConsoleRole => (consoleRoles as readonly string[]).includes(s);
