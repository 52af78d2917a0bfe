// Measures of clearance (WCO Framework standard 14): a time release study from the event log, and the share of
// parcels released on arrival. Pure: plain records in, figures out.
import { quantile } from '../quality/timeliness.ts';

/** One parcel's passage: when it arrived, when customs released it (or not yet), in which lane, with which carrier. */
export interface Passage {
  lane: string;
  carrier: string | null;
  arrivedAt: string;
  releasedAt: string | null;
  /** Released by Clearway at the moment of arrival, on the data received before it (immediate release). */
  immediate: boolean;
}

export interface ReleaseTimes {
  /** Parcels that arrived in the period. */
  arrived: number;
  /** Of those, released (so far). */
  released: number;
  /** Released at the moment of arrival, with no one's intervention: the pre-arrival processing the Framework asks for. */
  immediate: number;
  immediateShare: number | null;
  /** Hours from arrival to release of the released ones. */
  hours: { p10: number; median: number; p90: number; mean: number } | null;
  /** How many were released within each bound (hours), and after the last one. */
  histogram: Array<{ upToHours: number | null; count: number }>;
}

/** Bounds of the histogram, in hours: at once, within the hour, a working day, a day, two, a week, later. */
const BOUNDS = [0, 1, 8, 24, 48, 168] as const;

const HOUR_MS = 3_600_000;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** The time release study of some parcels. */
export function releaseTimes(passages: readonly Passage[]): ReleaseTimes {
  const hours: number[] = [];
  let immediate = 0;
  for (const p of passages) {
    if (p.releasedAt === null) continue;
    hours.push(Math.max(0, (Date.parse(p.releasedAt) - Date.parse(p.arrivedAt)) / HOUR_MS));
    if (p.immediate) immediate++;
  }
  hours.sort((a, b) => a - b);
  const histogram = [...BOUNDS.map((b) => ({ upToHours: b as number | null, count: 0 })), { upToHours: null, count: 0 }];
  for (const h of hours) {
    const i = BOUNDS.findIndex((b) => h <= b);
    histogram[i < 0 ? BOUNDS.length : i]!.count++;
  }
  const n = hours.length;
  return {
    arrived: passages.length,
    released: n,
    immediate,
    immediateShare: passages.length === 0 ? null : round2(immediate / passages.length),
    hours: n === 0 ? null : { p10: round2(quantile(hours, 0.1)), median: round2(quantile(hours, 0.5)), p90: round2(quantile(hours, 0.9)), mean: round2(hours.reduce((a, b) => a + b, 0) / n) },
    histogram,
  };
}

/** The study per key (lane, carrier), keys sorted. */
export function releaseTimesBy(passages: readonly Passage[], key: (p: Passage) => string | null): Record<string, ReleaseTimes> {
  const groups = new Map<string, Passage[]>();
  for (const p of passages) {
    const k = key(p) ?? 'unknown';
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(p);
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, ps]) => [k, releaseTimes(ps)]));
}

/**
 * One parcel's passage read from its status changes (oldest first): the first arrival, the first release after it, and
 * whether Clearway released it at the moment of arrival. Undefined when it has not arrived.
 */
export function passageOf(
  changes: ReadonlyArray<{ at: string; actor: string; to: string }>,
  lane: string,
  carrier: string | null,
): Passage | undefined {
  const arrival = changes.find((c) => c.to === 'arrived');
  if (!arrival) return undefined;
  const release = changes.find((c) => c.to === 'released' && c.at >= arrival.at);
  return {
    lane,
    carrier,
    arrivedAt: arrival.at,
    releasedAt: release?.at ?? null,
    immediate: release !== undefined && release.at === arrival.at && release.actor === 'clearway',
  };
}
