// Public surface of the risk engine: indicators, targeting rules, the combined score, selection under capacity, the learned model.
export * from './indicators/index.ts';
export * from './rules/index.ts';
export { combine, decide, expectedValue, thresholdFor, type Capacity, type Decision, type Evidence, type Reason, type SelectionPolicy } from './selectivity.ts';
export { scoreConsignment, type RiskScore, type ModelOpinion } from './score.ts';
export { RiskMemory, routeKey, routesOf, DEFAULT_LIMITS, type ObservedOutcome, type MemoryLimits, type TrustedKey } from './memory.ts';
export { Selector, DEFAULT_SELECTOR, type LaneCapacity, type SelectorSettings, type Selection, type DayUsage } from './selector.ts';
export { RiskEngine, FEWER_RANDOM_CHECKS, type EngineModel, type EngineParts, type TrustedBenefits } from './engine.ts';
export { hitRates, ruleIdOf, type DecisionRecord, type HitRate, type HitRates } from './hit-rates.ts';
export * from './learned/index.ts';
