// The moments the time-based indicators measure from: when the parcel is (or will be) at the border, when it was declared.
import type { ConsignmentState } from '../../clearance/index.ts';
import type { FilingRef } from '../../model/index.ts';

/** The first filing that carried order data (an order or a declaration), as received: what a deadline is measured on. */
export function firstOrderFiling(state: ConsignmentState): FilingRef | undefined {
  for (const f of state.filings) if (f.kind === 'order' || f.kind === 'declaration') return f;
  return undefined;
}

/** When the parcel is at the border: its recorded arrival, else the carrier's expected arrival; undefined before both. */
export function arrivalOf(state: ConsignmentState): string | undefined {
  return state.fields.arrivedAt?.value ?? state.arrivalRecordedAt ?? state.fields.expectedArrival?.value;
}

/**
 * The parcel's time for grouping a buyer's parcels: its arrival, else its expected arrival, else when Clearway first
 * heard of it, else `now`. `RecentParcel.at` follows the same order, so parcels compare on like times.
 */
export function parcelTime(state: ConsignmentState, now: string): string {
  return state.fields.arrivedAt?.value ?? state.fields.expectedArrival?.value ?? state.filings[0]?.receivedAt ?? now;
}

/**
 * The advance-data deadline, in hours before arrival, for a service: `pack.advanceDataDeadlineHours` as the pack
 * gives it, whose text entries (source, validity) are no deadline. Undefined without a service or a deadline for it.
 */
export function deadlineHoursOf(deadlines: Readonly<Record<string, number | string>>, service: string | undefined): number | undefined {
  const d = service !== undefined ? deadlines[service] : undefined;
  return typeof d === 'number' ? d : undefined;
}
