// The composition root: one store, the home jurisdiction pack, and the services built on them.
import { ensurePartitions, openStore, PARTITION_MONTHS_AHEAD, type Store } from '../store/index.ts';
import type { Config } from '../config.ts';
import type { Pack } from '../domain/jurisdiction/index.ts';
import { AccountService } from './accounts.ts';
import { ConsignmentService } from './consignments.ts';
import { IntakeService } from './intake.ts';
import { loadPack } from './packs.ts';
import { PartyService } from './parties.ts';
import { RevenueService } from './revenue.ts';
import { RiskService } from './risk.ts';
import { RiskRuntime } from './risk-runtime.ts';
import { Dispatcher } from './dispatcher.ts';
import { SubscriptionService } from './subscriptions.ts';
import { TrustedService } from './trusted.ts';
import { ModelService } from './models.ts';
import { QualityService } from './quality.ts';
import { AgencyService } from './agencies.ts';
import { ClearanceRules } from './clearance-rules.ts';
import { MetricsService } from './metrics.ts';
import { WorklistService } from './worklist.ts';
import { JobService, standardJobKinds } from './jobs.ts';
import { OfficerService } from './officers.ts';
import { Readiness } from './readiness.ts';
import { Telemetry } from './telemetry.ts';

export interface Clearway {
  config: Config;
  store: Store;
  pack: Pack;
  intake: IntakeService;
  parties: PartyService;
  consignments: ConsignmentService;
  revenue: RevenueService;
  accounts: AccountService;
  risk: RiskService;
  /** The risk engine on this node (memory, rules, models, capacity). */
  runtime: RiskRuntime;
  models: ModelService;
  /** Event subscriptions (webhooks); `subscriptions.dispatcher` delivers them once started (`clearway serve` starts it). */
  subscriptions: SubscriptionService;
  /** The AEO registry and the benefits it gives (standard 6). */
  trusted: TrustedService;
  /** Partners' data-quality and timeliness feedback (standard 11). */
  quality: QualityService;
  /** What the consignment life cycle decides with (pack, reference data, risk engine, agency rules). */
  clearance: ClearanceRules;
  /** Agency rules (standard 10), kept in memory on this node. */
  agencies: AgencyService;
  /** The dashboards' figures (standard 14). */
  metrics: MetricsService;
  /** What officers and agencies have to work on. */
  worklist: WorklistService;
  /** Long operations run in the background with their progress (training, simulations); stopped by close(). */
  jobs: JobService;
  /** Console logins (officer accounts) and their cookie sessions. */
  officers: OfficerService;
  /** This node's Prometheus metrics (a registry of its own). */
  telemetry: Telemetry;
  /** Whether this node should take traffic (GET /ready); `readiness.drain()` when a shutdown begins. */
  readiness: Readiness;
  close(): Promise<void>;
}

export const ADMIN_PARTY_ID = 'admin';

export async function openClearway(config: Config, clock: () => Date = () => new Date()): Promise<Clearway> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sqlite: { synchronous: config.sqliteSync }, poolSize: config.dbPool });
  await store.migrate();
  // PostgreSQL: this month's partition and the next few exist before their rows arrive; checked again daily on a node
  // that runs for months. A failed check costs nothing but time: a row without its month's partition goes to DEFAULT
  // and is moved at the next check that succeeds.
  await ensurePartitions(store.db, clock(), PARTITION_MONTHS_AHEAD);
  const partitionCheck = setInterval(() => void ensurePartitions(store.db, clock(), PARTITION_MONTHS_AHEAD).catch(() => {}), 86_400_000);
  partitionCheck.unref();
  if (!(await store.getParty(ADMIN_PARTY_ID))) {
    await store.insertParty({ id: ADMIN_PARTY_ID, name: 'Administrator', role: 'admin', createdAt: clock().toISOString(), data: {} }).catch(async (e) => {
      // Another node created it at the same moment.
      if (!(await store.getParty(ADMIN_PARTY_ID))) throw e;
    });
  }
  const pack = loadPack(config.pack);
  const revenue = new RevenueService(store, pack, clock);
  await revenue.refresh(true);
  const runtime = new RiskRuntime(store, pack, clock, config.risk);
  const models = new ModelService(store, runtime, clock);
  await runtime.start();
  const risk = new RiskService(store, runtime, clock);
  const trusted = new TrustedService(store, runtime, clock);
  // An AEO platform or seller with the account-payment benefit pays on account, like a partner registered for it.
  revenue.accountHolders = (partyId) => trusted.isAccountHolder(partyId);
  const quality = new QualityService(store, pack, clock);
  const agencies = new AgencyService(store, clock);
  const accounts = new AccountService(store, clock);
  await agencies.refresh(true);
  const clearance = new ClearanceRules(revenue, runtime, agencies);
  const telemetry = new Telemetry(store, { info: { pack: `${pack.id}@${pack.version}`, store: store.dialect } });
  const dispatcher = new Dispatcher(store, { onAttempt: (outcome) => telemetry.webhookAttempt(outcome) });
  const subscriptions = new SubscriptionService(store, dispatcher, clock);
  const jobs = new JobService(store, standardJobKinds(models, revenue), clock);
  telemetry.watchJobs(() => jobs.load);
  // Jobs a node that died left unfinished end as interrupted.
  await jobs.recover();
  const parties = new PartyService(store, config.adminKey, clock);
  return {
    config,
    subscriptions,
    store,
    pack,
    revenue,
    runtime,
    models,
    agencies,
    clearance,
    quality,
    intake: new IntakeService(store, clearance, clock, quality),
    parties,
    officers: new OfficerService(store, parties, clock),
    consignments: new ConsignmentService(store, clearance, clock),
    accounts,
    metrics: new MetricsService(store, risk, accounts, quality),
    worklist: new WorklistService(store),
    jobs,
    risk,
    trusted,
    telemetry,
    readiness: new Readiness(store, clock),
    // Refusals counted by the last requests are written before the store closes.
    close: () => {
      clearInterval(partitionCheck);
      return jobs.stop().then(() => subscriptions.dispatcher.stop()).then(() => quality.settled()).then(() => store.close());
    },
  };
}
