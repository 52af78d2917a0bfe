// Background jobs: start a long operation (training, simulation), then read its progress until it ends (officers, admins).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { StringEnum } from '../../domain/model/index.ts';
import type { Clearway } from '../../services/clearway.ts';
import { jobKinds, jobStatuses, SimulateThresholdsParams, TrainModelParams, type JobOutcome } from '../../services/jobs.ts';
import { actorOf } from '../auth.ts';
import { errorBody, problem } from '../errors.ts';
import { ErrorBody, IdParams, infinite, nesting } from './schemas.ts';

const StartBody = Type.Object(
  {
    kind: StringEnum(jobKinds),
    params: Type.Optional(
      Type.Object({}, {
        additionalProperties: true,
        description: 'what the kind takes, checked against its schema (TrainModelParams, SimulateThresholdsParams); a mistake is 400 naming /params/<field>',
      }),
    ),
  },
  { additionalProperties: false },
);

const Job = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    status: StringEnum(jobStatuses),
    params: Type.Union([TrainModelParams, SimulateThresholdsParams], { description: 'as validated, defaults filled in' }),
    progress: Type.Object({
      done: Type.Integer(),
      total: Type.Integer({ description: '0 while the job does not know yet how much there is to do' }),
      phase: Type.String({ description: 'queued, starting, loading; training: encoding, boosting, evaluating; simulation: simulating' }),
      percent: Type.Integer({ minimum: 0, maximum: 100 }),
    }),
    result: Type.Unknown({
      description: 'once succeeded: train-model the model (as GET /v1/risk/models lists it); simulate-thresholds one row per scenario (as `clearway simulate-thresholds --csv`, amounts in the home pack currency)',
    }),
    error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()], { description: 'once failed; code interrupted when the node running it stopped' }),
    createdBy: Type.String(),
    createdAt: Type.String(),
    startedAt: Type.Union([Type.String(), Type.Null()]),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
    updatedAt: Type.String(),
  },
  { title: 'Job' },
);

const ListQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) }, { additionalProperties: false });

const tags = ['jobs'];

/** Every kind's parameters nest 2 deep at most (simulate-thresholds' `duties`): this leaves room. */
const MAX_PARAMS_NESTING = 16;

/**
 * `params` is checked against its kind's schema on a structuredClone of it, which recurses: parameters nested thousands
 * deep overflowed the stack (a 503). Refused before anything walks them.
 */
const shallowParams = async (request: FastifyRequest, r: FastifyReply) => {
  const params = (request.body as { params?: unknown } | null | undefined)?.params;
  if (params !== undefined && nesting(params, MAX_PARAMS_NESTING) > MAX_PARAMS_NESTING) {
    return r.status(400).send(errorBody(problem('too-deep', `params nest at most ${MAX_PARAMS_NESTING} deep`, '/params')));
  }
};

const reply = <T>(r: FastifyReply, outcome: JobOutcome<T>, ok = 200) => (outcome.ok ? r.status(ok).send(outcome.value) : r.status(outcome.status).send({ errors: outcome.errors }));

export const jobRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof StartBody> }>(
      '/v1/jobs',
      {
        preValidation: shallowParams,
        schema: {
          tags,
          summary: 'Start a long operation in the background: train-model or simulate-thresholds (officer, admin)',
          description: 'Answers 202 at once with the job (Location: its URL); GET it for the progress until status is succeeded or failed.',
          body: StartBody,
          response: { 202: Job, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, r) => {
        const outcome = await cw.jobs.start(actorOf(request), request.body.kind, request.body.params ?? {});
        if (outcome.ok) r.header('location', `/v1/jobs/${outcome.value.id}`);
        return reply(r, outcome, 202);
      },
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      '/v1/jobs/:id',
      { schema: { tags, summary: 'A job with its progress, and its result or error once ended', params: IdParams, response: { 200: Job, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody } } },
      async (request, r) => reply(r, await cw.jobs.get(actorOf(request), request.params.id)),
    );

    app.get<{ Querystring: Static<typeof ListQuery> }>(
      '/v1/jobs',
      { schema: { tags, summary: 'The latest jobs, newest first', querystring: ListQuery, response: { 200: Type.Object({ jobs: Type.Array(Job) }), 400: ErrorBody, 403: ErrorBody } } },
      async (request, r) => {
        const bad = infinite(request.query, 'limit');
        if (bad) return r.status(400).send(bad);
        const outcome = await cw.jobs.list(actorOf(request), { limit: request.query.limit ?? 20 });
        return outcome.ok ? { jobs: outcome.value } : r.status(outcome.status).send({ errors: outcome.errors });
      },
    );
  };
