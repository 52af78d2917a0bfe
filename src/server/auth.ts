// Bearer-key authentication: every route but the public ones needs `Authorization: Bearer <key>`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../services/roles.ts';
import type { PartyService } from '../services/parties.ts';
import { errorBody, problem } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
  }
}

const PUBLIC = [/^\/health$/, /^\/openapi\.json$/, /^\/docs(\/|$)/, /^\/v1\/estimate$/, /^\/v1\/public\//, /^\/favicon\.ico$/, /^\/$/];

export function registerAuth(app: FastifyInstance, parties: PartyService): void {
  app.decorateRequest('actor', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (PUBLIC.some((p) => p.test(path))) return;
    const header = request.headers.authorization;
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

/** The authenticated party of a request on a protected route. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('route is not behind authentication');
  return request.actor;
}
