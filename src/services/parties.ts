// Parties and their API keys: create, issue a key (shown once, stored hashed), list, revoke and rotate keys,
// authenticate a bearer token.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { KeyRecord, Store } from '../store/index.ts';
import type { Actor, Role } from './roles.ts';

/** Keys look like `cwk_<key id>_<secret>`: the id finds the row, the secret is compared by hash. */
const KEY_SHAPE = /^cwk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();
/**
 * Authenticated keys are remembered this long, so a request costs no database read. A revocation evicts the key on the
 * node that made it at once; other nodes stop accepting it when their entry expires, at most this long after.
 */
export const KEY_CACHE_MS = 30_000;
/** Longest overlap a rotation may leave the old key working, so the sender can deploy the new one first. */
export const MAX_ROTATION_GRACE_S = 86_400;

/** A key as listed: never its secret, nor the secret's hash. `revokedAt` may lie ahead (a rotation's overlap). */
export interface KeyView {
  id: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface IssuedKey {
  id: string;
  /** The whole key: the only time its secret exists outside the caller. */
  key: string;
  label: string | null;
  createdAt: string;
}

export type RotateResult =
  | { ok: true; issued: IssuedKey; replaced: KeyView }
  | { ok: false; code: 'not-found' | 'key-revoked' };

const viewOf = (k: KeyRecord): KeyView => ({ id: k.id, label: k.label, createdAt: k.createdAt, revokedAt: k.revokedAt });

export interface NewParty {
  name: string;
  role: Role;
  identifiers?: Record<string, string>;
  /** How the partner collects duty and tax: a carrier collecting on delivery, or an account-based importer. */
  collection?: 'carrier' | 'account';
  id?: string;
}

export class PartyService {
  /** By the SHA-256 of the token (never the token), with the key's id so a revocation can evict it. */
  private readonly cache = new Map<string, { actor: Actor; keyId: string; until: number }>();
  private readonly adminKeyHash: Buffer | undefined;

  constructor(
    private readonly store: Store,
    adminKey: string | undefined,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.adminKeyHash = adminKey ? sha256(adminKey) : undefined;
  }

  async create(p: NewParty) {
    const party = {
      id: p.id ?? `pty_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      name: p.name,
      role: p.role,
      createdAt: this.clock().toISOString(),
      data: { identifiers: p.identifiers ?? {}, ...(p.collection ? { collection: p.collection } : {}) },
    };
    await this.store.insertParty(party);
    return party;
  }

  get(id: string) {
    return this.store.getParty(id);
  }

  /** Issues a new key for a party. The returned `key` is the only time the secret exists outside the caller. */
  async issueKey(partyId: string, label?: string): Promise<IssuedKey | undefined> {
    const party = await this.store.getParty(partyId);
    if (!party) return undefined;
    const { record, issued } = this.newKey(partyId, label ?? null);
    await this.store.insertKey(record);
    return issued;
  }

  /** A party's keys, oldest first (undefined: no such party). */
  async listKeys(partyId: string): Promise<KeyView[] | undefined> {
    if (!(await this.store.getParty(partyId))) return undefined;
    return (await this.store.listKeys(partyId)).map(viewOf);
  }

  /**
   * Revokes a party's key now (a key of another party is not found). Revoking a revoked key changes nothing and
   * answers the same; one whose revocation lay ahead (a rotation's overlap) ends now.
   */
  async revokeKey(partyId: string, keyId: string): Promise<KeyView | undefined> {
    const key = await this.store.revokeKey(partyId, keyId, this.clock().toISOString());
    this.forget(keyId);
    return key && viewOf(key);
  }

  /**
   * Replaces a key in one transaction: a new key (same label unless another is given) and the old one revoked now, or
   * after `graceSeconds` so the sender can switch over without a refused request. A key already revoked (or being
   * rotated) is not rotated again: a key can only ever be replaced once.
   */
  async rotateKey(partyId: string, keyId: string, options: { label?: string; graceSeconds?: number } = {}): Promise<RotateResult> {
    const now = this.clock();
    const old = await this.store.getKey(keyId);
    if (!old || old.partyId !== partyId) return { ok: false, code: 'not-found' };
    const { record, issued } = this.newKey(partyId, options.label ?? old.label);
    const revokeAt = new Date(now.getTime() + (options.graceSeconds ?? 0) * 1000).toISOString();
    const replaced = await this.store.rotateKey(partyId, keyId, record, revokeAt);
    if (replaced === 'not-found') return { ok: false, code: 'not-found' };
    if (replaced === 'revoked') return { ok: false, code: 'key-revoked' };
    this.forget(keyId);
    return { ok: true, issued, replaced: viewOf(replaced) };
  }

  private newKey(partyId: string, label: string | null): { record: KeyRecord; issued: IssuedKey } {
    const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    const createdAt = this.clock().toISOString();
    return {
      record: { id, partyId, secretHash: sha256(secret).toString('hex'), label, createdAt, revokedAt: null },
      issued: { id, key: `cwk_${id}_${secret}`, label, createdAt },
    };
  }

  /** Drops a key from this node's cache of authenticated keys. */
  private forget(keyId: string): void {
    for (const [token, entry] of this.cache) if (entry.keyId === keyId) this.cache.delete(token);
  }

  /** The party behind a bearer token, or undefined when the token is unknown, malformed or revoked. */
  async authenticate(token: string): Promise<Actor | undefined> {
    if (this.adminKeyHash && timingSafeEqual(sha256(token), this.adminKeyHash)) {
      return { partyId: 'admin', role: 'admin', name: 'Administrator (CLEARWAY_ADMIN_KEY)' };
    }
    const m = KEY_SHAPE.exec(token);
    if (!m) return undefined;
    const tokenHash = sha256(token).toString('hex');
    const cached = this.cache.get(tokenHash);
    const nowMs = this.clock().getTime();
    if (cached && cached.until > nowMs) return cached.actor;
    const key = await this.store.getKey(m[1]!);
    // A revocation ahead (a rotation's overlap) leaves the key working until then.
    const revokedAtMs = key?.revokedAt == null ? Infinity : Date.parse(key.revokedAt);
    if (!key || revokedAtMs <= nowMs) return undefined;
    if (!timingSafeEqual(sha256(m[2]!), Buffer.from(key.secretHash, 'hex'))) return undefined;
    const party = await this.store.getParty(key.partyId);
    if (!party) return undefined;
    const actor: Actor = { partyId: party.id, role: party.role as Role, name: party.name };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(tokenHash, { actor, keyId: key.id, until: Math.min(nowMs + KEY_CACHE_MS, revokedAtMs) });
    return actor;
  }
}
