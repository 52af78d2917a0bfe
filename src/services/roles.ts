// Roles of parties and which filing kinds each may send.
import type { FilingKind } from '../domain/model/index.ts';

/**
 * Customs staff: `admin`, `officer` (casework: parcels, controls, referrals, payments, the registries), `risk-analyst`
 * (targeting rules, watchlists, models, hit rates, dashboards; no casework) and `revenue-officer` (accounts,
 * settlements, reconciliation, payments, dashboards; no casework). Partners: `platform`, `payment`, `carrier`;
 * `agency`: another agency of the state parcels are referred to (standard 10); `administration`: another country's
 * customs, sending the export declarations it cleared (standard 12). What each may call: src/server/permissions.ts.
 */
export const roles = ['admin', 'officer', 'risk-analyst', 'revenue-officer', 'platform', 'payment', 'carrier', 'agency', 'administration'] as const;
export type Role = (typeof roles)[number];

/** Who sends what (DESIGN.md §1): marketplaces order data, payment providers payments, posts and carriers logistics. */
const MAY_FILE: Readonly<Record<Role, readonly FilingKind[]>> = {
  admin: ['declaration', 'order', 'payment', 'logistics', 'arrival', 'delivery', 'return', 'export-declaration'],
  officer: [],
  'risk-analyst': [],
  'revenue-officer': [],
  platform: ['declaration', 'order', 'return'],
  payment: ['payment'],
  carrier: ['declaration', 'logistics', 'arrival', 'delivery', 'return'],
  agency: [],
  administration: ['export-declaration'],
};

export const mayFile = (role: Role, kind: FilingKind): boolean => MAY_FILE[role].includes(kind);
const STAFF: ReadonlySet<Role> = new Set(['admin', 'officer', 'risk-analyst', 'revenue-officer']);
/**
 * Customs staff, who read every consignment; the others read only those they filed for (an agency: those referred to
 * it). What each staff role may do is the permission matrix's (src/server/permissions.ts), checked before a service
 * runs; the services' own checks of this kind only scope what is read.
 */
export const readsAll = (role: Role): boolean => STAFF.has(role);
/** Staff who see buyers' and consignees' personal data; the other staff roles get it masked (issue 8, standard 1). */
export const seesPersonalData = (role: Role): boolean => role === 'admin' || role === 'officer';
export const isRole = (s: string): s is Role => (roles as readonly string[]).includes(s);

export interface Actor {
  partyId: string;
  role: Role;
  name: string;
}
