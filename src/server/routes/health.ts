// Liveness (GET /health: the process answers) and readiness (GET /ready: send this node traffic) for load balancers
// and orchestrators.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { StringEnum } from '../../domain/model/index.ts';
import type { Clearway } from '../../services/clearway.ts';
import { READY_CHECK_TIMEOUT_MS } from '../../services/readiness.ts';

const Health = Type.Object({ status: Type.Literal('ok'), store: Type.String({ description: 'sqlite or postgres' }), pack: Type.String() }, { title: 'Health' });

const Ready = Type.Object(
  {
    status: StringEnum(['ready', 'not-ready'] as const),
    checks: Type.Object({
      store: StringEnum(['ok', 'unavailable'] as const, { description: `the store answers a query within ${READY_CHECK_TIMEOUT_MS / 1000} s` }),
      migrations: StringEnum(['ok', 'pending', 'unknown'] as const, { description: "every migration this node's code knows is applied (unknown while the store does not answer)" }),
      shutdown: StringEnum(['ok', 'draining'] as const, { description: 'draining: the node is shutting down, finishing the requests under way' }),
    }),
    notReady: Type.Array(Type.String(), { description: 'the checks that are not ok' }),
    pendingMigrations: Type.Optional(Type.Array(Type.String())),
  },
  { title: 'Readiness' },
);

export const healthRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    // Whoever closes the server (`clearway serve` on a signal, a test) takes the node out of the load balancer first.
    app.addHook('preClose', async () => cw.readiness.drain());

    app.get(
      '/health',
      {
        schema: {
          tags: ['operations'],
          summary: 'Liveness: the process answers',
          description: 'Always 200 while the process serves HTTP, whatever the store does: restart the process when this fails; use /ready to decide where traffic goes.',
          security: [],
          response: { 200: Health },
        },
      },
      async () => ({ status: 'ok' as const, store: cw.store.dialect, pack: `${cw.pack.id}@${cw.pack.version}` }),
    );

    app.get(
      '/ready',
      {
        schema: {
          tags: ['operations'],
          summary: 'Readiness: send this node traffic',
          description: '200 when the store answers, the migrations are applied and the node is not shutting down; 503 otherwise, naming the checks that failed.',
          security: [],
          response: { 200: Ready, 503: Ready },
        },
      },
      async (request, reply) => {
        const { ready, checks, notReady, pendingMigrations, cause } = await cw.readiness.check();
        if (cause !== undefined) request.log.warn({ err: cause }, 'readiness: the store check failed');
        return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks, notReady, ...(pendingMigrations ? { pendingMigrations } : {}) });
      },
    );
  };
