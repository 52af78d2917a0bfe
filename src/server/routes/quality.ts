// Partner routes: a partner's data-quality and timeliness figures (WCO standard 11), for itself, officers and administrators.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Clearway } from '../../services/clearway.ts';
import { actorOf } from '../auth.ts';
import { errorBody } from '../errors.ts';
import { Day, ErrorBody, IdParams } from './schemas.ts';

const Period = Type.Object(
  { from: Type.Optional(Day), to: Type.Optional(Day) },
  { additionalProperties: false, description: 'days (UTC), both included; the last 30 days by default, at most 366' },
);
const Share = Type.Union([Type.Number(), Type.Null()]);
const Timeliness = Type.Object({
  consignments: Type.Integer({ description: 'parcels with an arrival (actual, else expected) the party sent this data for' }),
  beforeDeadline: Type.Integer({ description: "received at least the pack's deadline for the parcel's service before arrival (without a known deadline: before arrival)" }),
  beforeDeadlineShare: Share,
  afterArrival: Type.Integer({ description: 'received only after the parcel arrived' }),
  hoursBeforeArrival: Type.Union([Type.Object({ p10: Type.Number(), median: Type.Number(), p90: Type.Number() }), Type.Null()], {
    description: "from Clearway's receipt of the party's first such filing to the arrival; negative after it",
  }),
});
const PartnerQuality = Type.Object(
  {
    partyId: Type.String(),
    from: Type.String(),
    to: Type.String(),
    deadlineHours: Type.Record(Type.String(), Type.Number(), { description: "the pack's advance-data deadlines per service" }),
    filings: Type.Object({
      accepted: Type.Integer(),
      acceptedByKind: Type.Record(Type.String(), Type.Integer()),
      rejected: Type.Integer({ description: 'filings refused with 400, 403 or 409' }),
      rejectionRate: Share,
      rejectedBy: Type.Array(Type.Object({ code: Type.String(), path: Type.String({ description: 'JSON Pointer, array indices written *' }), count: Type.Integer() }), {
        description: 'per error, the refused filings that had it (a filing may have several), most frequent first',
      }),
    }),
    orderData: Timeliness,
    logisticsData: Timeliness,
  },
  { title: 'PartnerQuality' },
);

export const qualityRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof Period> }>(
      '/v1/partners/:id/quality',
      {
        schema: {
          tags: ['parties'],
          summary: "A partner's data quality and timeliness: refused filings by error, advance data before the deadline",
          description: 'The party itself, officers and administrators; to anyone else the party does not exist (404).',
          params: IdParams,
          querystring: Period,
          response: { 200: PartnerQuality, 400: ErrorBody, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await cw.quality.report(actorOf(request), request.params.id, request.query);
        return r.ok ? r.value : reply.status(r.status).send(errorBody(...r.errors));
      },
    );
  };
