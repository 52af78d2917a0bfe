// The console's session cookie: its name and attributes, set at login and cleared at logout or when the session is over.
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'cw_session';
/** The header a cookie-authenticated request that changes something must carry (the session's csrfToken). */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * HttpOnly: page scripts cannot read the token. SameSite=Strict: no other site's page or link sends it. Path=/: the API
 * and the console share it. Secure when CLEARWAY_COOKIE_SECURE=1 (TLS ended by a proxy in front) or the request came
 * over https.
 */
const attributes = (request: FastifyRequest, alwaysSecure: boolean) =>
  ({ httpOnly: true, sameSite: 'strict', path: '/', secure: alwaysSecure || request.protocol === 'https' }) as const;

/** `maxAge` in seconds: the browser forgets the cookie when the session's absolute lifetime is over. */
export function setSessionCookie(reply: FastifyReply, token: string, maxAge: number, alwaysSecure: boolean): FastifyReply {
  return reply.setCookie(SESSION_COOKIE, token, { ...attributes(reply.request, alwaysSecure), maxAge });
}

export function clearSessionCookie(reply: FastifyReply, alwaysSecure: boolean): FastifyReply {
  return reply.clearCookie(SESSION_COOKIE, attributes(reply.request, alwaysSecure));
}
