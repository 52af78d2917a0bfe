// Valid filings to start tests from; each test changes only what it is about.
import { s10CheckDigit } from '../../src/domain/validation/index.ts';

let serial = 10_000_000;
/** A fresh, valid UPU S10 id. */
export function s10(country = 'CN', prefix = 'RR'): string {
  const s = String(serial++).padStart(8, '0');
  return `${prefix}${s}${s10CheckDigit(s)}${country}`;
}

let counter = 0;
export const uid = (p: string) => `${p}-${process.pid}-${++counter}`;

export const buyer = {
  name: 'Anna Müller',
  address: { lines: ['Hauptstraße 5'], city: 'Berlin', postcode: '10115', country: 'DE' },
  email: 'anna@example.org',
};
export const seller = { id: 'S-1', name: 'Shenzhen Goods Co.', address: { lines: ['1 Industrial Road'], city: 'Shenzhen', country: 'CN' } };
export const carrierParty = { name: 'China Post', address: { lines: ['Hub 1'], city: 'Shenzhen', country: 'CN' } };

export function declaration(over: Record<string, unknown> = {}) {
  return {
    filingId: uid('decl'),
    kind: 'declaration',
    sentAt: '2026-11-20T10:00:00Z',
    trackingId: s10(),
    orderId: uid('ORD'),
    orderedAt: '2026-11-19T09:00:00+08:00',
    seller,
    buyer,
    items: [{ description: "Men's cotton T-shirt", quantity: 2, unitPrice: '12.50', hsCode: '610910', originCountry: 'CN', netMassKg: '0.200' }],
    currency: 'EUR',
    shippingCost: '4.99',
    ...over,
  };
}

export function order(over: Record<string, unknown> = {}) {
  const { trackingId: _t, ...rest } = declaration();
  return { ...rest, filingId: uid('order'), kind: 'order', ...over };
}

export function payment(orderId: string, amount: string, over: Record<string, unknown> = {}) {
  return {
    filingId: uid('pay'),
    kind: 'payment',
    sentAt: '2026-11-20T10:05:00Z',
    orderId,
    transactionId: uid('TX'),
    provider: 'PayFlow',
    method: 'card',
    amount,
    currency: 'EUR',
    paidAt: '2026-11-19T09:01:00Z',
    ...over,
  };
}

export function logistics(trackingId: string, over: Record<string, unknown> = {}) {
  return {
    filingId: uid('log'),
    kind: 'logistics',
    sentAt: '2026-11-20T12:00:00Z',
    trackingId,
    carrier: carrierParty,
    service: 'post',
    consignee: buyer,
    grossMassKg: '0.550',
    departureCountry: 'CN',
    destinationCountry: 'DE',
    expectedArrival: '2026-11-24T08:00:00Z',
    ...over,
  };
}

export const arrival = (trackingId: string, over: Record<string, unknown> = {}) => ({
  filingId: uid('arr'),
  kind: 'arrival',
  sentAt: '2026-11-22T08:30:00Z',
  trackingId,
  arrivedAt: '2026-11-22T08:10:00Z',
  location: 'DEFRAA',
  ...over,
});
