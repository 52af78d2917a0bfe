// An authorisation in the AEO registry (WCO Framework, standard 6) and the checks it must pass before it is kept.
import { isCountry } from '../validation/index.ts';

/** The capacities in which an operator is authorised: an AEO vouches for its own part of the chain, not another's. */
export const aeoScopes = ['platform', 'seller', 'carrier'] as const;
export type AeoScope = (typeof aeoScopes)[number];

/** Suspended and revoked authorisations give no benefit; they stay in the registry as the record of what was. */
export const aeoStatuses = ['active', 'suspended', 'revoked'] as const;
export type AeoStatus = (typeof aeoStatuses)[number];

/** The keys an authorisation is found by: at least one. */
export interface AeoIdentifiers {
  /** The operator's Clearway party id, when it files through Clearway. */
  partyId?: string;
  /** EORI number (EU: the ISO country code and up to 15 characters), the identifier EU AEO authorisations are issued to. */
  eori?: string;
  /** VAT or other tax number. */
  vat?: string;
  /** A seller as the risk engine keys it (`sellerKey`): e.g. `pty_platform/S-1` for a seller known only to its platform. */
  sellerKey?: string;
}

/** Who issued the authorisation, and under which programme (e.g. DE, "EU AEO"; US, "US C-TPAT"). */
export interface AeoAuthority {
  /** ISO 3166-1 alpha-2 code of the issuing administration. */
  country: string;
  programme: string;
}

/**
 * An authorisation issued by another administration and recognised here under a mutual recognition arrangement (MRA).
 * `source` names the public act, so an officer can check it. For example the EU–US MRA recognising C-TPAT and the EU
 * AEO programme: Decision of the US-EU Joint Customs Cooperation Committee of 4 May 2012 (2012/290/EU). The WCO keeps a
 * compendium of AEO programmes and MRAs. These are examples for operators to enter, not a list Clearway ships as law.
 */
export interface MutualRecognition {
  arrangement: string;
  source: string;
}

export interface AeoAuthorisation {
  /** The authorisation number, as issued (e.g. DEAEOF1234567). */
  id: string;
  /** The operator's name. */
  name: string;
  identifiers: AeoIdentifiers;
  scope: AeoScope[];
  /** First day in force (YYYY-MM-DD). */
  validFrom: string;
  /** Last day in force (YYYY-MM-DD, included); open-ended when absent. */
  validUntil?: string;
  authority: AeoAuthority;
  /** Set when the authorisation is recognised under an MRA rather than issued by the home administration. */
  recognition?: MutualRecognition;
  status: AeoStatus;
}

export interface Problem {
  /** JSON Pointer to the field. */
  path: string;
  code: string;
  message: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: unknown): s is string => typeof s === 'string' && DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const IDENTIFIERS = ['partyId', 'eori', 'vat', 'sellerKey'] as const;

/** A value from a request, as a message names it: a string as it is, anything else by its type (String() of an array nested
 * thousands deep recurses past the stack). */
const shown = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 100) : v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`);

/**
 * Every problem of an authorisation at once, each naming its field: no identifier to find the operator by, a scope
 * that is not a capacity, a period that ends before it starts, an issuing country that is not an ISO 3166 code.
 */
export function authorisationProblems(a: Omit<AeoAuthorisation, 'id'>): Problem[] {
  const out: Problem[] = [];
  if (!IDENTIFIERS.some((k) => typeof a.identifiers?.[k] === 'string' && a.identifiers[k]!.trim() !== '')) {
    out.push({ path: '/identifiers', code: 'no-identifier', message: 'give at least one of partyId, eori, vat, sellerKey: the registry finds the operator by them' });
  }
  if (!Array.isArray(a.scope) || a.scope.length === 0) {
    out.push({ path: '/scope', code: 'no-scope', message: `name the capacities authorised: ${aeoScopes.join(', ')}` });
  } else {
    a.scope.forEach((s, i) => {
      if (!(aeoScopes as readonly string[]).includes(s)) out.push({ path: `/scope/${i}`, code: 'unknown-scope', message: `${shown(s)} is not one of ${aeoScopes.join(', ')}` });
    });
  }
  if (!isDay(a.validFrom)) out.push({ path: '/validFrom', code: 'bad-date', message: 'a day as YYYY-MM-DD' });
  if (a.validUntil !== undefined) {
    if (!isDay(a.validUntil)) out.push({ path: '/validUntil', code: 'bad-date', message: 'a day as YYYY-MM-DD' });
    else if (isDay(a.validFrom) && a.validUntil < a.validFrom) {
      out.push({ path: '/validUntil', code: 'ends-before-start', message: `the authorisation ends (${a.validUntil}) before it starts (${a.validFrom})` });
    }
  }
  if (typeof a.authority?.country !== 'string' || !isCountry(a.authority.country)) {
    out.push({ path: '/authority/country', code: 'unknown-country', message: `${shown(a.authority?.country)} is not an ISO 3166-1 alpha-2 country code` });
  }
  if (!(aeoStatuses as readonly string[]).includes(a.status)) out.push({ path: '/status', code: 'unknown-status', message: `one of ${aeoStatuses.join(', ')}` });
  return out;
}
