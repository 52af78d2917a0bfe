// Public surface of the risk engine: indicators, targeting rules, the combined score, selection under capacity, the learned model.
export * from './indicators/index.ts';
export * from './rules/index.ts';
export { combine, decide, expectedValue, thresholdFor, type Capacity, type Decision, type Evidence, type Reason, type SelectionPolicy } from './selectivity.ts';
export { scoreConsignment, type RiskScore } from './score.ts';
