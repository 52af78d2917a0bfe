// Operations routes: consolidated arrival by master, agency rules, and the consumer's public status lookup.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { agencyDomains } from '../../domain/agencies/index.ts';
import { DateTime, ExportDeclarationFiling, StringEnum } from '../../domain/model/index.ts';
import type { Clearway } from '../../services/clearway.ts';
import { isPostcode, PublicStatusService } from '../../services/public-status.ts';
import { statuses } from '../../domain/model/index.ts';
import { actorOf } from '../auth.ts';
import { errorBody, problem } from '../errors.ts';
import { Day, ErrorBody, Id, IdParams, PRINTABLE } from './schemas.ts';

const ParcelRef = Type.Object({ id: Type.String(), trackingId: Type.Union([Type.String(), Type.Null()]) });
const MasterResult = Type.Object(
  {
    masterId: Type.String(),
    released: Type.Array(ParcelRef, { description: 'released at once: lane release, nothing to pay' }),
    paymentDue: Type.Array(Type.Object({ ...ParcelRef.properties, dueAtBorder: Type.String(), currency: Type.String() }), { description: 'waiting for the consumer to pay' }),
    held: Type.Array(Type.Object({ ...ParcelRef.properties, lane: Type.String() }), { description: 'held for a control or an agency' }),
    skipped: Type.Array(Type.Object({ ...ParcelRef.properties, reason: Type.String() }), { description: 'arrived already, or could not arrive' }),
  },
  { title: 'MasterArrival' },
);
const MasterParams = Type.Object({ masterId: Id });
const MasterBody = Type.Object({ at: Type.Optional(DateTime), note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) }, { additionalProperties: false });

const Words = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 500 });
const AgencyRuleBody = Type.Object(
  {
    agency: Type.String({ minLength: 1, maxLength: 64, pattern: PRINTABLE, description: 'party id of the agency (role agency)' }),
    domain: StringEnum(agencyDomains),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    hsPrefixes: Type.Array(Type.String({ minLength: 2, maxLength: 10 }), { maxItems: 500, description: 'HS code prefixes the agency regulates' }),
    keywords: Words,
    source: Type.String({ minLength: 1, maxLength: 500, description: 'the law the agency acts under' }),
    validFrom: Day,
    validUntil: Type.Optional(Day),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const AgencyRule = Type.Object({ id: Type.String(), ...AgencyRuleBody.properties, active: Type.Boolean() }, { title: 'AgencyRule' });

const StatusQuery = Type.Object(
  {
    trackingId: Id,
    postcode: Type.String({ minLength: 1, maxLength: 16, pattern: PRINTABLE, description: 'the delivery postcode, as proof the asker is the recipient' }),
  },
  { additionalProperties: false },
);
const PublicStatus = Type.Object(
  {
    trackingId: Type.String(),
    status: StringEnum(statuses),
    explanation: Type.String(),
    since: Type.String(),
    due: Type.Union([Type.Object({ amount: Type.String(), currency: Type.String() }), Type.Null()], { description: 'what must be paid before release (payment-due only)' }),
    timeline: Type.Array(Type.Object({ status: StringEnum(statuses), at: Type.String() })),
  },
  { title: 'PublicStatus' },
);

const GuideEntry = Type.Object(
  {
    domain: StringEnum(agencyDomains),
    goods: Type.String(),
    hsPrefixes: Type.Array(Type.String()),
    keywords: Type.Array(Type.String()),
    source: Type.String({ description: 'the law the agency acts under' }),
    validFrom: Type.String(),
    validUntil: Type.Optional(Type.String()),
  },
  { title: 'RestrictedGoods' },
);

export const operationsRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    const publicStatus = new PublicStatusService(cw.store);

    app.post<{ Params: Static<typeof MasterParams>; Body: Static<typeof MasterBody> }>(
      '/v1/masters/:masterId/arrival',
      {
        schema: {
          tags: ['consignments'],
          summary: 'A carrier reports the arrival of a whole master (postal dispatch or master air waybill)',
          description:
            'Every parcel under the master that the carrier filed for and that has not arrived yet arrives; parcels in lane release with nothing to pay are released at once. The answer lists what was released, held or is payment-due.',
          params: MasterParams,
          body: MasterBody,
          response: { 200: MasterResult, 403: ErrorBody, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await cw.consignments.arriveMaster(actorOf(request), request.params.masterId, request.body ?? {});
        if (!r.ok) return reply.status(r.status).send(errorBody(problem(r.code, r.message, r.status === 404 ? '/params/masterId' : '')));
        cw.telemetry.eventsRecorded('arrival', r.result.released.length + r.result.paymentDue.length + r.result.held.length);
        return r.result;
      },
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      '/v1/consignments/:id/export-declaration',
      {
        schema: {
          tags: ['exchange'],
          summary: "An outgoing parcel's export declaration, in the format of the export declarations origin administrations send (officer, admin)",
          description: 'For a parcel going back (returned to sender, returned by the consumer): exported from the country it was imported into, by its recipient, to its seller. `409 not-outgoing` for any other parcel.',
          params: IdParams,
          response: { 200: ExportDeclarationFiling, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await cw.consignments.exportDeclaration(actorOf(request), request.params.id);
        if (r.ok) return r.declaration;
        return reply.status(r.status).send(errorBody(problem(r.code, r.message, r.status === 404 ? '/params/id' : '')));
      },
    );

    app.get(
      '/v1/agency-rules',
      { schema: { tags: ['agencies'], summary: 'Agency rules (officers and administrators: all; an agency: its own)', response: { 200: Type.Array(AgencyRule), 403: ErrorBody } } },
      async (request, reply) => {
        const r = await cw.agencies.list(actorOf(request));
        return r.ok ? r.value : reply.status(403).send({ errors: r.errors });
      },
    );

    app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof AgencyRuleBody> }>(
      '/v1/agency-rules/:id',
      {
        schema: {
          tags: ['agencies'],
          summary: 'Create or replace an agency rule: parcels whose goods it covers are referred to the agency',
          params: IdParams,
          body: AgencyRuleBody,
          response: { 200: AgencyRule, 400: ErrorBody, 403: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await cw.agencies.put(actorOf(request), request.params.id, request.body);
        return r.ok ? r.value : reply.status(r.status).send({ errors: r.errors });
      },
    );

    app.get(
      '/v1/public/restricted-goods',
      {
        schema: {
          tags: ['public'],
          summary: 'Goods another agency controls on import, as the agency rules in force say (public)',
          description: 'For consumers and sellers (standard 13): which goods are referred to which kind of agency, by HS heading or word, and the law it acts under. Only rules in force today; the agencies’ party ids are not shown.',
          security: [],
          response: { 200: Type.Object({ jurisdiction: Type.String(), day: Type.String(), entries: Type.Array(GuideEntry) }) },
        },
      },
      async () => {
        await cw.agencies.refresh();
        const day = new Date().toISOString().slice(0, 10);
        const entries = cw.agencies
          .rules()
          .filter((r) => r.active && r.validFrom <= day && (r.validUntil === undefined || day <= r.validUntil))
          .map((r) => ({ domain: r.domain, goods: r.name, hsPrefixes: r.hsPrefixes, keywords: r.keywords, source: r.source, validFrom: r.validFrom, ...(r.validUntil ? { validUntil: r.validUntil } : {}) }))
          .sort((a, b) => a.domain.localeCompare(b.domain) || a.goods.localeCompare(b.goods));
        return { jurisdiction: cw.pack.id, day, entries };
      },
    );

    app.get<{ Querystring: Static<typeof StatusQuery> }>(
      '/v1/public/status',
      {
        schema: {
          tags: ['public'],
          summary: 'Where a parcel stands and what is due, for its recipient (public)',
          description: 'Needs the tracking id and the delivery postcode; a wrong pair and an unknown parcel both answer 404, and no personal data is returned.',
          security: [],
          querystring: StatusQuery,
          response: { 200: PublicStatus, 400: ErrorBody, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        if (!isPostcode(request.query.postcode)) {
          return reply.status(400).send(errorBody(problem('bad-postcode', 'a postcode has at least one letter or digit', '/query/postcode')));
        }
        const found = await publicStatus.lookup(request.query.trackingId, request.query.postcode);
        if (found) return found;
        return reply.status(404).send(errorBody(problem('not-found', 'no parcel with this tracking id is delivered to this postcode', '/query')));
      },
    );
  };
