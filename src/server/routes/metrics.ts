// The dashboards' figures (standard 14), as JSON or as one CSV for a spreadsheet.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { StringEnum } from '../../domain/model/index.ts';
import type { Clearway } from '../../services/clearway.ts';
import { metricsCsv } from '../../services/metrics.ts';
import { actorOf } from '../auth.ts';
import { Day, ErrorBody, periodOf } from './schemas.ts';

const Query = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    format: Type.Optional(StringEnum(['json', 'csv'] as const, { description: 'csv: rows section,key,measure,value' })),
  },
  { additionalProperties: false, description: 'days of arrival, both included; the last 30 days by default' },
);

const Times = Type.Object({}, { additionalProperties: true, description: 'arrived, released, immediate, immediateShare, hours {p10, median, p90, mean}, histogram' });
const MetricsBody = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    release: Type.Object({ all: Times, byLane: Type.Record(Type.String(), Times), byCarrier: Type.Record(Type.String(), Times) }, { description: 'time release study: from arrival to release' }),
    hitRates: Type.Object({}, { additionalProperties: true, description: 'as GET /v1/risk/hit-rates, without the rules' }),
    revenue: Type.Object({}, { additionalProperties: true, description: 'per collection model and currency, from the ledger transactions dated in the period: assessed, collected, refunded, refundsPaid, and outstanding (their net)' }),
    partners: Type.Object({}, { additionalProperties: true, description: 'per partner: name, role, refusals and advance-data timeliness in the period' }),
    returns: Type.Object({ requested: Type.Integer(), returned: Type.Integer(), refunded: Type.Integer() }),
  },
  { title: 'Metrics' },
);

export const metricsRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.get<{ Querystring: Static<typeof Query> }>(
      '/v1/metrics',
      {
        schema: {
          tags: ['metrics'],
          summary: 'The dashboards’ figures: time release study, release on arrival, hit rates, revenue, partners, returns (officer, admin)',
          querystring: Query,
          response: { 200: MetricsBody, 400: ErrorBody, 403: ErrorBody },
        },
      },
      async (request, reply) => {
        const { from, to } = periodOf(request.query);
        const r = await cw.metrics.metrics(actorOf(request), from, to);
        if (!r.ok) return reply.status(r.status).send({ errors: r.errors });
        if (request.query.format === 'csv') {
          return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="clearway-metrics-${from}-${to}.csv"`).send(metricsCsv(r.value));
        }
        return r.value;
      },
    );
  };
