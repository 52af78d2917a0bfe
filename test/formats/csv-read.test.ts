// CSV reading: RFC 4180 quoting, line numbers of records, malformed quoting reported, tables checked against their columns.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isDay, parseCsv, readCsv, readTable } from '../../src/formats/csv-read.ts';
import { toCsv } from '../../src/formats/index.ts';

describe('csv reading', () => {
  test('quoted fields keep commas, doubled quotes and line breaks', () => {
    assert.deepEqual(parseCsv('a,b\n"x, y","he said ""hi"""\n"two\nlines",2\n'), [
      ['a', 'b'],
      ['x, y', 'he said "hi"'],
      ['two\nlines', '2'],
    ]);
  });

  test('CRLF and LF both end records, and a leading BOM is not part of the first column', () => {
    assert.deepEqual(parseCsv('\uFEFFhs,source\r\n61,x\r\n62,y'), [['hs', 'source'], ['61', 'x'], ['62', 'y']]);
  });

  test('a record is numbered by the line it starts on, counting blank lines and lines inside quotes', () => {
    const { records } = readCsv('h1,h2\n\n"a\nb",1\nc,2\n');
    assert.deepEqual(records.map((r) => r.line), [1, 3, 5]);
  });

  test('empty fields and an empty quoted field are kept', () => {
    assert.deepEqual(parseCsv('a,,c\n"",x,\n'), [['a', '', 'c'], ['', 'x', '']]);
  });

  test('an unterminated quote and a stray quote are reported with their line', () => {
    assert.deepEqual(readCsv('a,b\nq"r,s\n"open,1\n').problems.map((p) => [p.line, p.code]), [
      [2, 'stray-quote'],
      [3, 'unterminated-quote'],
    ]);
    assert.deepEqual(readCsv('"x"y,z').problems.map((p) => p.code), ['stray-quote']);
  });

  test('what toCsv writes, parseCsv reads back (any text in any field)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\n', '\r', 'é', '1') });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = rows.map((r) => toCsv(r)).join('');
        assert.deepEqual(parseCsv(text), rows);
      }),
    );
  });

  test('a table names missing, unknown and repeated columns and reads no row then', () => {
    const { columns, rows, errors } = readTable('a,c,c,z\n1,2,3,4\n', { required: ['a', 'b'], optional: ['c'] });
    assert.deepEqual(columns, []);
    assert.deepEqual(rows, []);
    assert.deepEqual(errors.map((e) => [e.code, e.column]), [
      ['duplicate-column', 'c'],
      ['unknown-column', 'z'],
      ['missing-column', 'b'],
    ]);
  });

  test('a table row of the wrong width is an error; values are trimmed and absent optional columns are empty', () => {
    const { rows, errors } = readTable('b, a\n x ,y\n1\n', { required: ['a', 'b'], optional: ['c'] });
    assert.deepEqual(rows, [{ line: 2, values: { a: 'y', b: 'x', c: '' } }]);
    assert.deepEqual(errors.map((e) => [e.line, e.code]), [[3, 'field-count']]);
  });

  test('a day is a real calendar day', () => {
    assert.equal(isDay('2028-02-29'), true);
    assert.equal(isDay('2026-02-29'), false);
    assert.equal(isDay('2026-04-31'), false);
    assert.equal(isDay('2026-13-01'), false);
    assert.equal(isDay('2026-1-01'), false);
    assert.equal(isDay('20260101'), false);
  });
});
