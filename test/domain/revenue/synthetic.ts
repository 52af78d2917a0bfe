// Synthetic jurisdiction packs and contexts for the revenue engine tests: minimal, valid, and overridable fact by fact.
import assert from 'node:assert/strict';
import type { Pack } from '../../../src/domain/jurisdiction/index.ts';
import { assess, indexTariff, type Assessment, type AssessResult, type Basket, type BasketItem, type DutyRate, type ExchangeRate, type TariffLine } from '../../../src/domain/revenue/index.ts';

export const FROM = '2020-01-01';
export const DAY = '2026-03-02';
export const SRC = 'synthetic law';

/** A pack with no charges at all: CIF valuation with duty in the tax base, cent rounding, EUR, serving DE. */
export function pack(over: Partial<Pack> = {}): Pack {
  return {
    id: 'TEST',
    version: '0.0.1',
    name: 'Test pack',
    homeCountry: 'DE',
    currency: 'EUR',
    valuation: [{ basis: 'CIF', taxBase: { transport: false, duty: true, fees: false }, source: SRC, validFrom: FROM }],
    exchangeRates: { rule: 'daily', publisher: 'test bank', source: SRC, validFrom: FROM },
    documentTransactions: { transactions: ['documents'], source: SRC, validFrom: FROM },
    lowValueThreshold: [],
    dutyDeMinimis: [],
    taxDeMinimis: [],
    giftRelief: [],
    taxes: [],
    schemes: [],
    fees: [],
    rounding: [{ line: { increment: '0.01', mode: 'half-up' }, source: SRC, validFrom: FROM }],
    advanceDataDeadlineHours: { source: SRC, validFrom: FROM },
    ...over,
  };
}

/** One VAT with one rate for every destination. */
export const vat = (rate: string, code = 'VAT') => ({ code, name: code, rates: [{ rate, name: 'standard', source: `${code} act`, validFrom: FROM }] });

/** A tariff line in force from FROM. */
export const tariffLine = (hs: string, duty: DutyRate, over: Partial<TariffLine> = {}): TariffLine => ({
  hs,
  description: `goods of ${hs}`,
  duty,
  source: `tariff ${hs}`,
  validFrom: FROM,
  ...over,
});

export const adValorem = (hs: string, fraction: string) => tariffLine(hs, { adValorem: fraction });

export interface CtxOptions {
  day?: string;
  tariff?: TariffLine[];
  rates?: Record<string, string>;
  /** Registered numbers; undefined = no registry loaded. */
  registry?: string[];
}

export function run(basket: Basket, p: Pack, o: CtxOptions = {}): AssessResult {
  const lookup = indexTariff(o.tariff ?? []);
  const registry = o.registry ? new Set(o.registry) : undefined;
  return assess(basket, p, {
    day: o.day ?? DAY,
    rate: (currency): ExchangeRate | undefined =>
      o.rates?.[currency] !== undefined ? { currency, perUnit: o.rates[currency]!, validFrom: FROM, source: 'test rates' } : undefined,
    tariff: lookup,
    registered: registry ? (_s, n) => registry.has(n) : undefined,
  });
}

/** The assessment, failing the test when the engine refuses. */
export function assessed(basket: Basket, p: Pack, o: CtxOptions = {}): Assessment {
  const r = run(basket, p, o);
  if (!r.ok) assert.fail(`refused: ${r.code} ${r.message}`);
  return r.assessment;
}

export const item = (hsCode: string | undefined, unitPrice: string, quantity = 1, over: Partial<BasketItem> = {}): BasketItem => ({
  description: `item ${hsCode ?? 'without code'}`,
  ...(hsCode !== undefined ? { hsCode } : {}),
  quantity,
  unitPrice,
  originCountry: 'CN',
  ...over,
});

export const basket = (items: BasketItem[], over: Partial<Basket> = {}): Basket => ({ destination: 'DE', currency: 'EUR', items, ...over });

export const linesOf = (a: Assessment, type: 'duty' | 'tax' | 'fee') => a.lines.filter((l) => l.type === type);

/** [code, item, amount, dueAtBorder] of each line: compact enough to compare whole assessments by hand. */
export const summary = (a: Assessment) => a.lines.map((l) => [l.type, l.code, l.item, l.amount, l.dueAtBorder] as const);
