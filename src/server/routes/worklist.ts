// The worklist: what officers (and agencies) have to work on, a page at a time.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { lanes, StringEnum, statuses, type Status } from '../../domain/model/index.ts';
import type { Clearway } from '../../services/clearway.ts';
import { actorOf } from '../auth.ts';
import { errorBody, problem } from '../errors.ts';
import { ErrorBody, infinite } from './schemas.ts';

const Query = Type.Object(
  {
    status: Type.Optional(Type.String({ maxLength: 200, description: `comma-separated statuses (default held,payment-due,arrived): ${statuses.join(', ')}` })),
    lane: Type.Optional(StringEnum(lanes)),
    order: Type.Optional(StringEnum(['oldest', 'newest'] as const, { description: 'by last change; oldest first by default (a queue)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    after: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'the `next` of the previous page' })),
  },
  { additionalProperties: false },
);

const Item = Type.Object(
  {
    id: Type.String(),
    trackingId: Type.Union([Type.String(), Type.Null()]),
    status: Type.String(),
    lane: Type.String(),
    category: Type.Union([Type.Integer(), Type.Null()]),
    updatedAt: Type.String(),
    arrivalRecordedAt: Type.Union([Type.String(), Type.Null()]),
    score: Type.Optional(Type.Number()),
    selectedBy: Type.Optional(Type.String()),
    topReasons: Type.Optional(Type.Array(Type.Object({ code: Type.String(), message: Type.String() }))),
    dueAtBorder: Type.Optional(Type.Union([Type.Object({ amount: Type.String(), currency: Type.String() }), Type.Null()])),
    referrals: Type.Array(Type.Object({ agency: Type.String(), status: Type.String() })),
  },
  { title: 'WorkItem' },
);

export const worklistRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.get<{ Querystring: Static<typeof Query> }>(
      '/v1/worklist',
      {
        schema: {
          tags: ['consignments'],
          summary: 'Parcels to work on, a page at a time (officers: all; an agency: those referred to it)',
          description: 'Compact rows: status, lane, category, the risk score and strongest reasons and what is due (officers only), referrals. Page on with `after=<next>`.',
          querystring: Query,
          response: { 200: Type.Object({ items: Type.Array(Item), next: Type.Union([Type.String(), Type.Null()]) }), 400: ErrorBody, 403: ErrorBody },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const bad = infinite(q, 'limit');
        if (bad) return reply.status(400).send(bad);
        let wanted: Status[] | undefined;
        if (q.status !== undefined) {
          const list = q.status.split(',').map((x) => x.trim()).filter((x) => x !== '');
          const bad = list.find((x) => !(statuses as readonly string[]).includes(x));
          if (bad !== undefined || list.length === 0) {
            return reply.status(400).send(errorBody(problem('bad-status', `status lists statuses among ${statuses.join(', ')}${bad ? `; "${bad}" is none` : ''}`, '/query/status')));
          }
          wanted = list as Status[];
        }
        const r = await cw.worklist.list(actorOf(request), {
          ...(wanted ? { status: wanted } : {}),
          ...(q.lane !== undefined ? { lane: q.lane } : {}),
          ...(q.order !== undefined ? { order: q.order } : {}),
          ...(q.limit !== undefined ? { limit: q.limit } : {}),
          ...(q.after !== undefined ? { after: q.after } : {}),
        });
        return r.ok ? r.value : reply.status(r.status).send({ errors: r.errors });
      },
    );
  };
