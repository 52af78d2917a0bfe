// Party routes: administrators register parties and issue keys (shown once); a party lists, revokes and rotates its
// own keys (administrators anyone's).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { StringEnum } from '../../domain/model/index.ts';
import type { Clearway } from '../../services/clearway.ts';
import { KEY_CACHE_MS, MAX_ROTATION_GRACE_S } from '../../services/parties.ts';
import { roles, type Actor } from '../../services/roles.ts';
import { actorOf } from '../auth.ts';
import { errorBody, problem } from '../errors.ts';
import { ErrorBody, Id, IdParams } from './schemas.ts';

/** No control characters (logs, terminals, CSV exports); `*`, so an empty text reports only its length. */
const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]*$';

const NewParty = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128, pattern: PRINTABLE }),
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
const KeyBody = Type.Object({ label: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: PRINTABLE })) }, { additionalProperties: false });
const IssuedKey = Type.Object(
  {
    id: Type.String(),
    key: Type.String({ description: 'The API key. Shown once: Clearway stores only its hash.' }),
    partyId: Type.String(),
    label: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
  },
  { title: 'IssuedKey' },
);
const KeyView = Type.Object(
  {
    id: Type.String(),
    label: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    revokedAt: Type.Union([Type.String(), Type.Null()], {
      description: 'when the key stopped (or, after a rotation with graceSeconds, stops) working; null while it works',
    }),
  },
  { title: 'ApiKey', description: 'A key as listed: never its secret nor the hash of it' },
);
const KeyParams = Type.Object({ id: Id, keyId: Id });
const RotateBody = Type.Object(
  {
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: PRINTABLE, description: 'the new key’s label; the old key’s by default' })),
    graceSeconds: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_ROTATION_GRACE_S, description: 'how long the old key keeps working, to deploy the new one first (default 0: it stops now)' }),
    ),
  },
  { additionalProperties: false },
);
const Rotated = Type.Object({ issued: IssuedKey, replaced: KeyView }, { title: 'RotatedKey' });

const KEY_CACHE_S = KEY_CACHE_MS / 1000;

const forbidden = () => errorBody(problem('forbidden', 'only an administrator manages parties and keys'));
/** Another party's keys answer as an unknown party's: whether a party exists is not a partner's to learn (docs/security.md). */
const notOwnKeys = (id: string) => errorBody(problem('not-found', `no party ${id}`, '/params/id'));
/** Administrators manage every party's keys; any other party its own (listing, revoking, rotating; not issuing more). */
const managesKeysOf = (actor: Actor, partyId: string) => actor.role === 'admin' || actor.partyId === partyId;
const noKey = (partyId: string, keyId: string) => errorBody(problem('not-found', `party ${partyId} has no key ${keyId}`, '/params/keyId'));
/** An optional JSON body: a request without one is handled as `{}`. */
const optionalBody = async (request: { body: unknown }) => {
  if (request.body === undefined || request.body === null) request.body = {};
};

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
        preValidation: optionalBody,
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

    app.get<{ Params: Static<typeof IdParams> }>(
      '/v1/parties/:id/keys',
      {
        schema: {
          tags: ['parties'],
          summary: 'A party’s API keys, working and revoked (admin, or the party itself); never a secret',
          params: IdParams,
          response: { 200: Type.Object({ keys: Type.Array(KeyView) }), 403: ErrorBody, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        if (!managesKeysOf(actorOf(request), request.params.id)) return reply.status(404).send(notOwnKeys(request.params.id));
        const keys = await cw.parties.listKeys(request.params.id);
        if (!keys) return reply.status(404).send(errorBody(problem('not-found', `no party ${request.params.id}`, '/params/id')));
        return { keys };
      },
    );

    app.delete<{ Params: Static<typeof KeyParams> }>(
      '/v1/parties/:id/keys/:keyId',
      {
        schema: {
          tags: ['parties'],
          summary: 'Revoke an API key now (admin, or the party itself); revoking it again answers the same',
          description: `The key is refused at once by the node that revoked it, and by every other node within ${KEY_CACHE_S} s (their cache of authenticated keys).`,
          params: KeyParams,
          response: { 200: KeyView, 403: ErrorBody, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const { id, keyId } = request.params;
        if (!managesKeysOf(actorOf(request), id)) return reply.status(404).send(notOwnKeys(id));
        const key = await cw.parties.revokeKey(id, keyId);
        return key ? key : reply.status(404).send(noKey(id, keyId));
      },
    );

    app.post<{ Params: Static<typeof KeyParams>; Body: Static<typeof RotateBody> }>(
      '/v1/parties/:id/keys/:keyId/rotate',
      {
        preValidation: optionalBody,
        schema: {
          tags: ['parties'],
          summary: 'Replace an API key: a new key (in this response only) and the old one revoked, in one step (admin, or the party itself)',
          description:
            'The old key stops working now, or after graceSeconds (at most a day) so the sender can deploy the new key first. ' +
            'A key already revoked, or already rotated, answers 409 key-revoked.',
          params: KeyParams,
          body: Type.Optional(RotateBody),
          response: { 201: Rotated, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, reply) => {
        const { id, keyId } = request.params;
        if (!managesKeysOf(actorOf(request), id)) return reply.status(404).send(notOwnKeys(id));
        const r = await cw.parties.rotateKey(id, keyId, request.body ?? {});
        if (!r.ok && r.code === 'not-found') return reply.status(404).send(noKey(id, keyId));
        if (!r.ok) return reply.status(409).send(errorBody(problem('key-revoked', `key ${keyId} is revoked or already replaced: rotate a working key, or issue a new one`, '/params/keyId')));
        return reply.status(201).header('cache-control', 'no-store').send({ issued: { ...r.issued, partyId: id }, replaced: r.replaced });
      },
    );
  };
