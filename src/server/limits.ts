// Rate limits (issue 8, abuse): per API key or console session for authenticated requests, per client address for
// everything else under /v1 (public routes, the login, requests without credentials) and for refused credentials.
// Counts live in this node's memory (@fastify/rate-limit's LRU store): a cluster of N nodes allows N × each limit.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit, { normalizeIP, type CreateRateLimitOptions } from '@fastify/rate-limit';
import type { RateLimitSettings } from '../config.ts';
import { isPublicRequest } from './auth.ts';
import { errorBody, problem } from './errors.ts';
import { ErrorBody } from './routes/schemas.ts';
import { SESSION_COOKIE } from './session-cookie.ts';

/** Distinct keys and addresses each counter remembers; past it the least recently seen are forgotten. */
const REMEMBERED = 50_000;

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** Only the API is limited: health, readiness, metrics, documentation and the web apps' files are not. */
const isLimited = (request: FastifyRequest) => /^\/v1(\/|$)/.test(request.url);

/** The credential a request presents, as the auth hook reads it: the bearer token, else the session cookie. */
function credentialOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) return header.startsWith('Bearer ') ? header.slice(7).trim() || undefined : header;
  return request.cookies?.[SESSION_COOKIE];
}

/** Counted under a hash of the secret, never the secret itself; the auth hook has already checked it (no second lookup). */
const credentialKey = (request: FastifyRequest) => `k:${createHash('sha256').update(credentialOf(request) ?? '').digest('base64url')}`;
/** IPv6 clients are counted per /64, the block one subscriber usually gets. */
const addressKey = (request: FastifyRequest) => `a:${normalizeIP(request.ip)}`;

const windowText = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);

function refuse(reply: FastifyReply, max: number, windowMs: number, retryAfter: number, per: string) {
  return reply
    .status(429)
    .header('retry-after', String(retryAfter))
    .header('x-ratelimit-limit', String(max))
    .header('x-ratelimit-remaining', '0')
    .header('x-ratelimit-reset', String(retryAfter))
    .send(errorBody(problem('rate-limited', `more than ${max} requests in ${windowText(windowMs)} ${per}: retry in ${retryAfter} s`)));
}

/**
 * Two hooks around authentication. Before it: a request without credentials, or on a public route, counts against its
 * address; a request with credentials is refused at once while its address has had too many credentials refused
 * (key guessing never reaches the key lookup). After it: an authenticated request counts against its credential. Every
 * 401 for a presented credential counts against the address. Call `before` ahead of registerAuth, `after` behind it.
 */
export async function registerRateLimits(app: FastifyInstance, settings: RateLimitSettings) {
  await app.register(rateLimit, { global: false });
  // Every API route may answer 429: the OpenAPI document says so once here rather than in each route.
  app.addHook('onRoute', (route) => {
    const response = route.schema?.response as Record<string, unknown> | undefined;
    if (response && /^\/v1(\/|$)/.test(route.url) && !(429 in response)) {
      response[429] = { ...ErrorBody, description: 'rate-limited: too many requests in the window; Retry-After gives the seconds to wait' };
    }
  });
  const make = (max: number, keyGenerator: (r: FastifyRequest) => string): Limiter | undefined => {
    // `cache` (the LRU's size) is passed on to the store although the types do not list it.
    const options: CreateRateLimitOptions & { cache: number } = { max, timeWindow: settings.windowMs, keyGenerator, cache: REMEMBERED };
    return max > 0 ? app.createRateLimit(options) : undefined;
  };
  const perAddress = make(settings.perAddress, addressKey);
  const refusedPerAddress = make(settings.perAddress, addressKey);
  const perKey = make(settings.perKey, credentialKey);

  const count = async (limiter: Limiter, request: FastifyRequest, reply: FastifyReply, per: string) => {
    const r = await limiter(request);
    if (r.isAllowed) return;
    if (r.isExceeded) return refuse(reply, r.max, settings.windowMs, r.ttlInSeconds, per);
    reply.header('x-ratelimit-limit', String(r.max)).header('x-ratelimit-remaining', String(r.remaining)).header('x-ratelimit-reset', String(r.ttlInSeconds));
  };

  return {
    before: () =>
      app.addHook('onRequest', async (request, reply) => {
        if (!isLimited(request)) return;
        const anonymous = credentialOf(request) === undefined || request.is404 || isPublicRequest(request);
        if (anonymous) return perAddress && count(perAddress, request, reply, 'from this address');
        if (!refusedPerAddress) return;
        const r = await refusedPerAddress(request, { increment: false });
        if (!r.isAllowed && r.remaining === 0) return refuse(reply, r.max, settings.windowMs, Math.max(1, r.ttlInSeconds), 'with refused credentials from this address');
      }),
    after: () => {
      app.addHook('onRequest', async (request, reply) => {
        if (perKey && request.actor && isLimited(request)) return count(perKey, request, reply, 'with this API key or session');
      });
      // A refused credential (a guessed key, an ended session) counts against the address it came from.
      app.addHook('onResponse', async (request, reply) => {
        if (refusedPerAddress && reply.statusCode === 401 && credentialOf(request) !== undefined && isLimited(request)) await refusedPerAddress(request);
      });
    },
  };
}
