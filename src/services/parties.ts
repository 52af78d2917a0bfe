// Parties and their API keys: create, issue a key (shown once, stored hashed), authenticate a bearer token.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/index.ts';
import type { Actor, Role } from './roles.ts';

/** Keys look like `cwk_<key id>_<secret>`: the id finds the row, the secret is compared by hash. */
const KEY_SHAPE = /^cwk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();
/** Authenticated keys are remembered this long, so a request costs no database read; revocation takes effect after it. */
const CACHE_MS = 30_000;

export interface NewParty {
  name: string;
  role: Role;
  identifiers?: Record<string, string>;
  /** How the partner collects duty and tax: a carrier collecting on delivery, or an account-based importer. */
  collection?: 'carrier' | 'account';
  id?: string;
}

export class PartyService {
  private readonly cache = new Map<string, { actor: Actor; until: number }>();
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
  async issueKey(partyId: string, label?: string): Promise<{ id: string; key: string; createdAt: string } | undefined> {
    const party = await this.store.getParty(partyId);
    if (!party) return undefined;
    const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    const createdAt = this.clock().toISOString();
    await this.store.insertKey({ id, partyId, secretHash: sha256(secret).toString('hex'), label: label ?? null, createdAt, revokedAt: null });
    return { id, key: `cwk_${id}_${secret}`, createdAt };
  }

  /** The party behind a bearer token, or undefined when the token is unknown, malformed or revoked. */
  async authenticate(token: string): Promise<Actor | undefined> {
    if (this.adminKeyHash && timingSafeEqual(sha256(token), this.adminKeyHash)) {
      return { partyId: 'admin', role: 'admin', name: 'Administrator (CLEARWAY_ADMIN_KEY)' };
    }
    const m = KEY_SHAPE.exec(token);
    if (!m) return undefined;
    const cached = this.cache.get(token);
    const nowMs = this.clock().getTime();
    if (cached && cached.until > nowMs) return cached.actor;
    const key = await this.store.getKey(m[1]!);
    if (!key || key.revokedAt !== null) return undefined;
    if (!timingSafeEqual(sha256(m[2]!), Buffer.from(key.secretHash, 'hex'))) return undefined;
    const party = await this.store.getParty(key.partyId);
    if (!party) return undefined;
    const actor: Actor = { partyId: party.id, role: party.role as Role, name: party.name };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, { actor, until: nowMs + CACHE_MS });
    return actor;
  }
}
