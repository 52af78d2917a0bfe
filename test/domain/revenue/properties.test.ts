// Properties of the revenue engine over synthetic packs: amounts never fall when a price rises, lines add up, amounts have the currency's digits.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Pack } from '../../../src/domain/jurisdiction/index.ts';
import { dec, sum } from '../../../src/domain/money/index.ts';
import type { Assessment, Basket, BasketItem } from '../../../src/domain/revenue/index.ts';
import { adValorem, assessed, basket, FROM, item, pack, SRC, tariffLine, vat, type CtxOptions } from './synthetic.ts';

const th = (amount: string, basis: 'intrinsic' | 'customs-value' | 'item' | 'duty-amount' | 'tax-amount', inclusive = false) => ({ amount, basis, inclusive, source: SRC, validFrom: FROM });

interface Case {
  name: string;
  pack: Pack;
  ctx: CtxOptions;
  destination: string;
  hs: string[];
  /** An IOSS number the generator may declare tax collected under. */
  scheme?: string;
  /** The basket's currency when it is not the pack's (the context then has its rate). */
  basketCurrency?: string;
}

/** CIF, VAT (standard and reduced), an intrinsic de minimis, a flat duty per subheading under EUR 150, a fee when something is due. */
const cif: Case = {
  name: 'CIF with VAT, de minimis and flat duty',
  destination: 'DE',
  hs: ['6109100010', '6109200000', '8517120000', '4901990000', '9503000000'],
  scheme: 'IM2760000001',
  ctx: { tariff: [adValorem('61', '0.12'), adValorem('85', '0.14'), adValorem('49', '0.12'), adValorem('95', '0.2')] },
  pack: pack({
    taxes: [{ code: 'VAT', name: 'VAT', rates: [
      { rate: '0.19', name: 'standard', source: SRC, validFrom: FROM },
      { rate: '0.07', name: 'books', hsPrefixes: ['4901'], source: SRC, validFrom: FROM },
    ] }],
    taxDeMinimis: [th('22', 'intrinsic')],
    flatDuties: [{ amount: '3.00', per: 'tariff-subheading', ceiling: { amount: '150', basis: 'intrinsic', inclusive: true }, source: SRC, validFrom: FROM }],
    schemes: [{ scheme: 'IOSS', name: 'IOSS', registrationFormat: '^IM[0-9]{10}$', ceiling: { amount: '150', basis: 'intrinsic', inclusive: true }, covers: ['tax'], source: SRC, validFrom: FROM }],
    fees: [{ code: 'HANDLING', name: 'handling', amount: '2.00', per: 'consignment', when: { dueAtBorder: true }, source: SRC, validFrom: FROM }],
  }),
};

/** FOB with transport in the tax base, a per-item tax threshold and a customs-value duty threshold. */
const fob: Case = {
  name: 'FOB with a per-item threshold',
  destination: 'NZ',
  hs: ['6109100010', '8517120000', '4901990000'],
  ctx: { tariff: [adValorem('61', '0.10'), adValorem('85', '0.05')] },
  pack: pack({
    homeCountry: 'NZ',
    currency: 'NZD',
    valuation: [{ basis: 'FOB', taxBase: { transport: true, duty: true, fees: false }, source: SRC, validFrom: FROM }],
    taxes: [vat('0.15', 'GST')],
    taxDeMinimis: [th('100', 'item', true)],
    dutyDeMinimis: [th('1000', 'customs-value', true)],
    fees: [{ code: 'IETF', name: 'import entry transaction fee', amount: '29.66', per: 'consignment', when: { above: '1000' }, source: SRC, validFrom: FROM }],
  }),
};

/** A tax-amount de minimis (CHF 5), 0.05 rounding, a duty per kg, a handling fee when something is due. */
const chf: Case = {
  name: 'tax-amount de minimis',
  destination: 'CH',
  hs: ['6109100010', '4901990000', '0901210000'],
  ctx: { tariff: [tariffLine('61', { specific: { amount: '5.00', unit: 'kg' } }), tariffLine('0901', { specific: { amount: '0.40', unit: 'kg' }, adValorem: '0.01', combine: 'max' })] },
  pack: pack({
    homeCountry: 'CH',
    currency: 'CHF',
    taxes: [{ code: 'VAT', name: 'VAT', rates: [
      { rate: '0.081', name: 'standard', source: SRC, validFrom: FROM },
      { rate: '0.026', name: 'reduced', hsPrefixes: ['4901', '0901'], source: SRC, validFrom: FROM },
    ] }],
    taxDeMinimis: [th('5', 'tax-amount', true)],
    rounding: [{ line: { increment: '0.05', mode: 'half-up' }, source: SRC, validFrom: FROM }],
    fees: [{ code: 'HANDLING', name: 'handling', rate: '0.03', minimum: '11.50', per: 'consignment', when: { dueAtBorder: true }, source: SRC, validFrom: FROM }],
  }),
};

/** JPY (no minor digits): prices in USD converted, a personal-use factor, totals rounded down to JPY 100. */
const jpy: Case = {
  name: 'JPY with total rounding and a USD basket',
  destination: 'JP',
  hs: ['6109100010', '6403990000', '8517120000'],
  basketCurrency: 'USD',
  ctx: { rates: { USD: '0.0067' }, tariff: [adValorem('61', '0.109'), tariffLine('6403', { adValorem: '0.3', specific: { amount: '4300', unit: 'pair' }, combine: 'max' }), adValorem('85', '0')] },
  pack: pack({
    homeCountry: 'JP',
    currency: 'JPY',
    valuation: [{ basis: 'CIF', taxBase: { transport: false, duty: true, fees: false }, personalUseFactor: '0.6', source: SRC, validFrom: FROM }],
    taxes: [{ code: 'CT', name: 'consumption tax', rates: [{ rate: '0.078', name: 'national', source: SRC, validFrom: FROM }] }, { code: 'LCT', name: 'local consumption tax', onTaxes: ['CT'], rates: [{ rate: '0.282051', name: 'local (22/78 of CT)', source: SRC, validFrom: FROM }] }],
    dutyDeMinimis: [th('10000', 'customs-value', true)],
    taxDeMinimis: [th('10000', 'customs-value', true)],
    rounding: [{ line: { increment: '1', mode: 'down' }, total: { increment: '100', mode: 'down' }, source: SRC, validFrom: FROM }],
  }),
};

const CASES = [cif, fob, chf, jpy];

/** A decimal string with two decimals from a number of cents: never a float. */
const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

const itemArb = (c: Case, withoutCode: boolean) =>
  fc.record({
    hs: withoutCode ? fc.option(fc.constantFrom(...c.hs), { nil: undefined }) : fc.constantFrom(...c.hs),
    cents: fc.integer({ min: 0, max: 40_000 }),
    quantity: fc.integer({ min: 1, max: 3 }),
    grams: fc.integer({ min: 1, max: 3000 }),
  });

const basketArb = (c: Case, o: { maxItems: number; transport: boolean; withoutCode?: boolean }) =>
  fc.record({
    items: fc.array(itemArb(c, o.withoutCode ?? false), { minLength: 1, maxLength: o.maxItems }),
    shipping: o.transport ? fc.integer({ min: 0, max: 5_000 }) : fc.constant(0),
    insurance: o.transport ? fc.integer({ min: 0, max: 500 }) : fc.constant(0),
    ioss: fc.boolean(),
    viaPlatform: fc.boolean(),
  });

type Gen = { items: { hs: string | undefined; cents: number; quantity: number; grams: number }[]; shipping: number; insurance: number; ioss: boolean; viaPlatform: boolean };

function toBasket(c: Case, g: Gen): Basket {
  const items: BasketItem[] = g.items.map((it) => ({
    description: `goods ${it.hs ?? 'without code'}`,
    ...(it.hs !== undefined ? { hsCode: it.hs } : {}),
    quantity: it.quantity,
    unitPrice: money(it.cents),
    originCountry: 'CN',
    netMassKg: (it.grams / 1000).toString(),
  }));
  const currency = c.basketCurrency ?? c.pack.currency;
  return {
    destination: c.destination,
    currency,
    items,
    shippingCost: money(g.shipping),
    insuranceCost: money(g.insurance),
    viaPlatform: g.viaPlatform,
    ...(c.scheme && g.ioss ? { taxCollected: { scheme: 'IOSS', registrationNumber: c.scheme, amount: '10.00', currency } } : {}),
  };
}

const raise = (g: Gen, index: number, by: number): Gen => ({ ...g, items: g.items.map((it, i) => (i === index ? { ...it, cents: it.cents + by } : it)) });

const RUNS = { numRuns: Number(process.env.RUNS ?? 300) };

function neverLower(c: Case, o: { maxItems: number; transport: boolean }) {
  fc.assert(
    fc.property(basketArb(c, o), fc.nat(), fc.integer({ min: 1, max: 20_000 }), (g, k, by) => {
      const i = k % g.items.length;
      const before = assessed(toBasket(c, g), c.pack, c.ctx);
      const after = assessed(toBasket(c, raise(g, i, by)), c.pack, c.ctx);
      assert.ok(dec(after.total).gte(before.total), `total fell from ${before.total} to ${after.total}`);
      assert.ok(dec(after.dueAtBorder).gte(before.dueAtBorder), `dueAtBorder fell from ${before.dueAtBorder} to ${after.dueAtBorder}`);
    }),
    RUNS,
  );
}

describe('revenue engine properties: a higher unit price never lowers the total nor what is due at the border', () => {
  // Thresholds only make amounts jump up as a price crosses them (a relief is lost), so both must hold exactly.
  // Restricted to what the law makes monotone: one item (transport cannot move between items), or several items
  // without transport. With transport and several items, transport follows value shares and can move from a higher-rated
  // to a lower-rated (or relieved) item: see the pinned cases below.
  for (const c of CASES) {
    test(`one item with shipping and insurance: ${c.name}`, () => neverLower(c, { maxItems: 1, transport: true }));
    test(`several items without transport: ${c.name}`, () => neverLower(c, { maxItems: 4, transport: false }));
  }
});

describe('revenue engine: where a higher price lowers what is owed, as the rules say', () => {
  const books = pack({
    taxes: [{ code: 'VAT', name: 'VAT', rates: [
      { rate: '0.2', name: 'standard', source: SRC, validFrom: FROM },
      { rate: '0.05', name: 'books', hsPrefixes: ['4901'], source: SRC, validFrom: FROM },
    ] }],
  });

  test('a dearer low-rated item draws transport away from a higher-rated one, and the total falls', () => {
    // Shipping 10. T-shirt 1 (20 %) and book 1 (5 %): shares 5 / 5 → 6 × 0.2 = 1.20 + 6 × 0.05 = 0.30 → 1.50.
    // Book at 3: shares 2.5 / 7.5 → 3.5 × 0.2 = 0.70 + 10.5 × 0.05 = 0.525 → 0.53 → 1.23.
    const total = (book: string) => assessed(basket([item('610910', '1.00'), item('490199', book)], { shippingCost: '10' }), books).total;
    assert.equal(total('1.00'), '1.50');
    assert.equal(total('3.00'), '1.23');
  });

  test('per-line rounding of shifted transport shares can lower the total by a cent', () => {
    // The CIF pack under IOSS (so no de minimis): one VAT rate (19 %), flat duty 3 on item 0, handling fee 2; transport 18.90.
    // VAT collected at checkout is on the sale price (goods + transport share), not on the duty.
    // Both items at 0: equal shares 9.45. 9.45 × 0.19 = 1.7955 → 1.80 twice; + 3 + 2 = 8.60.
    // Item 0 at 0.01 takes all of it: 18.91 × 0.19 = 3.5929 → 3.59; item 1: 0; + 3 + 2 = 8.59.
    const taxCollected = { scheme: 'IOSS', registrationNumber: cif.scheme!, amount: '10.00', currency: 'EUR' };
    const total = (first: string) =>
      assessed(basket([item('6109100010', first), item('6109100010', '0.00')], { shippingCost: '14.42', insuranceCost: '4.48', taxCollected }), cif.pack, cif.ctx).total;
    assert.equal(total('0.00'), '8.60');
    assert.equal(total('0.01'), '8.59');
  });

  test('a flat duty above a lower tariff duty makes the total fall as the price crosses the ceiling', () => {
    // Flat EUR 3 per subheading ≤ EUR 150, book tariff free, VAT 20 % on CV + duty.
    // 150.00: 3.00 + (153 × 0.2 = 30.60) = 33.60. 150.01: 0.00 + 30.002 → 30.00.
    const p = pack({ taxes: [vat('0.2')], flatDuties: [{ amount: '3.00', per: 'tariff-subheading', ceiling: { amount: '150', basis: 'intrinsic', inclusive: true }, source: SRC, validFrom: FROM }] });
    const total = (price: string) => assessed(basket([item('490199', price)]), p, { tariff: [adValorem('49', '0')] }).total;
    assert.equal(total('150.00'), '33.60');
    assert.equal(total('150.01'), '30.00');
  });

  test('a per-item relief lets a relieved item draw transport from a taxed one (FOB with transport in the tax base)', () => {
    // GST 15 % on items over NZD 100; shipping 10. Taxed 200 and relieved 0: base 200 + 10 = 210 → 31.50.
    // Relieved item at 100: shares 20/3 and 10/3 → (200 + 6.666…) × 0.15 = 31.00; the relieved item pays nothing.
    const total = (relieved: string) => assessed(basket([item(undefined, '200.00'), item(undefined, relieved)], { destination: 'NZ', currency: 'NZD', shippingCost: '10' }), fob.pack, fob.ctx).taxTotal;
    assert.equal(total('0.00'), '31.50');
    assert.equal(total('100.00'), '31.00');
  });
});

const linesSum = (a: Assessment, keep: (l: Assessment['lines'][number]) => boolean) => sum(a.lines.filter(keep).map((l) => dec(l.amount)));

describe('revenue engine properties: the lines add up', () => {
  for (const c of CASES) {
    test(`lines sum to the total, each type to its total, border lines to dueAtBorder: ${c.name}`, () => {
      fc.assert(
        fc.property(basketArb(c, { maxItems: 5, transport: true, withoutCode: true }), (g) => {
          const a = assessed(toBasket(c, g), c.pack, c.ctx);
          assert.ok(linesSum(a, () => true).eq(a.total), `lines ≠ total ${a.total}`);
          assert.ok(linesSum(a, (l) => l.type === 'duty').eq(a.dutyTotal), 'duty lines ≠ dutyTotal');
          assert.ok(linesSum(a, (l) => l.type === 'tax').eq(a.taxTotal), 'tax lines ≠ taxTotal');
          assert.ok(linesSum(a, (l) => l.type === 'fee').eq(a.feesTotal), 'fee lines ≠ feesTotal');
          assert.ok(linesSum(a, (l) => l.dueAtBorder).eq(a.dueAtBorder), 'border lines ≠ dueAtBorder');
          assert.ok(dec(a.dutyTotal).plus(a.taxTotal).plus(a.feesTotal).eq(a.total), 'types ≠ total');
        }),
        RUNS,
      );
    });
  }
});

describe('revenue engine properties: amounts are written with the currency\'s minor digits', () => {
  const DIGITS: Record<string, number> = { EUR: 2, NZD: 2, CHF: 2, JPY: 0 };
  for (const c of CASES) {
    const digits = DIGITS[c.pack.currency]!;
    const shape = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${digits}}$`);
    const rounding = c.pack.rounding[0]!;
    test(`every amount has exactly ${digits} decimals and lines are multiples of the rounding increment: ${c.name}`, () => {
      fc.assert(
        fc.property(basketArb(c, { maxItems: 5, transport: true, withoutCode: true }), (g) => {
          const a = assessed(toBasket(c, g), c.pack, c.ctx);
          for (const [field, v] of Object.entries({
            intrinsicValue: a.intrinsicValue, customsValue: a.customsValue, dutyTotal: a.dutyTotal, taxTotal: a.taxTotal,
            feesTotal: a.feesTotal, total: a.total, alreadyCollected: a.alreadyCollected, dueAtBorder: a.dueAtBorder,
          })) {
            assert.match(v, shape, `${field} ${v}`);
          }
          for (const l of a.lines) {
            // Only a ROUNDING line may be negative (a total rounded down).
            assert.match(l.code === 'ROUNDING' ? l.amount.replace(/^-/, '') : l.amount, shape, `${l.code} ${l.amount}`);
            if (l.code !== 'ROUNDING') assert.ok(dec(l.amount).mod(rounding.line.increment).isZero(), `${l.code} ${l.amount} not a multiple of ${rounding.line.increment}`);
          }
          if (rounding.total) {
            for (const t of [a.dutyTotal, a.taxTotal, a.feesTotal]) assert.ok(dec(t).mod(rounding.total.increment).isZero(), `${t} not a multiple of ${rounding.total.increment}`);
          }
        }),
        RUNS,
      );
    });
  }
});
