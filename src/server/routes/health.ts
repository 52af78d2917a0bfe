// Liveness and readiness: the process answers, and its store answers too.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Clearway } from '../../services/clearway.ts';

const Health = Type.Object({ status: Type.String(), store: Type.String(), pack: Type.String() });

export const healthRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.get(
      '/health',
      { schema: { tags: ['operations'], summary: 'Liveness and readiness', security: [], response: { 200: Health, 503: Health } } },
      async (_request, reply) => {
        const pack = `${cw.pack.id}@${cw.pack.version}`;
        try {
          await cw.store.ping();
          return { status: 'ok', store: cw.store.dialect, pack };
        } catch {
          return reply.status(503).send({ status: 'store-unavailable', store: cw.store.dialect, pack });
        }
      },
    );
  };
