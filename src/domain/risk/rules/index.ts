// Public surface of targeting rules: the rule and watchlist types, compiling and matching them, the facts they read.
export { compileRules, ruleProblems, type CompiledRules } from './evaluate.ts';
export { subjectOf } from './subject.ts';
export { forcedLanes, ruleFields } from './types.ts';
export type * from './types.ts';
