// The web console (/console) and the public portal (/), as static files built by Vite into dist/web.
// Single-page apps: each of their addresses answers with the app's page, which then draws the right view.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Where `npm run build:web` (run by `npm install` through `prepare`) writes the apps. */
export const WEB_ROOT = resolve(import.meta.dirname, '../../dist/web');

/** Addresses of the portal's pages (the API lives under /v1, the console under /console). */
export const PORTAL_PAGES = ['/', '/estimate', '/status', '/guide', '/guide/*', '/help', '/help/*'] as const;


const page = (reply: FastifyReply, file: string, root: string) =>
  // The page itself is revalidated every time (a new build must show at once, and its old hashed assets are gone);
  // the assets are cached for a year. sendFile would otherwise apply the assets' cache policy to the page too.
  reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile(file, root, { cacheControl: false });

/** A browser's request for a page nobody serves: the portal answers it with its own "page not found", status 404. */
export function wantsPortalPage(request: FastifyRequest, root = WEB_ROOT): boolean {
  const path = request.url.split('?')[0] ?? '';
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    !/^\/(v1|assets|docs)(\/|$)/.test(path) &&
    (request.headers.accept ?? '').includes('text/html') &&
    existsSync(join(root, 'index.html'))
  );
}

// Read rather than sendFile: the not-found handler lives outside the plugin that decorates the reply with sendFile.
export const portalNotFound = (reply: FastifyReply, root = WEB_ROOT) =>
  reply.status(404).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(readFileSync(join(root, 'index.html')));

export const webRoutes =
  (root = WEB_ROOT): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    if (!existsSync(join(root, 'index.html'))) {
      const missing = async (_: unknown, reply: FastifyReply) =>
        reply
          .status(503)
          .type('text/plain; charset=utf-8')
          .send('The Clearway web apps are not built in this checkout: run `npm run build:web` (npm install does it), then restart. The API is at /v1 and its documentation at /docs.\n');
      for (const p of [...PORTAL_PAGES, '/console', '/console/*']) app.get(p, { schema: { hide: true } }, missing);
      return;
    }
    await app.register(fastifyStatic, { root: join(root, 'assets'), prefix: '/assets/', immutable: true, maxAge: '365d', decorateReply: true, index: false });
    for (const p of PORTAL_PAGES) app.get(p, { schema: { hide: true } }, (_req, reply) => page(reply, 'index.html', root));
    app.get('/console', { schema: { hide: true } }, (_req, reply) => page(reply, 'console/index.html', root));
    app.get('/console/*', { schema: { hide: true } }, (_req, reply) => page(reply, 'console/index.html', root));
  };
