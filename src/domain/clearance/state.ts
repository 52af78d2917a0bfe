// A consignment's state as the life-cycle functions pass it around, the events they emit, and the one way to change status.
import type { MergedFields } from '../merging/index.ts';
import type { Consignment, Status } from '../model/index.ts';
import { transition } from './status.ts';

/** A consignment as stored: the API's consignment without its event history, fields with their rank. */
export type ConsignmentState = Omit<Consignment, 'events' | 'fields'> & { fields: MergedFields };

/** An event to append to the log: what happened to which consignment, when, and who did it. */
export interface Effect {
  consignmentId: string;
  type: string;
  at: string;
  actor: string;
  data: Record<string, unknown>;
}

/** The actor recorded for decisions Clearway takes by itself (immediate release, assessment). */
export const SYSTEM_ACTOR = 'clearway';

/** What a life-cycle step returns: the new state and its events, or a refusal with a code. */
/** `path`: the request field a refusal is about, when it is the request's fault (a 400) rather than the state's (a 409). */
export type Applied = { ok: true; state: ConsignmentState; effects: Effect[] } | { ok: false; code: string; message: string; path?: string };

/** Change status through the state machine, recording the transition as an event. */
export function statusChange(
  state: ConsignmentState,
  to: Status,
  actor: string,
  now: string,
  data: Record<string, unknown> = {},
): Applied {
  const t = transition(state.status, to);
  if (!t.ok) return t;
  return {
    ok: true,
    state: { ...state, status: to, updatedAt: now },
    effects: [{ consignmentId: state.id, type: 'status-changed', at: now, actor, data: { from: t.from, to: t.to, ...data } }],
  };
}
