// The day's control capacity and who gets it: forced lanes first, then by expected value, and a random share.
import { uniformOf } from '../random/index.ts';
import type { ForcedLane } from './rules/index.ts';
import { decide, expectedValue, thresholdFor } from './selectivity.ts';

export interface LaneCapacity {
  lane: ForcedLane;
  /** Controls the office can do in this lane per day. */
  perDay: number;
}

export interface SelectorSettings {
  /**
   * Capacity per lane. Lanes chosen by score or at random are filled in this order (the least intrusive control with
   * room first); lanes demanded by a rule take their own lane's capacity.
   */
  capacities: LaneCapacity[];
  /** Share of the capacity kept for random selection (WCO: unbiased ground truth for the model and the rules). */
  randomShare: number;
  /** The value given to stopping a non-revenue offence (prohibited goods), in the pack currency: the least at stake. */
  harmFloor: number;
  /** Parcels expected per day until a full day has been seen. */
  expectedPerDay: number;
  /** Seed of the random selection: with the consignment id it decides the draw, so an audit can replay it. */
  seed: string;
  /** Expected values kept to place the threshold (the most recent decisions). */
  window: number;
}

/** Defaults for an office with modest capacity; each deployment sets its own (config `risk.capacity`). */
export const DEFAULT_SELECTOR: SelectorSettings = {
  capacities: [
    { lane: 'document-check', perDay: 200 },
    { lane: 'scan', perDay: 100 },
    { lane: 'physical', perDay: 20 },
    { lane: 'agency-referral', perDay: 20 },
  ],
  randomShare: 0.1,
  harmFloor: 20,
  expectedPerDay: 2000,
  seed: 'clearway',
  window: 2000,
};

export interface Selection {
  lane: ForcedLane | 'release';
  selectedBy: 'rule' | 'model' | 'random' | 'none';
  expectedValue: number;
  /**
   * When the parcel came to the random draw (not forced, not chosen by score, room left, a random share set): its chance
   * of a check (0..1), and the chance without the factor `select` was given.
   */
  randomDraw?: { chance: number; baseChance: number };
}

/** What one day's decisions used, as the store counts them (for a node starting or catching up with the others). */
export interface DayUsage {
  day: string;
  /** Decisions per lane today, release included. */
  lanes: Partial<Record<ForcedLane | 'release', number>>;
}

/** Decisions this many expected values apart recompute the threshold: sorting the window every parcel would cost more than scoring. */
const RECOMPUTE_EVERY = 50;

export class Selector {
  private day = '';
  private used = new Map<string, number>();
  private decidedToday = 0;
  /** Parcels decided on the last complete day seen: the best guess of today's traffic. */
  private lastDayCount = 0;
  private readonly recent: number[] = [];
  private next = 0;
  private sinceThreshold = Number.POSITIVE_INFINITY;
  private threshold = Number.POSITIVE_INFINITY;

  readonly settings: SelectorSettings;

  constructor(settings: SelectorSettings = DEFAULT_SELECTOR) {
    this.settings = { ...settings, capacities: [...settings.capacities] };
  }

  /** Take over what the store knows: today's usage (all nodes) and, for the threshold, recent expected values. */
  restore(today: DayUsage, yesterdayCount: number, recentValues: readonly number[]): void {
    this.day = today.day;
    this.used = new Map(Object.entries(today.lanes).map(([k, v]) => [k, v ?? 0]));
    this.decidedToday = [...this.used.values()].reduce((a, b) => a + b, 0);
    this.lastDayCount = yesterdayCount;
    this.recent.length = 0;
    this.next = 0;
    for (const v of recentValues.slice(-this.settings.window)) this.remember(v);
    this.sinceThreshold = Number.POSITIVE_INFINITY;
  }

  /**
   * Take the store's count of today's decisions (every node's) where it is ahead of this node's own: the capacity is
   * the office's, not the node's. Recent expected values are kept.
   */
  syncUsage(today: DayUsage): void {
    this.roll(today.day);
    if (today.day !== this.day) return; // a past day's counts say nothing about today's capacity
    for (const [lane, n] of Object.entries(today.lanes)) this.used.set(lane, Math.max(this.used.get(lane) ?? 0, n ?? 0));
    this.decidedToday = [...this.used.values()].reduce((a, b) => a + b, 0);
  }

  /** Today's usage per lane (release included), as this node counts it. */
  usage(): DayUsage {
    return { day: this.day, lanes: Object.fromEntries(this.used) };
  }

  /** Parcels expected today: yesterday's count once a day has been seen, never fewer than today's so far. */
  expectedToday(): number {
    return Math.max(this.lastDayCount > 0 ? this.lastDayCount : this.settings.expectedPerDay, this.decidedToday, 1);
  }

  /**
   * Decide one parcel at `now`: `score` from the engine, `atStake` the revenue assessed (a number in the pack currency:
   * a ranking weight, not an amount anyone pays), `forced` the strongest lane a rule demands. `randomFactor` (0..1)
   * multiplies the chance of a random check (an authorised economic operator's benefit); the draw itself stays
   * `uniformOf(seed:consignmentId)`, so an audit replays it from the seed, the id and the factor.
   */
  select(consignmentId: string, score: number, atStake: number, forced: ForcedLane | null, now: string, randomFactor = 1): Selection {
    this.roll(now.slice(0, 10));
    const factor = Math.min(1, Math.max(0, randomFactor));
    const ev = expectedValue(score, atStake, this.settings.harmFloor);
    const s = this.settings;
    const total = s.capacities.reduce((a, c) => a + c.perDay, 0);
    // A lane a rule filled beyond its capacity is full, no more: the overflow is not taken from the other lanes' room.
    const usedSelectable = s.capacities.reduce((a, c) => a + Math.min(this.used.get(c.lane) ?? 0, c.perDay), 0);
    const room = s.capacities.find((c) => (this.used.get(c.lane) ?? 0) < c.perDay);
    if (this.sinceThreshold >= RECOMPUTE_EVERY) {
      this.threshold = thresholdFor(this.recent, total, this.expectedToday(), s.randomShare);
      this.sinceThreshold = 0;
    }
    const d = decide(
      score,
      ev,
      forced,
      { lane: room?.lane ?? 'document-check', perDay: room ? total : 0, usedToday: room ? usedSelectable : 0 },
      // The threshold was placed with the full random share; only this parcel's chance of the draw is scaled.
      { randomShare: s.randomShare * factor, threshold: this.threshold, expectedPerDay: this.expectedToday() },
      uniformOf(`${s.seed}:${consignmentId}`),
    );
    const expectedToday = this.expectedToday();
    this.remember(ev);
    this.sinceThreshold++;
    this.decidedToday++;
    this.used.set(d.lane, (this.used.get(d.lane) ?? 0) + 1);
    // Released with room left, or selected at random: the parcel came to the draw.
    const baseChance = Math.min(1, (s.randomShare * total) / expectedToday);
    const drawn = baseChance > 0 && (d.selectedBy === 'random' || (d.selectedBy === 'none' && room !== undefined));
    if (!drawn) return { lane: d.lane, selectedBy: d.selectedBy, expectedValue: ev };
    const randomDraw = { chance: Math.min(1, (s.randomShare * factor * total) / expectedToday), baseChance };
    return { lane: d.lane, selectedBy: d.selectedBy, expectedValue: ev, randomDraw };
  }

  private roll(day: string): void {
    // A decision dated before the current day (requests crossing midnight out of order, a node's clock behind another's)
    // counts in the current day: going back would drop the day's usage, and the next decision would drop it again.
    if (day <= this.day) return;
    if (this.day !== '') this.lastDayCount = this.decidedToday;
    this.day = day;
    this.used = new Map();
    this.decidedToday = 0;
    this.sinceThreshold = Number.POSITIVE_INFINITY;
  }

  private remember(ev: number): void {
    if (this.recent.length < this.settings.window) this.recent.push(ev);
    else {
      this.recent[this.next] = ev;
      this.next = (this.next + 1) % this.settings.window;
    }
  }
}
