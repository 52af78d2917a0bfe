// Table shapes as Kysely sees them; the only place outside migrations that names columns.
import type { Generated } from 'kysely';
import type { TrustedTradersTable, TrustedTraderVersionsTable } from './schema-trusted.ts';
import type { SubscriptionTables } from './schema-subscriptions.ts';
import type { FilingRejectionsTable } from './schema-quality.ts';
import type { JobTables } from './schema-jobs.ts';
import type { OfficerTables } from './schema-officers.ts';

export interface PartiesTable {
  id: string;
  name: string;
  role: string;
  created_at: string;
  /** JSON: identifiers and contact details. */
  data: string;
}

export interface ApiKeysTable {
  id: string;
  party_id: string;
  /** SHA-256 of the key's secret part; the key itself is shown once and never stored. */
  secret_hash: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface FilingsTable {
  party_id: string;
  filing_id: string;
  kind: string;
  consignment_id: string;
  sent_at: string;
  received_at: string;
  /** The filing as received (JSON text), immutable. */
  body: string;
  body_hash: string;
}

export interface ConsignmentsTable {
  id: string;
  tracking_id: string | null;
  order_id: string | null;
  status: string;
  category: number | null;
  lane: string;
  created_at: string;
  updated_at: string;
  /** Set when a later filing showed this consignment is the same parcel as another one. */
  merged_into: string | null;
  /** JSON: the merged fields with provenance, findings, category decision, risk. */
  doc: string;
  /** The postal dispatch or master air waybill the parcel travels under (consolidated arrival). */
  master_id: string | null;
  /** Raised by every write of the row: what intake's optimistic check compares (015_consignment_version). */
  version: Generated<number>;
}

export interface AgencyRulesTable {
  id: string;
  /** JSON: the AgencyRule. */
  body: string;
  updated_by: string;
  updated_at: string;
}

export interface EventsTable {
  seq: number;
  consignment_id: string;
  type: string;
  at: string;
  actor: string;
  data: string;
  content_hash: string;
  prev_hash: string;
  hash: string;
}

export interface ChainHeadTable {
  id: Generated<number>;
  seq: number;
  hash: string;
}

export interface ExchangeRatesTable {
  pack_id: string;
  currency: string;
  valid_from: string;
  valid_until: string | null;
  /** Decimal string: units of `currency` per 1 unit of the pack's currency. */
  per_unit: string;
  source: string;
  imported_at: string;
}

export interface TariffLinesTable {
  pack_id: string;
  hs: string;
  valid_from: string;
  valid_until: string | null;
  description: string;
  /** JSON: the DutyRate. */
  duty: string;
  source: string;
  imported_at: string;
}

export interface RegistrationsTable {
  scheme: string;
  number: string;
  valid_from: string;
  valid_until: string | null;
  name: string;
  imported_at: string;
}

export interface LedgerTable {
  id: string;
  at: string;
  kind: string;
  consignment_id: string | null;
  party_id: string | null;
  model: string | null;
  memo: string;
  /** JSON: the balanced postings [{account, amount, currency}]. */
  postings: string;
}

export interface RiskRulesTable {
  id: string;
  version: number;
  /** JSON: the RiskRule as saved (every version kept). */
  body: string;
  author: string;
  created_at: string;
}

export interface WatchlistsTable {
  id: string;
  /** JSON: the Watchlist. */
  body: string;
  updated_by: string;
  updated_at: string;
}

/** One row per decision at arrival: what capacity was used for, and what the hit rates are counted against. */
export interface RiskDecisionsTable {
  consignment_id: string;
  decided_at: string;
  /** The decision's day (YYYY-MM-DD, UTC): capacity is per day. */
  day: string;
  lane: string;
  selected_by: string;
  score: number;
  expected_value: number;
  /** JSON: the reason codes (`rule:<id>@<version>`, indicator codes, `finding:<code>`, `model:<version>`). */
  reasons: string;
  model_version: string | null;
  model_probability: number | null;
  shadow_version: string | null;
  shadow_probability: number | null;
  /** The chance of a random check the parcel had, when it took part in the draw (`010_random_chance`). */
  random_chance: number | null;
}

/** The result of a control, with the keys of the histories it updates (kept as they were at the time). */
export interface InspectionOutcomesTable {
  id: string;
  consignment_id: string;
  at: string;
  officer: string;
  lane: string;
  result: string;
  /** Decimal string: the revenue adjusted, for `revenue-adjustment`. */
  amount: string | null;
  currency: string | null;
  note: string | null;
  /** JSON: party keys and route keys the outcome counts for. */
  parties: string;
  routes: string;
}

/** Trained models: every version kept with its evaluation; at most one active and one in shadow. */
export interface RiskModelsTable {
  version: string;
  trained_at: string;
  trained_by: string;
  /** candidate | active | shadow | retired */
  status: string;
  /** JSON: the hold-out evaluation. */
  metrics: string;
  /** JSON: the model with its featuriser. */
  body: string;
}

/** Values the nodes share, set once (the first node to need one writes it). */
export interface SettingsTable {
  key: string;
  value: string;
  created_at: string;
}

/**
 * PostgreSQL only (014_partitions): every filing's key, filled by a trigger on `filings`, which is partitioned by
 * month. It keeps (party_id, filing_id) unique across months, and intake looks its filing ids up here first.
 */
export interface FilingKeysTable {
  party_id: string;
  filing_id: string;
  received_at: string;
}

export interface Database extends SubscriptionTables, OfficerTables, JobTables {
  filing_keys: FilingKeysTable;
  filing_rejections: FilingRejectionsTable;
  agency_rules: AgencyRulesTable;
  settings: SettingsTable;
  trusted_traders: TrustedTradersTable;
  trusted_trader_versions: TrustedTraderVersionsTable;
  risk_decisions: RiskDecisionsTable;
  inspection_outcomes: InspectionOutcomesTable;
  risk_models: RiskModelsTable;
  risk_rules: RiskRulesTable;
  watchlists: WatchlistsTable;
  exchange_rates: ExchangeRatesTable;
  tariff_lines: TariffLinesTable;
  registrations: RegistrationsTable;
  ledger: LedgerTable;
  parties: PartiesTable;
  api_keys: ApiKeysTable;
  filings: FilingsTable;
  consignments: ConsignmentsTable;
  events: EventsTable;
  chain_head: ChainHeadTable;
}
