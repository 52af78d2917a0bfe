// One error shape for every 4xx: {"errors":[{path, code, message}]}; 5xx never carry a stack trace.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { toFieldErrors, type FieldError } from '../domain/validation/index.ts';

export const errorBody = (...errors: FieldError[]) => ({ errors });
export const problem = (code: string, message: string, path = ''): FieldError => ({ path, code, message });

const BY_FASTIFY_CODE: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'too-large', 'the request body is larger than allowed'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported-media-type', 'send application/json (or application/x-ndjson for batches)'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'missing', 'the request body is empty'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad-request', 'Content-Length does not match the body'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'bad-json', 'the body is not valid JSON'],
};

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.validation) {
    const where = error.validationContext === 'querystring' ? '/query' : error.validationContext === 'params' ? '/params' : '';
    const errors = toFieldErrors(error.validation as ErrorObject[]).map((e) => ({ ...e, path: `${where}${e.path}` }));
    return reply.status(400).send(errorBody(...errors));
  }
  const known = error.code ? BY_FASTIFY_CODE[error.code] : undefined;
  if (known) return reply.status(known[0]).send(errorBody(problem(known[1], known[2])));
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return reply.status(status).send(errorBody(problem((error as { clearwayCode?: string }).clearwayCode ?? 'bad-request', error.message)));
  }
  request.log.error({ err: error }, 'request failed');
  return reply.status(503).send(errorBody(problem('unavailable', 'the request could not be completed; retry later')));
}

/** An error a parser or hook throws to end a request with a 4xx. */
export class ClientError extends Error {
  constructor(
    readonly statusCode: number,
    readonly clearwayCode: string,
    message: string,
  ) {
    super(message);
  }
}
