// Targeting rules and watchlists: analysts edit them through the API, and every version is kept.
import { addDays } from '../domain/revenue/index.ts';
import { hitRates, type HitRates } from '../domain/risk/index.ts';
import { ruleProblems, type RiskRule, type Watchlist } from '../domain/risk/rules/index.ts';
import type { Store } from '../store/index.ts';
import { uuidv7 } from './ids.ts';
import { readsAll, type Actor } from './roles.ts';
import type { RiskRuntime } from './risk-runtime.ts';

export type RuleInput = Omit<RiskRule, 'id' | 'version' | 'author' | 'active'> & { active?: boolean };

export type RiskOutcome<T> =
  | { ok: true; value: T; created?: boolean }
  | { ok: false; status: 400 | 403 | 404 | 409; errors: Array<{ path: string; code: string; message: string }> };

const forbidden = <T>(): RiskOutcome<T> => ({
  ok: false,
  status: 403,
  errors: [{ path: '', code: 'not-allowed', message: 'targeting rules and watchlists are for customs officers and administrators only' }],
});

export class RiskService {
  constructor(
    private readonly store: Store,
    private readonly runtime: RiskRuntime,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(actor: Actor): Promise<RiskOutcome<RiskRule[]>> {
    if (!readsAll(actor.role)) return forbidden();
    return { ok: true, value: await this.store.risk.latestRules() };
  }

  async history(actor: Actor, id: string): Promise<RiskOutcome<RiskRule[]>> {
    if (!readsAll(actor.role)) return forbidden();
    const versions = await this.store.risk.ruleHistory(id);
    if (versions.length === 0) return { ok: false, status: 404, errors: [{ path: '/params/id', code: 'not-found', message: `no rule ${id}` }] };
    return { ok: true, value: versions };
  }

  /** A new rule (version 1), or a new version of an existing one; `expectedVersion` guards against a lost update. */
  async save(actor: Actor, input: RuleInput, id?: string, expectedVersion?: number): Promise<RiskOutcome<RiskRule>> {
    if (!readsAll(actor.role)) return forbidden();
    const lists = (await this.store.risk.watchlists()).map((w) => w.id);
    const problems = ruleProblems(input, lists);
    if (problems.length > 0) return { ok: false, status: 400, errors: problems.map((p) => ({ ...p, code: 'invalid-rule' })) };
    let version = 1;
    if (id !== undefined) {
      const history = await this.store.risk.ruleHistory(id);
      if (history.length === 0) return { ok: false, status: 404, errors: [{ path: '/params/id', code: 'not-found', message: `no rule ${id}` }] };
      const current = history[history.length - 1]!.version;
      if (expectedVersion !== undefined && expectedVersion !== current) {
        return { ok: false, status: 409, errors: [{ path: '/version', code: 'version-conflict', message: `the rule is at version ${current}, not ${expectedVersion}: reload it and edit again` }] };
      }
      version = current + 1;
    }
    const rule: RiskRule = { ...input, id: id ?? `rule_${uuidv7()}`, version, author: actor.name || actor.partyId, active: input.active ?? true };
    if (!(await this.store.risk.addRuleVersion(rule, this.clock().toISOString()))) {
      return { ok: false, status: 409, errors: [{ path: '', code: 'version-conflict', message: `another edit saved version ${version} first: reload the rule` }] };
    }
    // In force on this node at once; the other nodes pick it up at their next look (a few seconds).
    await this.runtime.reloadRules();
    return { ok: true, value: rule, created: id === undefined };
  }

  /** Withdraw a rule: a new, inactive version (the history and its hit rates stay). */
  async withdraw(actor: Actor, id: string): Promise<RiskOutcome<RiskRule>> {
    if (!readsAll(actor.role)) return forbidden();
    const history = await this.store.risk.ruleHistory(id);
    const current = history[history.length - 1];
    if (!current) return { ok: false, status: 404, errors: [{ path: '/params/id', code: 'not-found', message: `no rule ${id}` }] };
    const { id: _id, version: _v, author: _a, active: _active, ...rest } = current;
    return this.save(actor, { ...rest, active: false }, id, current.version);
  }

  async watchlists(actor: Actor): Promise<RiskOutcome<Watchlist[]>> {
    if (!readsAll(actor.role)) return forbidden();
    return { ok: true, value: await this.store.risk.watchlists() };
  }

  async putWatchlist(actor: Actor, list: Watchlist): Promise<RiskOutcome<Watchlist>> {
    if (!readsAll(actor.role)) return forbidden();
    await this.store.risk.putWatchlist(list, actor.name || actor.partyId, this.clock().toISOString());
    await this.runtime.reloadRules();
    return { ok: true, value: list };
  }

  /** Hit rates of the decisions taken on days [from, to] (inclusive), per rule, lane and selection. */
  async hitRates(actor: Actor, from: string, to: string): Promise<RiskOutcome<HitRates & { from: string; to: string }>> {
    if (!readsAll(actor.role)) return forbidden();
    if (to < from) return { ok: false, status: 400, errors: [{ path: '/query/to', code: 'invalid-period', message: `the period ends (${to}) before it starts (${from})` }] };
    const end = addDays(to, 1);
    const rows = await this.store.risk.decisionsWithOutcomes(from, end);
    const rates = hitRates(
      rows.map((d) => ({ lane: d.lane, selectedBy: d.selected_by, reasons: JSON.parse(d.reasons) as string[], outcomes: d.outcomes, randomChance: d.random_chance })),
    );
    return { ok: true, value: { from, to, ...rates } };
  }
}
