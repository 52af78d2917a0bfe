// The authorisation matrix (src/server/permissions.ts): every API route has its row and every row a route; the matrix
// in docs/security.md is the code's; and every cell holds against a running server — each role (and the public)
// calls each route: `-` answers 403 `forbidden` (401 for the public) before the body is read, `Y` and `O` are let
// through to the route (whatever it then answers: 400 for the empty body sent here, 404 for an id that is not the
// caller's, 200…). What `O` hides from whom is test/server/tenant-isolation.test.ts's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COLUMNS, matrixMarkdown, PERMISSIONS, type Who } from '../../src/server/permissions.ts';
import { roles } from '../../src/services/roles.ts';
import { Client, startServer, type TestServer } from '../helpers/clearway.ts';

const PROBE_ID = 'cw-matrix-probe';

describe('the authorisation matrix', () => {
  let server: TestServer;
  const clients = new Map<Who, Client>();

  before(async () => {
    server = await startServer('sqlite');
    clients.set('admin', server.admin);
    clients.set('public', new Client(server.url, undefined));
    for (const role of roles) if (role !== 'admin') clients.set(role, await server.party(`matrix ${role}`, role));
  });
  after(() => server?.close());

  test('has a column for every role and the public', () => {
    assert.deepEqual([...COLUMNS].sort(), [...roles, 'public'].sort());
  });

  test('has a row for every route of the API, and no row without its route', async () => {
    const doc = (await server.admin.get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) routes.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    const api = [...routes].filter((r) => / \/(v1\/|health$|ready$|metrics$)/.test(r));
    assert.ok(api.length > 50, `only ${api.length} API routes found in /openapi.json`);
    assert.deepEqual(api.filter((r) => !PERMISSIONS.has(r)), [], 'routes without a row');
    assert.deepEqual([...PERMISSIONS.keys()].filter((r) => !routes.has(r)), [], 'rows without a route');
  });

  test('docs/security.md shows the matrix as the code has it', () => {
    const doc = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
    assert.ok(doc.includes(matrixMarkdown()), `docs/security.md must contain the matrix exactly as matrixMarkdown() prints it:\n${matrixMarkdown()}`);
  });

  test('every cell holds: each role and the public call each route', async () => {
    const wrong: string[] = [];
    let calls = 0;
    for (const [route, cells] of PERMISSIONS) {
      const [method, pattern] = route.split(' ') as [string, string];
      const path = pattern.replace(/:\w+/g, PROBE_ID) + (method === 'GET' && pattern === '/v1/public/status' ? '?trackingId=RR000000000CN' : '');
      for (const who of COLUMNS) {
        const client = clients.get(who)!;
        const body = method === 'POST' || method === 'PUT' ? {} : undefined;
        const r = await client.request(method, path, body);
        calls++;
        const cell = cells[who];
        const code = (r.body as { errors?: { code: string }[] })?.errors?.[0]?.code;
        if (cell === '-') {
          const expected = who === 'public' ? 401 : 403;
          if (r.status !== expected || (who !== 'public' && code !== 'forbidden')) wrong.push(`${route} as ${who}: expected ${expected}${who === 'public' ? '' : ' forbidden'}, got ${r.status} ${code ?? ''}`);
        } else if (r.status === 401 || r.status === 403) {
          wrong.push(`${route} as ${who}: the matrix says ${cell}, the server answered ${r.status} ${code ?? ''}`);
        }
        if (r.status >= 500) wrong.push(`${route} as ${who}: ${r.status}`);
      }
    }
    assert.equal(calls, PERMISSIONS.size * COLUMNS.length);
    assert.deepEqual(wrong, []);
  });
});
