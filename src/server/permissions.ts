// Who may call which route: the one authorisation matrix (issue 8), enforced for every request before its body is
// read, and printed in docs/security.md (test/server/permissions.test.ts checks both against each other and walks every
// cell against a running server).
//
// A cell says what a role may do with a route:
//   Y  allowed, on every object;
//   O  allowed on its own objects only: what it filed for, its own account, keys and subscriptions, for an agency what
//      was referred to it; anyone else's id answers 404, as an unknown one does, so existence does not leak (the
//      services scope these: ConsignmentService.maySee, AccountService, SubscriptionService…);
//   -  refused: 403 `forbidden` for a party with a key or a session, 401 for the public (no credentials).
// The public column is anyone without credentials. A route missing from the matrix makes the server refuse to start.
import type { FastifyInstance } from 'fastify';
import type { Role } from '../services/roles.ts';
import { errorBody, problem } from './errors.ts';

export type Cell = 'Y' | 'O' | '-';
export type Who = Role | 'public';

/** The columns, in the order the rows below list them. */
export const COLUMNS = ['admin', 'officer', 'risk-analyst', 'revenue-officer', 'agency', 'platform', 'payment', 'carrier', 'administration', 'public'] as const satisfies readonly Who[];

// prettier-ignore
const ROWS: Record<string, string> = {
  //                                                  adm off ana rev age pla pay car foa pub
  'GET /health':                                     'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  'GET /ready':                                      'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  'GET /metrics':                                    'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  'POST /v1/session':                                'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  'GET /v1/session':                                 'Y   Y   Y   Y   Y   Y   Y   Y   Y   -',
  'DELETE /v1/session':                              'Y   Y   Y   Y   Y   Y   Y   Y   Y   -',
  'POST /v1/estimate':                               'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  'GET /v1/public/status':                           'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  'GET /v1/public/restricted-goods':                 'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  // Advance data: partners send what their role sends (services/roles.ts MAY_FILE); customs staff send nothing.
  'POST /v1/filings':                                'Y   -   -   -   -   Y   Y   Y   Y   -',
  'POST /v1/filings/batch':                          'Y   -   -   -   -   Y   Y   Y   Y   -',
  'POST /v1/masters/:masterId/arrival':              'Y   -   -   -   -   -   -   O   -   -',
  // Parcels. Staff read every one (personal data masked for analysts and revenue officers), partners what they filed
  // for, an agency what was referred to it. Events: each type has its roles (ConsignmentService EVENT_ROLES).
  'GET /v1/consignments':                            'Y   Y   Y   Y   O   O   O   O   O   -',
  'GET /v1/consignments/:id':                        'Y   Y   Y   Y   O   O   O   O   O   -',
  'POST /v1/consignments/:id/events':                'Y   Y   -   -   O   O   -   O   -   -',
  'POST /v1/consignments/:id/inspections':           'Y   Y   -   -   -   -   -   -   -   -',
  'POST /v1/consignments/:id/payments':              'Y   Y   -   Y   -   -   O   -   -   -',
  'GET /v1/consignments/:id/export-declaration':     'Y   Y   -   -   -   -   -   -   -   -',
  'GET /v1/worklist':                                'Y   Y   -   -   O   -   -   -   -   -',
  // Revenue.
  'GET /v1/accounts/:partyId/statement':             'Y   Y   -   Y   -   O   O   O   -   -',
  'POST /v1/accounts/:partyId/payments':             'Y   Y   -   Y   -   -   -   -   -   -',
  'GET /v1/revenue/reconciliation':                  'Y   Y   -   Y   -   -   -   -   -   -',
  // Risk: targeting rules, watchlists, models, hit rates.
  'GET /v1/risk/rules':                              'Y   Y   Y   -   -   -   -   -   -   -',
  'POST /v1/risk/rules':                             'Y   Y   Y   -   -   -   -   -   -   -',
  'GET /v1/risk/rules/:id':                          'Y   Y   Y   -   -   -   -   -   -   -',
  'PUT /v1/risk/rules/:id':                          'Y   Y   Y   -   -   -   -   -   -   -',
  'DELETE /v1/risk/rules/:id':                       'Y   Y   Y   -   -   -   -   -   -   -',
  'GET /v1/risk/hit-rates':                          'Y   Y   Y   -   -   -   -   -   -   -',
  'GET /v1/risk/models':                             'Y   Y   Y   -   -   -   -   -   -   -',
  'POST /v1/risk/models':                            'Y   Y   Y   -   -   -   -   -   -   -',
  'PUT /v1/risk/models/:version/status':             'Y   Y   Y   -   -   -   -   -   -   -',
  'GET /v1/risk/watchlists':                         'Y   Y   Y   -   -   -   -   -   -   -',
  'PUT /v1/risk/watchlists/:id':                     'Y   Y   Y   -   -   -   -   -   -   -',
  'POST /v1/jobs':                                   'Y   Y   Y   -   -   -   -   -   -   -',
  'GET /v1/jobs':                                    'Y   Y   Y   -   -   -   -   -   -   -',
  'GET /v1/jobs/:id':                                'Y   Y   Y   -   -   -   -   -   -   -',
  // The dashboards, and each partner's data quality (a partner reads its own).
  'GET /v1/metrics':                                 'Y   Y   Y   Y   -   -   -   -   -   -',
  'GET /v1/partners/:id/quality':                    'Y   Y   Y   Y   -   O   O   O   O   -',
  // Other agencies (standard 10) and the AEO registry (standard 6).
  'GET /v1/agency-rules':                            'Y   Y   Y   -   O   -   -   -   -   -',
  'PUT /v1/agency-rules/:id':                        'Y   Y   -   -   -   -   -   -   -   -',
  'GET /v1/trusted-traders':                         'Y   Y   Y   Y   O   O   O   O   O   -',
  'GET /v1/trusted-traders/benefits':                'Y   Y   Y   Y   Y   Y   Y   Y   Y   -',
  'PUT /v1/trusted-traders/benefits':                'Y   -   -   -   -   -   -   -   -   -',
  'PUT /v1/trusted-traders/:id':                     'Y   Y   -   -   -   -   -   -   -   -',
  'DELETE /v1/trusted-traders/:id':                  'Y   Y   -   -   -   -   -   -   -   -',
  'GET /v1/trusted-traders/:id/history':             'Y   Y   Y   Y   O   O   O   O   O   -',
  // Webhooks: every party its own; an administrator everyone's.
  'POST /v1/subscriptions':                          'Y   O   O   O   O   O   O   O   O   -',
  'GET /v1/subscriptions':                           'Y   O   O   O   O   O   O   O   O   -',
  'GET /v1/subscriptions/:id':                       'Y   O   O   O   O   O   O   O   O   -',
  'DELETE /v1/subscriptions/:id':                    'Y   O   O   O   O   O   O   O   O   -',
  'PUT /v1/subscriptions/:id/status':                'Y   O   O   O   O   O   O   O   O   -',
  'POST /v1/subscriptions/:id/replay':               'Y   O   O   O   O   O   O   O   O   -',
  'GET /v1/subscriptions/:id/deliveries':            'Y   O   O   O   O   O   O   O   O   -',
  // Parties and their keys: an administrator registers parties and issues first keys; each party manages its own keys.
  'POST /v1/parties':                                'Y   -   -   -   -   -   -   -   -   -',
  'POST /v1/parties/:id/keys':                       'Y   -   -   -   -   -   -   -   -   -',
  'GET /v1/parties/:id/keys':                        'Y   O   O   O   O   O   O   O   O   -',
  'DELETE /v1/parties/:id/keys/:keyId':              'Y   O   O   O   O   O   O   O   O   -',
  'POST /v1/parties/:id/keys/:keyId/rotate':         'Y   O   O   O   O   O   O   O   O   -',
};

function parseRow(route: string, row: string): Record<Who, Cell> {
  const cells = row.trim().split(/\s+/);
  if (cells.length !== COLUMNS.length || cells.some((c) => c !== 'Y' && c !== 'O' && c !== '-')) {
    throw new Error(`permissions: the row of ${route} must have ${COLUMNS.length} cells of Y, O or -`);
  }
  return Object.fromEntries(COLUMNS.map((who, i) => [who, cells[i] as Cell])) as Record<Who, Cell>;
}

/** Route (`METHOD /path` as Fastify names it) → role → cell. */
export const PERMISSIONS: ReadonlyMap<string, Readonly<Record<Who, Cell>>> = new Map(Object.entries(ROWS).map(([route, row]) => [route, parseRow(route, row)]));

/** The API: every route here has a row. The rest (the web apps' pages and assets, /docs, /openapi.json) is public. */
const inMatrix = (url: string): boolean => url.startsWith('/v1/') || url === '/health' || url === '/ready' || url === '/metrics';

const routeKey = (method: string, url: string): string => `${method === 'HEAD' ? 'GET' : method} ${url}`;

/** The cell for a role on a route; undefined for a route outside the matrix (the web apps). */
export function cellOf(method: string, url: string, who: Who): Cell | undefined {
  return PERMISSIONS.get(routeKey(method, url))?.[who];
}

/**
 * Whether anyone may call the route without credentials (what the authentication hook lets through): the public column
 * for the API, and everything outside it (the web apps' pages and assets, /docs, /openapi.json).
 */
export function isPublicRoute(method: string, url: string): boolean {
  return !inMatrix(url) || cellOf(method, url, 'public') === 'Y';
}

/**
 * Enforces the matrix: a route added without its row stops the server at start; a request whose role's cell is `-`
 * gets 403 before its body is read. Registered after the authentication hook, which has set `request.actor`.
 */
export function registerPermissions(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      if (!inMatrix(route.url)) continue;
      if (!PERMISSIONS.has(routeKey(method, route.url))) throw new Error(`route ${method} ${route.url} has no row in the permission matrix (src/server/permissions.ts)`);
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404 || !request.actor) return;
    const cell = cellOf(request.method, request.routeOptions.url ?? '', request.actor.role);
    if (cell === '-') {
      return reply.status(403).send(errorBody(problem('forbidden', `a party with role ${request.actor.role} may not call ${request.method} ${request.routeOptions.url}`)));
    }
  });
}

/** The matrix as a Markdown table, as docs/security.md shows it. */
export function matrixMarkdown(): string {
  const head = `| route | ${COLUMNS.join(' | ')} |`;
  const rule = `|---|${COLUMNS.map(() => ':-:').join('|')}|`;
  const rows = [...PERMISSIONS].map(([route, cells]) => `| \`${route}\` | ${COLUMNS.map((c) => (cells[c] === '-' ? '–' : cells[c])).join(' | ')} |`);
  return [head, rule, ...rows].join('\n');
}
