// A trained risk model as versioned JSON ({format: 'clearway-risk-model', version: 1, …}), and loaded for scoring.
import { fromJson, toJson, type Model, type ModelJson, type ModelReadError } from '../model/index.ts';
import { featuriserFromJson, featuriserToJson, type Featuriser, type FeaturiserJson, type FeaturiserReadError } from './features.ts';

/** What training produces and the store keeps: plain JSON data, the featuriser and the trees it feeds. */
export interface RiskModel {
  format: 'clearway-risk-model';
  version: 1;
  featuriser: FeaturiserJson;
  gbt: ModelJson;
}

/** A risk model ready to score: encodings as maps, trees as arrays, and a row buffer. */
export interface LoadedRiskModel {
  readonly featuriser: Featuriser;
  readonly gbt: Model;
  /** The row scoring writes into: scoring is synchronous, so one buffer per model is never used by two calls at once. */
  readonly scratch: Float64Array;
}

export type RiskModelReadError =
  | { code: 'not-a-model' | 'unsupported-version'; message: string }
  | FeaturiserReadError
  | ModelReadError;

/** A risk model from its JSON form (parsed), or why the data is not one this version can score with. */
export function loadRiskModel(data: unknown): { model: LoadedRiskModel } | { error: RiskModelReadError } {
  const d = data as Partial<RiskModel> | null;
  if (typeof d !== 'object' || d === null || d.format !== 'clearway-risk-model') {
    return { error: { code: 'not-a-model', message: 'not a clearway-risk-model (format is missing or different)' } };
  }
  if (d.version !== 1) return { error: { code: 'unsupported-version', message: `clearway-risk-model version ${String(d.version)} is not supported (this reads version 1)` } };
  const f = featuriserFromJson(d.featuriser);
  if ('error' in f) return f;
  const g = fromJson(d.gbt);
  if ('error' in g) return g;
  const names = f.featuriser.names;
  if (g.model.features.length !== names.length || g.model.features.some((name, i) => name !== names[i])) {
    return { error: { code: 'feature-mismatch', message: 'the trees were trained on other features than the featuriser computes' } };
  }
  return { model: { featuriser: f.featuriser, gbt: g.model, scratch: new Float64Array(names.length) } };
}

/** The model as plain JSON data, as training returned it. */
export const riskModelToJson = (model: LoadedRiskModel): RiskModel => ({
  format: 'clearway-risk-model',
  version: 1,
  featuriser: featuriserToJson(model.featuriser),
  gbt: toJson(model.gbt),
});
