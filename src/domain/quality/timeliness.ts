// Timeliness of advance electronic data: how long before a parcel's arrival a party's data reached Clearway, against
// the pack's advance-data deadline for the parcel's service (WCO Framework, standards 1 and 11).
import type { ConsignmentState } from '../clearance/index.ts';
import { arrivalOf, deadlineHoursOf, firstOrderFiling } from '../risk/index.ts';
import type { AdvanceData, Lead, Timeliness } from './types.ts';

const HOUR_MS = 3_600_000;

/**
 * A party's lead on one parcel for one kind of data, measured as the late-advance-data risk indicator measures it: from
 * when Clearway received the party's first filing of that data to the parcel's arrival (`arrivalOf`: the recorded
 * arrival, else the carrier's expected one), against `deadlines[service]` (`pack.advanceDataDeadlineHours` as is; its
 * text entries — source, validity — are no deadline). Undefined when the party sent no such data for the parcel, or
 * no arrival is known yet.
 */
export function leadOf(state: ConsignmentState, partyId: string, data: AdvanceData, deadlines: Readonly<Record<string, number | string>>): Lead | undefined {
  const own = state.filings.filter((f) => f.sender === partyId);
  const first = data === 'order' ? firstOrderFiling({ ...state, filings: own }) : own.find((f) => f.kind === 'logistics');
  if (first === undefined) return undefined;
  const arrival = arrivalOf(state);
  if (arrival === undefined) return undefined;
  const service = state.fields.service?.value;
  const deadlineHours = deadlineHoursOf(deadlines, service);
  const hours = Math.round(((Date.parse(arrival) - Date.parse(first.receivedAt)) / HOUR_MS) * 100) / 100;
  return { receivedAt: first.receivedAt, hours, service, deadlineHours, inTime: hours >= 0 && (deadlineHours === undefined || hours >= deadlineHours) };
}

/**
 * The q-quantile (0..1) of values sorted ascending, interpolated between the two nearest ranks (as R's and NumPy's
 * default): the median of an even count is the mean of the middle two.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of no values');
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const below = sorted[lo]!;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return below + (h - lo) * (above - below);
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Timeliness over the leads measured. */
export function timeliness(leads: readonly Lead[]): Timeliness {
  const n = leads.length;
  const beforeDeadline = leads.filter((l) => l.inTime).length;
  const sorted = leads.map((l) => l.hours).sort((a, b) => a - b);
  return {
    consignments: n,
    beforeDeadline,
    beforeDeadlineShare: n === 0 ? null : round4(beforeDeadline / n),
    afterArrival: leads.filter((l) => l.hours < 0).length,
    hoursBeforeArrival: n === 0 ? null : { p10: round2(quantile(sorted, 0.1)), median: round2(quantile(sorted, 0.5)), p90: round2(quantile(sorted, 0.9)) },
  };
}
