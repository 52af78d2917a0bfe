// Words and numbers for the dashboards: lanes, buckets, collection models and ways of selection as people say them,
// counts, and how much a rate from few controls can be trusted.
import { laneLabel } from '../pages/Worklist.tsx';

export { laneLabel };

/** A count as written in a table: 1,234. */
export const count = (n: number): string => n.toLocaleString('en');

/** A bucket of the time release histogram, from its upper bound in hours (the API's bounds: 0, 1, 8, 24, 48, 168). */
export function bucketLabel(upToHours: number | null, previous: number | null | undefined): string {
  const span = (h: number) => (h >= 48 && h % 24 === 0 ? `${h / 24} days` : `${h} h`);
  if (upToHours === null) return previous === null || previous === undefined ? 'Later' : `Over ${span(previous)}`;
  if (upToHours === 0) return 'At arrival';
  if (previous === null || previous === undefined || previous === 0) return `Within ${span(upToHours)}`;
  return `${span(previous)} to ${span(upToHours)}`;
}

const MODELS: Record<string, string> = {
  vendor: 'Vendor (at checkout)',
  intermediary: 'Intermediary (platform, at checkout)',
  consumer: 'Consumer (before release)',
  carrier: 'Carrier (on delivery)',
  account: 'Importer’s account',
  none: 'No collection model',
};
export const modelLabel = (m: string): string => MODELS[m] ?? m;

const SELECTIONS: Record<string, string> = {
  rule: 'By a targeting rule',
  model: 'By the risk model',
  random: 'At random',
  none: 'Not selected',
};
export const selectionLabel = (s: string): string => SELECTIONS[s] ?? s;

const ROLES: Record<string, string> = { platform: 'platform', carrier: 'carrier', payment: 'payment provider', administration: 'administration' };
export const roleLabel = (r: string): string => ROLES[r] ?? r;

/** Below this many controls a hit rate is shown as weak evidence. */
export const FEW_CONTROLS = 10;

/**
 * The 95 % Wilson score interval of a rate of `hits` in `n` trials: the range the true rate is likely in. It is wide
 * when n is small (1 of 1 is 21 % to 100 %), which is what the chart must show. Null when n is 0.
 */
export function wilson(hits: number, n: number): [number, number] | null {
  if (n <= 0) return null;
  const z = 1.959964;
  const p = hits / n;
  const z2 = (z * z) / n;
  const centre = (p + z2 / 2) / (1 + z2);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n))) / (1 + z2);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
