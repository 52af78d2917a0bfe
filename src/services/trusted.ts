// The trusted-trader registry: officers keep the AEO authorisations (and those recognised under mutual recognition
// arrangements), administrators set the benefits; the risk engine and revenue collection apply them.
import { authorisationProblems, benefitProblems, type AeoAuthorisation, type AeoBenefits } from '../domain/trusted/index.ts';
import type { Store } from '../store/index.ts';
import type { StoredAuthorisation } from '../store/trusted.ts';
import { readsAll, type Actor } from './roles.ts';
import { BENEFITS_SETTING, benefitsOf, type RiskRuntime } from './risk-runtime.ts';

/** An authorisation as the API shows it: with its version and who saved it last. */
export type AuthorisationView = AeoAuthorisation & { version: number; updatedBy: string; updatedAt: string };
export type AuthorisationInput = Omit<AeoAuthorisation, 'id' | 'status'> & { status?: AeoAuthorisation['status'] };

type Problem = { path: string; code: string; message: string };
export type TrustedOutcome<T> = { ok: true; value: T; created?: boolean } | { ok: false; status: 400 | 403 | 404; errors: Problem[] };

const view = (s: StoredAuthorisation): AuthorisationView => ({ ...s.authorisation, version: s.version, updatedBy: s.updatedBy, updatedAt: s.updatedAt });
const forbidden = (message: string): TrustedOutcome<never> => ({ ok: false, status: 403, errors: [{ path: '', code: 'not-allowed', message }] });
const notFound = (id: string): TrustedOutcome<never> => ({ ok: false, status: 404, errors: [{ path: '/params/id', code: 'not-found', message: `no authorisation ${id}` }] });

export class TrustedService {
  constructor(
    private readonly store: Store,
    private readonly runtime: RiskRuntime,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Officers and administrators see the whole registry; any other party only the authorisations naming it. */
  async list(actor: Actor): Promise<TrustedOutcome<AuthorisationView[]>> {
    const all = await this.store.trusted.list();
    const mine = readsAll(actor.role) ? all : all.filter((s) => s.authorisation.identifiers.partyId === actor.partyId);
    return { ok: true, value: mine.map(view) };
  }

  /** Every version of an authorisation, oldest first (officers, administrators, and the party it names). */
  async history(actor: Actor, id: string): Promise<TrustedOutcome<AuthorisationView[]>> {
    const versions = await this.store.trusted.history(id);
    const current = versions[versions.length - 1];
    if (!current || (!readsAll(actor.role) && current.authorisation.identifiers.partyId !== actor.partyId)) return notFound(id);
    return { ok: true, value: versions.map(view) };
  }

  /** Record an authorisation, or its next version (a renewal, a change of scope, a suspension). */
  async put(actor: Actor, id: string, input: AuthorisationInput): Promise<TrustedOutcome<AuthorisationView>> {
    if (!readsAll(actor.role)) return forbidden('the AEO registry is kept by customs officers and administrators');
    const a: AeoAuthorisation = { ...input, id, status: input.status ?? 'active' };
    const problems: Problem[] = authorisationProblems(a);
    const partyId = a.identifiers.partyId;
    if (partyId !== undefined && !(await this.store.getParty(partyId))) {
      problems.push({ path: '/identifiers/partyId', code: 'unknown-party', message: `no party ${partyId} in Clearway` });
    }
    if (problems.length > 0) return { ok: false, status: 400, errors: problems };
    const saved = await this.store.trusted.put(a, actor.name || actor.partyId, this.clock().toISOString());
    // In force on this node at once; the other nodes pick it up at their next look (a few seconds).
    await this.runtime.reloadTrusted();
    return { ok: true, value: view(saved), created: saved.version === 1 };
  }

  /** Revoke: the authorisation stays in the registry, as revoked, and gives no benefit from now on. */
  async revoke(actor: Actor, id: string): Promise<TrustedOutcome<AuthorisationView>> {
    if (!readsAll(actor.role)) return forbidden('the AEO registry is kept by customs officers and administrators');
    const current = await this.store.trusted.get(id);
    if (!current) return notFound(id);
    const { id: _id, ...rest } = current.authorisation;
    return this.put(actor, id, { ...rest, status: 'revoked' });
  }

  /** The benefits an authorised economic operator gets: public, so every party may read them. */
  async benefits(): Promise<TrustedOutcome<AeoBenefits>> {
    return { ok: true, value: benefitsOf(await this.store.trusted.setting(BENEFITS_SETTING)) };
  }

  async setBenefits(actor: Actor, benefits: AeoBenefits): Promise<TrustedOutcome<AeoBenefits>> {
    if (actor.role !== 'admin') return forbidden('the AEO benefits are set by administrators');
    const problems = benefitProblems(benefits);
    if (problems.length > 0) return { ok: false, status: 400, errors: problems };
    const at = this.clock().toISOString();
    const value = { riskWeight: benefits.riskWeight, randomCheckFactor: benefits.randomCheckFactor, accountPayment: benefits.accountPayment };
    await this.store.trusted.putSetting(BENEFITS_SETTING, JSON.stringify({ benefits: value, updatedBy: actor.name || actor.partyId, updatedAt: at }), at);
    await this.runtime.reloadTrusted();
    return { ok: true, value };
  }

  /**
   * Whether a party pays duty and tax on account as an AEO platform or seller in force today, with the account-payment
   * benefit on (what revenue collection asks, synchronously, at release).
   */
  isAccountHolder(partyId: string): boolean {
    return this.runtime.isAccountHolder(partyId);
  }
}
