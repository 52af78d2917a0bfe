// Late advance data: the order data reached Clearway less than the pack's deadline before the parcel's arrival, or after it.
import type { ConsignmentState } from '../../clearance/index.ts';
import { HOUR_MS, hours, unitScore } from './numbers.ts';
import { arrivalOf, deadlineHoursOf, firstOrderFiling } from './time.ts';
import type { Indicator, RiskContext } from './types.ts';

/** Order data after the parcel arrived, or none at all at arrival: targeting could only happen at the border. */
const AFTER_ARRIVAL = 0.6;
/** Data inside the deadline scores from 0.2 (just inside) to 0.5 (at arrival). */
const INSIDE_DEADLINE = 0.2;
const INSIDE_DEADLINE_SPAN = 0.3;

/**
 * Risk assessment needs the order data before the parcel arrives (WCO Framework, standard 1: advance electronic data;
 * the pack's `advanceDataDeadlineHours` per service, e.g. EU ICS2 two hours for post). Data filed late leaves no time
 * to target, and filing at the last moment is a way to push parcels through with the flow. Measured from when Clearway
 * received the first order or declaration (not the sender's `sentAt`, which the sender writes) to the actual arrival,
 * or else the carrier's expected arrival. Without order data yet: late once `now` is past the deadline, and after
 * arrival in any case (even when no service, hence no deadline, is known).
 */
export function lateAdvanceData(state: ConsignmentState, ctx: RiskContext): Indicator | undefined {
  const f = state.fields;
  const actual = f.arrivedAt?.value ?? state.arrivalRecordedAt ?? undefined;
  const arrival = arrivalOf(state);
  if (arrival === undefined) return undefined;
  const service = f.service?.value;
  const deadline = deadlineHoursOf(ctx.deadlines, service);
  const order = firstOrderFiling(state);
  const received = order?.receivedAt ?? ctx.now;
  if (order === undefined && actual === undefined && (deadline === undefined || Date.parse(ctx.now) <= Date.parse(arrival) - deadline * HOUR_MS)) {
    return undefined; // nothing filed yet, and still time to file
  }
  const before = Math.round(((Date.parse(arrival) - Date.parse(received)) / HOUR_MS) * 100) / 100;
  const afterArrival = before < 0 || (order === undefined && actual !== undefined);
  if (!afterArrival && (deadline === undefined || before >= deadline)) return undefined;
  const which = actual !== undefined ? 'arrival' : 'expected arrival';
  const evidence = { service: service ?? '', deadlineHours: deadline ?? '', hoursBeforeArrival: before, arrival: actual !== undefined ? 'actual' : 'expected' };
  const required = deadline !== undefined ? `; ${service} requires ${hours(deadline)} before arrival` : '';
  if (afterArrival || deadline === undefined) {
    const what = order === undefined ? `no order data ${hours(-before)} after the ${which}` : `order data received ${hours(-before)} after the ${which}`;
    return { code: 'late-advance-data', score: AFTER_ARRIVAL, message: what + required, evidence };
  }
  const share = deadline > 0 ? (deadline - before) / deadline : 1;
  const what = order === undefined ? `no order data yet, ${hours(before)} before the ${which}` : `order data received ${hours(before)} before the ${which}`;
  return { code: 'late-advance-data', score: unitScore(INSIDE_DEADLINE + INSIDE_DEADLINE_SPAN * share), message: what + required, evidence };
}
