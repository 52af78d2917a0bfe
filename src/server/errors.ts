// One error shape for every 4xx: {"errors":[{path, code, message}]}; 5xx never carry a stack trace.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import type { Socket } from 'node:net';
import { capErrors, toFieldErrors, type FieldError } from '../domain/validation/index.ts';

export const errorBody = (...errors: FieldError[]) => ({ errors });
export const problem = (code: string, message: string, path = ''): FieldError => ({ path, code, message });

const BY_FASTIFY_CODE: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'too-large', 'the request body is larger than allowed'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported-media-type', 'send application/json (or application/x-ndjson for batches)'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'missing', 'the request body is empty'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad-request', 'Content-Length does not match the body'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'bad-json', 'the body is not valid JSON'],
  // Router errors (Fastify's frameworkErrors), raised before a route is chosen.
  FST_ERR_BAD_URL: [400, 'bad-url', 'the URL is not valid (a broken percent-encoding?)'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'too-long', 'a path segment of the URL is longer than allowed'],
};

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.validation) {
    const where = error.validationContext === 'querystring' ? '/query' : error.validationContext === 'params' ? '/params' : '';
    // Capped, and not spread into a call: a body of 10 000 bad elements gave more errors than a call takes arguments.
    const errors = capErrors(toFieldErrors(error.validation as ErrorObject[]).map((e) => ({ ...e, path: `${where}${e.path}` })));
    return reply.status(400).send({ errors });
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

/** Errors Node's HTTP parser raises before Fastify sees a request (e.g. headers over 16 kB): the same error shape. */
export function handleClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'timeout', 'the request was not received in time']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'headers-too-large', 'the request line and headers are larger than allowed']
        : [400, 'Bad Request', 'bad-request', 'the request is not valid HTTP'];
  const body = JSON.stringify(errorBody(problem(code, message)));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}
