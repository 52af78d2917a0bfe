// The estimator's form as the buyer fills it, the request it becomes (POST /v1/estimate), and the API's refusals
// turned back into the form's fields and plain words.
import type { Problem } from '../../shared/api.ts';
import { currencyName } from '../countries.ts';

export const services = [
  { value: 'post', label: 'Post' },
  { value: 'express', label: 'Express courier' },
  { value: 'air-cargo', label: 'Air cargo' },
  { value: 'road', label: 'Road' },
  { value: 'sea', label: 'Sea' },
] as const;
export type Service = (typeof services)[number]['value'];

export interface ItemForm {
  /** Stable React key: items can be removed from the middle. */
  key: number;
  description: string;
  hsCode: string;
  quantity: string;
  unitPrice: string;
}

export interface BasketForm {
  destination: string;
  currency: string;
  origin: string;
  service: Service;
  marketplace: boolean;
  gift: boolean;
  items: ItemForm[];
  shippingCost: string;
  insuranceCost: string;
  /** The seller (or marketplace) charged the tax at checkout under a scheme such as IOSS. */
  registered: boolean;
  scheme: string;
  registrationNumber: string;
  taxCharged: string;
}

/** The body of POST /v1/estimate (src/server/routes/revenue.ts). */
export interface EstimateRequest {
  destination: string;
  currency: string;
  service: Service;
  departureCountry?: string;
  marketplace: boolean;
  transaction?: 'gift';
  items: Array<{ description: string; hsCode?: string; quantity: number | string; unitPrice: string; originCountry: string }>;
  shippingCost?: string;
  insuranceCost?: string;
  taxCollected?: { scheme: string; registrationNumber: string; amount: string; currency: string };
}

let nextKey = 1;
export const emptyItem = (): ItemForm => ({ key: nextKey++, description: '', hsCode: '', quantity: '1', unitPrice: '' });

/**
 * An amount as the API reads it. Only spacing and a decimal comma ("12,50") are tidied; the digits are never parsed
 * into a number, so what the buyer typed is what is assessed.
 */
export const amount = (typed: string): string => {
  const s = typed.trim().replace(/\s+/g, '');
  return /^\d+,\d{1,4}$/.test(s) ? s.replace(',', '.') : s;
};

/** A quantity is a count: a whole number goes as one, anything else as typed, for the API to name the problem. */
const quantity = (typed: string): number | string => (/^\d{1,6}$/.test(typed.trim()) ? Number(typed.trim()) : typed.trim());

export function toRequest(f: BasketForm): EstimateRequest {
  const hs = (typed: string) => typed.replace(/[\s.]/g, '');
  const optionalAmount = (typed: string) => (typed.trim() === '' ? undefined : amount(typed));
  return {
    destination: f.destination,
    currency: f.currency,
    service: f.service,
    ...(f.origin ? { departureCountry: f.origin } : {}),
    marketplace: f.marketplace,
    ...(f.gift ? { transaction: 'gift' as const } : {}),
    items: f.items.map((i) => ({
      description: i.description.trim(),
      ...(hs(i.hsCode) ? { hsCode: hs(i.hsCode) } : {}),
      quantity: quantity(i.quantity),
      unitPrice: amount(i.unitPrice),
      originCountry: f.origin,
    })),
    ...(optionalAmount(f.shippingCost) !== undefined ? { shippingCost: optionalAmount(f.shippingCost) } : {}),
    ...(optionalAmount(f.insuranceCost) !== undefined ? { insuranceCost: optionalAmount(f.insuranceCost) } : {}),
    ...(f.registered
      ? { taxCollected: { scheme: f.scheme, registrationNumber: f.registrationNumber.trim().toUpperCase(), amount: amount(f.taxCharged), currency: f.currency } }
      : {}),
  };
}

/** The form field an API path is about: the origin is asked once for every item, the scheme's currency is the prices'. */
export function fieldOf(path: string): string | undefined {
  if (/^\/items\/\d+\/originCountry$/.test(path) || path === '/departureCountry') return '/origin';
  const known: Record<string, string> = {
    '/taxCollected/amount': '/taxCharged',
    '/taxCollected/registrationNumber': '/registrationNumber',
    '/taxCollected/scheme': '/scheme',
    '/taxCollected/currency': '/currency',
    '/transaction': '/gift',
  };
  if (known[path]) return known[path];
  if (/^\/(destination|currency|service|marketplace|shippingCost|insuranceCost)$/.test(path)) return path;
  if (/^\/items\/\d+\/(description|hsCode|quantity|unitPrice)$/.test(path)) return path;
  return undefined;
}

/** The id of the input for a form field: "/items/0/unitPrice" → "f-items-0-unitPrice". */
export const inputId = (field: string): string => `f${field.replaceAll('/', '-')}`;

const ITEM_FIELDS: Record<string, string> = { description: 'description', hsCode: 'HS code', quantity: 'quantity', unitPrice: 'price for one' };
const FIELDS: Record<string, string> = {
  '/destination': 'Destination',
  '/currency': 'Currency of the prices',
  '/origin': 'Sent from',
  '/service': 'Sent by',
  '/marketplace': 'Marketplace',
  '/gift': 'Gift',
  '/shippingCost': 'Shipping cost',
  '/insuranceCost': 'Insurance cost',
  '/scheme': 'Scheme',
  '/registrationNumber': 'Registration number',
  '/taxCharged': 'Tax charged at checkout',
  '/items': 'Items',
};

export function fieldLabel(field: string): string {
  const item = /^\/items\/(\d+)\/(\w+)$/.exec(field);
  if (item) return `Item ${Number(item[1]) + 1}, ${ITEM_FIELDS[item[2]!] ?? item[2]}`;
  return FIELDS[field] ?? field;
}

/** A refusal in the buyer's words, for the field it is about (the API's own message when no better one is known). */
export function explain(p: Problem, field: string | undefined, context: { packCurrency?: string }): string {
  const name = field ? /(\w+)$/.exec(field)?.[1] : undefined;
  if (p.code === 'no-exchange-rate') {
    return context.packCurrency
      ? `No customs exchange rate for these prices is loaded today. Enter the prices in ${currencyName(context.packCurrency)} (${context.packCurrency}).`
      : 'No customs exchange rate for these prices is loaded today. Enter the prices in the destination’s currency.';
  }
  if (p.code === 'unknown-destination') return 'We cannot estimate for this destination.';
  if (p.code === 'unknown-hs-code') return `${p.message}. Check the code, or leave it empty if you are not sure.`;
  switch (name) {
    case 'description':
      return 'Describe the item in at least 3 characters, for example “cotton T-shirt”.';
    case 'hsCode':
      return 'An HS code has 6 to 10 digits, for example 610910. Leave it empty if you do not know it.';
    case 'quantity':
      return 'Enter how many, as a whole number from 1.';
    case 'unitPrice':
    case 'shippingCost':
    case 'insuranceCost':
    case 'taxCharged':
      return p.code === 'missing' ? 'Enter an amount, for example 12.50.' : 'Enter an amount with digits and a point, for example 12.50 (at most 4 decimals).';
    case 'origin':
      return 'Choose the country the parcel is sent from.';
    case 'destination':
      return 'Choose where the parcel is delivered.';
    case 'registrationNumber':
      return 'Enter the registration number shown on your receipt or on the seller’s page.';
    default:
      return p.message;
  }
}
