// The dashboards' period: days of arrival, both included, in UTC as the API counts them; quick choices and checks.

export interface Period {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const QUICK_DAYS = [7, 30, 90] as const;

/** Today's date in UTC (YYYY-MM-DD): the API's days are UTC days. */
export const today = (now = new Date()): string => now.toISOString().slice(0, 10);

/** The last `days` days up to and including today, as the API's default period (30 days) counts them. */
export function lastDays(days: number, now = new Date()): Period {
  const to = today(now);
  return { from: new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10), to };
}

const isDay = (s: string): boolean => DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** Why a period cannot be asked for, or null when it can. */
export function periodProblem(p: Period): { field: 'from' | 'to'; message: string } | null {
  if (!isDay(p.from)) return { field: 'from', message: 'Give the first day as a date.' };
  if (!isDay(p.to)) return { field: 'to', message: 'Give the last day as a date.' };
  if (p.to < p.from) return { field: 'to', message: 'The last day comes before the first day.' };
  return null;
}

/** Which quick choice a period is, if any. */
export function quickChoiceOf(p: Period, now = new Date()): number | undefined {
  return QUICK_DAYS.find((d) => {
    const q = lastDays(d, now);
    return q.from === p.from && q.to === p.to;
  });
}

/** The period in the page's address, else the last 30 days. */
export function periodFrom(params: URLSearchParams, now = new Date()): Period {
  const fallback = lastDays(30, now);
  return { from: params.get('from') ?? fallback.from, to: params.get('to') ?? fallback.to };
}

/** "3 Nov 2026", for a YYYY-MM-DD day. */
export function dayLabel(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export const periodLabel = (p: Period): string => (p.from === p.to ? dayLabel(p.from) : `${dayLabel(p.from)} to ${dayLabel(p.to)}`);

/** The address of the figures, as JSON for the charts or as CSV for a spreadsheet. */
export const metricsUrl = (p: Period, format?: 'csv'): string =>
  `/v1/metrics?${new URLSearchParams({ from: p.from, to: p.to, ...(format ? { format } : {}) }).toString()}`;
