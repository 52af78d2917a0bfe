// Trusted trader: an authorised economic operator answers for the declaration, which lowers the risk.
import type { ConsignmentState } from '../../clearance/index.ts';
import type { PartyData } from '../../model/index.ts';
import { partiesOf } from './parties.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import type { Indicator, RiskContext } from './types.ts';

/**
 * WCO Framework, standard 6: AEO benefits for e-commerce operators include fewer controls. An AEO's records and
 * procedures have been audited, so its declarations are more likely right: a negative score (`trustedTraderScore`,
 * -0.5), which lowers the combined risk but does not cancel strong evidence against the parcel itself. Looked up by
 * the filer's and the seller's keys, then by the seller's and the platform's EORI and VAT numbers (the identifiers
 * AEO authorisations are issued to).
 */
export function trustedTrader(state: ConsignmentState, ctx: RiskContext): Indicator | undefined {
  const f = state.fields;
  let found: { who: string; key: string } | undefined;
  for (const p of partiesOf(f)) {
    if (ctx.isTrustedTrader(p.id)) {
      found = { who: p.role, key: p.id };
      break;
    }
  }
  found ??= byIdentifier('seller', f.seller?.value, ctx) ?? byIdentifier('platform', f.platform?.value ?? undefined, ctx);
  if (found === undefined) return undefined;
  return {
    code: 'trusted-trader',
    score: (ctx.settings ?? DEFAULT_SETTINGS).trustedTraderScore,
    message: `${found.who} ${found.key} is an authorised economic operator (trusted trader)`,
    evidence: { role: found.who, party: found.key },
  };
}

function byIdentifier(who: string, party: PartyData | undefined, ctx: RiskContext): { who: string; key: string } | undefined {
  const ids = party?.taxIds;
  if (!ids) return undefined;
  if (ids.eori !== undefined && ctx.isTrustedTrader(ids.eori)) return { who, key: `EORI ${ids.eori}` };
  if (ids.vat !== undefined && ctx.isTrustedTrader(ids.vat)) return { who, key: `VAT ${ids.vat}` };
  return undefined;
}
