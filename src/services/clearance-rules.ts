// What the consignment life cycle decides with — the home pack and its reference data, the risk engine, the agency
// rules — kept up to date with the store, in one place for every service that changes consignments.
import type { Rules } from '../domain/clearance/index.ts';
import type { AgencyService } from './agencies.ts';
import type { RevenueService } from './revenue.ts';
import type { RiskRuntime } from './risk-runtime.ts';

export class ClearanceRules {
  constructor(
    readonly revenue: RevenueService,
    readonly risk: RiskRuntime,
    readonly agencies?: AgencyService,
  ) {}

  /** Catch up with changes other nodes (or the CLI) made; each source looks at most every few seconds. */
  async refresh(): Promise<void> {
    await Promise.all([this.revenue.refresh(), this.risk.refresh(), this.agencies?.refresh()]);
  }

  /** The rules as they stand now. */
  current(): Rules {
    return { ...this.revenue.rules(), risk: this.risk.judge, agencies: this.agencies?.rules() ?? [] };
  }
}
