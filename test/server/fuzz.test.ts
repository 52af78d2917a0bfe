// Property-based fuzzing of the HTTP API with fast-check. Valid filings (and party and event bodies) are mutated at
// random JSON paths: wrong types, missing and extra fields, prototype keys, huge strings, deep nesting, broken UTF-8 and
// JSON, numbers for decimal strings, NaN-like strings, oversized arrays, duplicate keys, empty bodies, wrong content
// types. Whatever comes in, the answer must be
//   - a 4xx, never a 5xx, for invalid input, and a 2xx only for valid input (an oracle computes which, from the bytes);
//   - for every 4xx, JSON of the shape {"errors":[{path, code, message}]}, non-empty, strings only, no stack trace;
//   - no partial write: the store's counts are unchanged by whatever was refused (a batch stores its good lines once).
// Runs scale with CLEARWAY_FUZZ_SCALE (default 1); a failure prints the seed and path to replay it
// (CLEARWAY_FUZZ_SEED=<seed> CLEARWAY_FUZZ_PATH=<path> node scripts/test.js test/server/fuzz).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { Decimal, Mass, filingSchemas, type FilingKind } from '../../src/domain/model/filing.ts';
import { validateFiling } from '../../src/domain/validation/index.ts';
import { eventTypes } from '../../src/services/consignments.ts';
import { mayFile, roles, type Role } from '../../src/services/roles.ts';
import { startServer, type TestServer } from '../helpers/clearway.ts';
import { arrival, declaration, logistics, order, payment, s10 } from '../helpers/filings.ts';

const SCALE = Number(process.env.CLEARWAY_FUZZ_SCALE ?? '1');
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const replay = {
  ...(process.env.CLEARWAY_FUZZ_SEED ? { seed: Number(process.env.CLEARWAY_FUZZ_SEED) } : {}),
  ...(process.env.CLEARWAY_FUZZ_PATH ? { path: process.env.CLEARWAY_FUZZ_PATH } : {}),
};
const options = (numRuns: number) => ({ numRuns: runs(numRuns), includeErrorInReport: true, ...replay });

const MiB = 1024 * 1024;
/** The server's limits (src/server/app.ts BODY_LIMIT, routes/filings.ts BATCH_MAX_LINE_BYTES, BATCH_MAX_LINES). */
const BODY_LIMIT = MiB;
const LINE_LIMIT = MiB;
const BATCH_MAX = 10_000;

// ---------------------------------------------------------------------------------------------------------------------
// JSON trees and paths

type Json = null | boolean | number | string | Json[] | JsonObject;
type JsonObject = { [key: string]: Json };
type Path = (string | number)[];

const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const category = (v: Json): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
/** Sets an own property even for "__proto__" (plain assignment would change the prototype instead). */
const setOwn = (o: JsonObject, key: string, value: Json) =>
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
const clone = (v: unknown): Json => JSON.parse(JSON.stringify(v)) as Json;

function nodes(v: Json, path: Path = [], out: { path: Path; value: Json }[] = []) {
  out.push({ path, value: v });
  if (Array.isArray(v)) v.forEach((x, i) => nodes(x, [...path, i], out));
  else if (isObj(v)) for (const k of Object.keys(v)) nodes(v[k]!, [...path, k], out);
  return out;
}

function getAt(root: Json, path: Path): Json | undefined {
  let v: Json | undefined = root;
  for (const k of path) v = Array.isArray(v) ? v[k as number] : isObj(v) ? v[k as string] : undefined;
  return v;
}

/** The tree with the value at `path` replaced (the root itself when the path is empty). */
function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) parent[key as number] = value;
  else if (isObj(parent)) setOwn(parent, String(key), value);
  return root;
}

function removeAt(root: Json, path: Path): void {
  const parent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else if (isObj(parent)) delete parent[String(key)];
}

// A JSON Schema as TypeBox emits it, as far as the mutations need it.
interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  maxItems?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  additionalProperties?: boolean;
}

function schemaAt(schema: Schema | undefined, path: Path): Schema | undefined {
  for (const k of path) {
    if (!schema) return undefined;
    schema = typeof k === 'number' ? schema.items : schema.properties?.[k];
  }
  return schema;
}

const isAmount = (s: Schema | undefined) => s?.pattern === Decimal.pattern || s?.pattern === Mass.pattern;
const isDateTime = (s: Schema | undefined) => s?.format === 'date-time';
/** Identifiers: a random string there could collide across runs (409, merging) instead of being plain invalid. */
const ID_KEYS = new Set(['filingId', 'trackingId', 'orderId', 'transactionId', 'kind']);
const isPlainText = (s: Schema | undefined, key: string | number | undefined) =>
  s?.type === 'string' && !s.pattern && !s.format && !s.enum && s.const === undefined && !ID_KEYS.has(String(key));

// ---------------------------------------------------------------------------------------------------------------------
// Mutations: small specs (so a counterexample prints small) that expand into the actual change

/** Values of every JSON type; a wrong-type mutation picks one whose type differs from the current value's. */
const WRONG_VALUES: Json[] = ['x', '', '0', 'true', 'null', 0, -1, 1.5, 1e21, 12.5, true, false, null, [], ['x'], [1, 2], [{}], {}, { a: 1 }, { '0': 'x' }];
/** Strings where a decimal amount, an integer or a date-time belongs; none of them is one. */
const NAN_LIKE = ['NaN', 'nan', 'Infinity', '-Infinity', 'undefined', 'null', '', ' ', '-1', '+1', '1e3', '1E2', '0x1A', '1.', '.5', '01', '1,50',
  '12.50 ', ' 12.50', '１２', '٣', '1_000', '12.5.1', '0.00001', '9999999999999999', '-0', '−1', '12.50EUR'];
/** Tokens that are not JSON at all, put where a value belongs. */
const RAW_TOKENS = ['NaN', 'Infinity', '-Infinity', 'undefined', '0x10', '.5', '01', '+1', "'single'", 'TRUE', 'nul', '1.', '-', '"unterminated', '[1,]', '{"a":1,}', '1e', '\\u0041'];
/** Byte sequences that are not UTF-8: stray bytes, a truncated sequence, an overlong form, a surrogate, beyond U+10FFFF. */
const BAD_UTF8 = [[0xff], [0xfe], [0x80], [0xc3], [0xc0, 0xaf], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f, 0x98]];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isAdmin', ''];

type Structural =
  | { op: 'wrong-type'; at: number; value: number }
  | { op: 'delete'; at: number }
  | { op: 'extra'; at: number; key: string; value: Json }
  | { op: 'huge-string'; at: number; size: number; unit: string }
  | { op: 'number-for-decimal'; at: number; value: number }
  | { op: 'nan-like'; at: number; value: string }
  | { op: 'oversized-array'; at: number; n: number }
  | { op: 'set-string'; at: number; value: string }
  | { op: 'set-kind'; value: string };

const at = fc.nat({ max: 1_000_000 });
const oddString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.string({ maxLength: 20, unit: 'grapheme' }),
  fc.constantFrom('\ud800', 'a\udc00b', '\u0000', '\u202e', 'null', '<script>', "'; DROP TABLE filings; --", '%00', '../../etc/passwd'),
);
const structural: fc.Arbitrary<Structural> = fc.oneof(
  fc.record({ op: fc.constant('wrong-type' as const), at, value: fc.nat() }),
  fc.record({ op: fc.constant('delete' as const), at }),
  fc.record({
    op: fc.constant('extra' as const),
    at,
    key: fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme-ascii' })),
    value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  }),
  fc.record({ op: fc.constant('huge-string' as const), at, size: fc.constantFrom(3_000, 100_000), unit: fc.constantFrom('a', 'é', '𝄞', ' ', '\u0000', '"') }),
  fc.record({ op: fc.constant('number-for-decimal' as const), at, value: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })) }),
  fc.record({ op: fc.constant('nan-like' as const), at, value: fc.constantFrom(...NAN_LIKE) }),
  fc.record({ op: fc.constant('oversized-array' as const), at, n: fc.constantFrom(1000, 1001) }),
  fc.record({ op: fc.constant('set-string' as const), at, value: oddString }),
  fc.record({
    op: fc.constant('set-kind' as const),
    value: fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'Declaration', 'declaration ', '', ...Object.keys(filingSchemas)),
  }),
);

/**
 * Applies one mutation. `invalid` is true when the result cannot be valid whatever else holds (e.g. a field of the
 * wrong type); false when it may well be (a deleted optional field), in which case the oracle decides.
 */
function mutate(root: Json, schema: Schema, m: Structural): { root: Json; invalid: boolean; touched: Path | null; reshaped?: boolean } {
  const all = nodes(root);
  const choose = <T>(list: T[]): T | undefined => (list.length ? list[('at' in m ? m.at : 0) % list.length] : undefined);
  switch (m.op) {
    case 'wrong-type': {
      const target = choose(all)!;
      // Never a string for an id: a short one could be valid and collide with another run's (409, merge).
      const isId = ID_KEYS.has(String(target.path[target.path.length - 1]));
      const candidates = WRONG_VALUES.filter((v) => category(v) !== category(target.value) && !(isId && typeof v === 'string'));
      const value = clone(candidates[m.value % candidates.length]);
      // Invalid unless it lands on the type the schema wants (an earlier mutation may have changed the type already).
      const want = schemaAt(schema, target.path)?.type;
      const invalid = want !== undefined && category(value) !== (want === 'integer' ? 'number' : want);
      return { root: setAt(root, target.path, value), invalid, touched: target.path };
    }
    case 'delete': {
      const target = choose(all.filter((n) => n.path.length > 0));
      if (!target) return { root, invalid: false, touched: null };
      const key = target.path[target.path.length - 1]!;
      const parent = schemaAt(schema, target.path.slice(0, -1));
      removeAt(root, target.path);
      return { root, invalid: typeof key === 'string' && (parent?.required ?? []).includes(key), touched: target.path };
    }
    case 'extra': {
      const target = choose(all.filter((n) => isObj(n.value)));
      if (!target) return { root, invalid: false, touched: null };
      const s = schemaAt(schema, target.path);
      let key = m.key;
      while (s?.properties && Object.hasOwn(s.properties, key)) key = `${key}_`;
      setOwn(target.value as JsonObject, key, m.value);
      return { root, invalid: s?.additionalProperties === false, touched: [...target.path, key] };
    }
    case 'huge-string': {
      const target = choose(all.filter((n) => typeof n.value === 'string'));
      if (!target) return { root, invalid: false, touched: null };
      const s = schemaAt(schema, target.path);
      const value = m.unit.repeat(m.size);
      // Every string field has a maxLength (≤ 2048) or a pattern of bounded length.
      return { root: setAt(root, target.path, value), invalid: s?.type === 'string' && m.size > 2048, touched: target.path };
    }
    case 'number-for-decimal': {
      const target = choose(all.filter((n) => typeof n.value === 'string' && isAmount(schemaAt(schema, n.path))));
      if (!target) return { root, invalid: false, touched: null };
      return { root: setAt(root, target.path, m.value), invalid: true, touched: target.path };
    }
    case 'nan-like': {
      const target = choose(
        all.filter((n) => {
          const s = schemaAt(schema, n.path);
          return (typeof n.value === 'string' && (isAmount(s) || isDateTime(s))) || (typeof n.value === 'number' && s?.type === 'integer');
        }),
      );
      if (!target) return { root, invalid: false, touched: null };
      return { root: setAt(root, target.path, m.value), invalid: true, touched: target.path };
    }
    case 'oversized-array': {
      const target = choose(all.filter((n) => Array.isArray(n.value) && schemaAt(schema, n.path)?.maxItems !== undefined));
      if (!target) return { root, invalid: false, touched: null };
      const list = target.value as Json[];
      // Copies of the first element (of a small one, should an earlier mutation have made it huge).
      const first = list[0] !== undefined && JSON.stringify(list[0]).length < 2000 ? list[0] : 'x';
      const n = Math.max(m.n, (schemaAt(schema, target.path)!.maxItems ?? 0) + 1);
      return { root: setAt(root, target.path, Array.from({ length: n }, () => clone(first))), invalid: true, touched: target.path };
    }
    case 'set-kind': {
      // Another real kind may make a valid filing of that kind: from then on only the oracle knows.
      if (!isObj(root)) return { root, invalid: false, touched: null };
      setOwn(root, 'kind', m.value);
      return { root, invalid: !Object.hasOwn(filingSchemas, m.value), touched: ['kind'], reshaped: Object.hasOwn(filingSchemas, m.value) };
    }
    case 'set-string': {
      const target = choose(all.filter((n) => typeof n.value === 'string' && isPlainText(schemaAt(schema, n.path), n.path[n.path.length - 1])));
      if (!target) return { root, invalid: false, touched: null };
      return { root: setAt(root, target.path, m.value), invalid: false, touched: target.path };
    }
  }
}

/**
 * Applies mutations in order. The result is surely invalid while some surely-invalid change stands: a later change at
 * (or above) its path replaces it, so changes are tracked by path.
 */
function mutateAll(root: Json, schema: Schema, ms: Structural[]): { root: Json; invalid: boolean } {
  const standing: Path[] = [];
  let reshaped = false;
  for (const m of ms) {
    const r = mutate(root, schema, m);
    root = r.root;
    reshaped ||= r.reshaped === true;
    if (r.touched) {
      // Deleting an array element shifts its siblings: anything under that array may have moved.
      const scope = m.op === 'delete' && typeof r.touched[r.touched.length - 1] === 'number' ? r.touched.slice(0, -1) : r.touched;
      for (let i = standing.length - 1; i >= 0; i--) if (scope.every((k, j) => standing[i]![j] === k)) standing.splice(i, 1);
    }
    if (r.invalid && r.touched) standing.push(r.touched);
  }
  return { root, invalid: standing.length > 0 && !reshaped };
}

// Encodings: how the (mutated) value becomes bytes, with damage done to the text itself.
type Encoding =
  | { enc: 'json' }
  | { enc: 'raw-token'; at: number; token: string }
  | { enc: 'deep'; at: number; depth: number; shape: 'array' | 'object' }
  | { enc: 'dup-key'; at: number; key: number; value: number | 'same'; before: boolean }
  | { enc: 'bad-utf8'; at: number; bytes: number[] }
  | { enc: 'bad-json'; how: 'truncate' | 'insert' | 'trailing-comma' | 'append' | 'single-quote' | 'comment' | 'strip-quote'; pos: number; ch: string }
  | { enc: 'empty'; text: string };

const encoding = (lines: boolean): fc.Arbitrary<Encoding> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant({ enc: 'json' as const }) },
    { weight: 1, arbitrary: fc.record({ enc: fc.constant('raw-token' as const), at, token: fc.constantFrom(...RAW_TOKENS) }) },
    {
      weight: 1,
      arbitrary: fc.record({ enc: fc.constant('deep' as const), at, depth: fc.constantFrom(2, 100, 10_000, 100_000), shape: fc.constantFrom('array' as const, 'object' as const) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ enc: fc.constant('dup-key' as const), at, key: fc.nat(), value: fc.oneof(fc.constant('same' as const), fc.nat()), before: fc.boolean() }),
    },
    { weight: 1, arbitrary: fc.record({ enc: fc.constant('bad-utf8' as const), at, bytes: fc.constantFrom(...BAD_UTF8) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        enc: fc.constant('bad-json' as const),
        how: fc.constantFrom('truncate' as const, 'insert' as const, 'trailing-comma' as const, 'append' as const, 'single-quote' as const, 'comment' as const, 'strip-quote' as const),
        pos: fc.nat(),
        ch: fc.constantFrom('{', '}', '[', ']', ',', ':', '"', "'", 'x', '\\', ' ', '\u0000', '/', '*', '\u00a0'),
      }),
    },
    // A blank line in NDJSON is skipped, so only the single-filing routes get empty bodies with newlines.
    { weight: 1, arbitrary: fc.record({ enc: fc.constant('empty' as const), text: lines ? fc.constantFrom('', ' ', '\t') : fc.constantFrom('', ' ', '\n', '\t\r\n ') }) },
  );

const MARK = '\u0001cw-fuzz-mark\u0001';
const MARK_KEY = '\u0001cw-fuzz-dup\u0001';
const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** Serialises a value through an encoding; `invalid` as for mutations. A duplicate key may undo an earlier mutation. */
function encode(root: Json, e: Encoding): { bytes: Buffer; invalid: boolean; undoes?: boolean } {
  const all = nodes(root);
  const choose = <T>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);
  switch (e.enc) {
    case 'json':
      return { bytes: utf8(JSON.stringify(root)), invalid: false };
    case 'raw-token': {
      const target = choose(all, e.at)!;
      const text = JSON.stringify(setAt(root, target.path, MARK));
      return { bytes: utf8(text.replace(JSON.stringify(MARK), e.token)), invalid: true };
    }
    case 'deep': {
      const target = choose(all, e.at)!;
      const text = JSON.stringify(setAt(root, target.path, MARK));
      const nested = e.shape === 'array' ? '['.repeat(e.depth) + ']'.repeat(e.depth) : '{"a":'.repeat(e.depth) + '0' + '}'.repeat(e.depth);
      // No field of any filing, party or event takes nested arrays or {"a":…}.
      return { bytes: utf8(text.replace(JSON.stringify(MARK), nested)), invalid: true };
    }
    case 'dup-key': {
      const target = choose(all.filter((n) => isObj(n.value) && Object.keys(n.value).length > 0), e.at);
      if (!target) return { bytes: utf8(JSON.stringify(root)), invalid: false };
      const obj = target.value as JsonObject;
      const keys = Object.keys(obj);
      const key = keys[e.key % keys.length]!;
      let dupValue = e.value === 'same' ? clone(obj[key]!) : clone(WRONG_VALUES[e.value % WRONG_VALUES.length]!);
      // A short string as an id could be valid and collide with another run's (a 409 or a merge, not a fuzz finding).
      if (ID_KEYS.has(key) && typeof dupValue === 'string') dupValue = clone(obj[key]!);
      const rebuilt: JsonObject = {};
      for (const k of keys) {
        if (k === key && e.before) setOwn(rebuilt, MARK_KEY, dupValue);
        setOwn(rebuilt, k, obj[k]!);
        if (k === key && !e.before) setOwn(rebuilt, MARK_KEY, dupValue);
      }
      const text = JSON.stringify(setAt(root, target.path, rebuilt));
      return { bytes: utf8(text.replace(JSON.stringify(MARK_KEY), JSON.stringify(key))), invalid: false, undoes: true };
    }
    case 'bad-utf8': {
      const target = choose(all.filter((n) => typeof n.value === 'string'), e.at);
      if (!target) return { bytes: Buffer.concat([Buffer.from(e.bytes), utf8(JSON.stringify(root))]), invalid: true };
      const [head, tail] = JSON.stringify(setAt(root, target.path, MARK)).split(JSON.stringify(MARK)) as [string, string];
      return { bytes: Buffer.concat([utf8(`${head}"ab`), Buffer.from(e.bytes), utf8(`cd"${tail}`)]), invalid: true };
    }
    case 'bad-json': {
      const text = JSON.stringify(root);
      const pos = e.pos % (text.length + 1);
      const damaged =
        e.how === 'truncate' ? text.slice(0, Math.min(pos, text.length - 1))
        : e.how === 'insert' ? text.slice(0, pos) + e.ch + text.slice(pos)
        : e.how === 'trailing-comma' ? text.replace(/([}\]])$/, ',$1')
        : e.how === 'append' ? `${text}${e.ch === ' ' ? ' x' : e.ch}`
        : e.how === 'single-quote' ? text.replace(/"/g, "'")
        : e.how === 'comment' ? `/* ${e.ch} */${text}`
        : text.slice(0, text.indexOf('"', pos) === -1 ? text.length : text.indexOf('"', pos)) + text.slice(text.indexOf('"', pos) + 1 || text.length);
      return { bytes: utf8(damaged), invalid: false };
    }
    case 'empty':
      return { bytes: utf8(e.text), invalid: true };
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Oracles: what the server must answer, computed from the exact bytes sent

type Expect = { ok: true; value: Json } | { ok: false; status?: number; code?: string };

/** The request-body pipeline every JSON route shares: size, UTF-8, blank, JSON, then the route's own validity check. */
function parseOracle(bytes: Buffer, limit: number, valid: (v: Json) => boolean, blankCode = 'missing'): Expect {
  if (bytes.length > limit) return { ok: false, status: 413, code: 'too-large' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, status: 400, code: 'invalid-utf8' };
  }
  if (text.trim() === '') return { ok: false, status: 400, code: blankCode };
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    return { ok: false, status: 400, code: 'bad-json' };
  }
  return valid(value) ? { ok: true, value } : { ok: false, status: 400 };
}

const filingValid = (v: Json) => validateFiling(v).ok;

/** Code points, as JSON Schema (and ajv) count a string's length. */
const length = (s: string) => [...s].length;
const text = (v: unknown, min: number, max: number) => typeof v === 'string' && length(v) >= min && length(v) <= max;

/** POST /v1/parties, from the route's contract (written out here, not taken from its schema). */
function partyValid(v: Json): boolean {
  if (!isObj(v) || !Object.keys(v).every((k) => ['name', 'role', 'identifiers'].includes(k))) return false;
  if (!text(v.name, 1, 128) || typeof v.role !== 'string' || !(roles as readonly string[]).includes(v.role)) return false;
  if (!Object.hasOwn(v, 'identifiers')) return true;
  const ids = v.identifiers;
  return isObj(ids) && Object.keys(ids).length <= 16 && Object.entries(ids).every(([k, x]) => /^[a-z]{2,16}$/.test(k) && text(x, 1, 64));
}

const dateTime = fullFormats['date-time'] as unknown as { validate: (s: string) => boolean };
/** POST /v1/consignments/:id/events, from the route's contract. */
function eventValid(v: Json): boolean {
  if (!isObj(v) || !Object.keys(v).every((k) => ['type', 'at', 'note'].includes(k))) return false;
  if (typeof v.type !== 'string' || !(eventTypes as readonly string[]).includes(v.type)) return false;
  if (Object.hasOwn(v, 'at') && !(typeof v.at === 'string' && length(v.at) <= 40 && dateTime.validate(v.at))) return false;
  return !Object.hasOwn(v, 'note') || text(v.note, 1, 1000);
}

/** Content types a JSON route parses as JSON; the rest are refused (415) or read as text (400: not an object). */
const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON']);
const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-ndjson',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      'text/json',
      'application/ld+json',
      '*/*',
      undefined,
    ),
  },
);

// ---------------------------------------------------------------------------------------------------------------------
// HTTP and the checks every answer gets

interface Answer {
  status: number;
  text: string;
  type: string;
}

/** Stack frames, source locations and internals that must never reach a client. */
const LEAKS = [
  /\bat (?:async )?[\w$.<>[\]]+ \([^()]*:\d+:\d+\)/,
  /\bat (?:file:\/\/)?\/[^\s:]+:\d+:\d+/,
  /node:internal/,
  /node_modules/,
  /\/src\/[\w/.-]+\.ts/,
  /"stack"\s*:/,
  /_readableState|IncomingMessage/,
];

function assertNoLeak(body: string, where: string): void {
  for (const re of LEAKS) assert.doesNotMatch(body, re, `${where}: the answer leaks internals`);
  assert.ok(!body.includes(process.cwd()), `${where}: the answer names a server path`);
}

function assertErrors(errors: unknown, where: string): void {
  assert.ok(Array.isArray(errors) && errors.length > 0, `${where}: errors must be a non-empty array`);
  for (const e of errors as unknown[]) {
    assert.ok(isObj(e as Json), `${where}: every error is an object`);
    const o = e as Record<string, unknown>;
    assert.deepEqual(Object.keys(o).sort(), ['code', 'message', 'path'], `${where}: an error has exactly path, code, message`);
    for (const k of ['path', 'code', 'message']) assert.equal(typeof o[k], 'string', `${where}: ${k} is a string`);
    assert.ok((o.code as string).length > 0, `${where}: code is not empty`);
  }
}

/** A 4xx: JSON, exactly {"errors":[…]}, nothing else, and no stack trace. */
function assertErrorBody(a: Answer, where: string): { errors: { path: string; code: string; message: string }[] } {
  assert.ok(a.status >= 400 && a.status < 500, `${where}: expected a 4xx, got ${a.status}: ${a.text.slice(0, 300)}`);
  assert.match(a.type, /^application\/json/, `${where}: a 4xx is JSON (got ${a.type})`);
  let body: unknown;
  assert.doesNotThrow(() => (body = JSON.parse(a.text)), `${where}: the 4xx body is not JSON: ${a.text.slice(0, 200)}`);
  assert.ok(isObj(body as Json), `${where}: the 4xx body is an object`);
  assert.deepEqual(Object.keys(body as object), ['errors'], `${where}: the 4xx body holds errors only`);
  assertErrors((body as { errors: unknown }).errors, where);
  assertNoLeak(a.text, where);
  return body as { errors: { path: string; code: string; message: string }[] };
}

const preview = (b: Buffer) => {
  const s = b.toString('utf8');
  return s.length > 300 ? `${s.slice(0, 150)}…(${b.length} bytes)…${s.slice(-100)}` : s;
};

// ---------------------------------------------------------------------------------------------------------------------

/** The shared prototypes before any request: "__proto__" and "constructor" keys must not reach them. */
const prototypes = () => [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join());
const pristine = prototypes();

describe('fuzzing the API with mutated requests', () => {
  let server: TestServer;
  type Party = Awaited<ReturnType<TestServer['party']>>;
  let platform: Party;
  let carrier: Party;
  let payer: Party;
  let officer: Party;
  let known: { id: string; trackingId: string };

  const counts = () => server.cw.store.counts();
  /** Answers seen, by status, reported with each test (how much each property exercised). */
  let seen = new Map<string, number>();
  const note = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
  const report = (t: { diagnostic: (m: string) => void }) => {
    t.diagnostic([...seen].sort().map(([k, n]) => `${k}: ${n}`).join(', '));
    seen = new Map();
  };

  async function send(method: string, path: string, key: string | undefined, body?: Buffer, type?: string): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (key) headers.authorization = `Bearer ${key}`;
    if (type !== undefined) headers['content-type'] = type;
    const res = await fetch(server.url + path, { method, headers, ...(body ? { body: body as unknown as BodyInit } : {}) });
    note(String(res.status));
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
  }

  /** Who may send each kind, and a fresh valid filing of it (new ids every time). */
  const bases = {
    declaration: () => ({ filing: declaration(), by: () => ({ client: platform, role: 'platform' as Role }) }),
    order: () => ({ filing: order(), by: () => ({ client: platform, role: 'platform' as Role }) }),
    logistics: () => ({ filing: logistics(s10()), by: () => ({ client: carrier, role: 'carrier' as Role }) }),
    payment: () => ({ filing: payment(`ORD-${s10()}`, '29.99'), by: () => ({ client: payer, role: 'payment' as Role }) }),
    arrival: () => ({ filing: arrival(s10()), by: () => ({ client: carrier, role: 'carrier' as Role }) }),
  };
  type BaseKind = keyof typeof bases;
  const baseKind = fc.constantFrom(...(Object.keys(bases) as BaseKind[]));

  /** A fresh valid filing of a kind, mutated and encoded. */
  function build(kind: BaseKind, ms: Structural[], e: Encoding) {
    const { filing, by } = bases[kind]();
    const schema = filingSchemas[kind] as unknown as Schema;
    const mutated = mutateAll(clone(filing), schema, ms);
    const encoded = encode(mutated.root, e);
    return { bytes: encoded.bytes, invalid: (mutated.invalid && !encoded.undoes) || encoded.invalid, sender: by() };
  }

  before(async () => {
    server = await startServer('sqlite', { sqliteSync: 'NORMAL' });
    platform = await server.party('Fuzz Platform', 'platform');
    carrier = await server.party('Fuzz Carrier', 'carrier');
    payer = await server.party('Fuzz Pay', 'payment');
    officer = await server.party('Fuzz Officer', 'officer');
    const d = declaration();
    const r = await platform.post('/v1/filings', d);
    assert.equal(r.status, 201);
    known = { id: r.body.id, trackingId: d.trackingId as string };
  });
  after(() => server?.close());

  test('POST /v1/filings: mutated filings are 4xx with the error shape and write nothing; valid ones are 201, then 200', { timeout: 120_000 }, async (t) => {
    const tally = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        baseKind,
        fc.array(structural, { minLength: 0, maxLength: 3 }),
        encoding(false),
        contentType,
        async (kind, ms, e, type) => {
          const { bytes, invalid, sender: by } = build(kind, ms, e);
          const sender = by.client;
          const where = `POST /v1/filings (${type}) ${preview(bytes)}`;
          const expect: Expect = type === undefined || !JSON_TYPES.has(type) ? { ok: false } : parseOracle(bytes, BODY_LIMIT, filingValid);
          if (invalid && expect.ok) assert.fail(`the domain accepts a filing that cannot be valid: ${where}`);
          const before = await counts();
          const a = await send('POST', '/v1/filings', sender.key, bytes, type);
          if (expect.ok && !mayFile(by.role, (expect.value as { kind: FilingKind }).kind)) {
            // Valid, but a kind this sender may not file (a mutation changed the kind): refused, nothing written.
            const body = assertErrorBody(a, where);
            assert.equal(a.status, 403, where);
            assert.equal(body.errors[0]!.code, 'kind-not-allowed', where);
            assert.deepEqual(await counts(), before, `${where}: a refused filing wrote something`);
            return;
          }
          if (expect.ok) {
            assert.equal(a.status, 201, `${where}: a valid filing is 201, got ${a.status} ${a.text.slice(0, 300)}`);
            assert.equal((await counts()).filings, before.filings + 1);
            // Whatever it holds (odd Unicode included), it reads back the same: the same bytes again are a repeat.
            const again = await send('POST', '/v1/filings', sender.key, bytes, type);
            assert.equal(again.status, 200, `${where}: the same filing again is 200, got ${again.status} ${again.text.slice(0, 300)}`);
            tally.accepted++;
            return;
          }
          const body = assertErrorBody(a, where);
          if (expect.status !== undefined) assert.equal(a.status, expect.status, `${where}: ${a.text.slice(0, 300)}`);
          else assert.ok([400, 415].includes(a.status), `${where}: ${a.status}`);
          if (expect.code !== undefined) assert.equal(body.errors[0]!.code, expect.code, where);
          assert.deepEqual(await counts(), before, `${where}: a refused filing wrote something`);
          tally.refused++;
        },
      ),
      options(1500),
    );
    assert.ok(tally.accepted > 20 && tally.refused > 500, `mutations should give both outcomes: ${JSON.stringify(tally)}`);
    report(t);
  });

  test('POST /v1/filings: bodies over 1 MiB are 413 and write nothing', { timeout: 60_000 }, async (t) => {
    await fc.assert(
      fc.asyncProperty(baseKind, at, fc.constantFrom(1_100_000, 2_000_000), fc.constantFrom('a', 'é'), async (kind, where, size, unit) => {
        const { bytes, sender } = build(kind, [{ op: 'huge-string', at: where, size, unit }], { enc: 'json' });
        const before = await counts();
        const a = await send('POST', '/v1/filings', sender.client.key, bytes, 'application/json');
        const body = assertErrorBody(a, `POST /v1/filings ${bytes.length} bytes`);
        assert.equal(a.status, 413);
        assert.equal(body.errors[0]!.code, 'too-large');
        assert.deepEqual(await counts(), before);
      }),
      options(30),
    );
    report(t);
  });

  // Batches: each line is a valid filing, a mutated one, a repeat of an earlier line, or blank.
  type LineSpec =
    | { t: 'valid'; kind: 'declaration' | 'order' }
    | { t: 'mutated'; kind: 'declaration' | 'order'; ms: Structural[]; e: Encoding }
    | { t: 'repeat'; of: number }
    | { t: 'blank'; text: string };
  const batchKind = fc.constantFrom('declaration' as const, 'order' as const);
  const lineSpec = (raw: boolean): fc.Arbitrary<LineSpec> =>
    fc.oneof(
      { weight: 4, arbitrary: fc.record({ t: fc.constant('valid' as const), kind: batchKind }) },
      {
        weight: 5,
        arbitrary: fc.record({
          t: fc.constant('mutated' as const),
          kind: batchKind,
          ms: fc.array(structural, { minLength: 1, maxLength: 3 }),
          e: raw ? encoding(true) : fc.constant({ enc: 'json' as const }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('repeat' as const), of: fc.nat() }) },
      ...(raw ? [{ weight: 1, arbitrary: fc.record({ t: fc.constant('blank' as const), text: fc.constantFrom('', '  ', '\t', '\r') }) }] : []),
    );

  /** Expands line specs into bytes; a repeat copies an earlier line's bytes (or a fresh valid one when there is none). */
  function lines(specs: LineSpec[], hugeAt: number | null): Buffer[] {
    const out: Buffer[] = [];
    specs.forEach((s, i) => {
      if (i === hugeAt) {
        // One line over the 1 MiB line limit: refused as too large, without stopping the others.
        out.push(build('declaration', [{ op: 'huge-string', at: 0, size: LINE_LIMIT + 1000, unit: 'a' }], { enc: 'json' }).bytes);
      } else if (s.t === 'valid') out.push(build(s.kind, [], { enc: 'json' }).bytes);
      else if (s.t === 'mutated') out.push(build(s.kind, s.ms, s.e).bytes);
      else if (s.t === 'repeat') out.push(out.length ? out[s.of % out.length]! : build('declaration', [], { enc: 'json' }).bytes);
      else if (s.t === 'blank') out.push(utf8(s.text));
    });
    return out;
  }

  /** Checks one result per filing, in order, against the line oracle, and that exactly the accepted filings were stored. */
  async function checkBatch(results: Json[], inputs: Buffer[], ndjson: boolean, where: string, before: Awaited<ReturnType<typeof counts>>) {
    const expected: { line: number; status: number; code?: string; filingId?: string }[] = [];
    const stored = new Map<string, string>();
    const refusedIds = new Set<string>();
    inputs.forEach((bytes, i) => {
      const line = i + 1;
      if (ndjson && bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0d)) return;
      // A line is parsed on its own (too large, not UTF-8, not JSON: 400), then validated like any filing.
      const e = ndjson ? parseOracle(bytes, LINE_LIMIT, () => true, 'bad-json') : { ok: true as const, value: JSON.parse(bytes.toString('utf8')) as Json };
      if (e.ok && validateFiling(e.value).ok) {
        const f = e.value as { filingId: string; kind: FilingKind };
        if (!mayFile('platform', f.kind)) {
          expected.push({ line, status: 403, code: 'kind-not-allowed' });
          if (!stored.has(f.filingId)) refusedIds.add(f.filingId);
          return;
        }
        const body = JSON.stringify(e.value);
        if (!stored.has(f.filingId)) {
          stored.set(f.filingId, body);
          expected.push({ line, status: 201, filingId: f.filingId });
        } else {
          expected.push({ line, status: stored.get(f.filingId) === body ? 200 : 409, filingId: f.filingId });
        }
        return;
      }
      const code = e.ok ? undefined : e.code;
      if (e.ok && isObj(e.value) && typeof e.value.filingId === 'string') refusedIds.add(e.value.filingId);
      expected.push({ line, status: 400, ...(code ? { code } : {}) });
    });
    for (const id of stored.keys()) refusedIds.delete(id);

    assert.equal(results.length, expected.length, `${where}: one result per filing (${expected.length}), got ${results.length}`);
    results.forEach((r, i) => {
      const want = expected[i]!;
      const at = `${where} line ${want.line}`;
      assert.ok(isObj(r), `${at}: a result is an object`);
      const got = r as Record<string, Json>;
      assert.equal(got.line, want.line, `${at}: results come in order`);
      assert.equal(got.status, want.status, `${at}: ${JSON.stringify(r).slice(0, 300)}`);
      note(`line ${want.status}`);
      if (want.status >= 400) {
        assertErrors(got.errors, at);
        if (want.code) assert.equal((got.errors as JsonObject[])[0]!.code, want.code, at);
        assertNoLeak(JSON.stringify(r), at);
      } else {
        assert.equal(got.filingId, want.filingId, at);
        assert.equal(typeof got.consignmentId, 'string', at);
      }
    });

    // No partial write: exactly the accepted filings (each creating its own consignment) and nothing of the rest.
    const after = await counts();
    assert.equal(after.filings - before.filings, stored.size, `${where}: filings stored`);
    assert.equal(after.consignments - before.consignments, stored.size, `${where}: consignments created`);
    const ids = [...stored.keys(), ...refusedIds];
    const rows = ids.length
      ? await server.cw.store.db.selectFrom('filings').select('filing_id').where('party_id', '=', platform.id).where('filing_id', 'in', ids).execute()
      : [];
    const found = rows.map((r) => r.filing_id).sort();
    assert.deepEqual(found, [...stored.keys()].sort(), `${where}: the good filings are stored exactly once, the refused ones not at all`);
  }

  test('POST /v1/filings/batch (NDJSON): bad lines get 4xx results, good lines are stored exactly once', { timeout: 120_000 }, async (t) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineSpec(true), { minLength: 1, maxLength: 12 }),
        fc.option(fc.nat(), { freq: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (specs, huge, eol, trailing) => {
          const inputs = lines(specs, huge === null ? null : huge % specs.length);
          const body = Buffer.concat(inputs.flatMap((b, i) => (i < inputs.length - 1 || trailing ? [b, utf8(eol)] : [b])));
          // With CRLF each line keeps its CR: JSON ignores it, and a line of CR alone is blank.
          const sent = eol === '\r\n' ? inputs.map((b) => Buffer.concat([b, utf8('\r')])) : inputs;
          if (!trailing && eol === '\r\n') sent[sent.length - 1] = inputs[inputs.length - 1]!;
          const where = `NDJSON batch of ${inputs.length} lines`;
          const before = await counts();
          const a = await send('POST', '/v1/filings/batch', platform.key, body, 'application/x-ndjson');
          assert.equal(a.status, 200, `${where}: ${a.text.slice(0, 300)}`);
          assert.match(a.type, /^application\/x-ndjson/);
          const results = a.text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Json);
          await checkBatch(results, sent, true, where, before);
        },
      ),
      options(150),
    );
    report(t);
  });

  test('POST /v1/filings/batch (JSON array): one result per element; a body that is not an array of ≤ 10 000 writes nothing', { timeout: 120_000 }, async (t) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineSpec(false), { minLength: 0, maxLength: 10 }),
        fc.oneof(
          { weight: 5, arbitrary: fc.constant({ enc: 'json' as const }) },
          { weight: 2, arbitrary: encoding(false).filter((e) => e.enc !== 'json' && e.enc !== 'dup-key' && e.enc !== 'deep') },
          { weight: 1, arbitrary: fc.constantFrom({ enc: 'object' as const }, { enc: 'too-many' as const }) },
        ),
        async (specs, e) => {
          const inputs = lines(specs, null);
          const array = `[${inputs.map((b) => b.toString('utf8')).join(',')}]`;
          let bytes: Buffer;
          let expect: Expect;
          if (e.enc === 'object') {
            bytes = utf8(`{"filings":${array}}`);
            expect = { ok: false, status: 400, code: 'wrong-type' };
          } else if (e.enc === 'too-many') {
            bytes = utf8(`[${new Array(BATCH_MAX + 1).fill('{}').join(',')}]`);
            expect = { ok: false, status: 413, code: 'batch-too-large' };
          } else {
            bytes = e.enc === 'json' ? utf8(array) : encode(JSON.parse(array) as Json, e).bytes;
            expect = parseOracle(bytes, 64 * MiB, (v) => Array.isArray(v));
            if (!expect.ok && expect.status === 400 && expect.code === undefined) expect = { ok: false, status: 400, code: 'wrong-type' };
          }
          const where = `JSON batch ${preview(bytes)}`;
          const before = await counts();
          const a = await send('POST', '/v1/filings/batch', platform.key, bytes, 'application/json');
          if (expect.ok) {
            assert.equal(a.status, 200, `${where}: ${a.text.slice(0, 300)}`);
            const results = (JSON.parse(a.text) as { results: Json[] }).results;
            const elements = (expect.value as Json[]).map((v) => utf8(JSON.stringify(v)));
            await checkBatch(results, elements, false, where, before);
            return;
          }
          const body = assertErrorBody(a, where);
          assert.equal(a.status, expect.status, `${where}: ${a.text.slice(0, 300)}`);
          if (expect.code) assert.equal(body.errors[0]!.code, expect.code, where);
          assert.deepEqual(await counts(), before, `${where}: a refused batch wrote something`);
        },
      ),
      options(120),
    );
    report(t);
  });

  test('POST /v1/filings/batch: NDJSON with broken framing (one huge line, no newline at all, CR only) never fails the request', { timeout: 60_000 }, async (t) => {
    const before = await counts();
    const good = build('declaration', [], { enc: 'json' }).bytes;
    for (const body of [utf8('x'.repeat(2 * MiB)), Buffer.concat([utf8('\r'.repeat(10)), Buffer.from([0xff, 0x0a])]), utf8('\n\n\n'), Buffer.alloc(0)]) {
      const a = await send('POST', '/v1/filings/batch', platform.key, body, 'application/x-ndjson');
      assert.equal(a.status, 200, a.text.slice(0, 200));
      for (const l of a.text.split('\n').filter((x) => x.trim())) {
        const r = JSON.parse(l) as { status: number; errors: unknown };
        assert.equal(r.status, 400);
        assertErrors(r.errors, 'framing');
      }
    }
    assert.deepEqual(await counts(), before);
    const a = await send('POST', '/v1/filings/batch', platform.key, Buffer.concat([good, utf8('\n'), good]), 'application/x-ndjson');
    assert.deepEqual(a.text.trim().split('\n').map((l) => (JSON.parse(l) as { status: number }).status), [201, 200]);
    report(t);
  });

  test('POST /v1/parties: mutated parties are 4xx and write nothing; only valid ones are 201', { timeout: 60_000 }, async (t) => {
    const spec = (await server.app.swagger()) as unknown as { paths: Record<string, any> };
    const schema = spec.paths['/v1/parties'].post.requestBody.content['application/json'].schema as Schema;
    const tally = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...roles),
        fc.boolean(),
        fc.array(
          fc.oneof(structural, fc.record({ op: fc.constant('extra' as const), at: fc.constant(1), key: fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 20 })), value: fc.oneof(fc.string({ maxLength: 70 }), fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>) })),
          { minLength: 0, maxLength: 3 },
        ),
        encoding(false),
        contentType,
        async (role, withIds, ms, e, type) => {
          const party: Json = { name: 'Fuzz Party GmbH', role, ...(withIds ? { identifiers: { eori: 'DE123456789012345', ioss: 'IM2760000001' } } : {}) };
          const mutated = mutateAll(party, schema, ms);
          const { bytes } = encode(mutated.root, e);
          const where = `POST /v1/parties (${type}) ${preview(bytes)}`;
          const expect: Expect = type === undefined || !JSON_TYPES.has(type) ? { ok: false } : parseOracle(bytes, BODY_LIMIT, partyValid);
          const before = await counts();
          const a = await send('POST', '/v1/parties', server.adminKey, bytes, type);
          if (expect.ok) {
            assert.equal(a.status, 201, `${where}: ${a.text.slice(0, 300)}`);
            assert.equal((await counts()).parties, before.parties + 1);
            tally.accepted++;
            return;
          }
          const body = assertErrorBody(a, where);
          if (expect.status !== undefined) assert.equal(a.status, expect.status, `${where}: ${a.text.slice(0, 300)}`);
          else assert.ok([400, 415].includes(a.status), `${where}: ${a.status}`);
          if (expect.code !== undefined) assert.equal(body.errors[0]!.code, expect.code, where);
          assert.deepEqual(await counts(), before, `${where}: a refused party was written`);
          tally.refused++;
        },
      ),
      options(400),
    );
    assert.ok(tally.accepted > 10 && tally.refused > 100, JSON.stringify(tally));
    report(t);
  });

  test('POST /v1/consignments/:id/events: bad ids and bodies are 4xx and write nothing', { timeout: 60_000 }, async (t) => {
    const spec = (await server.app.swagger()) as unknown as { paths: Record<string, any> };
    const schema = spec.paths['/v1/consignments/{id}/events'].post.requestBody.content['application/json'].schema as Schema;
    const ids = fc.oneof(
      { weight: 6, arbitrary: fc.constant('known') },
      { weight: 1, arbitrary: fc.constantFrom('00000000-0000-4000-8000-000000000000', 'x', 'known-but-longer-than-64-'.repeat(3), 'y'.repeat(101), '%ZZ', '%C3%28', 'a%2Fb', '..', '%00', '__proto__', 'constructor') },
    );
    await fc.assert(
      fc.asyncProperty(
        ids,
        fc.constantFrom(...eventTypes),
        fc.oneof(fc.constant(undefined), fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString())),
        fc.array(structural, { minLength: 0, maxLength: 2 }),
        encoding(false),
        contentType,
        async (idSpec, type, when, ms, e, ct) => {
          const id = idSpec === 'known' ? known.id : idSpec;
          const event: Json = { type, note: 'fuzz', ...(when ? { at: when } : {}) };
          const { bytes } = encode(mutateAll(event, schema, ms).root, e);
          const where = `POST /v1/consignments/${id.slice(0, 40)}/events (${ct}) ${preview(bytes)}`;
          const bodyOk = ct !== undefined && JSON_TYPES.has(ct) && parseOracle(bytes, BODY_LIMIT, eventValid).ok;
          const before = await counts();
          const a = await send('POST', `/v1/consignments/${id}/events`, officer.key, bytes, ct);
          assert.ok(a.status < 500, `${where}: ${a.status} ${a.text.slice(0, 300)}`);
          if (a.status === 200) {
            assert.ok(bodyOk && idSpec === 'known', `${where}: 200 for an invalid request`);
            assert.equal((await counts()).consignments, before.consignments);
            return;
          }
          assertErrorBody(a, where);
          if (!bodyOk || idSpec !== 'known') assert.ok(![200, 409].includes(a.status), `${where}: ${a.status}`);
          if (id.length > 100) assert.equal(a.status, 414, where);
          assert.deepEqual(await counts(), before, `${where}: a refused event was written`);
        },
      ),
      options(400),
    );
    report(t);
  });

  test('GET /v1/consignments with odd query strings: 200 or 4xx, never 5xx, and nothing written', { timeout: 60_000 }, async (t) => {
    const keyArb = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('trackingId', 'orderId') },
      { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'trackingId[]', 'TRACKINGID', '', 'toString', 'hasOwnProperty', 'a[b]', '%74rackingId', 'trackingId%00') },
      { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: 'grapheme-ascii' }).map(encodeURIComponent) },
    );
    const valueArb = fc.oneof(
      { weight: 3, arbitrary: fc.constant('@known') },
      { weight: 2, arbitrary: fc.string({ maxLength: 20, unit: 'grapheme' }).map(encodeURIComponent) },
      { weight: 2, arbitrary: fc.constantFrom('', '%', '%ZZ', '%C3', '%C3%28', '%00', '%E2%80%AE', '+', '=', '==', 'a=b', '%26', 'null', 'undefined', '[]', '{}', '%F0%9F%98%80') },
      { weight: 1, arbitrary: fc.constantFrom('z'.repeat(64), 'z'.repeat(65), 'z'.repeat(5000), 'z'.repeat(20_000)) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(keyArb, fc.option(valueArb, { freq: 8 })), { minLength: 0, maxLength: 4 }), fc.constantFrom('&', '&&', ';'), fc.boolean(), async (pairs, sep, admin) => {
        const query = pairs.map(([k, v]) => (v === null ? k : `${k}=${v === '@known' ? known.trackingId : v}`)).join(sep);
        const path = `/v1/consignments?${query}`;
        const where = `GET ${path.slice(0, 200)}`;
        const before = await counts();
        const a = await send('GET', path, admin ? server.adminKey : platform.key);
        if (path.length > 16_000) assert.equal(a.status, 431, where);
        if (a.status === 200) {
          const body = JSON.parse(a.text) as { consignments: { trackingId: string }[] };
          assert.ok(Array.isArray(body.consignments), where);
          if (pairs.length === 1 && pairs[0]![0] === 'trackingId' && pairs[0]![1] === '@known') {
            assert.deepEqual(body.consignments.map((c) => c.trackingId), [known.trackingId], where);
          }
        } else {
          assertErrorBody(a, where);
          assert.ok([400, 431].includes(a.status), `${where}: ${a.status}`);
        }
        // An administrator's successful read is itself logged (a personal-data-read event, docs/security.md): one
        // event more then, and nothing else.
        const logged = admin && a.status === 200 && JSON.parse(a.text).consignments.length > 0 ? 1 : 0;
        assert.deepEqual(await counts(), { ...before, events: before.events + logged }, where);
      }),
      options(400),
    );
    report(t);
  });

  test('GET /v1/consignments/:id with odd ids: 200, 400, 404 or 414, always in the error shape', { timeout: 60_000 }, async (t) => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constant(known.id),
          fc.string({ minLength: 1, maxLength: 120, unit: 'grapheme' }).map(encodeURIComponent),
          fc.constantFrom('%ZZ', '%C3%28', '%00', '..%2F..%2Fetc%2Fpasswd', '__proto__', 'constructor', 'z'.repeat(65), 'z'.repeat(101), `${known.id}%20`),
        ),
        async (id) => {
          const a = await send('GET', `/v1/consignments/${id}`, platform.key);
          const where = `GET /v1/consignments/${id.slice(0, 60)}`;
          if (a.status === 200) assert.equal(id, known.id, where);
          else {
            assertErrorBody(a, where);
            assert.ok([400, 404, 414].includes(a.status), `${where}: ${a.status}`);
          }
        },
      ),
      options(200),
    );
    report(t);
  });

  test('no request reached a shared prototype', () => {
    assert.deepEqual(prototypes(), pristine);
    assert.equal(({} as Record<string, unknown>).a, undefined);
  });
});
