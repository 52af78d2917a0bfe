// An inspection's outcome, recorded against the consignment: what the hit rates and the next model learn from.
import { decimalsOf, Fixed } from '../money/index.ts';
import { currencyDigits } from '../validation/index.ts';
import { partiesOf } from '../risk/indicators/parties.ts';
import { routesOf } from '../risk/memory.ts';
import { SYSTEM_ACTOR, type Applied, type ConsignmentState } from './state.ts';

/** What a control can find (WCO Framework, standard 3: results of controls fed back into risk management). */
export const inspectionResults = ['no-finding', 'revenue-adjustment', 'prohibited', 'misdescription', 'undervaluation'] as const;
export type InspectionResult = (typeof inspectionResults)[number];

/** The controls an officer records (WCO IRG: documents, non-intrusive scan, physical examination). */
export const controlKinds = ['document-check', 'scan', 'physical'] as const;
export type ControlKind = (typeof controlKinds)[number];

export interface InspectionInput {
  /** Which control; defaults to the consignment's lane when that is a control lane, else document-check. */
  control?: ControlKind;
  /** For a scan (NII): the image's reference in the scanner's archive, who operated it, and what the image showed. */
  scan?: { imageRef: string; operator: string; result: 'clear' | 'suspect' | 'unreadable' };
  result: InspectionResult;
  /** The revenue adjusted (a decimal in `currency`): required for `revenue-adjustment`, allowed for `undervaluation`. */
  amount?: string;
  currency?: string;
  note?: string;
}

/** Whether an outcome counts as a hit: the control found something. */
export const isHit = (result: InspectionResult): boolean => result !== 'no-finding';

/**
 * Record the outcome of a control. The parcel must be at the border (a control needs the goods); the status does not
 * change (releasing or seizing is the officer's next step). The event carries the party and route keys as they are now,
 * so the histories it feeds do not shift if the consignment's data is corrected later.
 */
export function recordInspection(state: ConsignmentState, input: InspectionInput, actor: string, now: string): Applied {
  if (state.arrivalRecordedAt === null) {
    return { ok: false, code: 'not-arrived', message: 'the parcel has not arrived: a control outcome needs the goods at the border' };
  }
  if (input.amount !== undefined) {
    if (input.result !== 'revenue-adjustment' && input.result !== 'undervaluation') {
      return { ok: false, code: 'invalid-amount', message: `an amount goes with revenue-adjustment or undervaluation, not ${input.result}` };
    }
    if (!/^\d+(\.\d+)?$/.test(input.amount) || !Fixed.of(input.amount).gt(0)) {
      return { ok: false, code: 'invalid-amount', message: `amount ${input.amount} is not a positive decimal` };
    }
    if (input.currency === undefined) return { ok: false, code: 'invalid-amount', message: 'an amount needs its currency' };
    const digits = currencyDigits(input.currency);
    if (digits === undefined) return { ok: false, code: 'invalid-amount', message: `${input.currency} is not an ISO 4217 currency` };
    if (decimalsOf(input.amount) > digits) {
      return { ok: false, code: 'invalid-amount', message: `an amount in ${input.currency} has at most ${digits} decimals` };
    }
  } else if (input.result === 'revenue-adjustment') {
    return { ok: false, code: 'invalid-amount', message: 'a revenue-adjustment needs the amount adjusted and its currency' };
  }
  if (input.scan && (input.control ?? 'scan') !== 'scan') {
    return { ok: false, code: 'invalid-control', message: `scan details go with a scan, not a ${input.control}`, path: '/scan' };
  }
  const control: ControlKind = input.control ?? (input.scan ? 'scan' : (controlKinds as readonly string[]).includes(state.lane) ? (state.lane as ControlKind) : 'document-check');
  const data = {
    control,
    ...(input.scan ? { scan: input.scan } : {}),
    result: input.result,
    hit: isHit(input.result),
    lane: state.lane,
    selectedBy: state.risk.selectedBy,
    ...(input.amount !== undefined ? { amount: Fixed.of(input.amount).toString(), currency: input.currency } : {}),
    ...(input.note ? { note: input.note } : {}),
    parties: partiesOf(state.fields).map((p) => p.id),
    routes: routesOf(state),
  };
  // A control that found something holds the parcel for customs, whatever else it was held for.
  const heldFor = state.status === 'held' && isHit(input.result) ? { heldFor: 'control' as const } : {};
  return {
    ok: true,
    state: { ...state, ...heldFor, updatedAt: now },
    effects: [{ consignmentId: state.id, type: 'inspection-recorded', at: now, actor: actor || SYSTEM_ACTOR, data }],
  };
}
