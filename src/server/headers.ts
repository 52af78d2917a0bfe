// Security headers on every answer (issue 8): a Content-Security-Policy the web apps live with (their own files only,
// no inline script), no framing, no MIME sniffing, no Referer; HSTS over https; API answers never stored by caches.
import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

/** What the console and the portal load: their own scripts, styles and data; the favicon is a data: URL. */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
};

/**
 * Swagger UI (/docs) sets style attributes from its scripts' markup and draws its icons as data: SVGs: its pages allow
 * inline styles, never inline scripts.
 */
export const docsCsp = (header: string) => header.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/** Two years; sent only when the browser reached Clearway over https (or CLEARWAY_COOKIE_SECURE=1 says a TLS proxy is in front). */
const HSTS = 'max-age=63072000';

export async function registerSecurityHeaders(app: FastifyInstance, cookieSecure: boolean): Promise<void> {
  await app.register(helmet, {
    // No upgrade-insecure-requests: a site served over plain http (a test, a closed network) would break.
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Set below, only when the request came over https (or a TLS proxy in front is declared).
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', async (request, reply) => {
    if (cookieSecure || request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
  // Answers of the API carry personal data (parcels, amounts due, sessions, keys): no browser or proxy keeps them.
  app.addHook('onSend', async (request, reply) => {
    if (/^\/v1(\/|$)/.test(request.url) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
}
