// Targeting rules (risk profiles) and watchlists as data: what an analyst writes, versioned, with validity dates and author.

/** The controls a rule may force (immediate release is never forced: a rule only adds scrutiny). */
export const forcedLanes = ['document-check', 'scan', 'physical', 'agency-referral'] as const;
export type ForcedLane = (typeof forcedLanes)[number];

/**
 * Facts of a consignment a condition can test. Lists (`hsCode`, `originCountry`, `party`, `identifier`,
 * `descriptionWord`) match when any of their values does.
 */
export const ruleFields = {
  hsCode: 'list',
  originCountry: 'list',
  departureCountry: 'text',
  destination: 'text',
  service: 'text',
  party: 'list',
  identifier: 'list',
  descriptionWord: 'list',
  category: 'number',
  intrinsicValue: 'number',
  valuePerKg: 'number',
  grossMassKg: 'number',
  itemCount: 'number',
  hoursBeforeArrival: 'number',
} as const;
export type RuleField = keyof typeof ruleFields;

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  /** Text and list fields: equals one of the values (case-sensitive codes, case-insensitive words). */
  | { field: RuleField; in: string[] }
  /** Text and list fields: starts with one of the prefixes (HS chapters, headings). */
  | { field: RuleField; prefix: string[] }
  /** Number fields: compared with a decimal string (`"22"`, `"0.5"`). */
  | { field: RuleField; op: 'lt' | 'lte' | 'gt' | 'gte' | 'eq'; value: string }
  /** The field has a value at all (e.g. `hoursBeforeArrival` once both times are known). */
  | { field: RuleField; exists: boolean }
  /** A named indicator scored at least this much (0..1). */
  | { indicator: string; atLeast: number }
  /** Any party, identifier or buyer of the consignment is on the watchlist. */
  | { watchlist: string };

export interface RuleEffect {
  /** Added to the risk score's evidence: 0..1, combined with other rules and indicators by noisy-or. */
  weight?: number;
  /** The control this rule demands, whatever the score and the capacity. */
  lane?: ForcedLane;
}

export interface RiskRule {
  id: string;
  /** Each edit is a new version; assessments record the version they applied. */
  version: number;
  name: string;
  description?: string;
  when: Condition;
  then: RuleEffect;
  validFrom: string;
  validUntil?: string;
  author: string;
  /** false: withdrawn (kept for the record and for hit rates). */
  active: boolean;
}

export interface WatchlistEntry {
  /** party: a Clearway party id; identifier: a tax id, EORI, IOSS number, email or phone; buyer: a buyer key. */
  kind: 'party' | 'identifier' | 'buyer';
  value: string;
  note?: string;
}

export interface Watchlist {
  id: string;
  name: string;
  entries: WatchlistEntry[];
}

/** The facts of one consignment the rules read, computed once per assessment. */
export interface RiskSubject {
  hsCode: string[];
  originCountry: string[];
  departureCountry?: string;
  destination?: string;
  service?: string;
  party: string[];
  identifier: string[];
  descriptionWord: string[];
  buyer?: string;
  category?: number;
  intrinsicValue?: string;
  valuePerKg?: string;
  grossMassKg?: string;
  itemCount: number;
  hoursBeforeArrival?: string;
  indicators: ReadonlyMap<string, number>;
}

export interface RuleHit {
  ruleId: string;
  version: number;
  name: string;
  weight: number;
  lane?: ForcedLane;
}
