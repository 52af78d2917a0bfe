// Risk routes: targeting rules (every edit a new version) and watchlists, for officers and administrators.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { StringEnum } from '../../domain/model/index.ts';
import { forcedLanes, ruleFields, type RuleField } from '../../domain/risk/rules/index.ts';
import type { RiskOutcome } from '../../services/risk.ts';
import type { Clearway } from '../../services/clearway.ts';
import { actorOf } from '../auth.ts';
import { Day, ErrorBody, Id, IdParams, nesting, periodOf } from './schemas.ts';
import { errorBody, problem } from '../errors.ts';
import { AUC_TOLERANCE, MIN_AUC, type ModelOutcome } from '../../services/models.ts';

const Field = StringEnum(Object.keys(ruleFields) as RuleField[], { description: 'a fact of the consignment (docs/risk.md)' });
const Text = Type.String({ minLength: 1, maxLength: 200 });
const Number_ = Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$', description: 'decimal string' });

const Condition = Type.Recursive(
  (This) =>
    Type.Union([
      Type.Object({ all: Type.Array(This, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
      Type.Object({ any: Type.Array(This, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
      Type.Object({ not: This }, { additionalProperties: false }),
      Type.Object({ field: Field, in: Type.Array(Text, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
      Type.Object({ field: Field, prefix: Type.Array(Text, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
      Type.Object({ field: Field, op: StringEnum(['lt', 'lte', 'gt', 'gte', 'eq'] as const), value: Number_ }, { additionalProperties: false }),
      Type.Object({ field: Field, exists: Type.Boolean() }, { additionalProperties: false }),
      Type.Object({ indicator: Type.String({ minLength: 1, maxLength: 64 }), atLeast: Type.Number({ minimum: 0, maximum: 1 }) }, { additionalProperties: false }),
      Type.Object({ watchlist: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
    ]),
  { $id: 'RiskCondition', title: 'RiskCondition' },
);

const Effect = Type.Object(
  {
    weight: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'evidence of risk, combined with the others by noisy-or' })),
    lane: Type.Optional(StringEnum(forcedLanes, { description: 'the control the rule demands, whatever the score and capacity' })),
  },
  { additionalProperties: false },
);

const RuleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    when: Condition,
    then: Effect,
    validFrom: Day,
    validUntil: Type.Optional(Day),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const RuleUpdate = Type.Object(
  { ...RuleBody.properties, version: Type.Integer({ minimum: 1, description: 'the version being edited (lost-update guard)' }) },
  { additionalProperties: false },
);

const Rule = Type.Object(
  {
    id: Type.String(),
    version: Type.Integer(),
    name: Type.String(),
    description: Type.Optional(Type.String()),
    when: Type.Unknown(),
    then: Effect,
    validFrom: Type.String(),
    validUntil: Type.Optional(Type.String()),
    author: Type.String(),
    active: Type.Boolean(),
  },
  { title: 'RiskRule' },
);

const WatchlistBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    entries: Type.Array(
      Type.Object(
        { kind: StringEnum(['party', 'identifier', 'buyer'] as const), value: Type.String({ minLength: 1, maxLength: 200 }), note: Type.Optional(Type.String({ maxLength: 500 })) },
        { additionalProperties: false },
      ),
      { maxItems: 5_000, description: 'at most 5 000 entries (the request body is limited to 1 MiB)' },
    ),
  },
  { additionalProperties: false },
);
const Watchlist = Type.Object({ id: Type.String(), ...WatchlistBody.properties }, { title: 'Watchlist' });

const Period = Type.Object(
  { from: Type.Optional(Day), to: Type.Optional(Day) },
  { additionalProperties: false, description: 'days of the decisions, both included; the last 30 days by default' },
);
const Rate = Type.Object({
  decided: Type.Integer(),
  selected: Type.Integer({ description: 'sent to a control lane' }),
  inspected: Type.Integer({ description: 'with a recorded outcome' }),
  hits: Type.Integer({ description: 'outcomes other than no-finding' }),
  hitRate: Type.Union([Type.Number(), Type.Null()], { description: 'hits ÷ inspected; null before the first outcome' }),
  revenueAdjusted: Type.Record(Type.String(), Type.String(), { description: 'per currency, decimal strings' }),
});
const HitRatesBody = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    overall: Rate,
    randomEstimate: Type.Union([Type.Number(), Type.Null()], {
      description: 'share of the parcels no rule or score selected that a control would find something in: the random selections weighted by 1 ÷ their chance of being drawn (Horvitz–Thompson)',
    }),
    byLane: Type.Record(Type.String(), Rate),
    bySelection: Type.Record(Type.String(), Rate, { description: 'rule, model, random, none: the random ones estimate the share of wrong declarations without bias' }),
    byRule: Type.Record(Type.String(), Rate, { description: 'per rule id, all versions together' }),
  },
  { title: 'HitRates' },
);
const ModelMetrics = Type.Object({
  examples: Type.Integer(),
  positives: Type.Integer(),
  trainRows: Type.Integer(),
  holdoutRows: Type.Integer(),
  auc: Type.Number(),
  precisionAt10: Type.Number(),
  recallAt10: Type.Number(),
  precisionAt5: Type.Number(),
  baseRate: Type.Number(),
  trees: Type.Integer(),
  trainedAt: Type.String(),
});
const ModelSummary = Type.Object(
  {
    version: Type.String(),
    trainedAt: Type.String(),
    trainedBy: Type.String(),
    status: StringEnum(['candidate', 'active', 'shadow', 'retired'] as const),
    metrics: ModelMetrics,
  },
  { title: 'RiskModel' },
);
const TrainBody = Type.Object({ seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295 })) }, { additionalProperties: false });
const VersionParams = Type.Object({ version: Id });
const StatusBody = Type.Object(
  {
    status: StringEnum(['active', 'shadow', 'retired'] as const),
    force: Type.Optional(Type.Boolean({ description: 'activate even below the evaluation bar or worse than the active model' })),
  },
  { additionalProperties: false },
);

/** JSON levels a rule's `when` may take: 12 conditions (ruleProblems) of at most 2 levels each (`{"all":[…]}`), and room. */
const MAX_WHEN_NESTING = 64;

/**
 * ajv checks the recursive condition schema by recursion, before ruleProblems can refuse a condition nested over 12
 * deep: one nested thousands deep overflowed the stack (a 503). Refused before validation, with ruleProblems' error.
 */
const shallowWhen = async (request: FastifyRequest, r: FastifyReply) => {
  const when = (request.body as { when?: unknown } | null | undefined)?.when;
  if (when !== undefined && nesting(when, MAX_WHEN_NESTING) > MAX_WHEN_NESTING) {
    return r.status(400).send(errorBody(problem('invalid-rule', 'conditions nest at most 12 deep', '/when')));
  }
};

const modelReply = <T>(r: FastifyReply, outcome: ModelOutcome<T>, ok = 200) => {
  if (outcome.ok) return r.status(ok).send(outcome.value);
  const status = outcome.code === 'not-allowed' ? 403 : outcome.code === 'not-found' ? 404 : 409;
  return r.status(status).send(errorBody(problem(outcome.code, outcome.message, '')));
};

const reply = <T>(r: FastifyReply, outcome: RiskOutcome<T>, ok = 200) =>
  outcome.ok ? r.status(outcome.created ? 201 : ok).send(outcome.value) : r.status(outcome.status).send({ errors: outcome.errors });

const tags = ['risk'];

export const riskRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.get('/v1/risk/rules', { schema: { tags, summary: 'Targeting rules, latest version of each (officer, admin)', response: { 200: Type.Array(Rule), 403: ErrorBody } } }, async (request, r) =>
      reply(r, await cw.risk.list(actorOf(request))),
    );

    app.post<{ Body: Static<typeof RuleBody> }>(
      '/v1/risk/rules',
      { preValidation: shallowWhen, schema: { tags, summary: 'Write a targeting rule (officer, admin)', body: RuleBody, response: { 201: Rule, 400: ErrorBody, 403: ErrorBody } } },
      async (request, r) => reply(r, await cw.risk.save(actorOf(request), request.body)),
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      '/v1/risk/rules/:id',
      { schema: { tags, summary: 'Every version of a rule, oldest first', params: IdParams, response: { 200: Type.Array(Rule), 400: ErrorBody, 403: ErrorBody, 404: ErrorBody } } },
      async (request, r) => reply(r, await cw.risk.history(actorOf(request), request.params.id)),
    );

    app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof RuleUpdate> }>(
      '/v1/risk/rules/:id',
      {
        preValidation: shallowWhen,
        schema: {
          tags,
          summary: 'Edit a rule: saves a new version',
          description: 'Send the version you edited; if someone saved another version since, the answer is 409 version-conflict.',
          params: IdParams,
          body: RuleUpdate,
          response: { 200: Rule, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, r) => {
        const { version, ...input } = request.body;
        return reply(r, await cw.risk.save(actorOf(request), input, request.params.id, version));
      },
    );

    app.delete<{ Params: Static<typeof IdParams> }>(
      '/v1/risk/rules/:id',
      { schema: { tags, summary: 'Withdraw a rule (a new, inactive version; its history stays)', params: IdParams, response: { 200: Rule, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody } } },
      async (request, r) => reply(r, await cw.risk.withdraw(actorOf(request), request.params.id)),
    );

    app.get<{ Querystring: Static<typeof Period> }>(
      '/v1/risk/hit-rates',
      {
        schema: {
          tags,
          summary: 'Hit rates of the decisions taken, per rule, lane and selection (officer, admin)',
          querystring: Period,
          response: { 200: HitRatesBody, 400: ErrorBody, 403: ErrorBody },
        },
      },
      async (request, r) => {
        const { from, to } = periodOf(request.query);
        return reply(r, await cw.risk.hitRates(actorOf(request), from, to));
      },
    );

    app.get('/v1/risk/models', { schema: { tags, summary: 'Trained risk models with their evaluation', response: { 200: Type.Array(ModelSummary), 403: ErrorBody } } }, async (request, r) =>
      modelReply(r, await cw.models.list(actorOf(request))),
    );

    app.post<{ Body: Static<typeof TrainBody> }>(
      '/v1/risk/models',
      {
        schema: {
          tags,
          summary: 'Train a model on every recorded control outcome; stored as a candidate with its hold-out evaluation',
          description: 'Refused with 409 too-few-examples or one-class when the outcomes cannot support a model.',
          body: TrainBody,
          response: { 201: ModelSummary, 403: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, r) => modelReply(r, await cw.models.train(actorOf(request), request.body.seed !== undefined ? { seed: request.body.seed } : {}), 201),
    );

    app.put<{ Params: Static<typeof VersionParams>; Body: Static<typeof StatusBody> }>(
      '/v1/risk/models/:version/status',
      {
        schema: {
          tags,
          summary: 'Put a model in service (active), beside it (shadow), or out of it (retired)',
          description: `Activation checks the evaluation first: a hold-out AUC below ${MIN_AUC} (409 not-good-enough), or more than ${AUC_TOLERANCE} below the active model's (409 worse-than-active), is refused unless forced.`,
          params: VersionParams,
          body: StatusBody,
          response: { 200: ModelSummary, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, r) => modelReply(r, await cw.models.setStatus(actorOf(request), request.params.version, request.body.status, request.body.force ?? false)),
    );

    app.get('/v1/risk/watchlists', { schema: { tags, summary: 'Watchlists of parties and identifiers', response: { 200: Type.Array(Watchlist), 403: ErrorBody } } }, async (request, r) =>
      reply(r, await cw.risk.watchlists(actorOf(request))),
    );

    app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof WatchlistBody> }>(
      '/v1/risk/watchlists/:id',
      { schema: { tags, summary: 'Create or replace a watchlist', params: IdParams, body: WatchlistBody, response: { 200: Watchlist, 400: ErrorBody, 403: ErrorBody } } },
      async (request, r) => reply(r, await cw.risk.putWatchlist(actorOf(request), { id: request.params.id, ...request.body })),
    );
  };
