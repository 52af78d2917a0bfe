// GET /metrics: this node's Prometheus metrics (text exposition format 0.0.4), open or behind CLEARWAY_METRICS_TOKEN.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Clearway } from '../../services/clearway.ts';
import { errorBody, problem } from '../errors.ts';
import { ErrorBody } from './schemas.ts';

/** Compared by hash, in constant time whatever the lengths. */
const sameToken = (sent: string, expected: string): boolean =>
  timingSafeEqual(createHash('sha256').update(sent).digest(), createHash('sha256').update(expected).digest());

export const prometheusRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    const token = cw.config.metricsToken;
    app.get(
      '/metrics',
      {
        schema: {
          tags: ['operations'],
          summary: "This node's metrics for Prometheus",
          description:
            'Text exposition format 0.0.4: process metrics, HTTP requests by route pattern, filings by kind and result, consignment events, ' +
            'jobs, webhook deliveries, consignments per status. Open unless CLEARWAY_METRICS_TOKEN is set; then `Authorization: Bearer <that token>` ' +
            '(not an API key).',
          security: [],
          response: {
            200: { description: 'the metrics', content: { 'text/plain': { schema: { type: 'string' } } } },
            401: ErrorBody,
          },
        },
      },
      async (request, reply) => {
        if (token !== undefined) {
          const header = request.headers.authorization;
          const sent = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
          if (sent === undefined || !sameToken(sent, token)) {
            return reply
              .status(401)
              .header('www-authenticate', 'Bearer realm="clearway-metrics"')
              .send(errorBody(problem(sent === undefined ? 'missing-token' : 'bad-token', 'send Authorization: Bearer <CLEARWAY_METRICS_TOKEN>', '/headers/authorization')));
          }
        }
        const { contentType, text } = await cw.telemetry.exposition();
        return reply.header('cache-control', 'no-store').type(contentType).send(text);
      },
    );
  };
