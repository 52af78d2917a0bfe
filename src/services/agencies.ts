// Agency rules (standard 10): which goods other agencies regulate. Officers and administrators edit them; every node
// keeps them in memory, reloaded when another node changed them.
import { agencyDomains, agencyRuleProblems, type AgencyRule } from '../domain/agencies/index.ts';
import type { Store } from '../store/index.ts';
import { readsAll, type Actor } from './roles.ts';

/** How often a node asks the store whether the agency rules changed. */
const RECHECK_MS = 5_000;

export type AgencyOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 403 | 404; errors: Array<{ path: string; code: string; message: string }> };

export type AgencyRuleInput = Omit<AgencyRule, 'id' | 'active'> & { active?: boolean };

export class AgencyService {
  private cached: readonly AgencyRule[] = [];
  private stamp: string | undefined;
  private checkedAt = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The rules as last loaded (the consignment life cycle reads them synchronously). */
  rules(): readonly AgencyRule[] {
    return this.cached;
  }

  async refresh(force = false): Promise<void> {
    const now = Date.now();
    if (!force && this.stamp !== undefined && now - this.checkedAt < RECHECK_MS) return;
    this.checkedAt = now;
    const stamp = await this.store.operations.agencyRulesStamp();
    if (stamp === this.stamp && !force) return;
    this.cached = await this.store.operations.agencyRules();
    this.stamp = stamp;
  }

  async list(actor: Actor): Promise<AgencyOutcome<AgencyRule[]>> {
    if (!readsAll(actor.role) && actor.role !== 'agency') return forbidden();
    const all = await this.store.operations.agencyRules();
    // An agency sees the rules that refer goods to it.
    return { ok: true, value: actor.role === 'agency' ? all.filter((r) => r.agency === actor.partyId) : all };
  }

  async put(actor: Actor, id: string, input: AgencyRuleInput): Promise<AgencyOutcome<AgencyRule>> {
    if (!readsAll(actor.role)) return forbidden();
    const rule: AgencyRule = { ...input, id, active: input.active ?? true };
    const errors = agencyRuleProblems(rule).map((p) => ({ ...p, code: 'invalid-rule' }));
    const agency = await this.store.getParty(rule.agency);
    if (!agency || agency.role !== 'agency') errors.push({ path: '/agency', code: 'not-an-agency', message: `${rule.agency} is not a registered agency` });
    if (!(agencyDomains as readonly string[]).includes(rule.domain)) errors.push({ path: '/domain', code: 'invalid-rule', message: `domain is one of ${agencyDomains.join(', ')}` });
    if (errors.length > 0) return { ok: false, status: 400, errors };
    await this.store.operations.putAgencyRule(rule, actor.name || actor.partyId, this.clock().toISOString());
    await this.refresh(true);
    return { ok: true, value: rule };
  }
}

const forbidden = <T>(): AgencyOutcome<T> => ({
  ok: false,
  status: 403,
  errors: [{ path: '', code: 'not-allowed', message: 'agency rules are written by customs officers and administrators' }],
});
