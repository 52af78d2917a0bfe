// Cross-source consistency checks on a merged consignment, and data-quality flags on single filings.
import { Dec, dec, sum } from '../money/index.ts';
import type { Finding, ItemData, PartyData } from '../model/index.ts';
import type { MergedFields } from './fields.ts';

/**
 * Tolerance when comparing the payment with the order total: 1 % of the total, at least 0.01.
 * Card schemes and wallets round conversions and fees; a larger gap means the filings disagree.
 */
const PAYMENT_TOLERANCE = '0.01';
/** Declared net mass may exceed the carrier's gross mass by 5 % (scales, rounding) before it is a finding. */
const MASS_TOLERANCE = '1.05';
/** Words that say nothing about the goods (flagged, not rejected: data-model.md, Item.description). */
const VAGUE = new Set(['gift', 'gifts', 'goods', 'parts', 'sample', 'samples', 'items', 'stuff', 'merchandise', 'product', 'products', 'accessories', 'clothes', 'other']);

export function findings(fields: MergedFields): Finding[] {
  const out: Finding[] = [];
  checkPayment(fields, out);
  checkContents(fields, out);
  checkConsignee(fields, out);
  checkMass(fields, out);
  checkExport(fields, out);
  flagQuality(fields, out);
  return out;
}

/** The goods' price: quantity × unit price over every item, in the order's currency. */
export const goodsValue = (items: readonly ItemData[]): Dec => sum(items.map((i) => dec(i.unitPrice).times(i.quantity)));

/**
 * The goods may be declared for import at less than the export declaration's value by this share before it is a
 * warning: the export's statistical value includes costs to the border that a marketplace price need not, so some
 * gap is normal; under four fifths of it is not.
 */
const EXPORT_VALUE_TOLERANCE = '0.8';

/** The origin administration's export declaration against the import data (standard 12). */
function checkExport(f: MergedFields, out: Finding[]): void {
  const e = f.exportDeclaration;
  if (!e) return;
  const x = e.value;
  const departure = f.departureCountry?.value;
  if (departure !== undefined && departure !== x.exportingCountry) {
    out.push({ code: 'export-country-differs', severity: 'info', message: `exported from ${x.exportingCountry}, departed from ${departure}`, sources: [e.source, f.departureCountry!.source] });
  }
  const { items, currency } = f;
  if (!items || !currency) return;
  const sources = [e.source, items.source];
  const hs4 = (codes: Array<string | undefined>) => new Set(codes.filter((c): c is string => c !== undefined).map((c) => c.slice(0, 4)));
  const exported = hs4(x.items.map((i) => i.hsCode));
  const imported = hs4(items.value.map((i) => i.hsCode));
  if (exported.size > 0 && imported.size > 0 && ![...exported].some((h) => imported.has(h))) {
    out.push({
      code: 'export-goods-mismatch',
      severity: 'warning',
      message: `exported as HS ${[...exported].join(', ')}, declared for import as HS ${[...imported].join(', ')}`,
      sources,
    });
  }
  if (x.currency !== currency.value) {
    out.push({ code: 'export-currency-differs', severity: 'info', message: `export declared in ${x.currency}, order in ${currency.value}: values not compared`, sources });
    return;
  }
  const exportValue = sum(x.items.map((i) => dec(i.value)));
  const importValue = goodsValue(items.value);
  if (importValue.lt(exportValue.times(EXPORT_VALUE_TOLERANCE))) {
    out.push({
      code: 'export-value-mismatch',
      severity: 'warning',
      message: `goods declared for import at ${importValue.toFixed()} ${x.currency}, exported at ${exportValue.toFixed()} ${x.currency} (${x.authority}, ${x.exportDeclarationId})`,
      sources,
    });
  }
}

function checkPayment(f: MergedFields, out: Finding[]): void {
  const { payment, items, currency } = f;
  if (!payment || !items || !currency) return;
  const sources = [payment.source, items.source];
  if (payment.value.currency !== currency.value) {
    out.push({
      code: 'payment-currency-mismatch',
      severity: 'info',
      message: `payment in ${payment.value.currency}, order in ${currency.value}: amounts not compared`,
      sources,
    });
    return;
  }
  const total = goodsValue(items.value)
    .plus(f.shippingCost?.value ?? '0')
    .plus(f.insuranceCost?.value ?? '0');
  const paid = dec(payment.value.amount);
  // Tax collected at checkout (IOSS and similar) is part of what the buyer paid.
  const collected = f.taxCollected?.value;
  const tax = collected && collected.currency === currency.value ? dec(collected.amount) : dec(0);
  const tolerance = Dec.max(total.times(PAYMENT_TOLERANCE), dec('0.01'));
  const matches = paid.minus(total).abs().lte(tolerance) || paid.minus(total.plus(tax)).abs().lte(tolerance);
  if (!matches) {
    out.push({
      code: 'payment-mismatch',
      severity: 'warning',
      message: `paid ${paid.toString()} ${currency.value}, order total ${total.toString()}${tax.isZero() ? '' : ` (+ ${tax.toString()} tax collected)`}`,
      sources,
    });
  }
}

const heading = (hs: string | undefined): string | undefined => hs?.slice(0, 4);
const quantity = (items: ItemData[]): number => items.reduce((n, i) => n + i.quantity, 0);

function checkContents(f: MergedFields, out: Finding[]): void {
  const { contents, items } = f;
  if (!contents || !items || contents.source === items.source) return;
  const problems: string[] = [];
  const ordered = quantity(items.value);
  const carried = quantity(contents.value);
  if (ordered !== carried) problems.push(`${carried} pieces carried, ${ordered} ordered`);
  const orderedHeadings = new Set(items.value.map((i) => heading(i.hsCode)).filter((h) => h !== undefined));
  const carriedHeadings = contents.value.map((i) => heading(i.hsCode)).filter((h) => h !== undefined);
  const foreign = carriedHeadings.filter((h) => orderedHeadings.size > 0 && !orderedHeadings.has(h));
  if (foreign.length > 0) problems.push(`carrier declares HS heading ${[...new Set(foreign)].join(', ')} not in the order`);
  if (problems.length > 0) {
    out.push({ code: 'contents-mismatch', severity: 'warning', message: problems.join('; '), sources: [contents.source, items.source] });
  }
}

/** Lower-case, strip accents and punctuation, so "José  Núñez" and "jose nunez" compare equal. */
const normalise = (s: string): string =>
  s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const words = (s: string): string[] => normalise(s).split(' ').filter((t) => t.length > 0);

/**
 * Same person when every word of the shorter name is in the longer one, in any order ("Li Wei" / "Wei Li",
 * "Anna Müller" / "Anna Maria Müller"); a one-letter word is an initial and matches a word it begins
 * ("A. Smith" / "Anna Smith"). "John Smith" and "Jane Smith" are two people.
 */
function sameName(a: string, b: string): boolean {
  if (normalise(a).replace(/ /g, '') === normalise(b).replace(/ /g, '')) return true;
  const [short, long] = [words(a), words(b)].sort((x, y) => x.length - y.length) as [string[], string[]];
  if (short.length === 0) return false;
  const unused = [...long];
  for (const w of short) {
    const i = unused.findIndex((u) => u === w || (w.length === 1 && u.startsWith(w)) || (u.length === 1 && w.startsWith(u)));
    if (i === -1) return false;
    unused.splice(i, 1);
  }
  return true;
}

function checkConsignee(f: MergedFields, out: Finding[]): void {
  const { consignee, buyer } = f;
  if (!consignee || !buyer || consignee.source === buyer.source) return;
  const c: PartyData = consignee.value;
  const b: PartyData = buyer.value;
  const problems: string[] = [];
  if (c.address.country !== b.address.country) problems.push(`country ${c.address.country} vs ${b.address.country}`);
  const pc = (p: PartyData) => (p.address.postcode ? normalise(p.address.postcode).replace(/ /g, '') : undefined);
  if (pc(c) && pc(b) && pc(c) !== pc(b)) problems.push(`postcode ${c.address.postcode} vs ${b.address.postcode}`);
  if (!sameName(c.name, b.name)) problems.push(`name "${c.name}" vs "${b.name}"`);
  if (problems.length > 0) {
    out.push({
      code: 'consignee-mismatch',
      severity: 'warning',
      message: `carrier's consignee differs from the buyer: ${problems.join('; ')}`,
      sources: [consignee.source, buyer.source],
    });
  }
}

function netMass(items: ItemData[]): Dec | undefined {
  if (!items.every((i) => i.netMassKg !== undefined)) return undefined;
  return sum(items.map((i) => dec(i.netMassKg!).times(i.quantity)));
}

function checkMass(f: MergedFields, out: Finding[]): void {
  const { grossMassKg } = f;
  if (!grossMassKg) return;
  const declared = f.items ?? f.contents;
  if (!declared) return;
  const net = netMass(declared.value);
  if (net === undefined) return;
  if (net.gt(dec(grossMassKg.value).times(MASS_TOLERANCE))) {
    out.push({
      code: 'mass-mismatch',
      severity: 'warning',
      message: `declared net mass ${net.toString()} kg exceeds the gross mass ${grossMassKg.value} kg`,
      sources: [declared.source, grossMassKg.source],
    });
  }
}

function flagQuality(f: MergedFields, out: Finding[]): void {
  const items = f.items;
  if (!items) return;
  if (f.transaction?.value === 'documents' && f.currency) {
    const value = goodsValue(items.value);
    if (!value.isZero()) {
      out.push({
        code: 'documents-with-value',
        severity: 'warning',
        message: `declared as documents, but the items are priced at ${value.toString()} ${f.currency.value}`,
        sources: [f.transaction.source, items.source],
      });
    }
  }
  items.value.forEach((item, i) => {
    if (VAGUE.has(normalise(item.description))) {
      out.push({ code: 'vague-description', severity: 'info', message: `item ${i}: "${item.description}" does not describe the goods`, sources: [items.source] });
    }
    if (item.hsCode === undefined) {
      out.push({ code: 'missing-hs-code', severity: 'info', message: `item ${i} has no HS code`, sources: [items.source] });
    }
  });
}
