// Console login: open a cookie session with a username and password, read it, end it.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Clearway } from '../../services/clearway.ts';
import { ABSOLUTE_MS, LOCK_MS, MAX_FAILURES } from '../../services/officers.ts';
import { actorOf } from '../auth.ts';
import { errorBody, problem } from '../errors.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../session-cookie.ts';
import { ErrorBody } from './schemas.ts';

const Credentials = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    // Generous, but bounded: a megabyte of password would only cost bcrypt time.
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
const SessionActor = Type.Object({ partyId: Type.String(), role: Type.String(), name: Type.String() });
const Session = Type.Object(
  {
    actor: SessionActor,
    csrfToken: Type.String({ description: 'send it in the x-csrf-token header of every request that changes something (not GET, HEAD, OPTIONS)' }),
    expiresAt: Type.String({ description: 'the absolute end of the session (12 h after the login); 8 h without a request end it sooner' }),
  },
  { title: 'Session' },
);
const CurrentSession = Type.Object(
  {
    actor: SessionActor,
    csrfToken: Type.Union([Type.String(), Type.Null()], { description: 'null when the request came with a bearer key' }),
    expiresAt: Type.Union([Type.String(), Type.Null()], { description: 'null when the request came with a bearer key' }),
  },
  { title: 'CurrentSession' },
);

export const sessionRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof Credentials> }>(
      '/v1/session',
      {
        schema: {
          tags: ['session'],
          summary: 'Log in to the console: sets the session cookie and returns its CSRF token',
          description: `Sets \`${SESSION_COOKIE}\` (HttpOnly, SameSite=Strict, Path=/; Secure over https or with CLEARWAY_COOKIE_SECURE=1). A wrong password and an unknown username get the same 401; ${MAX_FAILURES} failures in a row lock the account for ${LOCK_MS / 60_000} minutes (429 \`account-locked\` with Retry-After, the right password refused too).`,
          security: [],
          body: Credentials,
          response: { 200: Session, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await cw.officers.login(request.body.username, request.body.password);
        reply.header('cache-control', 'no-store');
        if (r.ok) {
          const { token, ...session } = r.value;
          return setSessionCookie(reply, token, ABSOLUTE_MS / 1000, cw.config.cookieSecure).send(session);
        }
        if (r.code === 'bad-credentials') return reply.status(401).send(errorBody(problem('bad-credentials', 'the username or the password is wrong')));
        return reply
          .status(429)
          .header('retry-after', String(r.retryAfter))
          .send(errorBody(problem('account-locked', `too many failed logins: the account is locked until ${r.lockedUntil}`)));
      },
    );

    app.get(
      '/v1/session',
      { schema: { tags: ['session'], summary: 'Who the request acts as, with the session’s CSRF token (null with a bearer key)', response: { 200: CurrentSession, 401: ErrorBody } } },
      async (request) => ({
        actor: actorOf(request),
        csrfToken: request.consoleSession?.csrfToken ?? null,
        expiresAt: request.consoleSession?.expiresAt ?? null,
      }),
    );

    app.delete(
      '/v1/session',
      { schema: { tags: ['session'], summary: 'Log out: ends the session and clears its cookie', response: { 204: Type.Null(), 401: ErrorBody, 403: ErrorBody } } },
      async (request, reply) => {
        const token = request.consoleSession ? request.cookies[SESSION_COOKIE] : undefined;
        if (token !== undefined) await cw.officers.logout(token);
        return clearSessionCookie(reply, cw.config.cookieSecure).status(204).send();
      },
    );
  };
