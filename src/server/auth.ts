// Authentication: every route but the public ones needs `Authorization: Bearer <key>` or the console's session cookie
// (with its CSRF token on requests that change something).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../services/roles.ts';
import type { PartyService } from '../services/parties.ts';
import type { OfficerService } from '../services/officers.ts';
import { errorBody, problem } from './errors.ts';
import { clearSessionCookie, CSRF_HEADER, SESSION_COOKIE } from './session-cookie.ts';
import { isPublicRoute } from './permissions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
    /** Set when the request came with the console's session cookie (not with a bearer key). */
    consoleSession: { csrfToken: string; expiresAt: string } | undefined;
  }
}

/** Methods that change nothing, so need no CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request needs no credentials: the permission matrix's public column says so (src/server/permissions.ts). */
export function isPublicRequest(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  return url !== undefined && isPublicRoute(request.method, url);
}

export function registerAuth(app: FastifyInstance, parties: PartyService, officers: OfficerService, cookieSecure = false): void {
  app.decorateRequest('actor', undefined);
  app.decorateRequest('consoleSession', undefined);
  app.addHook('onRequest', async (request, reply) => {
    // No route here: the not-found handler answers 404 (the routes are public knowledge, in /openapi.json).
    if (request.is404) return;
    if (isPublicRequest(request)) return;
    const header = request.headers.authorization;
    // A bearer key, when sent, decides alone (a page of another site cannot set this header, so it needs no CSRF token).
    const cookie = header === undefined ? request.cookies[SESSION_COOKIE] : undefined;
    if (cookie !== undefined) return authenticateSession(request, reply, officers, cookie, cookieSecure);
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const actor = token ? await parties.authenticate(token) : undefined;
    if (!actor) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="clearway"')
        .send(errorBody(problem(token ? 'bad-key' : 'missing-key', token ? 'the API key is unknown or revoked' : 'send Authorization: Bearer <API key>', '/headers/authorization')));
    }
    request.actor = actor;
  });
}

async function authenticateSession(request: FastifyRequest, reply: FastifyReply, officers: OfficerService, token: string, cookieSecure: boolean) {
  const session = await officers.sessionActor(token);
  if (!session) {
    return clearSessionCookie(reply, cookieSecure)
      .status(401)
      .header('www-authenticate', 'Bearer realm="clearway"')
      .send(errorBody(problem('bad-session', 'the session has ended or is unknown: log in again (POST /v1/session)', `/cookies/${SESSION_COOKIE}`)));
  }
  if (!SAFE_METHODS.has(request.method) && !sameToken(request.headers[CSRF_HEADER], session.csrfToken)) {
    return reply.status(403).send(errorBody(problem('csrf', `a request with the session cookie that changes something carries the session's csrfToken in ${CSRF_HEADER}`, `/headers/${CSRF_HEADER}`)));
  }
  request.actor = session.actor;
  request.consoleSession = { csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}

/** Compared by hash, in constant time whatever the lengths. */
const sameToken = (sent: string | string[] | undefined, expected: string): boolean =>
  typeof sent === 'string' && timingSafeEqual(createHash('sha256').update(sent).digest(), createHash('sha256').update(expected).digest());

/** The authenticated party of a request on a protected route. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('route is not behind authentication');
  return request.actor;
}
