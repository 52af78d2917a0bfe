// The tariff CSV format: duty rates read exactly, every row validated, errors named by line and column.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTariffCsv } from '../../src/formats/index.ts';

const HEADER = 'hs,description,ad_valorem_percent,specific_amount,specific_unit,combine,valid_from,valid_until,source';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';
const codes = (text: string) => parseTariffCsv(text).errors.map((e) => [e.line, e.column, e.code]);

describe('tariff CSV', () => {
  test('an ad valorem percentage becomes an exact fraction (12 → 0.12, 2.7 → 0.027, 0 stays free)', () => {
    const { lines, errors } = parseTariffCsv(csv(
      '6109,T-shirts of cotton,12,,,,2026-01-01,,CN 2026',
      '8471,Computers,0,,,,2026-01-01,,CN 2026',
      '6403,Footwear,2.7,,,,2026-01-01,,CN 2026',
    ));
    assert.deepEqual(errors, []);
    assert.deepEqual(lines.map((l) => l.duty.adValorem), ['0.12', '0', '0.027']);
    assert.deepEqual(lines[0], { hs: '6109', description: 'T-shirts of cotton', duty: { adValorem: '0.12' }, source: 'CN 2026', validFrom: '2026-01-01' });
  });

  test('a specific and a compound duty keep their amount, unit and combination', () => {
    const { lines, errors } = parseTariffCsv(csv(
      '2204,Wine,,13.10,litre,,2026-01-01,2026-12-31,CN 2026',
      '6402,Sports footwear,17,3.50,pair,max,2026-01-01,,CN 2026',
    ));
    assert.deepEqual(errors, []);
    assert.deepEqual(lines[0]!.duty, { specific: { amount: '13.10', unit: 'litre' } });
    assert.equal(lines[0]!.validUntil, '2026-12-31');
    assert.deepEqual(lines[1]!.duty, { adValorem: '0.17', specific: { amount: '3.50', unit: 'pair' }, combine: 'max' });
  });

  test('columns come in any order, optional ones may be left out, and quoted fields hold commas and quotes', () => {
    const { lines, errors } = parseTariffCsv(
      '\uFEFFsource,valid_from,ad_valorem_percent,description,hs\r\n"Reg. (EU) 2025/1234, Annex I",2026-01-01,6.5,"Bags, ""tote""",4202\r\n',
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(lines, [{ hs: '4202', description: 'Bags, "tote"', duty: { adValorem: '0.065' }, source: 'Reg. (EU) 2025/1234, Annex I', validFrom: '2026-01-01' }]);
  });

  test('each bad value is an error on its line and column, and only good rows become lines', () => {
    const text = csv(
      '6109,ok,12,,,,2026-01-01,,CN',
      '6,too short,12,,,,2026-01-01,,CN',
      '61091000101,too long,12,,,,2026-01-01,,CN',
      '61a9,not digits,12,,,,2026-01-01,,CN',
      '6110,bad day,12,,,,2026-02-30,,CN',
      '6111,until before from,12,,,,2026-06-01,2026-05-31,CN',
      '6112,no duty,,,,,2026-01-01,,CN',
      '6113,exponent,1e1,,,,2026-01-01,,CN',
      '6114,negative,-5,,,,2026-01-01,,CN',
      '6115,bad unit,,3,box,,2026-01-01,,CN',
      '6116,unit without amount,5,,kg,,2026-01-01,,CN',
      '6117,bad combine,5,3,kg,avg,2026-01-01,,CN',
      '6118,combine without compound,5,,,max,2026-01-01,,CN',
      '6119,no source,5,,,,2026-01-01,,',
      '6120,,5,,,,2026-01-01,,CN',
      '6121,comma decimal,"2,5",,,,2026-01-01,,CN',
    );
    const { lines, errors } = parseTariffCsv(text);
    assert.deepEqual(lines.map((l) => l.hs), ['6109']);
    assert.deepEqual(errors.map((e) => [e.line, e.column, e.code]), [
      [3, 'hs', 'invalid-hs'],
      [4, 'hs', 'invalid-hs'],
      [5, 'hs', 'invalid-hs'],
      [6, 'valid_from', 'invalid-date'],
      [7, 'valid_until', 'invalid-period'],
      [8, 'ad_valorem_percent', 'no-duty'],
      [9, 'ad_valorem_percent', 'invalid-decimal'],
      [10, 'ad_valorem_percent', 'invalid-decimal'],
      [11, 'specific_unit', 'invalid-unit'],
      [12, 'specific_unit', 'unit-without-amount'],
      [13, 'combine', 'invalid-combine'],
      [14, 'combine', 'combine-without-compound'],
      [15, 'source', 'missing-value'],
      [16, 'description', 'missing-value'],
      [17, 'ad_valorem_percent', 'invalid-decimal'],
    ]);
    assert.ok(errors.every((e) => e.message.length > 0));
  });

  test('a row may carry several errors, all reported', () => {
    assert.deepEqual(codes(csv('x,,,,,,2026-13-01,,')), [
      [2, 'hs', 'invalid-hs'],
      [2, 'description', 'missing-value'],
      [2, 'source', 'missing-value'],
      [2, 'valid_from', 'invalid-date'],
      [2, 'ad_valorem_percent', 'no-duty'],
    ]);
  });

  test('valid_until may equal valid_from (a rate in force for one day)', () => {
    assert.deepEqual(codes(csv('6109,x,12,,,,2026-03-01,2026-03-01,CN')), []);
  });

  test('two lines for one HS prefix in force on the same day are an error; successive periods are not', () => {
    const { lines, errors } = parseTariffCsv(csv(
      '6109,old,12,,,,2025-01-01,2025-12-31,CN 2025',
      '6109,new,10,,,,2026-01-01,,CN 2026',
      '6109,clash,11,,,,2026-06-01,2026-06-30,CN 2026',
      '610910,longer prefix is another line,8,,,,2026-01-01,,CN 2026',
    ));
    assert.deepEqual(lines.map((l) => l.description), ['old', 'new', 'longer prefix is another line']);
    assert.deepEqual(errors.map((e) => [e.line, e.code]), [[4, 'overlapping-period']]);
    assert.match(errors[0]!.message, /line 3/);
  });

  test('an unknown column is an error and no row is read', () => {
    const { lines, errors } = parseTariffCsv('hs,description,ad_valorem_percent,valid_from,source,rate\n6109,x,12,2026-01-01,CN,1\n');
    assert.deepEqual(lines, []);
    assert.deepEqual(errors.map((e) => [e.line, e.column, e.code]), [[1, 'rate', 'unknown-column']]);
  });

  test('a missing required column is an error', () => {
    assert.deepEqual(codes('hs,description,ad_valorem_percent,source\n6109,x,12,CN\n'), [[1, 'valid_from', 'missing-column']]);
  });

  test('a file with neither duty column, or a specific amount without its unit column, is refused', () => {
    assert.deepEqual(codes('hs,description,valid_from,source\n6109,x,2026-01-01,CN\n'), [[1, 'ad_valorem_percent', 'missing-column']]);
    assert.deepEqual(codes('hs,description,specific_amount,valid_from,source\n6109,x,3,2026-01-01,CN\n'), [[1, 'specific_unit', 'missing-column']]);
  });

  test('a row of the wrong width and a broken quote are errors on their lines', () => {
    assert.deepEqual(codes(csv('6109,x,12,,,,2026-01-01,,CN,extra', '6110,"x,12,,,,2026-01-01,,CN')), [
      [2, undefined, 'field-count'],
      [3, undefined, 'unterminated-quote'],
      [3, undefined, 'field-count'],
    ]);
  });

  test('an empty file has no header', () => {
    assert.deepEqual(codes(''), [[1, undefined, 'empty-file']]);
  });
});
