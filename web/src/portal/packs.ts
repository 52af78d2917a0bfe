// The jurisdiction packs' facts the portal quotes (destinations, thresholds, schemes, rates), read from jurisdictions/
// so the pages say what the engine applies. Each pack is its own chunk, loaded when a page needs it; the deployment's
// home pack is learnt from the API.
/// <reference types="vite/client" />
import { useEffect, useState } from 'react';
import { api } from '../shared/api.ts';

export interface DatedFact {
  source: string;
  validFrom: string;
  validUntil?: string;
  note?: string;
}
export type ValueBasis = 'intrinsic' | 'customs-value' | 'item' | 'duty-amount' | 'tax-amount';
export interface Threshold extends DatedFact {
  amount: string;
  inclusive: boolean;
  basis: ValueBasis;
  services?: string[];
  departureCountries?: string[];
  excludedHs?: string[];
}
export type Ceiling = Pick<Threshold, 'amount' | 'inclusive' | 'basis'>;
export interface Scheme extends DatedFact {
  scheme: string;
  name: string;
  ceiling: Ceiling;
  covers: Array<'tax' | 'duty'>;
}
export interface FlatDuty extends DatedFact {
  amount: string;
  per: 'tariff-subheading' | 'item' | 'consignment';
  schemes?: string[];
  ceiling: Ceiling;
}
export interface Fee extends DatedFact {
  code: string;
  name: string;
}
export interface TaxRate extends DatedFact {
  rate: string;
  region?: string;
  hsPrefixes?: string[];
  name: string;
}

/** The parts of a pack.json the portal reads (the full type is Pack in src/domain/jurisdiction/pack.ts). */
export interface PackFacts {
  id: string;
  name: string;
  homeCountry: string;
  currency: string;
  destinations?: string[];
  valuation: Array<DatedFact & { basis: 'CIF' | 'FOB' }>;
  dutyDeMinimis: Threshold[];
  taxDeMinimis: Threshold[];
  giftRelief: Threshold[];
  schemes: Scheme[];
  flatDuties?: FlatDuty[];
  fees: Fee[];
  taxes: Array<{ code: string; name: string; rates: TaxRate[] }>;
  advanceDataDeadlineHours: DatedFact & Record<string, number | string>;
}

const loaders = import.meta.glob<PackFacts>('../../../jurisdictions/*/pack.json', { import: 'default' });
const packIdOf = (file: string): string => file.split('/').at(-2)!.toUpperCase();
const loaderById = new Map(Object.entries(loaders).map(([file, load]) => [packIdOf(file), load]));

let all: Promise<PackFacts[]> | undefined;
/** Every shipped pack, sorted by id (loaded once). */
export function loadPacks(): Promise<PackFacts[]> {
  all ??= Promise.all([...loaderById.values()].map((load) => load())).then((ps) => ps.sort((a, b) => a.id.localeCompare(b.id)));
  return all;
}

export const destinationsOf = (p: PackFacts): string[] => p.destinations ?? [p.homeCountry];

let home: Promise<PackFacts> | undefined;
/**
 * The pack of the deployment's home jurisdiction. No public route names it but the guide's, which says whose agency
 * rules it lists.
 */
export function loadHomePack(): Promise<PackFacts> {
  home ??= api<{ jurisdiction: string }>('/v1/public/restricted-goods').then((g) => {
    const load = loaderById.get(g.jurisdiction.toUpperCase());
    if (!load) throw new Error(`this portal was built without the pack of ${g.jurisdiction}`);
    return load();
  });
  home.catch(() => {
    home = undefined;
  });
  return home;
}

export interface Loading<T> {
  data?: T;
  error?: unknown;
}

export function usePromise<T>(load: () => Promise<T>): Loading<T> {
  const [state, setState] = useState<Loading<T>>({});
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data }),
      (error: unknown) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [load]);
  return state;
}

export const useHomePack = (): Loading<PackFacts> => usePromise(loadHomePack);
export const usePacks = (): Loading<PackFacts[]> => usePromise(loadPacks);

/** Today as the law's calendar reads it (UTC day, as the server's estimate uses). */
export const today = (): string => new Date().toISOString().slice(0, 10);

export const inForce = (f: Pick<DatedFact, 'validFrom' | 'validUntil'>, day = today()): boolean =>
  f.validFrom <= day && (f.validUntil === undefined || day <= f.validUntil);
