// Public surface of the risk evaluation tooling: the customs declarations data set, its features, and the evaluations.
export { readDataSet, parseDeclarations, SPLIT_FILES, type DataSet, type LabelledDeclaration, type Split } from './declarations.ts';
export { fitFeatures, featuresOf, type Featurizer, type FeatureOptions } from './features.ts';
export { evaluateHoldout, simulateOnline, mondayOf, HOLDOUT_PARAMS, ONLINE_PARAMS, PERCENTS, type HoldoutResult, type OnlineResult, type WeekResult, type EvaluationOptions, type OnlineOptions } from './evaluate.ts';
