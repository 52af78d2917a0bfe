// Customs exchange rates from ECB quotes: the EU monthly rate of the penultimate Wednesday (Reg. 2015/2447 Art. 146) and the daily rate.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, daily, monthlyPenultimateWednesday, penultimateWednesday, type DailyQuote } from '../../src/domain/revenue/customs-rates.ts';

const q = (date: string, perEur: string, currency = 'USD'): DailyQuote => ({ date, currency, perEur });
/** Business days (Monday–Friday) from one day to another, each quoted at a rate naming its day. */
const weekdays = (from: string, to: string, currency = 'USD'): DailyQuote[] => {
  const out: DailyQuote[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6) out.push(q(d, `1.${d.slice(5, 7)}${d.slice(8, 10)}`, currency));
  }
  return out;
};

describe('penultimate Wednesday', () => {
  test('October 2026: the 21st (Wednesdays 7, 14, 21, 28)', () => {
    assert.equal(penultimateWednesday(2026, 10), '2026-10-21');
  });

  test('a month ending on a Wednesday: the week before (December 2025 → the 24th)', () => {
    assert.equal(penultimateWednesday(2025, 12), '2025-12-24');
  });

  test('February of a leap year counts the 29th (2012: Wednesday the 29th, so the 22nd)', () => {
    assert.equal(penultimateWednesday(2012, 2), '2012-02-22');
    assert.equal(penultimateWednesday(2028, 2), '2028-02-16');
    assert.equal(penultimateWednesday(2026, 2), '2026-02-18');
  });

  test('is always a Wednesday 8 to 14 days before the month ends', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const day = penultimateWednesday(year, month);
        assert.equal(new Date(`${day}T00:00:00Z`).getUTCDay(), 3);
        const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
        const gap = (Date.parse(last) - Date.parse(day)) / 86_400_000;
        assert.ok(gap >= 7 && gap <= 13, `${day} is ${gap} days before ${last}`);
      }),
    );
  });
});

describe('EU monthly customs rate (Reg. (EU) 2015/2447 Art. 146(1))', () => {
  test('the quote of the penultimate Wednesday of October 2026 is the rate for all of November 2026', () => {
    const rates = monthlyPenultimateWednesday(weekdays('2026-10-01', '2026-10-30'));
    assert.equal(rates.length, 1);
    const [nov] = rates;
    assert.equal(nov!.currency, 'USD');
    assert.equal(nov!.perUnit, '1.1021');
    assert.equal(nov!.validFrom, '2026-11-01');
    assert.equal(nov!.validUntil, '2026-11-30');
    assert.match(nov!.source, /2015\/2447, Art\. 146\(1\)/);
    assert.match(nov!.source, /2026-10-21/);
  });

  test('when the Wednesday has no quote (a holiday) the previous business day’s quote applies, and the source says so', () => {
    const quotes = weekdays('2026-10-01', '2026-10-30').filter((x) => x.date !== '2026-10-21');
    const [nov] = monthlyPenultimateWednesday(quotes);
    assert.equal(nov!.perUnit, '1.1020');
    assert.equal(nov!.validFrom, '2026-11-01');
    assert.match(nov!.source, /2026-10-20/);
    assert.match(nov!.source, /2026-10-21, no rate published/);
  });

  test('February 2012 (leap year): the quote of the 22nd is the rate for March 1–31', () => {
    const [march] = monthlyPenultimateWednesday(weekdays('2012-02-01', '2012-02-29'));
    assert.deepEqual([march!.perUnit, march!.validFrom, march!.validUntil], ['1.0222', '2012-03-01', '2012-03-31']);
  });

  test('a rate fixed in January is valid for all of a leap February (to the 29th)', () => {
    const [feb] = monthlyPenultimateWednesday(weekdays('2028-01-01', '2028-01-31'));
    assert.equal(penultimateWednesday(2028, 1), '2028-01-19');
    assert.deepEqual([feb!.perUnit, feb!.validFrom, feb!.validUntil], ['1.0119', '2028-02-01', '2028-02-29']);
  });

  test('December’s penultimate Wednesday fixes January of the next year', () => {
    const [jan] = monthlyPenultimateWednesday(weekdays('2025-12-01', '2025-12-31'));
    assert.deepEqual([jan!.perUnit, jan!.validFrom, jan!.validUntil], ['1.1224', '2026-01-01', '2026-01-31']);
  });

  test('no rate for a month whose fixing Wednesday the quotes do not reach yet', () => {
    assert.deepEqual(monthlyPenultimateWednesday(weekdays('2026-10-01', '2026-10-20')), []);
    // The quotes start after October's fixing day: nothing for November either.
    assert.deepEqual(monthlyPenultimateWednesday(weekdays('2026-10-22', '2026-10-30')), []);
  });

  test('a quote older than a week before the Wednesday is stale: the currency gets no rate that month', () => {
    const quotes = [...weekdays('2026-10-01', '2026-10-30'), q('2026-10-02', '140.5', 'ISK')];
    assert.deepEqual(monthlyPenultimateWednesday(quotes).map((r) => r.currency), ['USD']);
    assert.deepEqual(monthlyPenultimateWednesday(quotes, { maxStaleDays: 31 }).map((r) => r.currency), ['ISK', 'USD']);
  });

  test('every currency, every month covered, in order of month then currency; quotes may come in any order', () => {
    const quotes = [...weekdays('2026-09-01', '2026-11-30', 'USD'), ...weekdays('2026-09-01', '2026-11-30', 'JPY')].reverse();
    const rates = monthlyPenultimateWednesday(quotes);
    assert.deepEqual(rates.map((r) => `${r.validFrom} ${r.currency} ${r.perUnit}`), [
      '2026-10-01 JPY 1.0923',
      '2026-10-01 USD 1.0923',
      '2026-11-01 JPY 1.1021',
      '2026-11-01 USD 1.1021',
      '2026-12-01 JPY 1.1118',
      '2026-12-01 USD 1.1118',
    ]);
  });
});

describe('daily ECB rate', () => {
  test('a Friday quote covers the weekend; the last quote covers its own day only', () => {
    const rates = daily([q('2026-10-23', '1.09'), q('2026-10-26', '1.10')]);
    assert.deepEqual(rates.map((r) => [r.validFrom, r.validUntil, r.perUnit]), [
      ['2026-10-23', '2026-10-25', '1.09'],
      ['2026-10-26', '2026-10-26', '1.10'],
    ]);
    assert.match(rates[0]!.source, /ECB .*2026-10-23/);
  });

  test('Maundy Thursday’s quote covers Good Friday to Easter Monday (2026: 2 to 6 April)', () => {
    const rates = daily(weekdays('2026-03-30', '2026-04-10').filter((x) => x.date !== '2026-04-03' && x.date !== '2026-04-06'));
    const thursday = rates.find((r) => r.validFrom === '2026-04-02');
    assert.equal(thursday!.validUntil, '2026-04-06');
  });

  test('a currency not quoted on a publication day (N/A) has no rate that day rather than an old one', () => {
    const rates = daily([q('2026-10-19', '1.08'), q('2026-10-19', '140', 'ISK'), q('2026-10-20', '1.09'), q('2026-10-21', '1.10'), q('2026-10-21', '141', 'ISK')]);
    const isk = rates.filter((r) => r.currency === 'ISK').map((r) => [r.validFrom, r.validUntil]);
    assert.deepEqual(isk, [['2026-10-19', '2026-10-19'], ['2026-10-21', '2026-10-21']]);
  });

  test('rates for one currency never overlap and leave no day uncovered between its first and last quote', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 40 }), (offsets) => {
        const quotes = offsets.map((o) => q(addDays('2026-01-01', o), '1.1'));
        const rates = daily(quotes);
        assert.equal(rates.length, quotes.length);
        for (let i = 1; i < rates.length; i++) assert.equal(rates[i]!.validFrom, addDays(rates[i - 1]!.validUntil!, 1));
      }),
    );
  });
});
