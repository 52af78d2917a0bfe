// Public surface of the revenue engine: assess a basket under a jurisdiction pack, look up tariffs, derive customs rates.
export { assess, roundTo } from './engine.ts';
export { indexTariff, type TariffLookup } from './tariff.ts';
export type * from './types.ts';
export { refusalCodes } from './types.ts';
export { addDays, daily, monthlyPenultimateWednesday, penultimateWednesday, type DailyQuote } from './customs-rates.ts';
export { simulateThresholds, simulateThresholdSteps, type Scenario, type ScenarioResult } from './simulate.ts';
