// Intake routes: one filing, or a batch as NDJSON (streamed) or a JSON array.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifySchemaCompiler } from 'fastify';
import { PassThrough, Readable } from 'node:stream';
import type { ConsignmentState } from '../../domain/clearance/index.ts';
import { Consignment, Filing } from '../../domain/model/index.ts';
import type { Clearway } from '../../services/clearway.ts';
import type { IntakeOutcome, IntakeResult } from '../../services/intake.ts';
import type { Actor } from '../../services/roles.ts';
import { actorOf } from '../auth.ts';
import { streamBatch } from '../batch.ts';
import { errorBody, problem } from '../errors.ts';
import type { Line } from '../../formats/index.ts';
import { ErrorBody } from './schemas.ts';

/** Filings are validated by the domain (every problem at once, in the API's error shape), not by the route. */
const domainValidates: FastifySchemaCompiler<unknown> = () => () => true;

export const BATCH_MAX_LINES = 10_000;
const BATCH_MAX_LINE_BYTES = 1024 * 1024;
/** JSON-array batches are parsed whole: 10 000 filings of a few kB fit well within this. */
const BATCH_BODY_LIMIT = 64 * 1024 * 1024;
const GROUP = 1000;

const BatchResult = Type.Object(
  {
    line: Type.Integer({ description: '1-based line (NDJSON) or position (JSON array) of the filing' }),
    filingId: Type.Union([Type.String(), Type.Null()]),
    status: Type.Integer({ description: '201 new, 200 repeat, 400 invalid, 403 kind not allowed, 409 conflict, 413 over the batch limit' }),
    consignmentId: Type.Optional(Type.String()),
    consignmentStatus: Type.Optional(Type.String()),
    category: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    lane: Type.Optional(Type.String()),
    errors: Type.Optional(ErrorBody.properties.errors),
  },
  { title: 'BatchResult' },
);

function summarise(line: number, r: IntakeResult, consignments: Map<string, ConsignmentState>) {
  if (r.status === 200 || r.status === 201) {
    const c = consignments.get(r.consignmentId);
    return { line, filingId: r.filingId, status: r.status, consignmentId: r.consignmentId, consignmentStatus: c?.status, category: c?.category, lane: c?.lane };
  }
  if (r.status === 400) return { line, filingId: r.filingId, status: 400, errors: r.errors };
  if (r.status !== 403 && r.status !== 409) throw new Error('unreachable');
  return { line, filingId: r.filingId, status: r.status, errors: [problem(r.code, r.message, r.status === 403 ? '/kind' : '/filingId')] };
}

/** Intake, with what it answered for each filing counted in the node's metrics. */
async function submitCounted(cw: Clearway, actor: Actor, filings: unknown[]): Promise<IntakeOutcome> {
  try {
    const outcome = await cw.intake.submit(actor, filings);
    cw.telemetry.filingsSubmitted(filings, outcome.results);
    return outcome;
  } catch (e) {
    cw.telemetry.filingsWithout('unavailable', filings);
    throw e;
  }
}

export const filingRoutes =
  (cw: Clearway): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.post(
      '/v1/filings',
      {
        validatorCompiler: domainValidates,
        schema: {
          tags: ['intake'],
          summary: 'Send one filing',
          description:
            'Any kind of filing (declaration, order, payment, logistics, arrival, delivery, return). Idempotent on (sender, filingId): ' +
            'a repeat returns 200 and the same consignment; the same filingId with another body returns 409.',
          body: Filing,
          response: { 201: Consignment, 200: Consignment, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const { results, consignments } = await submitCounted(cw, actor, [request.body]);
        const r = results[0]!;
        if (r.status === 200 || r.status === 201) {
          return reply.status(r.status).send(await cw.consignments.view(consignments.get(r.consignmentId)!, actor));
        }
        const { errors } = summarise(1, r, consignments) as { errors: ReturnType<typeof problem>[] };
        return reply.status(r.status).send(errorBody(...errors));
      },
    );

    app.post(
      '/v1/filings/batch',
      {
        validatorCompiler: domainValidates,
        bodyLimit: BATCH_BODY_LIMIT,
        schema: {
          tags: ['intake'],
          summary: 'Send up to 10 000 filings',
          description:
            'NDJSON (application/x-ndjson, one filing per line, streamed: results come back as lines commit) or a JSON array. ' +
            'One result per filing, in order; bad filings do not stop good ones. A result is sent only after its filing is committed.',
          body: Type.Array(Filing, { maxItems: BATCH_MAX_LINES }),
          response: {
            200: Type.Union([Type.Object({ results: Type.Array(BatchResult) }), BatchResult], {
              description: 'JSON array in: {"results":[…]}. NDJSON in: one BatchResult per line.',
            }),
            400: ErrorBody,
            413: ErrorBody,
          },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const submit = async (values: unknown[], lines: number[]): Promise<ReturnType<typeof summarise>[]> => {
          const outcome = await submitCounted(cw, actor, values);
          return outcome.results.map((r, i) => summarise(lines[i]!, r, outcome.consignments));
        };
        if (request.body instanceof Readable) return ndjson(request.body, reply, submit, (lines) => cw.telemetry.filingsWithout('invalid', lines));
        const body = request.body;
        if (!Array.isArray(body)) {
          return reply.status(400).send(errorBody(problem('wrong-type', 'a JSON batch is an array of filings (or send application/x-ndjson)')));
        }
        if (body.length > BATCH_MAX_LINES) {
          return reply.status(413).send(errorBody(problem('batch-too-large', `a batch holds at most ${BATCH_MAX_LINES} filings, this one ${body.length}`)));
        }
        const results: object[] = [];
        for (let i = 0; i < body.length; i += GROUP) {
          const part = body.slice(i, i + GROUP);
          const lines = part.map((_, j) => i + j + 1);
          // Earlier groups are committed already: a failing group is reported line by line, like NDJSON.
          results.push(...(await submit(part, lines).catch((e: unknown) => unavailable(reply, e, lines))));
        }
        return reply.send({ results });
      },
    );
  };

/** Result lines for a group the store could not take: nothing of it was written, so sending it again is safe. */
function unavailable(reply: FastifyReply, error: unknown, lines: number[]): object[] {
  reply.log.error({ err: error }, 'batch group failed');
  return lines.map((line) => ({ line, status: 503, errors: [problem('unavailable', 'not stored: the store failed; send this filing again')] }));
}

function ndjson(
  source: Readable,
  reply: FastifyReply,
  submit: (values: unknown[], lines: number[]) => Promise<object[]>,
  /** Lines refused before intake (not JSON, too long): counted, with no kind to count them under. */
  unreadable: (lines: unknown[]) => void,
): FastifyReply {
  const out = new PassThrough();
  reply.status(200).type('application/x-ndjson').send(out);
  const handle = async (group: Line[]): Promise<string[]> => {
    const good = group.filter((l): l is Extract<Line, { value: unknown }> => 'value' in l);
    if (good.length < group.length) unreadable(group.filter((l) => 'error' in l));
    let accepted: object[] = [];
    try {
      accepted = good.length ? await submit(good.map((l) => l.value), good.map((l) => l.line)) : [];
    } catch (e) {
      accepted = unavailable(reply, e, good.map((l) => l.line));
    }
    const byLine = new Map<number, object>();
    good.forEach((l, i) => byLine.set(l.line, accepted[i]!));
    return group.map((l) => `${JSON.stringify('error' in l ? { line: l.line, filingId: null, status: 400, errors: [l.error] } : byLine.get(l.line))}\n`);
  };
  streamBatch(source, out, { maxLines: BATCH_MAX_LINES, maxLineBytes: BATCH_MAX_LINE_BYTES, group: GROUP, lingerMs: 10 }, handle)
    .catch((e: unknown) => reply.log.error({ err: e }, 'batch stream failed'))
    .finally(() => {
      out.end();
      // Whatever the sender still sends after the limit is read and dropped, so the connection closes cleanly.
      source.resume();
    });
  return reply;
}
