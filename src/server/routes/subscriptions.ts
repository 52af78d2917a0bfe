// Subscription routes: register a webhook for the events about one's parcels, list, pause, replay and delete it.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { StringEnum } from '../../domain/model/index.ts';
import type { Clearway } from '../../services/clearway.ts';
import type { SubscriptionOutcome } from '../../services/subscriptions.ts';
import { actorOf } from '../auth.ts';
import { ErrorBody, IdParams, PRINTABLE } from './schemas.ts';

const EventType = Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$', description: 'an event type of the log, e.g. status-changed, filing-received, assessed' });

const CreateBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048, description: 'http or https URL that receives the POSTs' }),
    eventTypes: Type.Optional(Type.Array(EventType, { minItems: 1, maxItems: 50, uniqueItems: true, description: 'only these event types; every type when absent' })),
    secret: Type.Optional(Type.String({ minLength: 16, maxLength: 256, pattern: PRINTABLE, description: 'the HMAC key of the signatures (printable characters); generated when absent' })),
  },
  { additionalProperties: false },
);

const Delivery = Type.Object(
  {
    id: Type.String({ description: 'sent as Clearway-Delivery, the same on every attempt' }),
    seq: Type.Integer({ description: 'the event' }),
    attempts: Type.Integer(),
    lastStatus: Type.Union([Type.Integer(), Type.Null()], { description: 'HTTP status of the last attempt; null when there was no answer' }),
    lastError: Type.Union([Type.String(), Type.Null()]),
    nextAttemptAt: Type.String(),
    createdAt: Type.String(),
    deliveredAt: Type.Union([Type.String(), Type.Null()], { description: 'when a 2xx answered; null while under way' }),
  },
  { title: 'Delivery' },
);

const Subscription = Type.Object(
  {
    id: Type.String(),
    partyId: Type.String(),
    url: Type.String(),
    eventTypes: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'null: every type' }),
    status: StringEnum(['active', 'paused'] as const),
    cursorSeq: Type.Integer({ description: 'every event up to this seq is done (delivered, or not for this subscription)' }),
    createdAt: Type.String(),
    pending: Type.Union([Delivery, Type.Null()], { description: 'the delivery under way (retried until a 2xx), if any' }),
  },
  { title: 'Subscription' },
);
const Created = Type.Object(
  { ...Subscription.properties, secret: Type.String({ description: 'shown in this answer only' }) },
  { title: 'SubscriptionCreated' },
);

const StatusBody = Type.Object({ status: StringEnum(['active', 'paused'] as const) }, { additionalProperties: false });
const ReplayBody = Type.Object(
  { fromSeq: Type.Integer({ minimum: 1, description: 'the first event to deliver again (at most one after the cursor)' }) },
  { additionalProperties: false },
);

const send = <T>(r: FastifyReply, outcome: SubscriptionOutcome<T>, ok = 200) =>
  outcome.ok ? (outcome.value === null ? r.status(204).send() : r.status(ok).send(outcome.value)) : r.status(outcome.status).send({ errors: outcome.errors });

const tags = ['subscriptions'];

export const subscriptionRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof CreateBody> }>(
      '/v1/subscriptions',
      {
        schema: {
          tags,
          summary: 'Register a webhook for the events about your parcels',
          description:
            'Events from now on are POSTed to the URL, signed (Clearway-Signature), in seq order, retried with backoff until a 2xx. ' +
            'A partner receives the events of the consignments it filed for, from its first filing on, other parties\' as type and time only; ' +
            'officers and administrators every event. The secret is in this answer only.',
          body: CreateBody,
          response: { 201: Created, 400: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, r) => send(r, await cw.subscriptions.create(actorOf(request), request.body), 201),
    );

    app.get('/v1/subscriptions', { schema: { tags, summary: 'Your subscriptions (an administrator: everyone\'s)', response: { 200: Type.Object({ subscriptions: Type.Array(Subscription) }) } } }, async (request) => ({
      subscriptions: await cw.subscriptions.list(actorOf(request)),
    }));

    app.get<{ Params: Static<typeof IdParams> }>(
      '/v1/subscriptions/:id',
      { schema: { tags, summary: 'One of your subscriptions', params: IdParams, response: { 200: Subscription, 404: ErrorBody } } },
      async (request, r) => send(r, await cw.subscriptions.get(actorOf(request), request.params.id)),
    );

    app.delete<{ Params: Static<typeof IdParams> }>(
      '/v1/subscriptions/:id',
      { schema: { tags, summary: 'Delete a subscription: nothing more is sent', params: IdParams, response: { 204: Type.Null(), 404: ErrorBody } } },
      async (request, r) => send(r, await cw.subscriptions.remove(actorOf(request), request.params.id)),
    );

    app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof StatusBody> }>(
      '/v1/subscriptions/:id/status',
      { schema: { tags, summary: 'Pause (nothing is sent, events wait) or resume a subscription', params: IdParams, body: StatusBody, response: { 200: Subscription, 400: ErrorBody, 404: ErrorBody } } },
      async (request, r) => send(r, await cw.subscriptions.setStatus(actorOf(request), request.params.id, request.body.status)),
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ReplayBody> }>(
      '/v1/subscriptions/:id/replay',
      {
        schema: {
          tags,
          summary: 'Deliver the events from a seq on again (those this subscription receives), as new deliveries',
          params: IdParams,
          body: ReplayBody,
          response: { 200: Subscription, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, r) => send(r, await cw.subscriptions.replay(actorOf(request), request.params.id, request.body.fromSeq)),
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      '/v1/subscriptions/:id/deliveries',
      { schema: { tags, summary: 'The latest 100 deliveries with their attempts, newest first', params: IdParams, response: { 200: Type.Object({ deliveries: Type.Array(Delivery) }), 404: ErrorBody } } },
      async (request, r) => {
        const outcome = await cw.subscriptions.deliveries(actorOf(request), request.params.id);
        return outcome.ok ? { deliveries: outcome.value } : r.status(outcome.status).send({ errors: outcome.errors });
      },
    );
  };
