// Fuzzing every operation the server's own OpenAPI document lists with malformed input (issue 8's quality bar):
// whatever a client sends, no 5xx, no stack trace or server path in an answer, every 4xx in the error shape, a
// protected route refusing a request without a working key before it looks at it, and nothing written by a request
// that was refused (nor by a GET, but the personal-data reads it records). The operations, their parameters and
// bodies come from GET /openapi.json, so a new route is fuzzed as soon as it is documented. Bounded in time:
// CLEARWAY_FUZZ_SECONDS per store (default 20). The seed is fixed (printed), CLEARWAY_FUZZ_SEED overrides it; a failure
// prints the seed and path to replay it:
//   CLEARWAY_FUZZ_SEED=<seed> CLEARWAY_FUZZ_PATH=<path> node scripts/test.js fuzz-routes
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fc from 'fast-check';
import { sql } from 'kysely';
import { PERSONAL_DATA_READ } from '../../src/domain/privacy/index.ts';
import { verifyChain } from '../../src/services/audit.ts';
import { startServer, testStores, type StoreKind, type TestServer } from '../helpers/clearway.ts';
import { arrival, declaration, logistics, order, s10 } from '../helpers/filings.ts';

const SECONDS = Number(process.env.CLEARWAY_FUZZ_SECONDS ?? '20');
const SEED = process.env.CLEARWAY_FUZZ_SEED !== undefined ? Number(process.env.CLEARWAY_FUZZ_SEED) : 8_2026;
const REPLAY_PATH = process.env.CLEARWAY_FUZZ_PATH;
/** The server's limits (src/server/app.ts BODY_LIMIT; docs/api.md "Limits"). */
const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------------------
// The operations, from the OpenAPI document

type Json = null | boolean | number | string | Json[] | JsonObject;
type JsonObject = { [key: string]: Json };

/** A JSON Schema as @fastify/swagger emits it, as far as generating values needs it. */
interface Schema {
  type?: string;
  $ref?: string;
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: Json[];
  const?: Json;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  examples?: unknown[];
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: Schema;
}
interface OpenApi {
  paths: Record<string, Record<string, { security?: unknown[]; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

interface Operation {
  name: string;
  method: string;
  template: string;
  /** `security: []` in the document: anyone may call it. */
  isPublic: boolean;
  params: Parameter[];
  query: Parameter[];
  body: Schema | undefined;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function operationsOf(doc: OpenApi): Operation[] {
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    if (/^\/docs(\/|$)/.test(template)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const parameters = op.parameters ?? [];
      ops.push({
        name: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        isPublic: Array.isArray(op.security) && op.security.length === 0,
        params: parameters.filter((p) => p.in === 'path'),
        query: parameters.filter((p) => p.in === 'query'),
        body: op.requestBody?.content['application/json']?.schema,
      });
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------------------------------
// Values that fit a schema, to start from: a body that passes the first validation reaches the code behind it

function valuesOf(doc: OpenApi) {
  const deref = (s: Schema): Schema => (s.$ref ? deref(doc.components!.schemas![s.$ref.replace('#/components/schemas/', '')]!) : s);
  const hasRef = (s: Schema) => JSON.stringify(s).includes('"$ref"');

  const stringOf = (s: Schema): fc.Arbitrary<string> => {
    const min = s.minLength ?? 0;
    const max = Math.min(s.maxLength ?? 40, 40);
    const fit = (x: string) => (x.length > (s.maxLength ?? Infinity) ? x.slice(0, s.maxLength) : x.length < min ? x.padEnd(min, 'x') : x);
    const base =
      s.format === 'date' ? fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
      : s.format === 'date-time' ? fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString())
      : s.format === 'email' ? fc.constantFrom('anna@example.org', 'b@example.com')
      : s.format === 'uri' ? fc.constantFrom('https://example.org/a', 'https://example.org/')
      : s.pattern ? fc.stringMatching(new RegExp(s.pattern))
      : fc.string({ minLength: min, maxLength: Math.max(min, max) });
    const examples = (s.examples ?? []).filter((x): x is string => typeof x === 'string');
    return (examples.length ? fc.oneof(fc.constantFrom(...examples), base) : base).map(fit);
  };

  const valueOf = (raw: Schema, depth = 0): fc.Arbitrary<Json> => {
    const s = deref(raw);
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    const branches = s.anyOf ?? s.oneOf;
    if (branches) {
      // Recursive schemas (a risk rule's condition) stop at a few levels: only branches without a reference below.
      const usable = depth >= 4 ? branches.filter((b) => !hasRef(b)) : branches;
      return fc.oneof(...(usable.length ? usable : branches).map((b) => valueOf(b, depth + 1)));
    }
    switch (s.type) {
      case 'object': {
        const props = s.properties ?? {};
        const record = fc.record(Object.fromEntries(Object.entries(props).map(([k, p]) => [k, valueOf(p, depth + 1)])), { requiredKeys: s.required ?? [] });
        const [keyPattern, valueSchema] = Object.entries(s.patternProperties ?? {})[0] ?? [];
        if (keyPattern === undefined || valueSchema === undefined) return record as fc.Arbitrary<Json>;
        return fc
          .tuple(record, fc.dictionary(fc.stringMatching(new RegExp(keyPattern)), valueOf(valueSchema, depth + 1), { maxKeys: 3 }))
          .map(([a, b]) => ({ ...b, ...a }) as Json);
      }
      case 'array': {
        const items = s.items ? valueOf(s.items, depth + 1) : fc.jsonValue({ maxDepth: 1 }).map((v) => v as Json);
        const minLength = s.minItems ?? 0;
        const maxLength = Math.max(minLength, Math.min(s.maxItems ?? 3, 3));
        return s.uniqueItems ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(items, { minLength, maxLength });
      }
      case 'string':
        return stringOf(s);
      case 'integer':
        return fc.integer({ min: s.minimum ?? -1000, max: Math.min(s.maximum ?? 1_000_000, Number.MAX_SAFE_INTEGER) });
      case 'number':
        return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      default:
        return fc.jsonValue({ maxDepth: 1 }).map((v) => v as Json);
    }
  };
  return valueOf;
}

// ---------------------------------------------------------------------------------------------------------------------
// Malformed input: small specs (so a counterexample prints small) that expand into the request

/** Values of every JSON type: a wrong-type mutation takes one whose type differs from the value it replaces. */
const WRONG: Json[] = ['x', '', '0', 'true', 0, -1, 1.5, true, false, null, [], ['x'], [1, 2], {}, { a: 1 }];
/** Strings and numbers put where a field's value belongs: control and odd Unicode characters, numbers at the limits
 * (NaN as a string, 1e308, very long digit strings where money goes), odd dates, injections. */
const ODD: Json[] = [
  '\u0000', 'a\u0000b', '\u0007\u001b[31m', '\ud800', 'x\udfffy', '\u202e', '\ufeff', '\u200b', '\u2028\u2029', '𝄞', 'e\u0301', '🏳️‍🌈',
  'NaN', 'Infinity', '-Infinity', 'undefined', 'null', '', ' ', '-0', '0x1A', '1e3', '1e400', '+1', '.5', '1.', '１２', '1,50', '12.50 EUR',
  '9'.repeat(16), '9'.repeat(400), `1${'0'.repeat(30)}.00`, `0.${'0'.repeat(300)}1`, '999999999999999.9999', '100000000000000', '-12.50', '0.001',
  '2026-02-30', '2026-13-01', '0000-01-01', '9999-12-31', '+275760-09-13', '2026-11-20T25:00:00Z', '2026-11-20T10:00:00+99:00',
  '2026-11-20T10:00:00', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999999999Z', '-000001-01-01T00:00:00Z',
  '<script>alert(1)</script>', "'; DROP TABLE events; --", '%00', '../../etc/passwd', '${jndi:ldap://x}', '{{7*7}}', '__proto__', 'constructor',
  1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 2 ** 32, 1e21, -1, 0, 0.1, 123456789.123456789,
];
/** Tokens that are not JSON, or JSON numbers JavaScript cannot hold as written (-0, 1e400, 2^64), put where a value belongs. */
const TOKENS = ['NaN', 'Infinity', '-Infinity', 'undefined', '-0', '1e400', '-1e400', '5e-325', '18446744073709551617', `1${'0'.repeat(400)}`, '0x10', '.5', '01', '+1', "'x'", 'TRUE', 'nul', '1e', '"\\u0000"', '"\\ud800"', '"\\uZZZZ"'];
/** Byte sequences that are not UTF-8: stray bytes, a truncated sequence, an overlong form, a surrogate, beyond U+10FFFF. */
const BAD_UTF8 = [[0xff], [0xfe], [0x80], [0xc3], [0xc0, 0xaf], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]];
const ODD_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'isAdmin', 'role', '', ' ', '\u0000', 'a.b', '$where', '0'];

type Mutation =
  | { m: 'wrong-type'; at: number; v: number }
  | { m: 'delete'; at: number }
  | { m: 'extra'; at: number; key: string; v: Json }
  | { m: 'set'; at: number; v: Json }
  | { m: 'huge'; at: number; size: number; unit: string }
  | { m: 'grow'; at: number; n: number };

type Encoding =
  | { e: 'json' }
  | { e: 'token'; at: number; token: string }
  | { e: 'deep'; at: number; depth: number; shape: 'array' | 'object' | 'not' | 'all' }
  | { e: 'bad-utf8'; at: number; bytes: number[] }
  | { e: 'broken'; how: 'truncate' | 'trailing' | 'insert' | 'single-quotes' | 'comment' | 'bom' | 'dup-first' | 'dup-last'; pos: number; ch: string }
  | { e: 'blank'; text: string };

const at = fc.nat({ max: 1_000_000 });
const anyJson: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }) as fc.Arbitrary<Json>,
  fc.anything({ maxDepth: 2 }).map((v) => {
    try {
      return JSON.parse(JSON.stringify(v) ?? 'null') as Json;
    } catch {
      return null;
    }
  }),
);
const oddValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })) },
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ m: fc.constant('wrong-type' as const), at, v: fc.nat() }),
  fc.record({ m: fc.constant('delete' as const), at }),
  fc.record({ m: fc.constant('extra' as const), at, key: fc.oneof(fc.constantFrom(...ODD_KEYS), fc.string({ minLength: 1, maxLength: 12 })), v: anyJson }),
  { weight: 3, arbitrary: fc.record({ m: fc.constant('set' as const), at, v: oddValue }) },
  fc.record({ m: fc.constant('huge' as const), at, size: fc.constantFrom(3_000, 70_000, 1_100_000), unit: fc.constantFrom('a', 'é', '𝄞', '\u0000', '"', '\\') }),
  fc.record({ m: fc.constant('grow' as const), at, n: fc.constantFrom(51, 1001, 5001, 10_001) }),
);
const encoding: fc.Arbitrary<Encoding> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ e: 'json' as const }) },
  { weight: 1, arbitrary: fc.record({ e: fc.constant('token' as const), at, token: fc.constantFrom(...TOKENS) }) },
  {
    weight: 1,
    arbitrary: fc.record({ e: fc.constant('deep' as const), at, depth: fc.constantFrom(64, 1000, 10_000, 100_000), shape: fc.constantFrom('array' as const, 'object' as const, 'not' as const, 'all' as const) }),
  },
  { weight: 1, arbitrary: fc.record({ e: fc.constant('bad-utf8' as const), at, bytes: fc.constantFrom(...BAD_UTF8) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      e: fc.constant('broken' as const),
      how: fc.constantFrom('truncate' as const, 'trailing' as const, 'insert' as const, 'single-quotes' as const, 'comment' as const, 'bom' as const, 'dup-first' as const, 'dup-last' as const),
      pos: fc.nat(),
      ch: fc.constantFrom('{', '}', '[', ']', ',', ':', '"', 'x', '\\', '\u0000', '/', '\n', '\u00a0', ' garbage'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ e: fc.constant('blank' as const), text: fc.constantFrom('', ' ', '\n', '\t\r\n ') }) },
);
/** Content types: JSON as it should be sent, JSON spelled oddly, and what a JSON route does not take. */
const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 14, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json;charset="UTF-8"', 'application/json; charset=latin1', 'application/json; charset=') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      undefined, '', 'text/plain', 'text/plain; charset=utf-8', 'application/x-ndjson', 'application/xml', 'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x', 'application/jsonx', 'application/ld+json', 'text/json', '*/*', 'application/json, text/plain', 'application/octet-stream', ';',
    ),
  },
);

// JSON trees and paths
type Path = (string | number)[];
const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const kindOf = (v: Json) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const clone = (v: Json): Json => JSON.parse(JSON.stringify(v)) as Json;
/** Sets an own property even for "__proto__" (plain assignment would change the prototype instead). */
const setOwn = (o: JsonObject, key: string, value: Json) => Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });

function nodes(v: Json, path: Path = [], out: { path: Path; value: Json }[] = []) {
  out.push({ path, value: v });
  if (Array.isArray(v)) v.forEach((x, i) => nodes(x, [...path, i], out));
  else if (isObj(v)) for (const k of Object.keys(v)) nodes(v[k]!, [...path, k], out);
  return out;
}
function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  let parent: Json = root;
  for (const k of path.slice(0, -1)) parent = (Array.isArray(parent) ? parent[k as number] : (parent as JsonObject)[k as string])!;
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) parent[key as number] = value;
  else setOwn(parent as JsonObject, String(key), value);
  return root;
}

function mutate(root: Json, m: Mutation): Json {
  const all = nodes(root);
  const pick = <T>(list: T[]): T | undefined => (list.length ? list[m.at % list.length] : undefined);
  switch (m.m) {
    case 'wrong-type': {
      const n = pick(all)!;
      const candidates = WRONG.filter((v) => kindOf(v) !== kindOf(n.value));
      return setAt(root, n.path, clone(candidates[m.v % candidates.length]!));
    }
    case 'delete': {
      const n = pick(all.filter((x) => x.path.length > 0));
      if (!n) return root;
      const parent = nodes(root).find((x) => x.path.length === n.path.length - 1 && n.path.slice(0, -1).every((k, i) => x.path[i] === k))!.value;
      if (Array.isArray(parent)) parent.splice(n.path[n.path.length - 1] as number, 1);
      else delete (parent as JsonObject)[String(n.path[n.path.length - 1])];
      return root;
    }
    case 'extra': {
      const n = pick(all.filter((x) => isObj(x.value)));
      if (n) setOwn(n.value as JsonObject, m.key, m.v);
      return root;
    }
    case 'set': {
      const n = pick(all.filter((x) => x.value === null || typeof x.value !== 'object')) ?? all[0]!;
      return setAt(root, n.path, m.v);
    }
    case 'huge': {
      const n = pick(all.filter((x) => typeof x.value === 'string')) ?? pick(all)!;
      return setAt(root, n.path, m.unit.repeat(m.size));
    }
    case 'grow': {
      const n = pick(all.filter((x) => Array.isArray(x.value)));
      if (!n) return root;
      const first = (n.value as Json[])[0] ?? 'x';
      const one = JSON.stringify(first).length;
      // Copies of the first element, as many as fit in a few MiB (past the body limit is a case of its own).
      return setAt(root, n.path, Array.from({ length: Math.min(m.n, Math.ceil((4 * MiB) / Math.max(one, 1))) }, () => clone(first)));
    }
  }
}

const MARK = '\u0001cw-fuzz\u0001';
const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** The value as bytes, with damage done to the text itself where JSON.stringify could not do it. */
function encode(root: Json, e: Encoding): Buffer {
  const marked = (n: number) => {
    const all = nodes(root);
    const target = all[n % all.length]!;
    return JSON.stringify(setAt(clone(root), target.path, MARK)).split(JSON.stringify(MARK)) as [string, string];
  };
  switch (e.e) {
    case 'json':
      return utf8(JSON.stringify(root));
    case 'token': {
      const [head, tail] = marked(e.at);
      return utf8(head + e.token + tail);
    }
    case 'deep': {
      const [head, tail] = marked(e.at);
      const d = e.depth;
      const leaf = '{"watchlist":"wl-fuzz"}';
      const nested =
        e.shape === 'array' ? '['.repeat(d) + ']'.repeat(d)
        : e.shape === 'object' ? '{"a":'.repeat(d) + '0' + '}'.repeat(d)
        : e.shape === 'not' ? '{"not":'.repeat(d) + leaf + '}'.repeat(d)
        : '{"all":['.repeat(d) + leaf + ']}'.repeat(d);
      return utf8(head + nested + tail);
    }
    case 'bad-utf8': {
      const [head, tail] = marked(e.at);
      return Buffer.concat([utf8(`${head}"ab`), Buffer.from(e.bytes), utf8(`cd"${tail}`)]);
    }
    case 'broken': {
      const text = JSON.stringify(root);
      const pos = e.pos % (text.length + 1);
      const first = isObj(root) ? Object.keys(root)[0] : undefined;
      const damaged =
        e.how === 'truncate' ? text.slice(0, Math.min(pos, text.length - 1))
        : e.how === 'trailing' ? text + e.ch
        : e.how === 'insert' ? text.slice(0, pos) + e.ch + text.slice(pos)
        : e.how === 'single-quotes' ? text.replace(/"/g, "'")
        : e.how === 'comment' ? `/* ${e.ch} */${text}`
        : e.how === 'bom' ? `\ufeff${text}`
        // A key twice: JSON.parse keeps the last, so a wrong value first is hidden and a wrong value last wins.
        : first === undefined ? `${text}${text}`
        : e.how === 'dup-first' ? `{${JSON.stringify(first)}:${JSON.stringify(WRONG[pos % WRONG.length])},${text.slice(1)}`
        : `${text.slice(0, -1)}${text.length > 2 ? ',' : ''}${JSON.stringify(first)}:${JSON.stringify(WRONG[pos % WRONG.length])}}`;
      return utf8(damaged);
    }
    case 'blank':
      return utf8(e.text);
  }
}

// Requests
type Cred = 'none' | 'admin' | 'partner' | 'bad-key' | 'bad-cookie';
type ParamSpec = { p: 'known'; i: number } | { p: 'value'; v: string } | { p: 'raw'; v: string };
type QueryPair = { key: string; value: { q: 'known'; i: number } | { q: 'value'; v: string } | { q: 'raw'; v: string } | null };
type Base = { b: 'seed'; i: number } | { b: 'schema'; v: Json } | { b: 'any'; v: Json };
type LineSpec =
  | { l: 'seed'; i: number }
  | { l: 'mutated'; i: number; ms: Mutation[]; enc: Encoding }
  | { l: 'any'; v: Json }
  | { l: 'blank'; text: string }
  | { l: 'bytes'; bytes: number[] }
  | { l: 'repeat'; of: number }
  | { l: 'huge' };
type BodySpec =
  | { t: 'none'; length0: boolean }
  | { t: 'json'; base: Base; ms: Mutation[]; enc: Encoding; type: string | undefined }
  | { t: 'raw'; text: string; type: string | undefined }
  | { t: 'ndjson'; lines: LineSpec[]; crlf: boolean; trailing: boolean; type: string };
interface RequestSpec {
  op: string;
  cred: Cred;
  params: ParamSpec[];
  query: { pairs: QueryPair[]; sep: string } | null;
  body: BodySpec;
}

/** Path parameter values that are not ids: traversal, NUL, broken percent-encoding, over the 100-character limit. */
const RAW_PARAMS = [
  '..', '.', '%2e%2e', '..%2F..%2Fetc%2Fpasswd', '%00', 'a%00b', '%ZZ', '%', '%C3%28', '%F0%9F%98', 'a%2Fb', '%2F', '%20', '+', '~', '<script>',
  "'", '%22', '__proto__', 'constructor', 'toString', 'null', 'undefined', '-1', '0', 'NaN', '1e309', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(100),
  'x'.repeat(101), 'x'.repeat(5000), '%E2%80%AE', '%EF%BB%BF', 'a;b', 'a,b', '*',
];
/** Query string parts: odd keys (repeated keys come from pairs with the same key), odd values, a query past 16 kB. */
const ODD_QUERY_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', '%', '%ZZ', 'a[b]', 'a[]', 'x%00', '%E2%80%AE', 'limit[]', 'from[0]'];
const ODD_QUERY_VALUES = [
  '', '%', '%ZZ', '%C3%28', '%00', '%E2%80%AE', '+', '=', '==', 'a=b', '%26', 'null', 'undefined', '[]', '{}', 'NaN', 'Infinity', '-1', '0', '1e309',
  '9'.repeat(40), '2026-02-30', '9999-12-31', '0001-01-01', '2026-1-1', 'z'.repeat(65), 'z'.repeat(5000), 'z'.repeat(20_000), '%F0%9F%98%80', ',,,', 'held,,',
];

interface Fixtures {
  /**
   * Known path parameter values, by the template up to the parameter ("/v1/consignments/{id}"), or by method and that
   * ("DELETE /v1/subscriptions/{id}": records of their own for the operations that end them, so the others keep theirs).
   */
  params: Record<string, string[]>;
  /** Known query values, by parameter name. */
  query: Record<string, string[]>;
  agencyId: string;
}

const HOOK = 'https://hooks.clearway-fuzz.invalid/events';
const OFFICER = { username: 'fuzz-officer', password: 'fuzz-officer-password-1' };
const RULE = { name: 'Fuzz rule', when: { any: [{ watchlist: 'wl-fuzz' }, { not: { watchlist: 'wl-fuzz' } }] }, then: { weight: 0.2 }, validFrom: '2026-01-01' };
const AEO = {
  name: 'Fuzz GmbH',
  identifiers: { eori: 'DE000000000001' },
  scope: ['platform'],
  validFrom: '2026-01-01',
  authority: { country: 'DE', programme: 'EU AEO' },
};
const ESTIMATE = {
  destination: 'DE',
  currency: 'EUR',
  service: 'post',
  date: '2026-11-23',
  marketplace: true,
  items: [
    { description: 'Cotton T-shirt, knitted', hsCode: '610910', quantity: 2, unitPrice: '12.50', originCountry: 'CN' },
    { description: 'Paperback novel', hsCode: '490199', quantity: 1, unitPrice: '9.90', originCountry: 'GB' },
  ],
  shippingCost: '4.99',
  taxCollected: { scheme: 'IOSS', registrationNumber: 'IM2760000001', amount: '6.22', currency: 'EUR' },
};

/**
 * Valid bodies to mutate, for the operations where a value built from the schema alone would rarely be valid (ids with
 * check digits, ISO codes, references to other records). Fresh ids every call. Any other operation starts from its schema.
 */
const SEEDS: Record<string, (f: Fixtures) => unknown[]> = {
  'POST /v1/filings': () => [
    declaration(),
    order(),
    declaration({ items: [{ description: 'Wireless earbuds', quantity: 1, unitPrice: '180.00', hsCode: '851830', originCountry: 'CN' }] }),
    // Kinds a platform may not send (403), an administrator may.
    logistics(s10(), { masterId: 'MST-FUZZ-2' }),
    arrival(s10()),
  ],
  'POST /v1/filings/batch': () => [[declaration(), order(), declaration()]],
  'POST /v1/estimate': () => [ESTIMATE],
  'POST /v1/consignments/{id}/events': () => [{ type: 'hold', note: 'fuzz' }, { type: 'release' }, { type: 'arrival', at: '2026-11-22T08:00:00Z' }, { type: 'inspection', outcome: { result: 'no-finding' } }],
  'POST /v1/consignments/{id}/inspections': () => [{ result: 'no-finding', note: 'fuzz' }],
  'POST /v1/consignments/{id}/payments': () => [{ amount: '1.00', currency: 'EUR', method: 'card', reference: 'TX-FUZZ' }],
  'POST /v1/accounts/{partyId}/payments': () => [{ amount: '1.00', currency: 'EUR', method: 'bank', reference: 'BANK-FUZZ' }],
  'POST /v1/parties': () => [{ name: 'Fuzz Party GmbH', role: 'platform', identifiers: { eori: 'DE123456789012345' } }],
  'POST /v1/risk/rules': () => [RULE],
  'PUT /v1/risk/rules/{id}': () => [{ ...RULE, version: 1 }],
  'PUT /v1/risk/watchlists/{id}': () => [{ name: 'Fuzz list', entries: [{ kind: 'identifier', value: 'DE123456789012345' }] }],
  'POST /v1/subscriptions': () => [{ url: HOOK, eventTypes: ['status-changed'] }],
  'PUT /v1/trusted-traders/{id}': () => [AEO],
  'PUT /v1/agency-rules/{id}': (f) => [
    { agency: f.agencyId, domain: 'health', name: 'Medicines', hsPrefixes: ['3004'], keywords: ['antibiotic'], source: 'Directive 2001/83/EC', validFrom: '2026-01-01' },
  ],
  'POST /v1/masters/{masterId}/arrival': () => [{ note: 'dispatch received' }],
  'POST /v1/jobs': () => [{ kind: 'simulate-thresholds', params: { cost: '1.50' } }, { kind: 'train-model', params: {} }],
  'POST /v1/session': () => [{ username: OFFICER.username, password: OFFICER.password }],
};
const BATCH = 'POST /v1/filings/batch';
const seedFilings = (f: Fixtures) => SEEDS['POST /v1/filings']!(f);

function requestArbitrary(op: Operation, valueOf: ReturnType<typeof valuesOf>): fc.Arbitrary<RequestSpec> {
  const cred: fc.Arbitrary<Cred> = op.isPublic
    ? fc.constant('none')
    : fc.oneof(
        { weight: 2, arbitrary: fc.constant('none' as const) },
        { weight: 4, arbitrary: fc.constant('admin' as const) },
        { weight: 5, arbitrary: fc.constant('partner' as const) },
        { weight: 1, arbitrary: fc.constantFrom('bad-key' as const, 'bad-cookie' as const) },
      );
  const param = (p: Parameter): fc.Arbitrary<ParamSpec> =>
    fc.oneof(
      { weight: 6, arbitrary: fc.nat(3).map((i) => ({ p: 'known' as const, i })) },
      { weight: 2, arbitrary: valueOf(p.schema).map((v) => ({ p: 'value' as const, v: String(v) })) },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }).map((v) => ({ p: 'value' as const, v })) },
      { weight: 3, arbitrary: fc.constantFrom(...RAW_PARAMS).map((v) => ({ p: 'raw' as const, v })) },
    );
  const declared = op.query.map((q) => q.name);
  const queryValue = (key: string): fc.Arbitrary<QueryPair['value']> => {
    const schema = op.query.find((q) => q.name === key)?.schema;
    return fc.oneof(
      { weight: 4, arbitrary: fc.nat(3).map((i) => ({ q: 'known' as const, i })) },
      ...(schema ? [{ weight: 4, arbitrary: valueOf(schema).map((v) => ({ q: 'value' as const, v: String(v) })) }] : []),
      { weight: 1, arbitrary: fc.string({ maxLength: 20, unit: 'grapheme' }).map((v) => ({ q: 'value' as const, v })) },
      { weight: 3, arbitrary: fc.constantFrom(...ODD_QUERY_VALUES).map((v) => ({ q: 'raw' as const, v })) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  };
  const pair: fc.Arbitrary<QueryPair> = fc
    .oneof(
      ...(declared.length ? [{ weight: 6, arbitrary: fc.constantFrom(...declared) }] : []),
      { weight: 1, arbitrary: fc.constantFrom(...ODD_QUERY_KEYS) },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme-ascii' }).map(encodeURIComponent) },
    )
    .chain((key) => queryValue(key).map((value) => ({ key, value })));
  const query = fc.option(fc.record({ pairs: fc.array(pair, { minLength: 1, maxLength: 5 }), sep: fc.constantFrom('&', '&', '&&', ';') }), {
    freq: declared.length ? 2 : 6,
  });

  const seeds = SEEDS[op.name] ? SEEDS[op.name]!({ params: {}, query: {}, agencyId: '' }).length : 0;
  const none = fc.record({ t: fc.constant('none' as const), length0: fc.boolean() });
  const raw = fc.record({
    t: fc.constant('raw' as const),
    text: fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), fc.constantFrom('', ' ', 'null', '[]', '{}', '"x"', '0', 'true', '{"a":', '\u0000', 'a=b&c=d', '<x/>', '[{}]')),
    type: contentType,
  });
  let body: fc.Arbitrary<BodySpec>;
  if (op.body) {
    const base: fc.Arbitrary<Base> = fc.oneof(
      ...(seeds ? [{ weight: 6, arbitrary: fc.nat(seeds - 1).map((i) => ({ b: 'seed' as const, i })) }] : []),
      { weight: 3, arbitrary: valueOf(op.body).map((v) => ({ b: 'schema' as const, v })) },
      { weight: 1, arbitrary: anyJson.map((v) => ({ b: 'any' as const, v })) },
    );
    const json = fc.record({ t: fc.constant('json' as const), base, ms: fc.array(mutation, { maxLength: 3 }), enc: encoding, type: contentType });
    const line: fc.Arbitrary<LineSpec> = fc.oneof(
      { weight: 4, arbitrary: fc.record({ l: fc.constant('seed' as const), i: fc.nat(9) }) },
      { weight: 5, arbitrary: fc.record({ l: fc.constant('mutated' as const), i: fc.nat(9), ms: fc.array(mutation, { minLength: 1, maxLength: 2 }), enc: encoding }) },
      { weight: 1, arbitrary: fc.record({ l: fc.constant('any' as const), v: anyJson }) },
      { weight: 1, arbitrary: fc.record({ l: fc.constant('blank' as const), text: fc.constantFrom('', '  ', '\t', '\r') }) },
      { weight: 1, arbitrary: fc.record({ l: fc.constant('bytes' as const), bytes: fc.constantFrom(...BAD_UTF8) }) },
      { weight: 1, arbitrary: fc.record({ l: fc.constant('repeat' as const), of: fc.nat() }) },
      { weight: 1, arbitrary: fc.constant({ l: 'huge' as const }) },
    );
    const ndjson = fc.record({
      t: fc.constant('ndjson' as const),
      lines: fc.array(line, { minLength: 0, maxLength: 8 }),
      crlf: fc.boolean(),
      trailing: fc.boolean(),
      type: fc.constantFrom('application/x-ndjson', 'application/x-ndjson; charset=utf-8'),
    });
    body = fc.oneof(
      { weight: 1, arbitrary: none },
      { weight: 14, arbitrary: json },
      { weight: 1, arbitrary: raw },
      ...(op.name === BATCH ? [{ weight: 12, arbitrary: ndjson }] : []),
    );
  } else {
    body = fc.oneof(
      { weight: 10, arbitrary: none },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('json' as const), base: anyJson.map((v) => ({ b: 'any' as const, v })), ms: fc.constant<Mutation[]>([]), enc: encoding, type: contentType }) },
      { weight: 1, arbitrary: raw },
    );
  }
  return fc.record({ op: fc.constant(op.name), cred, params: fc.tuple(...op.params.map(param)), query, body });
}

interface Built {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  /** What the request was, for a failure's message. */
  label: string;
  /** NDJSON or JSON-array batch: the answer holds one result per filing. */
  batch: 'ndjson' | 'json' | null;
}

const preview = (b: Buffer | undefined) => {
  if (!b) return '(no body)';
  const s = b.toString('utf8');
  return s.length > 400 ? `${s.slice(0, 250)}…(${b.length} bytes)…${s.slice(-100)}` : s;
};
/** Characters Node refuses in a request path are sent percent-encoded; everything else as generated. */
const pathSafe = (s: string) => s.replace(/[^\u0021-\u007e]/gu, (c) => encodeURIComponent(c));

function build(op: Operation, spec: RequestSpec, f: Fixtures, keys: { admin: string; partner: string }): Built {
  let i = 0;
  const path = op.template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const p = spec.params[i++]!;
    const prefix = op.template.slice(0, op.template.indexOf(whole) + whole.length);
    const known = f.params[`${op.method} ${prefix}`] ?? f.params[prefix] ?? [];
    const value = p.p === 'known' ? (known.length ? encodeURIComponent(known[p.i % known.length]!) : `no-such-${name}`) : p.p === 'value' ? encodeURIComponent(p.v) : p.v;
    return pathSafe(value);
  });
  const query = spec.query
    ? `?${spec.query.pairs
        .map(({ key, value }) => {
          if (value === null) return key;
          const known = f.query[key] ?? [];
          const v = value.q === 'known' ? encodeURIComponent(known.length ? known[value.i % known.length]! : 'x') : value.q === 'value' ? encodeURIComponent(value.v) : value.v;
          return `${key}=${v}`;
        })
        .join(spec.query.sep)}`
    : '';
  const headers: Record<string, string> = {};
  if (spec.cred === 'admin') headers.authorization = `Bearer ${keys.admin}`;
  if (spec.cred === 'partner') headers.authorization = `Bearer ${keys.partner}`;
  if (spec.cred === 'bad-key') headers.authorization = `Bearer ${keys.partner}x`;
  if (spec.cred === 'bad-cookie') headers.cookie = 'cw_session=not-a-session';

  let body: Buffer | undefined;
  let batch: Built['batch'] = null;
  const b = spec.body;
  if (b.t === 'none') {
    if (b.length0 && op.method !== 'GET') headers['content-length'] = '0';
  } else if (b.t === 'raw') {
    body = utf8(b.text);
    if (b.type !== undefined) headers['content-type'] = b.type;
  } else if (b.t === 'json') {
    const seeds = SEEDS[op.name]?.(f) ?? [];
    const start = clone((b.base.b === 'seed' ? seeds[b.base.i % seeds.length] : b.base.v) as Json);
    body = encode(b.ms.reduce(mutate, start), b.enc);
    if (b.type !== undefined) headers['content-type'] = b.type;
    if (op.name === BATCH && (b.type ?? '').toLowerCase().startsWith('application/json')) batch = 'json';
  } else {
    const filings = seedFilings(f) as Json[];
    const lines: Buffer[] = [];
    for (const l of b.lines) {
      if (l.l === 'seed') lines.push(utf8(JSON.stringify(filings[l.i % filings.length]!)));
      else if (l.l === 'mutated') lines.push(encode(l.ms.reduce(mutate, clone(filings[l.i % filings.length]!)), l.enc));
      else if (l.l === 'any') lines.push(utf8(JSON.stringify(l.v)));
      else if (l.l === 'blank') lines.push(utf8(l.text));
      else if (l.l === 'bytes') lines.push(Buffer.concat([utf8('{"kind":"'), Buffer.from(l.bytes), utf8('"}')]));
      else if (l.l === 'repeat') lines.push(lines.length ? lines[l.of % lines.length]! : utf8('{}'));
      else lines.push(utf8(`{"filingId":"${'x'.repeat(MiB + 10)}"}`));
    }
    const eol = utf8(b.crlf ? '\r\n' : '\n');
    body = Buffer.concat(lines.flatMap((x, j) => (j < lines.length - 1 || b.trailing ? [x, eol] : [x])));
    headers['content-type'] = b.type;
    if (op.name === BATCH) batch = 'ndjson';
  }
  if (body) headers['content-length'] = String(body.length);
  const label = `${op.method} ${(path + query).slice(0, 300)} [${spec.cred}${headers['content-type'] !== undefined ? `, content-type ${JSON.stringify(headers['content-type'])}` : ''}] body: ${preview(body)}`;
  return { method: op.method, path: path + query, headers, body, label, batch };
}

// ---------------------------------------------------------------------------------------------------------------------
// HTTP, and what every answer must be

interface Answer {
  status: number;
  type: string;
  text: string;
}

function send(base: URL, agent: http.Agent, r: Built): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request({ host: base.hostname, port: base.port, method: r.method, path: r.path, headers: r.headers, agent }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error('no answer within 60 s')));
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    req.end(r.body);
  });
}

/** Stack frames, source locations and internals that must never reach a client. */
const LEAKS: [RegExp, string][] = [
  [/\n\s+at \S/, 'a stack frame'],
  [/\bat (?:async )?[\w$.<>[\]]+ \([^()]*:\d+:\d+\)/, 'a stack frame'],
  [/(?:file:\/\/)?\/[\w./-]*\/(?:src|node_modules|test)\/[\w./-]+\.(?:ts|js|mjs|cjs)\b/, 'a source file'],
  [/node:internal|node_modules/, 'Node internals'],
  [/"stack"\s*:/, 'a stack'],
  [/(?:^|["\s])(?:Type|Reference|Range|Syntax|Internal|Aggregate)?Error: /, 'an internal error message'],
  [/SQLITE_|sqlite3?_|violates .* constraint|duplicate key value|relation "|syntax error at or near|invalid input syntax for|unsupported Unicode escape/i, 'a database error'],
];

interface FieldError {
  path: string;
  code: string;
  message: string;
}

class Failure extends Error {}

/** One result of a batch (an NDJSON line or an element of {"results"}): below 500, errors in the shape when refused. */
function checkResult(r: unknown, fail: (m: string) => never): number {
  if (!isObj(r as Json)) fail('a batch result is not an object');
  const o = r as Record<string, unknown>;
  if (typeof o.status !== 'number') fail('a batch result has no status');
  const status = o.status as number;
  if (status >= 500) fail(`a batch result is ${status}`);
  if (status >= 400) checkErrors(o.errors, fail);
  return status;
}

function checkErrors(errors: unknown, fail: (m: string) => never): FieldError[] {
  if (!Array.isArray(errors) || errors.length === 0) fail('errors must be a non-empty array');
  for (const e of errors as unknown[]) {
    if (!isObj(e as Json)) fail('an error is not an object');
    const keys = Object.keys(e as object).sort().join(',');
    if (keys !== 'code,message,path') fail(`an error has exactly path, code, message (got ${keys})`);
    for (const k of ['path', 'code', 'message'] as const) if (typeof (e as Record<string, unknown>)[k] !== 'string') fail(`an error's ${k} is not a string`);
    if ((e as FieldError).code === '') fail("an error's code is empty");
  }
  return errors as FieldError[];
}

/** Answers a protected route may give before authentication: the URL could not be routed at all. */
const BEFORE_ROUTING = new Set(['bad-url', 'too-long', 'headers-too-large']);

function checkAnswer(op: Operation, spec: RequestSpec, r: Built, a: Answer): { created: number } {
  const fail = (m: string): never => {
    throw new Failure(`${op.name}: ${m}\n  request:  ${r.label}\n  response: ${a.status} ${a.type} ${a.text.slice(0, 600)}`);
  };
  if (a.status >= 500) fail(`answered ${a.status}`);
  if (a.status < 200) fail(`answered ${a.status}`);
  for (const [re, what] of LEAKS) if (re.test(a.text)) fail(`the answer shows ${what} (${re})`);
  if (a.text.includes(process.cwd())) fail('the answer names a server path');

  let errors: FieldError[] = [];
  if (a.status >= 400) {
    if (!/^application\/json/.test(a.type)) fail('a 4xx is not JSON');
    let body: unknown;
    try {
      body = JSON.parse(a.text);
    } catch {
      fail('a 4xx body is not JSON');
    }
    if (!isObj(body as Json) || Object.keys(body as object).join(',') !== 'errors') fail('a 4xx body is {"errors":[…]} and nothing else');
    errors = checkErrors((body as { errors: unknown }).errors, fail);
  }
  const code = errors[0]?.code;
  const routed = !(code !== undefined && (BEFORE_ROUTING.has(code) || (a.status === 404 && errors[0]!.message.startsWith('no route '))));

  // Authentication comes first: without a working key a protected route answers 401 and looks at nothing else.
  if (!op.isPublic && routed) {
    const expected = { none: 'missing-key', 'bad-key': 'bad-key', 'bad-cookie': 'bad-session', admin: null, partner: null }[spec.cred];
    if (expected !== null && (a.status !== 401 || code !== expected)) fail(`without a working key the answer is 401 ${expected}`);
    if (expected === null && a.status === 401) fail('a working key was refused');
  }
  if (op.isPublic && a.status === 401 && code !== 'bad-credentials') fail('the document says this route is public, yet it asks for credentials');

  // A batch answers 200 with one result per filing; each is checked like an answer of its own.
  let created = 0;
  if (r.batch && a.status === 200) {
    let results: unknown[] = [];
    try {
      results = r.batch === 'ndjson' ? a.text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown) : (JSON.parse(a.text) as { results: unknown[] }).results;
    } catch {
      fail('a batch answer is not NDJSON or {"results":[…]}');
    }
    if (!Array.isArray(results)) fail('a JSON batch answer has no results array');
    for (const x of results) if (checkResult(x, fail) === 201) created++;
  }
  return { created };
}

// ---------------------------------------------------------------------------------------------------------------------

/** The shared prototypes before any request: "__proto__" and "constructor" keys must not reach them. */
const prototypes = () => [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join());
const pristine = prototypes();

/** What "nothing written" compares: the store's counts, the chain head, and rows (with versions) of every watched table. */
interface Snapshot {
  counts: { filings: number; consignments: number; events: number; parties: number };
  head: { seq: number; hash: string };
  tables: Record<string, string>;
}

/** Tables a refused request may still change by design, or that background work changes between two requests. */
const UNWATCHED = new Set([
  'filing_rejections', // every refused filing is counted for the partners' feedback (docs/api.md "Partners")
  'jobs', // a job started by an earlier request writes its progress in the background
  'risk_models', // …and a training job its model
  'deliveries', // the webhook dispatcher
  'kysely_migration',
  'kysely_migration_lock',
]);

for (const kind of testStores()) {
  describe(`fuzzing every operation of the OpenAPI document with malformed input (${kind})`, () => {
    let server: TestServer;
    let doc: OpenApi;
    let ops: Operation[];
    let fixtures: Fixtures;
    let partnerKey: string;
    let agent: http.Agent;
    let snapshot: () => Promise<Snapshot>;
    let watched = 0;

    /**
     * `after` without the events a successful GET may add: an officer's or administrator's read of personal data is
     * itself an event (issue 8). Anything else it wrote stays, to be found.
     */
    async function withoutReads(before: Snapshot, after: Snapshot): Promise<Snapshot> {
      if (after.head.seq === before.head.seq) return after;
      const added = await server.cw.store.db.selectFrom('events').select('type').where('seq', '>', before.head.seq).execute();
      if (!added.every((e) => e.type === PERSONAL_DATA_READ)) return after;
      const tables = Object.fromEntries(Object.entries(after.tables).map(([t, n]) => [t, t === 'events' || t.startsWith('events_') ? before.tables[t]! : n]));
      return { counts: { ...after.counts, events: before.counts.events }, head: before.head, tables };
    }

    before(async () => {
      server = await startServer(kind as StoreKind, kind === 'sqlite' ? { sqliteSync: 'NORMAL' } : {});
      agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const { admin } = server;
      const must = async (what: string, p: Promise<{ status: number; body: any }>) => {
        const r = await p;
        assert.ok(r.status >= 200 && r.status < 300, `fixture ${what}: ${r.status} ${JSON.stringify(r.body)}`);
        return r.body;
      };
      doc = (await must('GET /openapi.json', admin.get('/openapi.json'))) as OpenApi;
      ops = operationsOf(doc);

      // Records for the path parameters to name, so the fuzz reaches past "not found".
      const partner = await server.party('x', 'platform');
      partnerKey = partner.key;
      const agency = await server.party('Fuzz Agency', 'agency');
      const d = declaration();
      const filed = await must('a declaration', partner.post('/v1/filings', d));
      await must('a logistics filing with a master', admin.post('/v1/filings', logistics(d.trackingId, { masterId: 'MST-FUZZ-1' })));
      // A second key of the partner's, for the key routes to revoke and rotate (the fuzz must not lose the partner's own).
      const keyId = async (label: string) => ((await must(`a key ${label}`, admin.post(`/v1/parties/${partner.id}/keys`, { label }))) as { id: string }).id;
      const toRotate = await keyId('to rotate');
      const toRevoke = await keyId('to revoke');
      const officer = await server.cw.officers.createAccount(OFFICER.username, OFFICER.password, { name: 'Fuzz Officer', role: 'officer' });
      assert.ok(officer.ok, JSON.stringify(officer));
      await must('a watchlist', admin.request('PUT', '/v1/risk/watchlists/wl-fuzz', { name: 'Fuzz', entries: [] }));
      const rule = await must('a risk rule', admin.post('/v1/risk/rules', RULE));
      const sub = await must('a subscription', partner.post('/v1/subscriptions', { url: HOOK }));
      const doomed = await must('a subscription to delete', partner.post('/v1/subscriptions', { url: HOOK }));
      await must('an AEO authorisation', admin.request('PUT', '/v1/trusted-traders/AEO-FUZZ-1', AEO));
      fixtures = { params: {}, query: {}, agencyId: agency.id };
      await must('an agency rule', admin.request('PUT', '/v1/agency-rules/ar-fuzz', SEEDS['PUT /v1/agency-rules/{id}']!(fixtures)[0]));
      const job = await must('a job', admin.post('/v1/jobs', { kind: 'simulate-thresholds', params: { cost: '1.50' } }));
      fixtures.params = {
        '/v1/consignments/{id}': [filed.id],
        '/v1/parties/{id}': [partner.id, agency.id],
        'POST /v1/parties/{id}/keys/{keyId}': [toRotate],
        'DELETE /v1/parties/{id}/keys/{keyId}': [toRevoke],
        '/v1/accounts/{partyId}': [partner.id],
        '/v1/partners/{id}': [partner.id],
        '/v1/risk/rules/{id}': [rule.id],
        '/v1/risk/watchlists/{id}': ['wl-fuzz'],
        '/v1/subscriptions/{id}': [sub.id],
        'DELETE /v1/subscriptions/{id}': [doomed.id],
        '/v1/trusted-traders/{id}': ['AEO-FUZZ-1'],
        '/v1/masters/{masterId}': ['MST-FUZZ-1'],
        '/v1/agency-rules/{id}': ['ar-fuzz'],
        '/v1/jobs/{id}': [job.id],
      };
      fixtures.query = {
        trackingId: [d.trackingId],
        orderId: [d.orderId],
        postcode: ['10115', '10 115'],
        from: ['2026-11-01', '2026-01-01'],
        to: ['2026-11-30', '2026-12-31'],
        status: ['held,arrived', 'pre-arrival'],
        // A worklist cursor is base64url of "<time>|<id>": a forged one may hold anything.
        after: [`2026-11-20T10:00:00.000Z|${filed.id}`, '2026-11-20T10:00:00.000Z|a\u0000b', 'x|\uFFFF'].map((c) => Buffer.from(c).toString('base64url')),
      };

      // What "nothing written" means: the rows of every table (and the versions of the rows that have one), the chain head.
      const { store } = server.cw;
      const tables = (await store.db.introspection.getTables()).filter((t) => !t.isView && !UNWATCHED.has(t.name));
      const counted = sql.join(
        tables.map((t) =>
          t.columns.some((c) => c.name === 'version')
            ? sql`select ${t.name} as t, count(*) as n, coalesce(sum(version), 0) as v from ${sql.table(t.name)}`
            : sql`select ${t.name} as t, count(*) as n, 0 as v from ${sql.table(t.name)}`,
        ),
        sql` union all `,
      );
      watched = tables.length;
      snapshot = async () => {
        const [counts, head, rows] = await Promise.all([store.counts(), store.chainHead(), sql<{ t: string; n: number; v: number }>`${counted}`.execute(store.db)]);
        return { counts, head, tables: Object.fromEntries(rows.rows.map((r) => [r.t, `${r.n}/${r.v}`])) };
      };
    });
    after(async () => {
      agent?.destroy();
      await server?.close();
    });

    let requests = 0;
    const statuses = new Map<string, number>();
    const reached = new Map<string, Set<number>>();

    /** The well-formed request of an operation: known ids, known (or required) query values, a seed (or schema) body. */
    function wellFormed(op: Operation, cred: Cred): RequestSpec {
      const sample = (schema: Schema) => fc.sample(valuesOf(doc)(schema), { numRuns: 1, seed: SEED })[0]!;
      const body: BodySpec = op.body
        ? { t: 'json', base: SEEDS[op.name] ? { b: 'seed', i: 0 } : { b: 'schema', v: sample(op.body) }, ms: [], enc: { e: 'json' }, type: 'application/json' }
        : { t: 'none', length0: false };
      const pairs: QueryPair[] = op.query
        .filter((q) => fixtures.query[q.name] || q.required)
        .map((q) => ({ key: q.name, value: fixtures.query[q.name] ? { q: 'known', i: 0 } : { q: 'value', v: String(sample(q.schema)) } }));
      return { op: op.name, cred, params: op.params.map(() => ({ p: 'known', i: 0 })), query: pairs.length ? { pairs, sep: '&' } : null, body };
    }

    /** Sends a request (no checks): the answer, or a failure naming the request when none came. */
    async function call(op: Operation, spec: RequestSpec): Promise<{ r: Built; a: Answer }> {
      const r = build(op, spec, fixtures, { admin: server.adminKey, partner: partnerKey });
      try {
        return { r, a: await send(new URL(server.url), agent, r) };
      } catch (e) {
        throw new Failure(`${op.name}: no answer (${(e as Error).message})\n  request:  ${r.label}`);
      }
    }

    /** One request: sent, its answer checked, and nothing written unless it succeeded (and by a GET, only reads' events). */
    async function exercise(op: Operation, spec: RequestSpec): Promise<void> {
      const before = await snapshot();
      const { r, a } = await call(op, spec);
      requests++;
      statuses.set(String(a.status), (statuses.get(String(a.status)) ?? 0) + 1);
      if (!reached.has(op.name)) reached.set(op.name, new Set());
      reached.get(op.name)!.add(a.status);
      const { created } = checkAnswer(op, spec, r, a);
      const after = await snapshot();
      const refused = a.status >= 400;
      if (refused || op.method === 'GET') {
        try {
          assert.deepEqual(refused ? after : await withoutReads(before, after), before);
        } catch (e) {
          throw new Failure(`${op.name}: ${refused ? `answered ${a.status}, yet wrote` : 'a GET wrote'}: ${(e as Error).message.slice(0, 800)}\n  request:  ${r.label}\n  response: ${a.status} ${a.text.slice(0, 400)}`);
        }
      }
      if (r.batch && a.status === 200) {
        const stored = after.counts.filings - before.counts.filings;
        if (stored !== created) throw new Failure(`${op.name}: ${created} results are 201 but ${stored} filings were stored\n  request:  ${r.label}\n  response: ${a.text.slice(0, 600)}`);
      }
    }

    test('every operation with well-formed input, with and without credentials: a sweep before the fuzz', { timeout: 120_000 }, async (t) => {
      const started = Date.now();
      for (const op of ops) {
        for (const cred of op.isPublic ? (['none'] as const) : (['none', 'admin', 'partner'] as const)) await exercise(op, wellFormed(op, cred));
      }
      t.diagnostic(`${ops.length} operations (${ops.filter((o) => o.isPublic).length} public), ${requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; ${watched} tables watched for writes`);
    });

    // PostgreSQL cannot store or even compare text holding U+0000: an id with a control character must be refused as
    // invalid (it is no id, docs/api.md), the same on both stores, before it reaches a query (it was a 503).
    const NUL = 'a\u0000b';
    const refusesControlCharacters = async (op: Operation, spec: RequestSpec, path: string) => {
      const { r, a } = await call(op, spec);
      const errors = a.status === 400 ? (JSON.parse(a.text) as { errors: FieldError[] }).errors : [];
      return errors.some((e) => e.path === path && e.code === 'bad-format') ? null : `${r.label.slice(0, 160)} → ${a.status} ${a.text.slice(0, 160)}`;
    };
    const idsWithControlCharacters = async (ops: Operation[]) => {
      const wrong: string[] = [];
      for (const op of ops) {
        for (const [i, p] of op.params.entries()) {
          const spec = wellFormed(op, 'admin');
          spec.params[i] = { p: 'raw', v: encodeURIComponent(NUL) };
          const refused = await refusesControlCharacters(op, spec, `/params/${p.name}`);
          if (refused) wrong.push(refused);
        }
      }
      return wrong;
    };

    test('an id with a control character, in a path or in a body, is 400 naming it on every route', async () => {
      assert.deepEqual(await idsWithControlCharacters(ops.filter((op) => op.params.length > 0)), []);
      const bodies: [string, () => unknown, string][] = [
        ['PUT /v1/agency-rules/{id}', () => ({ ...(SEEDS['PUT /v1/agency-rules/{id}']!(fixtures)[0] as object), agency: NUL }), '/agency'],
        ['POST /v1/consignments/{id}/events', () => ({ type: 'refer', agency: NUL }), '/agency'],
        ['PUT /v1/trusted-traders/{id}', () => ({ ...AEO, identifiers: { partyId: NUL } }), '/identifiers/partyId'],
        ['POST /v1/subscriptions', () => ({ url: HOOK, secret: NUL.repeat(8) }), '/secret'],
        ['POST /v1/filings', () => logistics(s10(), { masterId: NUL }), '/masterId'],
      ];
      const wrong: string[] = [];
      for (const [name, body, path] of bodies) {
        const op = ops.find((o) => o.name === name)!;
        const spec: RequestSpec = { ...wellFormed(op, 'admin'), body: { t: 'json', base: { b: 'schema', v: body() as Json }, ms: [], enc: { e: 'json' }, type: 'application/json' } };
        const refused = await refusesControlCharacters(op, spec, path);
        if (refused) wrong.push(refused);
      }
      assert.deepEqual(wrong, []);
    });

    test('a party name or a key label with a control character is 400', async () => {
      const wrong: string[] = [];
      for (const [name, body, path] of [
        ['POST /v1/parties', { name: NUL, role: 'platform' }, '/name'],
        ['POST /v1/parties/{id}/keys', { label: NUL }, '/label'],
      ] as const) {
        const op = ops.find((o) => o.name === name)!;
        const refused = await refusesControlCharacters(op, { ...wellFormed(op, 'admin'), body: { t: 'json', base: { b: 'schema', v: body }, ms: [], enc: { e: 'json' }, type: 'application/json' } }, path);
        if (refused) wrong.push(refused);
      }
      assert.deepEqual(wrong, []);
    });

    test(`random malformed requests to every operation for ${SECONDS} s: below 500, no stack trace, 4xx in the error shape, refused requests write nothing`, { timeout: (SECONDS + 180) * 1000 }, async (t) => {
      const valueOf = valuesOf(doc);
      const byName = new Map(ops.map((op) => [op.name, op]));
      const arbitrary = fc.oneof(...ops.map((op) => requestArbitrary(op, valueOf)));
      const swept = requests;
      const started = Date.now();
      let inFlight: Promise<void> = Promise.resolve();
      t.diagnostic(`seed ${SEED}${REPLAY_PATH ? `, path ${REPLAY_PATH}` : ''} (CLEARWAY_FUZZ_SEED, CLEARWAY_FUZZ_PATH to replay)`);
      try {
        await fc.assert(
          fc.asyncProperty(arbitrary, (spec) => (inFlight = exercise(byName.get(spec.op)!, spec))),
          {
            seed: SEED,
            ...(REPLAY_PATH ? { path: REPLAY_PATH } : {}),
            numRuns: 1_000_000,
            includeErrorInReport: true,
            plugins: [fc.interruptAfterTimeLimit(SECONDS * 1000)],
          },
        );
      } finally {
        // The time limit abandons the request under way without waiting for it: let it finish before counting.
        await inFlight.catch(() => {});
      }
      const seconds = (Date.now() - started) / 1000;
      const made = requests - swept;
      t.diagnostic(`${made} requests in ${seconds.toFixed(1)} s (${(made / seconds).toFixed(0)}/s) over ${reached.size} of ${ops.length} operations`);
      t.diagnostic(`statuses: ${[...statuses].sort().map(([s, n]) => `${s}: ${n}`).join(', ')}`);
      const never2xx = ops.filter((op) => ![...(reached.get(op.name) ?? [])].some((s) => s < 300)).map((op) => op.name);
      if (never2xx.length) t.diagnostic(`never answered 2xx: ${never2xx.join(', ')}`);
      if (!REPLAY_PATH) assert.equal(reached.size, ops.length, `operations never fuzzed: ${ops.filter((o) => !reached.has(o.name)).map((o) => o.name).join(', ')}`);
    });

    test('afterwards the event chain verifies and no request reached a shared prototype', async () => {
      const v = await verifyChain(server.cw.store);
      assert.ok(v.ok, JSON.stringify(v.broken));
      assert.deepEqual(prototypes(), pristine);
      assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
    });
  });
}
