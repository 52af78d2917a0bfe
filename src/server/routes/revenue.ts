// Revenue routes: the public landed-cost estimate, and payments of the duty and tax due on a parcel.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Assessment, Consignment, CountryCode, CurrencyCode, Decimal, HsCode, StringEnum, TaxScheme } from '../../domain/model/index.ts';
import type { Basket } from '../../domain/revenue/index.ts';
import type { Clearway } from '../../services/clearway.ts';
import { actorOf } from '../auth.ts';
import { errorBody, problem } from '../errors.ts';
import { Day, ErrorBody, Id, IdParams } from './schemas.ts';


const EstimateBody = Type.Object(
  {
    destination: Type.String({ pattern: '^[A-Z]{2}(-[A-Z0-9]{1,3})?$', description: 'ISO 3166-1 country (each EU member state is a destination: DE, FR…) or ISO 3166-2 region (CA-ON)' }),
    currency: CurrencyCode,
    service: StringEnum(['post', 'express', 'air-cargo', 'road', 'sea'] as const),
    date: Type.Optional(Day),
    transaction: Type.Optional(StringEnum(['sale', 'gift', 'sample', 'return', 'documents'] as const)),
    marketplace: Type.Optional(Type.Boolean({ description: 'bought through a marketplace (the deemed supplier under IOSS and similar schemes)' })),
    departureCountry: Type.Optional(CountryCode),
    items: Type.Array(
      Type.Object(
        {
          description: Type.String({ minLength: 3, maxLength: 512 }),
          hsCode: Type.Optional(HsCode),
          quantity: Type.Integer({ minimum: 1, maximum: 100000 }),
          unitPrice: Decimal,
          originCountry: CountryCode,
          netMassKg: Type.Optional(Decimal),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 999 },
    ),
    shippingCost: Type.Optional(Decimal),
    insuranceCost: Type.Optional(Decimal),
    taxCollected: Type.Optional(
      Type.Object(
        { scheme: TaxScheme, registrationNumber: Type.String({ minLength: 1, maxLength: 32 }), amount: Decimal, currency: CurrencyCode },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const Payment = Type.Object(
  {
    amount: Decimal,
    currency: CurrencyCode,
    method: StringEnum(['card', 'wallet', 'bank', 'cash', 'other'] as const),
    reference: Type.String({ minLength: 1, maxLength: 128, description: "the payment provider's transaction id or the receipt number" }),
  },
  { additionalProperties: false },
);

const PartyParams = Type.Object({ partyId: Id });
const Period = Type.Object({ from: Day, to: Day }, { additionalProperties: false });
const Settlement = Type.Object(
  {
    amount: Decimal,
    currency: CurrencyCode,
    method: StringEnum(['bank', 'card', 'cash', 'other'] as const),
    reference: Type.String({ minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);
const Statement = Type.Object(
  {
    account: Type.String(),
    from: Type.String(),
    to: Type.String(),
    opening: Type.Record(Type.String(), Type.String(), { description: 'balance by currency before the first day (positive: owed to customs)' }),
    lines: Type.Array(
      Type.Object({
        date: Type.String(),
        at: Type.String(),
        transactionId: Type.String(),
        kind: Type.String(),
        consignmentId: Type.Union([Type.String(), Type.Null()]),
        memo: Type.String(),
        currency: Type.String(),
        amount: Type.String(),
        balance: Type.String(),
      }),
    ),
    closing: Type.Record(Type.String(), Type.String()),
  },
  { title: 'Statement' },
);

const Figures = Type.Record(
  Type.String({ description: 'currency' }),
  Type.Object({ assessed: Type.String(), collected: Type.String(), refunded: Type.String(), refundsPaid: Type.String(), outstanding: Type.String() }),
);
const Reconciliation = Type.Object(
  { total: Figures, byModel: Type.Record(Type.String(), Figures), byParty: Type.Record(Type.String(), Figures) },
  { title: 'Reconciliation' },
);

export const revenueRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof EstimateBody> }>(
      '/v1/estimate',
      {
        schema: {
          tags: ['revenue'],
          summary: 'Landed-cost estimate: duty, tax and fees on a basket, in the destination currency (public, no key)',
          description:
            'Applies the law of the destination on `date` (default today): valuation, tariff, de minimis, schemes, fees and rounding from the jurisdiction pack. Every line names its basis, rate and source. Amounts are decimal strings.',
          security: [],
          body: EstimateBody,
          response: { 200: Assessment, 400: ErrorBody, 422: ErrorBody },
        },
      },
      async (request, reply) => {
        const { date, marketplace, ...rest } = request.body;
        const basket: Basket = { ...rest, ...(marketplace !== undefined ? { viaPlatform: marketplace } : {}) };
        const r = await cw.revenue.estimate(basket, date ?? cw.revenue.today());
        if (r.ok) return r.assessment;
        if ('errors' in r) return reply.status(400).send({ errors: r.errors });
        // A destination no pack serves is a bad request; a rate or rule missing for the day is a gap in reference data.
        const status = r.code === 'unknown-destination' ? 400 : 422;
        return reply.status(status).send(errorBody(problem(r.code, r.message, r.path)));
      },
    );

    app.get<{ Params: Static<typeof PartyParams>; Querystring: Static<typeof Period> }>(
      '/v1/accounts/:partyId/statement',
      {
        schema: {
          tags: ['revenue'],
          summary: "A partner's statement for a period: a collecting carrier's or an account-based importer's debts and settlements",
          description: 'Days are both included. A partner reads its own statement; officers and administrators read any.',
          params: PartyParams,
          querystring: Period,
          response: { 200: Statement, 400: ErrorBody, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const { from, to } = request.query;
        const r = await cw.accounts.statement(actorOf(request), request.params.partyId, from, to);
        return r.ok ? r.value : reply.status(r.status).send(errorBody(problem(r.code, r.message, r.path)));
      },
    );

    app.post<{ Params: Static<typeof PartyParams>; Body: Static<typeof Settlement> }>(
      '/v1/accounts/:partyId/payments',
      {
        schema: {
          tags: ['revenue'],
          summary: "Record a partner's settlement of its account (officer, admin)",
          description: "Money a collecting carrier remitted or an account-based importer paid; never more than the account owes (409). Returns today's statement.",
          params: PartyParams,
          body: Settlement,
          response: { 200: Statement, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await cw.accounts.settle(actorOf(request), request.params.partyId, request.body);
        return r.ok ? r.value : reply.status(r.status).send(errorBody(problem(r.code, r.message, r.path)));
      },
    );

    app.get(
      '/v1/revenue/reconciliation',
      {
        schema: {
          tags: ['revenue'],
          summary: 'Revenue assessed, collected, refunded and outstanding, in total, per collection model and per partner (officer, admin)',
          response: { 200: Reconciliation, 403: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await cw.accounts.reconciliation(actorOf(request));
        return r.ok ? r.value : reply.status(r.status).send(errorBody(problem(r.code, r.message, r.path)));
      },
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof Payment> }>(
      '/v1/consignments/:id/payments',
      {
        schema: {
          tags: ['revenue'],
          summary: 'Record a payment of the duty and tax due on a parcel (consumer collection model)',
          description: 'Accepted while the parcel is payment-due; the parcel is released when nothing is left to pay. More than is due is refused (409 overpayment).',
          params: IdParams,
          body: Payment,
          response: { 200: Consignment, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await cw.consignments.pay(actorOf(request), request.params.id, request.body);
        if (!r.ok) return reply.status(r.status).send(errorBody(problem(r.code, r.message, r.path ?? (r.status === 409 ? '/amount' : ''))));
        cw.telemetry.eventsRecorded('payment');
        return r.consignment;
      },
    );
  };
