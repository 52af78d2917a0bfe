// Roles of parties and which filing kinds each may send.
import type { FilingKind } from '../domain/model/index.ts';

/** `administration`: another country's customs, sending the export declarations it cleared (standard 12). */
export const roles = ['admin', 'officer', 'platform', 'payment', 'carrier', 'agency', 'administration'] as const;
export type Role = (typeof roles)[number];

/** Who sends what (DESIGN.md §1): marketplaces order data, payment providers payments, posts and carriers logistics. */
const MAY_FILE: Readonly<Record<Role, readonly FilingKind[]>> = {
  admin: ['declaration', 'order', 'payment', 'logistics', 'arrival', 'delivery', 'return', 'export-declaration'],
  officer: [],
  platform: ['declaration', 'order', 'return'],
  payment: ['payment'],
  carrier: ['declaration', 'logistics', 'arrival', 'delivery', 'return'],
  agency: [],
  administration: ['export-declaration'],
};

export const mayFile = (role: Role, kind: FilingKind): boolean => MAY_FILE[role].includes(kind);
/** Roles that read every consignment; the others read only those they filed for. */
export const readsAll = (role: Role): boolean => role === 'admin' || role === 'officer';
export const isRole = (s: string): s is Role => (roles as readonly string[]).includes(s);

export interface Actor {
  partyId: string;
  role: Role;
  name: string;
}
