// Display of amounts, dates and durations. Amounts stay decimal strings end to end: Intl formats the string itself
// (ECMA-402 accepts a decimal string), so no cent is lost to a binary float on the way to the screen.

export interface Money {
  amount: string;
  currency: string;
}

export function money(m: Money | null | undefined, locale = 'en'): string {
  if (!m) return '—';
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency }).format(m.amount as unknown as number);
  } catch {
    return `${m.amount} ${m.currency}`;
  }
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

export function hours(h: number | null | undefined): string {
  if (h === null || h === undefined) return '—';
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} days`;
}

export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)} %`;
}

/** Words for a status code, as people say them. */
export const statusWords: Record<string, string> = {
  'pre-arrival': 'Pre-arrival',
  arrived: 'Arrived',
  held: 'Held',
  'payment-due': 'Payment due',
  released: 'Released',
  delivered: 'Delivered',
  seized: 'Seized',
  'return-requested': 'Return requested',
  returned: 'Returned',
  refunded: 'Refunded',
  destroyed: 'Destroyed',
  'returned-to-sender': 'Returned to sender',
};
export const statusLabel = (s: string): string => statusWords[s] ?? s;
