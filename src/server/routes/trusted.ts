// Trusted-trader routes: the AEO registry (officers keep it; a party reads the authorisations naming it) and the
// benefits an authorised economic operator gets (administrators set them).
import { Type, type Static } from '@sinclair/typebox';
import type { ErrorObject } from 'ajv';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { StringEnum } from '../../domain/model/index.ts';
import { aeoScopes, aeoStatuses, authorisationProblems, type AeoAuthorisation } from '../../domain/trusted/index.ts';
import { capErrors, toFieldErrors } from '../../domain/validation/index.ts';
import type { Clearway } from '../../services/clearway.ts';
import type { TrustedOutcome } from '../../services/trusted.ts';
import { actorOf } from '../auth.ts';
import { Day, ErrorBody, IdParams, PRINTABLE } from './schemas.ts';

const Text = Type.String({ minLength: 1, maxLength: 200 });

const Identifiers = Type.Object(
  {
    partyId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: PRINTABLE, description: 'the operator\'s Clearway party id' })),
    eori: Type.Optional(Type.String({ pattern: '^[A-Z]{2}[A-Za-z0-9]{1,15}$', description: 'EORI number: ISO country code and up to 15 characters' })),
    vat: Type.Optional(Type.String({ minLength: 2, maxLength: 30, description: 'VAT or other tax number' })),
    sellerKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'a seller as the risk engine keys it, e.g. pty_platform/S-1 (docs/risk.md)' })),
  },
  { additionalProperties: false, description: 'at least one: the registry finds the operator by them' },
);

const AuthorisationBody = Type.Object(
  {
    name: Text,
    identifiers: Identifiers,
    scope: Type.Array(StringEnum(aeoScopes), { minItems: 1, uniqueItems: true, description: 'the capacities authorised: a carrier\'s authorisation does not vouch for a seller\'s declaration' }),
    validFrom: Day,
    validUntil: Type.Optional(Day),
    authority: Type.Object(
      {
        country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code of the issuing administration' }),
        programme: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. "EU AEO", "US C-TPAT"' }),
      },
      { additionalProperties: false },
    ),
    recognition: Type.Optional(
      Type.Object(
        {
          arrangement: Type.String({ minLength: 1, maxLength: 200, description: 'the mutual recognition arrangement, e.g. "EU–US MRA"' }),
          source: Type.String({ minLength: 1, maxLength: 500, description: 'the public act, e.g. "Decision 2012/290/EU of the US-EU Joint Customs Cooperation Committee"' }),
        },
        { additionalProperties: false },
      ),
    ),
    status: Type.Optional(StringEnum(aeoStatuses, { description: 'active unless given; suspended and revoked authorisations give no benefit' })),
  },
  { additionalProperties: false },
);

const Authorisation = Type.Object(
  {
    id: Type.String({ description: 'the authorisation number' }),
    ...AuthorisationBody.properties,
    status: StringEnum(aeoStatuses),
    version: Type.Integer({ description: '1 when first recorded, one more at every change' }),
    updatedBy: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'AeoAuthorisation' },
);

const Benefits = Type.Object(
  {
    riskWeight: Type.Number({ minimum: -1, maximum: 0, description: 'the trusted-trader indicator\'s score (default -0.5: halves the risk score)' }),
    randomCheckFactor: Type.Number({ minimum: 0, maximum: 1, description: 'multiplies the chance of a random check (default 0.5)' }),
    accountPayment: Type.Boolean({ description: 'an AEO platform or seller pays duty and tax on account (default true)' }),
  },
  { additionalProperties: false, title: 'AeoBenefits' },
);

const tags = ['trusted traders'];

const reply = <T>(r: FastifyReply, outcome: TrustedOutcome<T>) =>
  outcome.ok ? r.status(outcome.created ? 201 : 200).send(outcome.value) : r.status(outcome.status).send({ errors: outcome.errors });

/**
 * Every problem of an authorisation at once: the schema's (types, formats) and the registry's (identifiers, period,
 * country, scope), one per field.
 */
function problemsOf(request: FastifyRequest): ReturnType<typeof toFieldErrors> {
  const failed = request.validationError as { validation?: ErrorObject[]; validationContext?: string } | undefined;
  const inParams = failed?.validationContext === 'params';
  const errors = toFieldErrors(failed?.validation ?? []).map((e) => (inParams ? { ...e, path: `/params${e.path}` } : e));
  const body = request.body;
  if (!inParams && body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const a = body as Omit<AeoAuthorisation, 'id' | 'status'> & { status?: AeoAuthorisation['status'] };
    errors.push(...authorisationProblems({ ...a, status: a.status ?? 'active' }));
  }
  const seen = new Set<string>();
  return capErrors(errors.filter((e) => !seen.has(e.path) && seen.add(e.path)));
}

export const trustedRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.get(
      '/v1/trusted-traders',
      { schema: { tags, summary: 'The AEO registry: every authorisation for officers and administrators, those naming it for any other party', response: { 200: Type.Array(Authorisation) } } },
      async (request, r) => reply(r, await cw.trusted.list(actorOf(request))),
    );

    app.get('/v1/trusted-traders/benefits', { schema: { tags, summary: 'The benefits an authorised economic operator gets', response: { 200: Benefits } } }, async (_request, r) =>
      reply(r, await cw.trusted.benefits()),
    );

    app.put<{ Body: Static<typeof Benefits> }>(
      '/v1/trusted-traders/benefits',
      { schema: { tags, summary: 'Set the AEO benefits (administrators)', body: Benefits, response: { 200: Benefits, 400: ErrorBody, 403: ErrorBody } } },
      async (request, r) => reply(r, await cw.trusted.setBenefits(actorOf(request), request.body)),
    );

    app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof AuthorisationBody> }>(
      '/v1/trusted-traders/:id',
      {
        // Schema errors are reported with the registry's own checks, all at once.
        attachValidation: true,
        schema: {
          tags,
          summary: 'Record an authorisation, or its next version (officers, administrators)',
          description: 'The id is the authorisation number. 201 when new, 200 for a new version of one recorded before; every version is kept.',
          params: IdParams,
          body: AuthorisationBody,
          response: { 200: Authorisation, 201: Authorisation, 400: ErrorBody, 403: ErrorBody },
        },
      },
      async (request, r) => {
        if (request.validationError) return r.status(400).send({ errors: problemsOf(request) });
        return reply(r, await cw.trusted.put(actorOf(request), request.params.id, request.body));
      },
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      '/v1/trusted-traders/:id/history',
      { schema: { tags, summary: 'Every version of an authorisation, oldest first', params: IdParams, response: { 200: Type.Array(Authorisation), 404: ErrorBody } } },
      async (request, r) => reply(r, await cw.trusted.history(actorOf(request), request.params.id)),
    );

    app.delete<{ Params: Static<typeof IdParams> }>(
      '/v1/trusted-traders/:id',
      {
        schema: {
          tags,
          summary: 'Revoke an authorisation: it stays in the registry, revoked, and gives no benefit from now on',
          params: IdParams,
          response: { 200: Authorisation, 403: ErrorBody, 404: ErrorBody },
        },
      },
      async (request, r) => reply(r, await cw.trusted.revoke(actorOf(request), request.params.id)),
    );
  };
