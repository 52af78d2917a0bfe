// Party routes (administrators): register a party, issue it an API key (shown once).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { StringEnum } from '../../domain/model/index.ts';
import type { Clearway } from '../../services/clearway.ts';
import { roles } from '../../services/roles.ts';
import { actorOf } from '../auth.ts';
import { errorBody, problem } from '../errors.ts';
import { ErrorBody, IdParams } from './schemas.ts';

const NewParty = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    role: StringEnum(roles),
    identifiers: Type.Optional(
      Type.Record(Type.String({ pattern: '^[a-z]{2,16}$' }), Type.String({ minLength: 1, maxLength: 64 }), {
        description: 'e.g. {"eori": "DE123456789012345", "ioss": "IM2760000001"}',
        maxProperties: 16,
        // Without it the key pattern restricts nothing: any other key, with any value, would be accepted.
        additionalProperties: false,
      }),
    ),
    collection: Type.Optional(
      StringEnum(['carrier', 'account'] as const, {
        description: 'revenue collection arrangement: `carrier` collects duty and tax on delivery and is debited; `account` accrues them to a periodic statement',
      }),
    ),
  },
  { additionalProperties: false },
);
const PartyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  createdAt: Type.String(),
  identifiers: Type.Record(Type.String(), Type.String()),
  collection: Type.Optional(Type.String()),
});
const KeyBody = Type.Object({ label: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) }, { additionalProperties: false });
const IssuedKey = Type.Object({
  id: Type.String(),
  key: Type.String({ description: 'The API key. Shown once: Clearway stores only its hash.' }),
  partyId: Type.String(),
  createdAt: Type.String(),
});

const forbidden = () => errorBody(problem('forbidden', 'only an administrator manages parties and keys'));

export const partyRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof NewParty> }>(
      '/v1/parties',
      { schema: { tags: ['parties'], summary: 'Register a party (admin)', body: NewParty, response: { 201: PartyView, 400: ErrorBody, 403: ErrorBody } } },
      async (request, reply) => {
        if (actorOf(request).role !== 'admin') return reply.status(403).send(forbidden());
        const p = await cw.parties.create(request.body);
        return reply.status(201).send({ id: p.id, name: p.name, role: p.role, createdAt: p.createdAt, identifiers: p.data.identifiers, ...(typeof p.data.collection === 'string' ? { collection: p.data.collection } : {}) });
      },
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof KeyBody> | undefined }>(
      '/v1/parties/:id/keys',
      {
        // The body is optional: a request without one issues an unlabelled key.
        preValidation: async (request) => {
          if (request.body === undefined || request.body === null) request.body = {};
        },
        schema: {
          tags: ['parties'],
          summary: 'Issue an API key to a party (admin); the key is in this response only',
          params: IdParams,
          body: Type.Optional(KeyBody),
          response: { 201: IssuedKey, 403: ErrorBody, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        if (actorOf(request).role !== 'admin') return reply.status(403).send(forbidden());
        const issued = await cw.parties.issueKey(request.params.id, request.body?.label);
        if (!issued) return reply.status(404).send(errorBody(problem('not-found', `no party ${request.params.id}`, '/params/id')));
        return reply.status(201).header('cache-control', 'no-store').send({ ...issued, partyId: request.params.id });
      },
    );
  };
