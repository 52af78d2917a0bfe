// Default tuning of the indicators: each constant with the reason for its value.
import type { IndicatorSettings } from './types.ts';

export const DEFAULT_SETTINGS: Readonly<IndicatorSettings> = Object.freeze({
  // A 5th percentile from fewer than 30 prices is mostly noise: a single cheap honest sale would set it.
  minValueObservations: 30,
  // Three days: the time a buyer takes to place the orders and the carriers to bring them in the same few days.
  splitWindowHours: 72,
  // Twenty inspections at the base rate: a party needs about as many of its own before its rate moves far from it.
  priorStrength: 20,
  // Five earlier consignments: below that there is no history to speak of.
  newPartyBelow: 5,
  // A rate ten times the base rate is as bad as history gets (score 1); twice the base rate scores 0.3.
  fullLift: 10,
  // An AEO's records are audited: it lowers risk, but never cancels a strong indicator on its own. The administration's
  // AEO benefit setting (`riskWeight`, domain/trusted) replaces it on a running node.
  trustedTraderScore: -0.5,
});
