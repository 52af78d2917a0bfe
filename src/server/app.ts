// The Fastify application: parsers, error shape, authentication, OpenAPI, and the routes of each module.
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import cookie from '@fastify/cookie';
import { createAjv } from '../domain/validation/index.ts';
import type { Clearway } from '../services/clearway.ts';
import type { TrustProxy } from '../config.ts';
import { registerAuth } from './auth.ts';
import { registerPermissions } from './permissions.ts';
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
import { docsCsp, registerSecurityHeaders } from './headers.ts';
import { registerRateLimits } from './limits.ts';
import { loggerOptions } from './logging.ts';

export interface ServerOptions {
  /** `stream`: where log lines go (standard output by default). */
  logger?: boolean | { level: string; stream?: DestinationStream };
}

/** Largest single request body (one filing, a party…). */
export const BODY_LIMIT = 1024 * 1024;

/** The one route that reads application/x-ndjson (as a stream). */
const NDJSON_ROUTE = '/v1/filings/batch';

/**
 * Fastify 5 trusts no hop for a bare number (it cannot check the peer), so a hop count becomes a function: the socket's
 * peer and the next hops-1 addresses in X-Forwarded-For are proxies, the one before them is the client.
 */
const fastifyTrustProxy = (t: TrustProxy) => (typeof t === 'number' ? (_address: string, hop: number) => hop < t : t);

const ajvFor = (coerceTypes: false | 'array') => createAjv({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: true });

export async function buildServer(cw: Clearway, options: ServerOptions = {}): Promise<FastifyInstance> {
  const { timeouts } = cw.config;
  const logger = typeof options.logger === 'object' ? loggerOptions(options.logger.level, options.logger.stream) : (options.logger ?? false);
  const app = Fastify({
    logger,
    bodyLimit: BODY_LIMIT,
    // A 10 000-line NDJSON batch from a slow sender may take minutes: a request still arriving after this is cut (408).
    requestTimeout: timeouts.requestMs,
    // Nothing sent or received for this long closes the connection (a stalled body, a client that stopped reading).
    connectionTimeout: timeouts.idleMs,
    // An idle keep-alive connection is closed before the idle timeout would cut it mid-request.
    keepAliveTimeout: Math.min(72_000, timeouts.idleMs),
    // Slowloris: the request line and headers must be in within headersMs (408); Node checks every connection this often.
    http: { headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, connectionsCheckingInterval: Math.min(30_000, Math.ceil(timeouts.headersMs / 4)) },
    trustProxy: fastifyTrustProxy(cw.config.trustProxy),
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
  await app.register(swaggerUi, { routePrefix: '/docs', transformStaticCSP: docsCsp });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(cookie);
  await registerSecurityHeaders(app, cw.config.cookieSecure);
  const limits = await registerRateLimits(app, cw.config.rateLimit);
  // Every answer is counted under its route's pattern, never its URL: one series per route, whatever the ids.
  app.addHook('onResponse', async (request, reply) => {
    cw.telemetry.request(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  });
  limits.before();
  registerAuth(app, cw.parties, cw.officers, cw.config.cookieSecure);
  // Every authenticated request counts against its key or session, those the permissions then refuse too.
  limits.after();
  // After authentication (it sets request.actor), before the routes (it checks each has its row).
  registerPermissions(app);
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
