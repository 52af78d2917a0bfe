// Trusted trader: an authorised economic operator answers for the declaration, which lowers the risk.
import type { ConsignmentState } from '../../clearance/index.ts';
import type { PartyData } from '../../model/index.ts';
import { partiesOf } from './parties.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import type { Indicator, RiskContext, TrustedCapacity, TrustedMatch } from './types.ts';

/**
 * WCO Framework, standard 6: AEO benefits for e-commerce operators include fewer controls. An AEO's records and
 * procedures have been audited, so its declarations are more likely right: a negative score (`trustedTraderScore`,
 * -0.5 unless the administration sets its own), which lowers the combined risk but does not cancel strong evidence
 * against the parcel itself. Looked up by the filer's and the seller's keys, then by the seller's and the platform's
 * EORI and VAT numbers (the identifiers AEO authorisations are issued to), each in the capacity it declares in: a
 * carrier's authorisation does not vouch for the goods, values and descriptions a platform or seller declares. A match
 * on a number the order data declares is shown but scores 0 and gives no benefit (see `verified`).
 */
export function trustedTrader(state: ConsignmentState, ctx: RiskContext): Indicator | undefined {
  const f = state.fields;
  let found: Found | undefined;
  for (const p of partiesOf(f)) {
    // The filer of the order data answers for it as the platform it is, or as the seller when it sells its own goods.
    found = p.role === 'filer' ? (lookup(ctx, p.id, 'platform') ?? lookup(ctx, p.id, 'seller')) : lookup(ctx, p.id, 'seller');
    if (found) {
      found.who = p.role;
      found.key = p.id;
      break;
    }
  }
  found ??= byIdentifier('seller', f.seller?.value, ctx) ?? byIdentifier('platform', f.platform?.value ?? undefined, ctx);
  if (found === undefined) return undefined;
  // Only what the filer cannot make up earns the benefit: its own party id, or a seller id it gave (`filer/S-1`). An
  // EORI or VAT number in the order data is the filer's say-so: anyone can type a real AEO's number.
  const verified = !found.key.startsWith('EORI') && !found.key.startsWith('VAT');
  const a = found.match.authorisation;
  const evidence: Record<string, string> = { role: found.who, party: found.key };
  if (a) {
    evidence.authorisation = a.id;
    evidence.programme = a.programme;
    if (a.recognition !== undefined) evidence.recognition = a.recognition;
  }
  const named = `${found.who} ${found.key} is an authorised economic operator (trusted trader)${a ? `: ${describeAuthorisation(a)}` : ''}`;
  if (!verified) {
    return {
      code: 'trusted-trader',
      score: 0,
      message: `${named}, by the order data's own account: not verified (the filer is not the authorised party), no benefit`,
      evidence: { ...evidence, verified: 'no' },
    };
  }
  return { code: 'trusted-trader', score: (ctx.settings ?? DEFAULT_SETTINGS).trustedTraderScore, message: named, evidence };
}

/** "EU AEO DEAEOF1234 (ShopNova GmbH), recognised under EU–US MRA": how a decision names an authorisation. */
const describeAuthorisation = (a: NonNullable<TrustedMatch['authorisation']>): string =>
  `${a.programme} ${a.id} (${a.name})${a.recognition !== undefined ? `, recognised under ${a.recognition}` : ''}`;

interface Found {
  who: string;
  key: string;
  match: TrustedMatch;
}

const ANY: TrustedMatch = {};

function lookup(ctx: RiskContext, key: string, as: TrustedCapacity): Found | undefined {
  const match = ctx.trustedTrader ? ctx.trustedTrader(key, as) : ctx.isTrustedTrader(key) ? ANY : undefined;
  return match && { who: '', key, match };
}

function byIdentifier(who: 'seller' | 'platform', party: PartyData | undefined, ctx: RiskContext): Found | undefined {
  const ids = party?.taxIds;
  if (!ids) return undefined;
  const eori = ids.eori !== undefined ? lookup(ctx, ids.eori, who) : undefined;
  if (eori) return { ...eori, who, key: `EORI ${ids.eori}` };
  const vat = ids.vat !== undefined ? lookup(ctx, ids.vat, who) : undefined;
  if (vat) return { ...vat, who, key: `VAT ${ids.vat}` };
  return undefined;
}
