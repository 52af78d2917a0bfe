// The Fastify application: parsers, error shape, authentication, OpenAPI, and the routes of each module.
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import cookie from '@fastify/cookie';
import { createAjv } from '../domain/validation/index.ts';
import type { Clearway } from '../services/clearway.ts';
import { registerAuth } from './auth.ts';
import { ClientError, errorBody, handleClientError, handleError, problem } from './errors.ts';
import { consignmentRoutes } from './routes/consignments.ts';
import { filingRoutes } from './routes/filings.ts';
import { healthRoutes } from './routes/health.ts';
import { partyRoutes } from './routes/parties.ts';
import { revenueRoutes } from './routes/revenue.ts';
import { riskRoutes } from './routes/risk.ts';
import { subscriptionRoutes } from './routes/subscriptions.ts';
import { trustedRoutes } from './routes/trusted.ts';
import { qualityRoutes } from './routes/quality.ts';
import { operationsRoutes } from './routes/operations.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { prometheusRoutes } from './routes/prometheus.ts';
import { worklistRoutes } from './routes/worklist.ts';
import { jobRoutes } from './routes/jobs.ts';
import { sessionRoutes } from './routes/session.ts';
import { portalNotFound, wantsPortalPage, webRoutes } from './web.ts';

export interface ServerOptions {
  logger?: boolean | { level: string };
}

/** Largest single request body (one filing, a party…). */
export const BODY_LIMIT = 1024 * 1024;

/** The one route that reads application/x-ndjson (as a stream). */
const NDJSON_ROUTE = '/v1/filings/batch';

const ajvFor = (coerceTypes: false | 'array') => createAjv({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: true });

export async function buildServer(cw: Clearway, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    // A 10 000-line NDJSON batch from a slow sender may take minutes: a request still arriving after this is cut.
    requestTimeout: 15 * 60_000,
    return503OnClosing: true,
    // Bad URLs and oversized headers get the API's error shape too, not Fastify's or Node's.
    frameworkErrors: handleError,
    clientErrorHandler: handleClientError,
  });
  // A JSON body is checked as sent: no type coercion (123 is not "123", ["x"] is not "x", null is not "").
  // Query strings and path parameters are text, so they alone keep coercion.
  const bodies = ajvFor(false);
  const text = ajvFor('array');
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodies : text).compile(schema));
  // Every reply that took no other decision is JSON; response schemas document, they do not filter.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    wantsPortalPage(request)
      ? portalNotFound(reply)
      : reply.status(404).send(errorBody(problem('not-found', `no route ${request.method} ${request.url.split('?')[0]}`))),
  );

  // JSON bodies must be valid UTF-8: a broken byte is rejected, not silently replaced.
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const charset = /;\s*charset=([^;\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.replace(/"/g, '').toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return done(new ClientError(415, 'unsupported-charset', `JSON is read as UTF-8; charset=${charset} is not accepted`), undefined);
    }
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      return done(new ClientError(400, 'invalid-utf8', 'the body is not valid UTF-8'), undefined);
    }
    if (text.trim() === '') return done(new ClientError(400, 'missing', 'the request body is empty'), undefined);
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(new ClientError(400, 'bad-json', `the body is not valid JSON: ${(e as Error).message.slice(0, 200)}`), undefined);
    }
  });
  // NDJSON is read as a stream by the batch route itself; any other route would be handed the raw request stream.
  app.addContentTypeParser('application/x-ndjson', (request, payload, done) =>
    request.routeOptions.url === NDJSON_ROUTE
      ? done(null, payload)
      : done(new ClientError(415, 'unsupported-media-type', `application/x-ndjson is accepted by POST ${NDJSON_ROUTE} only; send application/json`), undefined),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Clearway API',
        version: '1',
        description:
          'Advance electronic data intake and clearance of cross-border e-commerce parcels (WCO Framework of Standards on Cross-Border E-Commerce). ' +
          'Amounts are decimal strings; every 4xx carries {"errors":[{path, code, message}]}.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API key issued by POST /v1/parties/{id}/keys' },
          session: { type: 'apiKey', in: 'cookie', name: 'cw_session', description: 'console session from POST /v1/session; requests that change something also send x-csrf-token' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
      tags: [
        { name: 'intake', description: 'Filings: advance electronic data from platforms, payment providers and carriers' },
        { name: 'consignments', description: 'Consignments as Clearway assembles them' },
        { name: 'parties', description: 'Parties and their API keys' },
        { name: 'session', description: 'Console login: officer accounts and cookie sessions' },
        { name: 'operations', description: 'Liveness, readiness, Prometheus metrics and documentation' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(cookie);
  // Every answer is counted under its route's pattern, never its URL: one series per route, whatever the ids.
  app.addHook('onResponse', async (request, reply) => {
    cw.telemetry.request(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  });
  registerAuth(app, cw.parties, cw.officers, cw.config.cookieSecure);
  await app.register(healthRoutes(cw));
  await app.register(prometheusRoutes(cw));
  await app.register(filingRoutes(cw));
  await app.register(consignmentRoutes(cw));
  await app.register(partyRoutes(cw));
  await app.register(revenueRoutes(cw));
  await app.register(riskRoutes(cw));
  await app.register(subscriptionRoutes(cw));
  await app.register(trustedRoutes(cw));
  await app.register(qualityRoutes(cw));
  await app.register(operationsRoutes(cw));
  await app.register(metricsRoutes(cw));
  await app.register(worklistRoutes(cw));
  await app.register(jobRoutes(cw));
  await app.register(sessionRoutes(cw));
  await app.register(webRoutes());
  return app;
}
