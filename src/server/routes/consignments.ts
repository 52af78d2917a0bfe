// Consignment routes: read one, find by tracking or order id, record an officer or carrier event.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Consignment, CurrencyCode, DateTime, Decimal, StringEnum } from '../../domain/model/index.ts';
import { agencyDecisions, controlKinds, inspectionResults } from '../../domain/clearance/index.ts';
import type { Clearway } from '../../services/clearway.ts';
import { eventTypes } from '../../services/consignments.ts';
import { actorOf } from '../auth.ts';
import { errorBody, problem } from '../errors.ts';
import { ErrorBody, Id, IdParams, PRINTABLE } from './schemas.ts';

const Query = Type.Object(
  {
    trackingId: Type.Optional(Id),
    orderId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const Outcome = Type.Object(
  {
    control: Type.Optional(StringEnum(controlKinds, { description: "the control performed; defaults to the consignment's lane" })),
    scan: Type.Optional(
      Type.Object(
        {
          imageRef: Type.String({ minLength: 1, maxLength: 256, description: "the image's reference in the scanner's archive" }),
          operator: Type.String({ minLength: 1, maxLength: 128 }),
          result: StringEnum(['clear', 'suspect', 'unreadable'] as const),
        },
        { additionalProperties: false, description: 'a non-intrusive inspection (NII) scan' },
      ),
    ),
    result: StringEnum(inspectionResults, { description: 'anything but no-finding counts as a hit' }),
    amount: Type.Optional(Decimal),
    currency: Type.Optional(CurrencyCode),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

/** The outcome alone, for POST /v1/consignments/{id}/inspections (the same as an inspection event's outcome). */
const InspectionBody = Outcome;

const EventBody = Type.Object(
  {
    type: StringEnum(eventTypes),
    at: Type.Optional(DateTime),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    outcome: Type.Optional(Outcome),
    assessment: Type.Optional(
      Type.Object(
        { duty: Decimal, tax: Decimal, reason: Type.String({ minLength: 1, maxLength: 1000 }) },
        { additionalProperties: false, description: 'inspection: the duty and tax the control established (in the assessment currency); the difference is due at the border' },
      ),
    ),
    agency: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: PRINTABLE, description: 'refer: the party id of the agency' })),
    decision: Type.Optional(StringEnum(agencyDecisions, { description: 'agency-decision' })),
    proofOfExport: Type.Optional(
      Type.Object(
        { reference: Type.String({ minLength: 1, maxLength: 128 }), exportedAt: DateTime },
        { additionalProperties: false, description: 'for `returned`: the export declaration or carrier document proving the goods left the territory' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const consignmentRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.get<{ Params: Static<typeof IdParams> }>(
      '/v1/consignments/:id',
      {
        schema: {
          tags: ['consignments'],
          summary: 'A consignment with its merged data, findings, category, lane and event history',
          params: IdParams,
          response: { 200: Consignment, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const c = await cw.consignments.get(actorOf(request), request.params.id);
        if (!c) return reply.status(404).send(errorBody(problem('not-found', `no consignment ${request.params.id}`, '/params/id')));
        return c;
      },
    );

    app.get<{ Querystring: Static<typeof Query> }>(
      '/v1/consignments',
      {
        schema: {
          tags: ['consignments'],
          summary: 'Find consignments by tracking id or order id',
          description: 'A partner sees only consignments it has filed for. An order split over several parcels returns each of them.',
          querystring: Query,
          response: { 200: Type.Object({ consignments: Type.Array(Consignment) }), 400: ErrorBody },
        },
      },
      async (request, reply) => {
        const { trackingId, orderId } = request.query;
        if (trackingId === undefined && orderId === undefined) {
          return reply.status(400).send(errorBody(problem('missing', 'give trackingId or orderId', '/query')));
        }
        return { consignments: await cw.consignments.find(actorOf(request), { trackingId, orderId }) };
      },
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof EventBody> }>(
      '/v1/consignments/:id/events',
      {
        schema: {
          tags: ['consignments'],
          summary: 'Record an event: arrival, delivery, a return; hold, inspection, release, seizure, return to sender, destruction, referral; an agency decision',
          description:
            'Moves the consignment through its status machine; a transition that does not exist is refused with 409. `arrival`, `delivery` (carrier); `return` (platform, carrier: the consumer returns it); `hold`, `inspection` (with `outcome`, and `assessment` when the control changed the revenue), `release`, `seize`, `return-to-sender`, `destroy`, `refer` (with `agency`) (officer); `agency-decision` (the agency referred to: `decision` release, hold or refuse; customs cannot release while an agency has not released); `returned` (with proofOfExport: refunds the duty and tax on the returned items to whoever paid them). A release of a parcel whose consumer must pay duty and tax moves it to payment-due.',
          params: IdParams,
          body: EventBody,
          response: { 200: Consignment, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, reply) => {
        const { type, ...input } = request.body;
        const r = await cw.consignments.record(actorOf(request), request.params.id, type, input);
        if (!r.ok) return reply.status(r.status).send(errorBody(problem(r.code, r.message, r.path ?? (r.status === 409 ? '/type' : ''))));
        cw.telemetry.eventsRecorded(type);
        return r.consignment;
      },
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof InspectionBody> }>(
      '/v1/consignments/:id/inspections',
      {
        schema: {
          tags: ['consignments'],
          summary: 'Record what a control found (officer, admin)',
          description:
            'The parcel must have arrived (409 not-arrived). The outcome updates the party and route hit rates at once, counts in the hit rates per rule, lane and selection, and is a training example for the next model. The status does not change: release or hold the parcel with an event.',
          params: IdParams,
          body: InspectionBody,
          response: { 200: Consignment, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await cw.consignments.inspect(actorOf(request), request.params.id, request.body);
        if (!r.ok) return reply.status(r.status).send(errorBody(problem(r.code, r.message, r.path ?? '')));
        cw.telemetry.eventsRecorded('inspection');
        return r.consignment;
      },
    );
  };
