// Public surface of the learned risk model: gradient-boosted trees, categorical encoders, serialisation, ranking metrics.
export { train, boost, predict, logit, contributions, type Model, type Tree, type Row, type TrainOptions, type Contributions } from './gbt.ts';
export { fitTargetEncoding, encodeTarget, fitFrequencyEncoding, encodeFrequency, type TargetEncoder, type TargetEncodingOptions, type FrequencyEncoder } from './encoding.ts';
export { toJson, fromJson, type ModelJson, type ModelReadError } from './serialize.ts';
export { precisionAt, recallAt, auc, topIndices } from './metrics.ts';
