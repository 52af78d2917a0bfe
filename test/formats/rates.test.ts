// Exchange-rate files: the ECB's reference-rate history and Clearway's rates CSV, read exactly and validated.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEcbHistory, parseRatesCsv } from '../../src/formats/index.ts';

// The shape of eurofxref-hist.csv: newest day first, withdrawn currencies as N/A, a trailing comma on every line.
const ECB = [
  'Date,USD,JPY,CYP,GBP,',
  '2026-10-21,1.0856,162.45,N/A,0.8421,',
  '2026-10-20,1.0831,161.90,N/A,0.8419,',
  '2007-12-31,1.4721,164.93,0.585274,0.73335,',
  '',
].join('\n');

describe('ECB reference-rate history', () => {
  test('every quoted value becomes a quote of its day and currency, as written; N/A is no quote', () => {
    const { quotes, errors } = parseEcbHistory(ECB);
    assert.deepEqual(errors, []);
    assert.deepEqual(quotes.slice(0, 3), [
      { date: '2026-10-21', currency: 'USD', perEur: '1.0856' },
      { date: '2026-10-21', currency: 'JPY', perEur: '162.45' },
      { date: '2026-10-21', currency: 'GBP', perEur: '0.8421' },
    ]);
    assert.equal(quotes.length, 10);
    assert.deepEqual(quotes.find((q) => q.currency === 'CYP'), { date: '2007-12-31', currency: 'CYP', perEur: '0.585274' });
  });

  test('a file without the trailing comma, with CRLF and a BOM, reads the same', () => {
    const plain = '\uFEFF' + ECB.split('\n').map((l) => l.replace(/,$/, '')).join('\r\n');
    assert.deepEqual(parseEcbHistory(plain), parseEcbHistory(ECB));
  });

  test('an empty value is no quote, like N/A', () => {
    const { quotes, errors } = parseEcbHistory('Date,USD,JPY\n2026-10-21,,162.45\n');
    assert.deepEqual(errors, []);
    assert.deepEqual(quotes, [{ date: '2026-10-21', currency: 'JPY', perEur: '162.45' }]);
  });

  test('bad days, repeated days, bad or zero values and rows of the wrong width are errors on their lines', () => {
    const { quotes, errors } = parseEcbHistory([
      'Date,USD,JPY,',
      '2026-10-21,1.0856,162.45,',
      '2026-02-30,1.08,160,',
      '2026-10-21,1.09,163,',
      '2026-10-19,1,08,160,',
      '2026-10-16,-1.08,0,',
      '2026-10-15,1.08e0,160,',
    ].join('\n'));
    assert.deepEqual(quotes.map((q) => `${q.date} ${q.currency}`), ['2026-10-21 USD', '2026-10-21 JPY', '2026-10-15 JPY']);
    assert.deepEqual(errors.map((e) => [e.line, e.column, e.code]), [
      [3, 'Date', 'invalid-date'],
      [4, 'Date', 'duplicate-date'],
      [5, undefined, 'field-count'],
      [6, 'USD', 'invalid-decimal'],
      [6, 'JPY', 'invalid-decimal'],
      [7, 'USD', 'invalid-decimal'],
    ]);
  });

  test('a header without Date first, or with a column that is not a currency code, is refused', () => {
    assert.deepEqual(parseEcbHistory('USD,Date\n1.08,2026-10-21\n').errors.map((e) => [e.column, e.code]), [
      ['USD', 'missing-column'],
      ['Date', 'unknown-column'],
    ]);
    assert.deepEqual(parseEcbHistory('Date,USD,usd,USD\n').errors.map((e) => [e.column, e.code]), [
      ['usd', 'unknown-column'],
      ['USD', 'duplicate-column'],
    ]);
    assert.deepEqual(parseEcbHistory('').errors.map((e) => e.code), ['empty-file']);
  });
});

describe('rates CSV', () => {
  test('each row becomes a rate, per_unit as written', () => {
    const { rates, errors } = parseRatesCsv([
      'currency,per_unit,valid_from,valid_until,source',
      'USD,1.0856,2026-11-01,2026-11-30,"Reg. (EU) 2015/2447, Art. 146"',
      'GBP,0.8421,2026-11-01,,HMRC monthly rates',
    ].join('\r\n'));
    assert.deepEqual(errors, []);
    assert.deepEqual(rates, [
      { currency: 'USD', perUnit: '1.0856', validFrom: '2026-11-01', validUntil: '2026-11-30', source: 'Reg. (EU) 2015/2447, Art. 146' },
      { currency: 'GBP', perUnit: '0.8421', validFrom: '2026-11-01', source: 'HMRC monthly rates' },
    ]);
  });

  test('the valid_until column may be left out', () => {
    const { rates, errors } = parseRatesCsv('source,currency,valid_from,per_unit\nECB,JPY,2026-11-01,162.45\n');
    assert.deepEqual(errors, []);
    assert.deepEqual(rates, [{ currency: 'JPY', perUnit: '162.45', validFrom: '2026-11-01', source: 'ECB' }]);
  });

  test('a rate too small for 18-decimal arithmetic (it would round to zero and divide by it) is refused', () => {
    const { rates, errors } = parseRatesCsv('currency,per_unit,valid_from,source\nIDR,0.0000000000000000001,2026-11-01,x\nIDR,0.000001,2026-12-01,x\n');
    assert.deepEqual(errors.map((e) => [e.line, e.column]), [[2, 'per_unit']]);
    assert.deepEqual(rates.map((r) => r.perUnit), ['0.000001']);
  });

  test('a currency must be a current ISO 4217 code in capitals', () => {
    const { rates, errors } = parseRatesCsv([
      'currency,per_unit,valid_from,source',
      'usd,1.08,2026-11-01,x',
      'XYZ,1.08,2026-11-01,x',
      'US,1.08,2026-11-01,x',
      'CHF,0.94,2026-11-01,x',
    ].join('\n'));
    assert.deepEqual(rates.map((r) => r.currency), ['CHF']);
    assert.deepEqual(errors.map((e) => [e.line, e.column, e.code]), [
      [2, 'currency', 'invalid-currency'],
      [3, 'currency', 'invalid-currency'],
      [4, 'currency', 'invalid-currency'],
    ]);
  });

  test('rates must be positive plain decimals, days real, periods in order, sources named', () => {
    const { rates, errors } = parseRatesCsv([
      'currency,per_unit,valid_from,valid_until,source',
      'USD,0,2026-11-01,,x',
      'USD,1e0,2026-11-01,,x',
      'USD,1.08,2026-11-31,,x',
      'USD,1.08,2026-11-10,2026-11-09,x',
      'USD,1.08,2026-11-01,,',
    ].join('\n'));
    assert.deepEqual(rates, []);
    assert.deepEqual(errors.map((e) => [e.line, e.column, e.code]), [
      [2, 'per_unit', 'invalid-decimal'],
      [3, 'per_unit', 'invalid-decimal'],
      [4, 'valid_from', 'invalid-date'],
      [5, 'valid_until', 'invalid-period'],
      [6, 'source', 'missing-value'],
    ]);
  });

  test('two rates for one currency in force on the same day are an error', () => {
    const { rates, errors } = parseRatesCsv([
      'currency,per_unit,valid_from,valid_until,source',
      'USD,1.08,2026-11-01,2026-11-30,x',
      'USD,1.09,2026-12-01,,x',
      'USD,1.10,2027-01-01,2027-01-31,x',
      'GBP,0.84,2026-11-01,2026-11-30,x',
    ].join('\n'));
    assert.equal(rates.length, 3);
    assert.deepEqual(errors.map((e) => [e.line, e.code]), [[4, 'overlapping-period']]);
  });

  test('unknown and missing columns are refused', () => {
    assert.deepEqual(parseRatesCsv('currency,rate,valid_from,source\n').errors.map((e) => [e.column, e.code]), [
      ['rate', 'unknown-column'],
      ['per_unit', 'missing-column'],
    ]);
  });
});
