// Public surface of the learned risk model for Clearway's own consignments: features, training, loading, scoring.
export {
  consignmentFeatureNames,
  categoricalKeys,
  fitFeaturiser,
  fitFeaturiserSteps,
  featurise,
  featuriseInto,
  featuriserToJson,
  featuriserFromJson,
  type LabelledConsignment,
  type CategoricalKey,
  type CategoryEncoding,
  type Featuriser,
  type FeaturiserJson,
  type FeaturiserOptions,
  type FeaturiserReadError,
  type FittedFeaturiser,
} from './features.ts';
export { trainRiskModel, trainRiskModelSteps, type RiskTrainResult, type RiskTrainOptions, type RiskModelMetrics, type RiskTrainError } from './train.ts';
export { loadRiskModel, riskModelToJson, type RiskModel, type LoadedRiskModel, type RiskModelReadError } from './model.ts';
export { scoreWithModel, probabilityOf, type RiskModelScore, type FeatureContribution } from './score.ts';
