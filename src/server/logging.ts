// The server's pino options: what a request line holds, and the secrets that never reach a log line (issue 8).
import type { FastifyRequest } from 'fastify';
import type { DestinationStream, LoggerOptions } from 'pino';

export const REDACTED = '[redacted]';

/**
 * Censored wherever they appear under these paths, should a header or body ever be logged (none is today: the
 * request line below names neither). pino's paths are exact, one `*` for one level.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-csrf-token"]',
  ...['password', 'key', 'secret', 'token', 'csrfToken'].flatMap((f) => [f, `*.${f}`, `body.${f}`, `*.body.${f}`]),
];

/** Query parameters whose values are secrets or prove who one is (the public status lookup's postcode). */
const SECRET_QUERY = new Set(['postcode', 'key', 'api_key', 'apikey', 'token', 'access_token', 'password', 'secret']);

/** The URL as logged: the values of secret query parameters replaced. */
export function loggedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=')[0] ?? '';
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // a broken escape: compared as sent
      }
      return SECRET_QUERY.has(decoded.toLowerCase()) ? `${name}=${REDACTED}` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

/** Fastify's request line, with the URL's secrets removed; headers, cookies and bodies are never logged. */
function request(req: FastifyRequest) {
  return { method: req.method, url: loggedUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

export function loggerOptions(level: string, stream?: DestinationStream): LoggerOptions & { stream?: DestinationStream } {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { req: request as never },
    ...(stream ? { stream } : {}),
  };
}
