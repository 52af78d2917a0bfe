// The exchange rates the law prescribes, made from the ECB's daily euro reference rates: the EU's monthly customs rate, and a daily rate.
import type { ExchangeRate } from './types.ts';

/** One ECB reference rate: `perEur` units of `currency` buy 1 EUR on `date` (YYYY-MM-DD). */
export interface DailyQuote {
  date: string;
  currency: string;
  perEur: string;
}

const DAY_MS = 86_400_000;
const toUtc = (day: string): number => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const addDays = (day: string, days: number): string => fromUtc(toUtc(day) + days * DAY_MS);

/** The penultimate Wednesday of a month (1–12): the Wednesday a week before the month's last one. */
export function penultimateWednesday(year: number, month: number): string {
  const last = Date.UTC(year, month, 0);
  const sinceWednesday = (new Date(last).getUTCDay() - 3 + 7) % 7;
  return fromUtc(last - (sinceWednesday + 7) * DAY_MS);
}

const monthOf = (day: string): { year: number; month: number } => ({ year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) });
const nextMonth = ({ year, month }: { year: number; month: number }) => (month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 });
const pad = (n: number): string => String(n).padStart(2, '0');
const firstDay = (m: { year: number; month: number }): string => `${m.year}-${pad(m.month)}-01`;
const lastDay = (m: { year: number; month: number }): string => fromUtc(Date.UTC(m.year, m.month, 0));

const byCurrency = (quotes: readonly DailyQuote[]): Map<string, DailyQuote[]> => {
  const out = new Map<string, DailyQuote[]>();
  for (const q of quotes) {
    const list = out.get(q.currency);
    if (list) list.push(q);
    else out.set(q.currency, [q]);
  }
  for (const list of out.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return out;
};

const ordered = (rates: ExchangeRate[]): ExchangeRate[] =>
  rates.sort((a, b) => (a.validFrom !== b.validFrom ? (a.validFrom < b.validFrom ? -1 : 1) : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));

export interface MonthlyOptions {
  /**
   * How many days before the penultimate Wednesday the "most recent" quote may be (default 7, more than
   * the ECB's longest closure, Good Friday to Easter Monday). A currency quoted longer ago has stopped
   * being quoted (the ECB suspended ISK from 2008 to 2018): it gets no rate rather than a stale one.
   */
  maxStaleDays?: number;
}

/**
 * The EU customs exchange rate (Commission Implementing Regulation (EU) 2015/2447, Art. 146(1)): for each
 * month, the ECB rate published on the penultimate Wednesday of the month before (or, when none was, the
 * most recent one published before it), valid from the month's first day to its last. Only months whose
 * penultimate Wednesday of the month before the quotes reach are given; rates come in order of month, then currency.
 */
export function monthlyPenultimateWednesday(quotes: readonly DailyQuote[], options: MonthlyOptions = {}): ExchangeRate[] {
  if (quotes.length === 0) return [];
  const maxStale = options.maxStaleDays ?? 7;
  const dates = quotes.map((q) => q.date).sort();
  const lastQuoted = dates[dates.length - 1]!;
  const series = byCurrency(quotes);
  const rates: ExchangeRate[] = [];
  for (let fixing = monthOf(dates[0]!); firstDay(fixing) <= lastQuoted; fixing = nextMonth(fixing)) {
    const wednesday = penultimateWednesday(fixing.year, fixing.month);
    // Quotes that end before the Wednesday may yet be followed by that day's quote: not covered.
    if (wednesday > lastQuoted) break;
    const month = nextMonth(fixing);
    const earliest = addDays(wednesday, -maxStale);
    for (const [currency, list] of series) {
      const quote = latestOnOrBefore(list, wednesday);
      if (!quote || quote.date < earliest) continue;
      const when = quote.date === wednesday
        ? `published on ${wednesday}, the penultimate Wednesday of ${fixing.year}-${pad(fixing.month)}`
        : `of ${quote.date}, the most recent before the penultimate Wednesday of ${fixing.year}-${pad(fixing.month)} (${wednesday}, no rate published)`;
      rates.push({
        currency,
        perUnit: quote.perEur,
        validFrom: firstDay(month),
        validUntil: lastDay(month),
        source: `Commission Implementing Regulation (EU) 2015/2447, Art. 146(1): ECB euro reference rate ${when}`,
      });
    }
  }
  return ordered(rates);
}

const latestOnOrBefore = (sorted: readonly DailyQuote[], day: string): DailyQuote | undefined => {
  let found: DailyQuote | undefined;
  for (const q of sorted) {
    if (q.date > day) break;
    found = q;
  }
  return found;
};

/**
 * The ECB rate of the day: each quote is valid from its date to the day before the ECB's next publication
 * (so it covers weekends and TARGET holidays); the last publication day's quotes are valid on that day only.
 * The next publication is the next date any currency is quoted, so a currency the ECB did not quote on
 * a publication day (N/A) has no rate that day rather than an old one.
 */
export function daily(quotes: readonly DailyQuote[]): ExchangeRate[] {
  const days = [...new Set(quotes.map((q) => q.date))].sort();
  const next = new Map(days.map((d, i) => [d, days[i + 1]] as const));
  const rates: ExchangeRate[] = [];
  const seen = new Set<string>();
  for (const q of quotes) {
    const key = `${q.date} ${q.currency}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const following = next.get(q.date);
    rates.push({
      currency: q.currency,
      perUnit: q.perEur,
      validFrom: q.date,
      validUntil: following === undefined ? q.date : addDays(following, -1),
      source: `ECB euro foreign exchange reference rate of ${q.date}`,
    });
  }
  return ordered(rates);
}
