// Learned risk models: trained from recorded outcomes, stored with their evaluation, put in service (active) or beside
// it (shadow) only after that evaluation, and loaded by every node's risk engine.
import type { ConsignmentState } from '../domain/clearance/index.ts';
import { indicatorCodes, type EngineModel, type Indicator, type IndicatorCode } from '../domain/risk/index.ts';
import { loadRiskModel, probabilityOf, scoreWithModel, trainRiskModelSteps, type LabelledConsignment, type RiskModelMetrics } from '../domain/risk/learned/index.ts';
import type { Store } from '../store/index.ts';
import type { ModelRow } from '../store/risk.ts';
import type { RiskRuntime } from './risk-runtime.ts';
import { readsAll, type Actor } from './roles.ts';
import { runInSlices, type SliceOptions } from './slices.ts';

/** A model below this hold-out AUC ranks hardly better than chance: it may not be activated. */
export const MIN_AUC = 0.6;
/** A new active model may be this much worse (AUC) than the one it replaces without `force`: the hold-outs differ. */
export const AUC_TOLERANCE = 0.02;

export interface ModelSummary {
  version: string;
  trainedAt: string;
  trainedBy: string;
  status: string;
  metrics: RiskModelMetrics;
}

export type ModelOutcome<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const forbidden = { ok: false as const, code: 'not-allowed', message: 'risk models are for customs officers and administrators only' };

const INDICATORS: ReadonlySet<string> = new Set(indicatorCodes);

/**
 * The indicators as they were when the consignment was decided, read back from its risk reasons (an indicator's weight
 * is its score). Recomputing them now would leak the outcome into the features: the party's history today includes
 * this very inspection.
 */
export function indicatorsAtDecision(c: ConsignmentState): Indicator[] {
  return c.risk.reasons
    .filter((r) => INDICATORS.has(r.code))
    .map((r) => ({ code: r.code as IndicatorCode, score: r.weight, message: r.message, evidence: {} }));
}

/** What the engine runs for a stored model; undefined when the stored body cannot be read (logged by the caller). */
export function engineModel(row: ModelRow): EngineModel | undefined {
  let body: unknown;
  try {
    body = JSON.parse(row.body);
  } catch {
    return undefined;
  }
  const loaded = loadRiskModel(body);
  if ('error' in loaded) return undefined;
  const m = loaded.model;
  return {
    version: row.version,
    opinion: (state, indicators) => ({ version: row.version, ...scoreWithModel(m, state, indicators) }),
    probability: (state, indicators) => probabilityOf(m, state, indicators),
  };
}

export class ModelService {
  constructor(
    private readonly store: Store,
    private readonly runtime: RiskRuntime,
    private readonly clock: () => Date = () => new Date(),
  ) {
    runtime.setModelLoader(engineModel);
  }

  /** Every consignment decided and then controlled, with whether a control found anything. */
  async examples(): Promise<LabelledConsignment[]> {
    const decided = (await this.store.risk.decisionsWithOutcomes('0000-01-01', '9999-12-31')).filter((d) => d.outcomes.length > 0);
    const states = new Map((await this.store.consignmentsByIds(decided.map((d) => d.consignment_id))).map((c) => [c.id, c]));
    const out: LabelledConsignment[] = [];
    for (const d of decided) {
      const state = states.get(d.consignment_id);
      if (!state) continue;
      out.push({ state, indicators: indicatorsAtDecision(state), hit: d.outcomes.some((o) => o.result !== 'no-finding'), at: d.decided_at });
    }
    return out;
  }

  /**
   * Train on every recorded outcome and store the model as a candidate, with its hold-out evaluation. Training runs in
   * slices (the node keeps answering); `onProgress` hears `loading` (the outcomes are read), then the trainer's steps.
   */
  async train(actor: Actor, options: { seed?: number } & SliceOptions = {}): Promise<ModelOutcome<ModelSummary>> {
    if (!readsAll(actor.role)) return forbidden;
    options.onProgress?.({ done: 0, total: 0, phase: 'loading' });
    const examples = await this.examples();
    const now = this.clock().toISOString();
    const trained = await runInSlices(trainRiskModelSteps(examples, { seed: options.seed ?? 1, now }), options);
    if ('error' in trained) return { ok: false, ...trained.error };
    const version = `m${(await this.store.risk.models()).length + 1}`;
    const row: ModelRow = {
      version,
      trained_at: now,
      trained_by: actor.name || actor.partyId,
      status: 'candidate',
      metrics: JSON.stringify(trained.metrics),
      body: JSON.stringify(trained.model),
    };
    if (!(await this.store.risk.addModel(row))) {
      return { ok: false, code: 'version-conflict', message: `another training stored model ${version} at the same moment: train again` };
    }
    return { ok: true, value: summary(row) };
  }

  async list(actor: Actor): Promise<ModelOutcome<ModelSummary[]>> {
    if (!readsAll(actor.role)) return forbidden;
    return { ok: true, value: (await this.store.risk.models()).map(summary) };
  }

  /**
   * Put a model in service (`active`: it scores and its probability counts) or beside it (`shadow`: scored and recorded
   * at every decision, never deciding), after checking its evaluation. `retired` takes it out.
   */
  async setStatus(actor: Actor, version: string, status: 'active' | 'shadow' | 'retired', force = false): Promise<ModelOutcome<ModelSummary>> {
    if (!readsAll(actor.role)) return forbidden;
    const row = await this.store.risk.model(version);
    if (!row) return { ok: false, code: 'not-found', message: `no model ${version}` };
    const metrics = JSON.parse(row.metrics) as RiskModelMetrics;
    if (status === 'active' && !force) {
      if (!(metrics.auc >= MIN_AUC)) {
        return { ok: false, code: 'not-good-enough', message: `model ${version} has a hold-out AUC of ${metrics.auc.toFixed(3)}, below ${MIN_AUC}: it ranks little better than chance` };
      }
      const current = (await this.store.risk.modelsInUse()).find((m) => m.status === 'active' && m.version !== version);
      const currentAuc = current ? (JSON.parse(current.metrics) as RiskModelMetrics).auc : undefined;
      if (currentAuc !== undefined && metrics.auc < currentAuc - AUC_TOLERANCE) {
        return {
          ok: false,
          code: 'worse-than-active',
          message: `model ${version} (AUC ${metrics.auc.toFixed(3)}) is worse than the active ${current!.version} (AUC ${currentAuc.toFixed(3)}); run it in shadow first, or force`,
        };
      }
    }
    if (engineModel(row) === undefined) return { ok: false, code: 'unreadable-model', message: `model ${version} cannot be read back` };
    await this.store.risk.setModelStatus(version, status);
    await this.runtime.reloadModels();
    return { ok: true, value: summary((await this.store.risk.model(version))!) };
  }
}

const summary = (r: Omit<ModelRow, 'body'>): ModelSummary => ({
  version: r.version,
  trainedAt: r.trained_at,
  trainedBy: r.trained_by,
  status: r.status,
  metrics: JSON.parse(r.metrics) as RiskModelMetrics,
});
