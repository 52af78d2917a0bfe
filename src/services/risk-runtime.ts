// The risk engine on one node: its memory of traffic and outcomes, the compiled rules, the models in use and the day's
// capacity, loaded from the store at start and kept up to date with this node's commits and (every few seconds) the
// other nodes'.
import { randomBytes } from 'node:crypto';
import type { Effect, RiskJudge } from '../domain/clearance/index.ts';
import type { ConsignmentState } from '../domain/clearance/index.ts';
import type { Pack } from '../domain/jurisdiction/index.ts';
import { DEFAULT_BENEFITS, registryOn, type AeoAuthorisation, type AeoBenefits } from '../domain/trusted/index.ts';
import {
  compileRules,
  DEFAULT_SELECTOR,
  RiskEngine,
  RiskMemory,
  Selector,
  type EngineModel,
  type ObservedOutcome,
  type SelectorSettings,
  type TrustedKey,
} from '../domain/risk/index.ts';
import type { Store } from '../store/index.ts';
import type { ModelRow, OutcomeRow } from '../store/risk.ts';

/** How often a node looks at the store for other nodes' decisions, outcomes and rule or model changes. */
const RECHECK_MS = 5_000;
/** Most decided consignments a node loads into memory at start (the value distributions need recent traffic, not all). */
const MEMORY_CONSIGNMENTS = 200_000;

/** Turns a stored model into what the engine runs; supplied by the model service (keeps this file free of training). */
export type ModelLoader = (row: ModelRow) => EngineModel | undefined;

/** Where the AEO benefit settings are kept (the `settings` table). */
export const BENEFITS_SETTING = 'aeo-benefits';

/** The benefit settings as stored (with who set them), or the defaults when none were saved or the value cannot be read. */
export function benefitsOf(stored: string | undefined): AeoBenefits {
  if (stored === undefined) return DEFAULT_BENEFITS;
  try {
    const v = (JSON.parse(stored) as { benefits?: Partial<AeoBenefits> }).benefits;
    return { ...DEFAULT_BENEFITS, ...v };
  } catch {
    return DEFAULT_BENEFITS;
  }
}

export const outcomeOf = (o: OutcomeRow): ObservedOutcome => ({
  parties: JSON.parse(o.parties) as string[],
  routes: JSON.parse(o.routes) as string[],
  hit: o.result !== 'no-finding',
});

export class RiskRuntime {
  readonly engine: RiskEngine;
  private checkedAt = 0;
  private decidedWatermark = '';
  private outcomesSeen = -1;
  private modelsKey = '';
  /** Party ids of the AEO platforms and sellers in force that pay on account (the account-payment benefit). */
  private accountHolders = new Set<string>();
  /** Whether the deployment set the selection seed (CLEARWAY_RISK_SEED); otherwise one is generated and kept in the store. */
  private readonly seedConfigured: boolean;

  constructor(
    private readonly store: Store,
    pack: Pack,
    private readonly clock: () => Date,
    selector: Partial<SelectorSettings> = {},
    private loadModel: ModelLoader = () => undefined,
  ) {
    this.seedConfigured = selector.seed !== undefined;
    this.engine = new RiskEngine({
      pack,
      memory: new RiskMemory(pack.currency),
      rules: compileRules([], []),
      selector: new Selector({ ...DEFAULT_SELECTOR, ...selector }),
    });
  }

  /** The judge intake and clearance pass to the consignment life cycle. */
  get judge(): RiskJudge {
    return this.engine;
  }

  get memory(): RiskMemory {
    return this.engine.parts.memory;
  }

  /** Change the control capacity per lane (the office's staffing changed); today's usage is kept. */
  setCapacities(capacities: SelectorSettings['capacities'], expectedPerDay?: number): void {
    const { selector } = this.engine.parts;
    selector.settings.capacities = capacities;
    if (expectedPerDay !== undefined) selector.settings.expectedPerDay = expectedPerDay;
  }

  setModelLoader(loader: ModelLoader): void {
    this.loadModel = loader;
    this.modelsKey = '';
  }

  /** Load everything from the store (at start). */
  async start(): Promise<void> {
    const now = this.clock().toISOString();
    if (!this.seedConfigured) {
      // A public seed would let a trader compute, from its consignment id, whether a parcel will be drawn at random.
      this.engine.parts.selector.settings.seed = await this.store.risk.settingOnce('selection-seed', () => randomBytes(32).toString('hex'), now);
    }
    const today = now.slice(0, 10);
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const [usage, yesterdayCount, recent] = await Promise.all([
      this.store.risk.laneUsage(today),
      this.store.risk.countDecisions(yesterday),
      this.store.risk.recentExpectedValues(this.engine.parts.selector.settings.window),
    ]);
    this.engine.parts.selector.restore({ day: today, lanes: usage }, yesterdayCount, recent);
    await this.refresh(true);
  }

  /** Catch up with the store: rules and watchlists, models in use, outcomes, other nodes' decisions and capacity used. */
  async refresh(force = false): Promise<void> {
    const at = Date.now();
    if (!force && at - this.checkedAt < RECHECK_MS) return;
    this.checkedAt = at;
    await Promise.all([this.reloadRules(), this.reloadModels(), this.reloadOutcomes(), this.catchUp(), this.reloadTrusted()]);
  }

  /**
   * The AEO registry in force today and the benefit settings: the trusted-trader indicator's keys (each in the capacities
   * its authorisation covers, so a carrier's authorisation never vouches for a seller's declaration) and score, the
   * factor on random checks, and the account holders. Read at every look (a few seconds), so a day's start, a
   * suspension or a revocation on another node applies within seconds.
   */
  async reloadTrusted(): Promise<void> {
    const [stored, setting] = await Promise.all([this.store.trusted.list(), this.store.trusted.setting(BENEFITS_SETTING)]);
    this.applyTrusted(stored.map((s) => s.authorisation), benefitsOf(setting), this.clock().toISOString().slice(0, 10));
  }

  private applyTrusted(list: readonly AeoAuthorisation[], benefits: AeoBenefits, day: string): void {
    const entries = registryOn(list, day);
    const keys: TrustedKey[] = entries.map(({ key, scope, authorisation: a }) => ({
      key,
      as: scope,
      authorisation: {
        id: a.id,
        name: a.name,
        programme: a.authority.programme,
        ...(a.recognition ? { recognition: a.recognition.arrangement } : {}),
      },
    }));
    const { memory } = this;
    memory.setTrustedTraders(keys);
    if (memory.settings.trustedTraderScore !== benefits.riskWeight) memory.setSettings({ ...memory.settings, trustedTraderScore: benefits.riskWeight });
    const holders = new Set<string>();
    this.engine.parts.trustedBenefits = { randomCheckFactor: benefits.randomCheckFactor, accountHolders: holders };
    if (benefits.accountPayment) {
      for (const e of entries) {
        const partyId = e.authorisation.identifiers.partyId;
        // Account payment is for the declaring side: a carrier collects on its own arrangement, if any.
        if (partyId !== undefined && e.key === partyId && (e.scope.includes('platform') || e.scope.includes('seller'))) holders.add(partyId);
      }
    }
    this.accountHolders = holders;
  }

  /** Whether a party pays duty and tax on account as an authorised economic operator (platform or seller) today. */
  isAccountHolder(partyId: string): boolean {
    return this.accountHolders.has(partyId);
  }

  /** Recompile the rule set (after an edit on this node: at once, not at the next look). */
  async reloadRules(): Promise<void> {
    const [rules, lists] = await Promise.all([this.store.risk.latestRules(), this.store.risk.watchlists()]);
    this.engine.parts.rules = compileRules(rules, lists);
  }

  async reloadModels(): Promise<void> {
    const rows = await this.store.risk.modelsInUse();
    const key = rows.map((r) => `${r.version}:${r.status}`).sort().join(',');
    if (key === this.modelsKey) return;
    const active = rows.find((r) => r.status === 'active');
    const shadow = rows.find((r) => r.status === 'shadow');
    const { parts } = this.engine;
    const a = active ? this.loadModel(active) : undefined;
    const s = shadow ? this.loadModel(shadow) : undefined;
    if (a) parts.active = a;
    else delete parts.active;
    if (s) parts.shadow = s;
    else delete parts.shadow;
    this.modelsKey = key;
  }

  /** Rebuild the hit-rate histories when the store holds outcomes this node has not counted (another node's). */
  private async reloadOutcomes(): Promise<void> {
    const n = await this.store.risk.countOutcomes();
    if (n === this.outcomesSeen) return;
    const outcomes: ObservedOutcome[] = [];
    for await (const o of this.store.risk.outcomes()) outcomes.push(outcomeOf(o));
    this.memory.resetOutcomes(outcomes);
    this.outcomesSeen = outcomes.length;
  }

  /** Consignments decided since the last look (any node): into the memory; and today's capacity used. */
  private async catchUp(): Promise<void> {
    const decided = await this.store.risk.decidedSince(this.decidedWatermark, MEMORY_CONSIGNMENTS);
    // This node's own decisions are in memory already: load only the other nodes'.
    const missing = decided.filter((d) => !this.memory.hasDecided(d.consignmentId));
    if (missing.length > 0) {
      const now = this.clock().toISOString();
      const states = new Map((await this.store.consignmentsByIds(missing.map((d) => d.consignmentId))).map((c) => [c.id, c]));
      for (const d of missing) {
        const c = states.get(d.consignmentId);
        if (c) this.memory.observeDecided(c, now);
      }
    }
    if (decided.length > 0) {
      this.decidedWatermark = decided[decided.length - 1]!.decidedAt;
    }
    const today = this.clock().toISOString().slice(0, 10);
    this.engine.parts.selector.syncUsage({ day: today, lanes: await this.store.risk.laneUsage(today) });
  }

  /**
   * After this node committed a step: the buyers' parcels, the decided consignments and the outcomes it wrote count at
   * once (the store's copy is read by the other nodes at their next look).
   */
  committed(states: Iterable<ConsignmentState>, effects: readonly Effect[], now: string): void {
    const decided = new Set<string>();
    for (const e of effects) {
      if (e.type === 'risk-decided') decided.add(e.consignmentId);
      else if (e.type === 'inspection-recorded') {
        const d = e.data as { parties: string[]; routes: string[]; hit: boolean };
        this.memory.observeOutcome({ parties: d.parties, routes: d.routes, hit: d.hit });
        this.outcomesSeen++;
      }
    }
    for (const c of states) {
      if (decided.has(c.id)) this.memory.observeDecided(c, now);
      else this.memory.seen(c, now);
    }
  }
}
