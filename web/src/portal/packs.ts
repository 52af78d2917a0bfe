// The jurisdiction packs' facts the portal quotes (destinations, thresholds, schemes, rates), read from jurisdictions/
// so the pages say what the engine applies. Each pack is its own chunk, loaded when a page needs it; the deployment's
// home pack is learnt from the API.
/// <reference types="vite/client" />
import { useEffect, useState } from 'react';
import { api } from '../shared/api.ts';

// The pack's own types and date rule (src/domain/jurisdiction is pure: no I/O, safe to bundle).
import { inForce as inForceOn, type Pack, type Threshold } from '../../../src/domain/jurisdiction/index.ts';

export type PackFacts = Pack;
export type { Threshold };
export type Ceiling = Pick<Threshold, 'amount' | 'inclusive' | 'basis'>;

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

/** Whether a dated fact of the pack is in force today, or on `day`. */
export const inForce = (f: { validFrom: string; validUntil?: string }, day = today()): boolean => inForceOn(f, day);
