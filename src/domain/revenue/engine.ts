// The duty and tax engine: what the law of one pack says is due on one basket on one day, every line explained.
import { factOn, inForce, thresholdOn, type Pack, type Rounding, type RoundingRule, type Scheme, type TaxRate, type Threshold } from '../jurisdiction/index.ts';
import { Fixed, within } from '../money/index.ts';

/** The engine computes in fixed-point decimals (18 places, see money/fixed.ts for the rounding rules). */
type Dec = Fixed;
const sum = (xs: Iterable<Fixed>): Fixed => Fixed.sum(xs);
import { currencyDigits } from '../validation/index.ts';
import type {
  Assessment,
  AssessResult,
  Basket,
  ChargeType,
  DutyRate,
  ExchangeRate,
  RevenueContext,
  RevenueFinding,
  RevenueLine,
} from './types.ts';

const ZERO = Fixed.ZERO;
const ONE = Fixed.ONE;
const HUNDRED = Fixed.of(100);

/** A line before rounding: the raw amount keeps full precision for taxes computed on it. */
interface Draft {
  type: ChargeType;
  code: string;
  item: number | null;
  basis: Dec;
  rate: string;
  raw: Dec;
  /** `raw` rounded by the pack's line rule, once the line is final. */
  amount?: Dec;
  dueAtBorder: boolean;
  source: string;
  explanation: string;
}

type Refusal = Extract<AssessResult, { ok: false }>;

/** Assess a basket under a pack: customs value, duty, taxes, fees, reliefs and who collects what (docs/revenue.md). */
export function assess(basket: Basket, pack: Pack, ctx: RevenueContext): AssessResult {
  const { day } = ctx;
  const destinations = pack.destinations ?? [pack.homeCountry];
  if (!destinations.includes(basket.destination)) {
    return refuse('unknown-destination', '/destination', `${basket.destination} is not a destination of pack ${pack.id} (${destinations.join(', ')})`);
  }
  const valuation = factOn(pack.valuation, day);
  const rounding = factOn(pack.rounding, day);
  if (!valuation || !rounding) {
    return refuse('no-rules-in-force', '/date', `pack ${pack.id}@${pack.version} has no ${!valuation ? 'valuation' : 'rounding'} rule in force on ${day}`);
  }
  const converter = converterFor(basket.currency, pack, ctx, '/currency');
  if (!converter.ok) return converter;
  const toPack = converter.convert;
  const cur = pack.currency;
  const digits = currencyDigits(cur) ?? 2;
  const notes: string[] = [];
  const reliefs: Assessment['reliefs'] = [];
  const findings: RevenueFinding[] = [];
  if (converter.rate) {
    notes.push(`prices converted at ${converter.rate.perUnit} ${basket.currency} per ${cur} (${converter.rate.source}, valid from ${converter.rate.validFrom})`);
  }

  // Values in the pack's currency, unrounded.
  const items = basket.items;
  const n = items.length;
  const unit: Dec[] = new Array(n);
  const value: Dec[] = new Array(n);
  let intrinsic = ZERO;
  for (let i = 0; i < n; i++) {
    unit[i] = toPack(items[i]!.unitPrice);
    value[i] = unit[i]!.times(items[i]!.quantity);
    intrinsic = intrinsic.plus(value[i]!);
  }
  const transport = toPack(basket.shippingCost ?? '0').plus(toPack(basket.insuranceCost ?? '0'));
  // Each item's share of the goods value: transport, consignment-level duty and fees are apportioned by it.
  const weight: Dec[] = new Array(n);
  const carriage: Dec[] = new Array(n);
  for (let i = 0; i < n; i++) {
    weight[i] = n === 1 ? ONE : intrinsic.isZero() ? ONE.div(n) : value[i]!.div(intrinsic);
    carriage[i] = n === 1 ? transport : transport.times(weight[i]!);
  }
  const factor = valuation.personalUseFactor !== undefined ? Fixed.of(valuation.personalUseFactor) : undefined;
  const cif = valuation.basis === 'CIF';
  const customs: Dec[] = new Array(n);
  let customsValue = ZERO;
  for (let i = 0; i < n; i++) {
    const goods = factor === undefined ? value[i]! : value[i]!.times(factor);
    customs[i] = cif ? goods.plus(carriage[i]!) : goods;
    customsValue = customsValue.plus(customs[i]!);
  }
  if (valuation.personalUseFactor !== undefined) {
    notes.push(`personal import: goods valued at ${pct(valuation.personalUseFactor)} of the retail price (${valuation.source})`);
  }

  const done = { pack, basket, day, digits, rounding, rate: converter.rate, intrinsic, customsValue, notes, reliefs, findings };
  const documents = pack.documentTransactions;
  if (basket.transaction !== undefined && documents.transactions.includes(basket.transaction) && intrinsic.isZero()) {
    notes.push(`correspondence and documents with no commercial value: nothing is due (${documents.source})`);
    return { ok: true, assessment: finish(done, [], null, null, ZERO) };
  }

  // A scheme under which tax was collected at checkout.
  const { scheme, recognised } = recognise(basket, pack, day, ctx, unit, intrinsic, customsValue);
  let alreadyCollected = ZERO;
  if (scheme) {
    if (recognised) {
      const collected = converterFor(basket.taxCollected!.currency, pack, ctx, '/taxCollected/currency');
      if (!collected.ok) return collected;
      alreadyCollected = collected.convert(basket.taxCollected!.amount);
      notes.push(scheme.reason);
    } else {
      findings.push({ code: 'scheme-not-recognised', message: `${scheme.reason}: the tax is due at the border` });
    }
  }

  const gift = basket.transaction === 'gift' && !basket.viaPlatform ? thresholdOn(pack.giftRelief, day, basket) : undefined;
  if (gift && within(gift.basis === 'customs-value' ? customsValue : intrinsic, gift.amount, gift.inclusive)) {
    notes.push(`non-commercial gift within the ${cur} ${gift.amount} relief: no duty and no tax (${gift.source})`);
    reliefs.push({ charge: 'all', threshold: gift.amount, source: gift.source });
    return { ok: true, assessment: finish(done, [], null, null, ZERO) };
  }

  const regime = (pack.regimes ?? []).find(
    (r) => inForce(r, day) && (!r.requiresPlatform || basket.viaPlatform === true) && fitsCeiling(r.ceiling, intrinsic, customsValue, unit),
  );
  if (regime) notes.push(`${regime.name}: duty × ${regime.dutyFactor}, taxes × ${regime.taxFactor} (${regime.source})`);

  // Duty.
  const duty: Draft[] = [];
  const flat = (pack.flatDuties ?? []).find(
    (f) =>
      inForce(f, day) &&
      fitsCeiling(f.ceiling, intrinsic, customsValue, unit) &&
      (f.schemes === undefined || (recognised !== undefined && f.schemes.includes(recognised.scheme))),
  );
  if (flat) {
    const amount = Fixed.of(flat.amount);
    const rate = `${cur} ${flat.amount} per ${flat.per.replace('-', ' ')}`;
    if (flat.per === 'consignment') {
      duty.push(draft('duty', 'FLAT', null, ONE, rate, amount, flat.source, `flat duty for the consignment`));
    } else if (flat.per === 'item') {
      items.forEach((it, i) => duty.push(draft('duty', 'FLAT', i, Fixed.of(it.quantity), rate, amount.times(it.quantity), flat.source, `flat duty × ${it.quantity} units`)));
    } else {
      for (const [sub, first] of subheadings(basket)) {
        duty.push(draft('duty', 'FLAT', first, ONE, rate, amount, flat.source, `flat duty for tariff subheading ${sub}`));
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const line = tariffDuty(i, basket, ctx, customs[i]!, value, intrinsic, cur, findings, notes);
      if (line) duty.push(line);
    }
  }
  if (regime) scale(duty, regime.dutyFactor, regime.name);
  relieve(duty, thresholdOn(pack.dutyDeMinimis, day, basket), 'duty', { basket, unit, intrinsic, customsValue, notes, reliefs, cur });

  // Fees that enter the tax base (those not conditional on something being due).
  const fees: Draft[] = [];
  for (const f of feesDue(pack, day, basket, customsValue, false)) fees.push(feeLine(f, basket, customsValue, cur));
  const feeTotal = sum(fees.map((f) => f.raw));

  // Taxes, item by item, in the pack's order (a tax named in onTaxes is computed first).
  const taxes: Draft[] = [];
  const taxOf = new Map<string, Dec[]>();
  const dutyOf: Dec[] = new Array(n).fill(ZERO);
  for (const d of duty) {
    if (d.item !== null) dutyOf[d.item] = dutyOf[d.item]!.plus(d.raw);
    else for (let i = 0; i < n; i++) dutyOf[i] = dutyOf[i]!.plus(d.raw.times(weight[i]!));
  }
  const atCheckout = recognised?.covers.includes('tax') === true;
  for (const def of pack.taxes) {
    const amounts: Dec[] = new Array(n).fill(ZERO);
    for (let i = 0; i < n; i++) {
      const rate = taxRate(def.rates, day, basket.destination, items[i]!.hsCode);
      if (!rate) continue;
      let base: Dec;
      if (atCheckout) {
        // Tax collected at checkout is tax on the sale: the price the buyer paid for the goods and their transport,
        // without import duty or fees (VAT Directive Art. 73 and 78 for IOSS; the other schemes tax the sale alike).
        base = value[i]!.plus(carriage[i]!);
      } else {
        base = customs[i]!;
        if (!cif && valuation.taxBase.transport) base = base.plus(carriage[i]!);
        if (valuation.taxBase.duty) base = base.plus(dutyOf[i]!);
        if (valuation.taxBase.fees && !feeTotal.isZero()) base = base.plus(feeTotal.times(weight[i]!));
      }
      for (const code of def.onTaxes ?? []) base = base.plus(taxOf.get(code)?.[i] ?? ZERO);
      const r = Fixed.of(rate.rate);
      let amount = def.inclusive ? base.times(r).div(ONE.minus(r)) : base.times(r);
      // A tax on this tax is computed on its normal amount: the regime's factor applies to each tax once (CBEC: 70 % of each statutory tax).
      amounts[i] = amount;
      if (regime) amount = amount.times(regime.taxFactor);
      const label = `${pct(rate.rate)} (${rate.name})`;
      const how = def.inclusive
        ? `${def.code} on a base that includes itself: base × r / (1 − r)`
        : atCheckout
          ? `${def.code} on the sale price (goods and transport charged), collected at checkout under ${recognised!.scheme}`
          : `${def.code} on ${describeBase(cif, valuation.taxBase, def.onTaxes)}`;
      taxes.push(draft('tax', def.code, i, base, label, amount, rate.source, regime ? `${how}, × ${regime.taxFactor} (${regime.name})` : how));
    }
    taxOf.set(def.code, amounts);
  }
  if (atCheckout) {
    for (const t of taxes) t.dueAtBorder = false;
  } else {
    relieve(taxes, thresholdOn(pack.taxDeMinimis, day, basket), 'tax', { basket, unit, intrinsic, customsValue, notes, reliefs, cur });
  }
  if (recognised?.covers.includes('duty')) for (const d of duty) d.dueAtBorder = false;

  // Duty and tax lines are final now: round each once (fees conditional on what is due depend on the rounded amounts).
  const charges = [...duty, ...taxes];
  for (const l of charges) l.amount = roundTo(l.raw, rounding.line);
  if (charges.some((l) => l.dueAtBorder && !l.amount!.isZero())) {
    for (const f of feesDue(pack, day, basket, customsValue, true)) fees.push(feeLine(f, basket, customsValue, cur));
  }

  if (recognised) {
    const owed = sum(charges.filter((l) => !l.dueAtBorder).map((l) => l.amount!));
    if (alreadyCollected.lt(owed)) {
      findings.push({
        code: 'tax-shortfall',
        message: `${recognised.scheme} collected ${alreadyCollected.toFixed(digits)} ${cur} at checkout, ${owed.toFixed(digits)} ${cur} is due: short by ${owed.minus(alreadyCollected).toFixed(digits)}`,
      });
    }
  }
  const collectedBy = recognised ? (basket.viaPlatform ? 'intermediary' : 'vendor') : null;
  return { ok: true, assessment: finish(done, [...charges, ...fees], collectedBy, scheme, alreadyCollected) };
}

function refuse(code: Refusal['code'], path: string, message: string): Refusal {
  return { ok: false, code, path, message };
}

type Converter = { ok: true; rate: ExchangeRate | null; convert: (amount: string) => Dec } | Refusal;

function converterFor(currency: string, pack: Pack, ctx: RevenueContext, path: string): Converter {
  if (currency === pack.currency) return { ok: true, rate: null, convert: (a) => Fixed.of(a) };
  const rate = ctx.rate(currency, ctx.day);
  if (!rate) {
    return refuse(
      'no-exchange-rate',
      path,
      `no ${currency}/${pack.currency} exchange rate covers ${ctx.day} (pack ${pack.id} uses the ${pack.exchangeRates.publisher} ${pack.exchangeRates.rule} rate; load it with \`clearway rates import\`)`,
    );
  }
  const perUnit = Fixed.of(rate.perUnit);
  if (!perUnit.gt(0)) {
    return refuse('no-exchange-rate', path, `the ${currency}/${pack.currency} rate loaded for ${ctx.day} (${rate.perUnit}) is not a positive amount at 18 decimals`);
  }
  return { ok: true, rate, convert: (a) => Fixed.of(a).div(perUnit) };
}

/** The scheme the basket says collected tax at checkout, and the pack's definition of it when it is recognised. */
function recognise(
  basket: Basket,
  pack: Pack,
  day: string,
  ctx: RevenueContext,
  unit: Dec[],
  intrinsic: Dec,
  customsValue: Dec,
): { scheme: Assessment['scheme']; recognised?: Scheme } {
  const tc = basket.taxCollected;
  if (!tc) return { scheme: null };
  const refused = (reason: string) => ({ scheme: { scheme: tc.scheme, registrationNumber: tc.registrationNumber, recognised: false, reason } });
  const s = pack.schemes.find((x) => x.scheme === tc.scheme && inForce(x, day));
  if (!s) return refused(`scheme ${tc.scheme} is not recognised by pack ${pack.id} on ${day}`);
  if (!formatOf(s.registrationFormat).test(tc.registrationNumber)) {
    return refused(`${tc.registrationNumber} is not a valid ${s.scheme} number (format ${s.registrationFormat})`);
  }
  const registered = ctx.registered?.(s.scheme, tc.registrationNumber, day);
  if (registered === false) return refused(`${tc.registrationNumber} is not in the ${s.scheme} registry on ${day}`);
  if (!fitsCeiling(s.ceiling, intrinsic, customsValue, unit)) {
    return refused(`${s.scheme} covers only ${s.ceiling.basis === 'item' ? 'items' : 'consignments'} ${s.ceiling.inclusive ? 'up to' : 'under'} ${pack.currency} ${s.ceiling.amount}`);
  }
  const how = registered === undefined ? 'format checked, no registry loaded' : 'found in the registry';
  return {
    scheme: { scheme: tc.scheme, registrationNumber: tc.registrationNumber, recognised: true, reason: `${s.name}: tax collected at checkout under ${tc.registrationNumber} (${how}; ${s.source})` },
    recognised: s,
  };
}



/** A ceiling on the consignment's value, or on each item's unit price when its basis is `item`. */
const fitsCeiling = (c: { basis: Threshold['basis']; amount: string; inclusive: boolean }, intrinsic: Dec, customsValue: Dec, unit: Dec[]): boolean =>
  c.basis === 'item' ? unit.every((u) => within(u, c.amount, c.inclusive)) : within(measure(c.basis, intrinsic, customsValue), c.amount, c.inclusive);

const measure = (basis: Threshold['basis'], intrinsic: Dec, customsValue: Dec): Dec => (basis === 'customs-value' ? customsValue : intrinsic);

const excluded = (t: Threshold, hs: string | undefined): boolean => hs !== undefined && (t.excludedHs ?? []).some((p) => hs.startsWith(p));

/** Remove the lines a de minimis relieves (item by item for per-item thresholds), with a note naming the relief whenever it applies. */
function relieve(
  lines: Draft[],
  t: Threshold | undefined,
  what: 'duty' | 'tax',
  c: { basket: Basket; unit: Dec[]; intrinsic: Dec; customsValue: Dec; notes: string[]; reliefs: Assessment['reliefs']; cur: string },
): void {
  if (!t) return;
  const items = c.basket.items;
  const eligible = (l: Draft) => l.item === null || !excluded(t, items[l.item]?.hsCode);
  let relieved: (l: Draft) => boolean;
  let applies: boolean;
  if (t.basis === 'item') {
    relieved = (l) => eligible(l) && l.item !== null && within(c.unit[l.item]!, t.amount, t.inclusive);
    applies = items.some((it, i) => !excluded(t, it.hsCode) && within(c.unit[i]!, t.amount, t.inclusive));
  } else {
    const amount = t.basis === 'duty-amount' || t.basis === 'tax-amount' ? sum(lines.filter(eligible).map((l) => l.raw)) : measure(t.basis, c.intrinsic, c.customsValue);
    applies = within(amount, t.amount, t.inclusive) && (lines.length > 0 || (t.basis !== 'duty-amount' && t.basis !== 'tax-amount'));
    relieved = eligible;
  }
  if (!applies) return;
  const on = t.basis === 'item' ? 'item price' : t.basis.replace('-', ' ');
  c.notes.push(`${what} relief: ${on} ${t.inclusive ? '≤' : '<'} ${c.cur} ${t.amount} (${t.source})`);
  c.reliefs.push({ charge: what, threshold: t.amount, source: t.source });
  const kept = lines.filter((l) => !relieved(l));
  lines.splice(0, lines.length, ...kept);
}

function scale(lines: Draft[], factor: string, why: string): void {
  const f = Fixed.of(factor);
  for (const l of lines) {
    l.raw = l.raw.times(f);
    l.explanation += `, × ${factor} (${why})`;
  }
}

/** Distinct 6-digit tariff subheadings among the items, each with the first item in it. */
function subheadings(basket: Basket): Map<string, number> {
  const subs = new Map<string, number>();
  basket.items.forEach((it, i) => {
    const key = it.hsCode ? it.hsCode.slice(0, 6) : `item ${i + 1} (no HS code)`;
    if (!subs.has(key)) subs.set(key, i);
  });
  return subs;
}

function tariffDuty(
  i: number,
  basket: Basket,
  ctx: RevenueContext,
  customs: Dec,
  value: Dec[],
  intrinsic: Dec,
  cur: string,
  findings: RevenueFinding[],
  notes: string[],
): Draft | undefined {
  const item = basket.items[i]!;
  if (!item.hsCode) {
    findings.push({ code: 'missing-hs-code', message: `item ${i + 1} has no HS code: its duty cannot be assessed` });
    return undefined;
  }
  if (ctx.subheading && ctx.subheading(item.hsCode.slice(0, 6)) === undefined) {
    findings.push({ code: 'unknown-hs-code', message: `HS ${item.hsCode} (item ${i + 1}) is not in an HS 2022 subheading` });
  }
  const line = ctx.tariff(item.hsCode, ctx.day);
  if (!line) {
    findings.push({ code: 'no-tariff-line', message: `no tariff line for HS ${item.hsCode} (item ${i + 1}) in force on ${ctx.day}: duty not assessed` });
    return undefined;
  }
  const rate = line.duty;
  const parts: Dec[] = [];
  let basis = customs;
  if (rate.adValorem !== undefined) parts.push(customs.times(rate.adValorem));
  if (rate.specific) {
    const units = specificUnits(rate, item, i, basket, value, intrinsic, findings, notes);
    if (rate.adValorem === undefined) basis = units ?? ZERO;
    parts.push(units === undefined ? ZERO : units.times(rate.specific.amount));
  }
  const combine = rate.combine ?? 'sum';
  const amount = parts.length === 1 ? parts[0]! : combine === 'max' ? Fixed.max(...parts) : combine === 'min' ? Fixed.min(...parts) : sum(parts);
  return draft('duty', 'MFN', i, basis, describeRate(rate, cur), amount, line.source, `HS ${line.hs} ${line.description}`);
}

function specificUnits(
  rate: DutyRate,
  item: Basket['items'][number],
  i: number,
  basket: Basket,
  value: Dec[],
  intrinsic: Dec,
  findings: RevenueFinding[],
  notes: string[],
): Dec | undefined {
  const u = rate.specific!.unit;
  if (u === 'item' || u === 'pair') return Fixed.of(item.quantity);
  if (item.netMassKg !== undefined) return Fixed.of(item.netMassKg);
  if (basket.grossMassKg !== undefined) {
    const gross = Fixed.of(basket.grossMassKg);
    const mass = intrinsic.isZero() ? gross.div(basket.items.length) : gross.times(value[i]!).div(intrinsic);
    notes.push(`item ${i + 1}: no net mass, the parcel's gross mass apportioned by value (${mass.toDecimalPlaces(3).toString()} kg)`);
    return mass;
  }
  findings.push({ code: 'mass-missing', message: `item ${i + 1}: a duty per ${u} needs its mass, which no filing gives` });
  return undefined;
}

function describeRate(rate: DutyRate, cur: string): string {
  const parts: string[] = [];
  if (rate.adValorem !== undefined) parts.push(pct(rate.adValorem));
  if (rate.specific) parts.push(`${cur} ${rate.specific.amount}/${rate.specific.unit}`);
  const joiner = rate.combine === 'max' ? ' or, if higher, ' : rate.combine === 'min' ? ' or, if lower, ' : ' + ';
  return parts.join(joiner);
}

function describeBase(cif: boolean, base: { transport: boolean; duty: boolean; fees: boolean }, onTaxes?: string[]): string {
  const parts = ['customs value'];
  if (!cif && base.transport) parts.push('transport and insurance');
  if (base.duty) parts.push('duty');
  if (base.fees) parts.push('fees');
  for (const t of onTaxes ?? []) parts.push(t);
  return parts.join(' + ');
}

/** A tax's rates for one destination (its own and those without a region), computed once per pack and destination. */
const ratesByDestination = new WeakMap<readonly TaxRate[], Map<string, TaxRate[]>>();
function ratesFor(rates: readonly TaxRate[], destination: string): TaxRate[] {
  let byDest = ratesByDestination.get(rates);
  if (!byDest) ratesByDestination.set(rates, (byDest = new Map()));
  let list = byDest.get(destination);
  if (!list) byDest.set(destination, (list = rates.filter((r) => r.region === undefined || r.region === destination)));
  return list;
}

function taxRate(rates: readonly TaxRate[], day: string, destination: string, hs: string | undefined): TaxRate | undefined {
  let best: TaxRate | undefined;
  let bestScore = -1;
  for (const r of ratesFor(rates, destination)) {
    if (!inForce(r, day)) continue;
    let prefix = 0;
    if (r.hsPrefixes) {
      if (!hs) continue;
      for (const p of r.hsPrefixes) if (hs.startsWith(p) && p.length > prefix) prefix = p.length;
      if (prefix === 0) continue;
    }
    // A region-specific rate beats a general one; then the longest HS prefix beats a shorter one or none.
    const score = (r.region !== undefined ? 100 : 0) + prefix;
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}

/** The fees in force for the basket, with (`border`) or without the condition that something is due at the border. */
function feesDue(pack: Pack, day: string, basket: Basket, customsValue: Dec, border: boolean): Pack['fees'] {
  return pack.fees.filter((f) => inForce(f, day) && (f.when?.dueAtBorder === true) === border && feeApplies(f, basket, customsValue));
}

function feeApplies(f: Pack['fees'][number], basket: Basket, customsValue: Dec): boolean {
  const w = f.when;
  if (!w) return true;
  if (w.services && (basket.service === undefined || !w.services.includes(basket.service))) return false;
  if (w.regions && !w.regions.includes(basket.destination)) return false;
  if (w.above !== undefined && !customsValue.gt(w.above)) return false;
  if (w.upTo !== undefined && !customsValue.lte(w.upTo)) return false;
  return true;
}

function feeLine(f: Pack['fees'][number], basket: Basket, customsValue: Dec, cur: string): Draft {
  if (f.rate !== undefined) {
    let amount = customsValue.times(f.rate);
    if (f.minimum !== undefined) amount = Fixed.max(amount, Fixed.of(f.minimum));
    if (f.maximum !== undefined) amount = Fixed.min(amount, Fixed.of(f.maximum));
    const bounds = [f.minimum && `min ${cur} ${f.minimum}`, f.maximum && `max ${cur} ${f.maximum}`].filter(Boolean).join(', ');
    return draft('fee', f.code, null, customsValue, `${pct(f.rate)}${bounds ? ` (${bounds})` : ''}`, amount, f.source, f.name);
  }
  const units = f.per === 'consignment' ? 1 : f.per === 'item' ? basket.items.length : subheadings(basket).size;
  const amount = Fixed.of(f.amount ?? '0');
  return draft('fee', f.code, null, Fixed.of(units), `${cur} ${f.amount} per ${f.per.replace('-', ' ')}`, amount.times(units), f.source, f.name);
}

function draft(type: ChargeType, code: string, item: number | null, basis: Dec, rate: string, raw: Dec, source: string, explanation: string): Draft {
  return { type, code, item, basis, rate, raw, dueAtBorder: true, source, explanation };
}

/** A decimal fraction as the law writes it: "0.19" → "19%". */
const percents = new Map<string, string>();
const pct = (fraction: string): string => {
  let p = percents.get(fraction);
  if (p === undefined) percents.set(fraction, (p = `${Fixed.of(fraction).times(HUNDRED).toString()}%`));
  return p;
};

/** Registration formats compiled once (packs are loaded once and their patterns never change). */
const formats = new Map<string, RegExp>();
const formatOf = (pattern: string): RegExp => {
  let r = formats.get(pattern);
  if (r === undefined) formats.set(pattern, (r = new RegExp(pattern)));
  return r;
};

/** Round to a multiple of the rule's increment, in the rule's direction (half-up, down or up). */
export function roundTo(x: Dec, rule: RoundingRule): Dec {
  return x.roundTo(rule.increment, rule.mode);
}

interface Done {
  pack: Pack;
  basket: Basket;
  day: string;
  digits: number;
  rounding: Rounding;
  rate: ExchangeRate | null;
  intrinsic: Dec;
  customsValue: Dec;
  notes: string[];
  reliefs: Assessment['reliefs'];
  findings: RevenueFinding[];
}

function finish(a: Done, drafts: Draft[], collectedBy: Assessment['collectedBy'], scheme: Assessment['scheme'], alreadyCollected: Dec): Assessment {
  const { digits, rounding } = a;
  const lines: RevenueLine[] = [];
  const totals: Record<ChargeType, Dec> = { duty: ZERO, tax: ZERO, fee: ZERO };
  let due = ZERO;
  for (const d of drafts) {
    const amount = d.amount ?? roundTo(d.raw, rounding.line);
    totals[d.type] = totals[d.type].plus(amount);
    if (d.dueAtBorder) due = due.plus(amount);
    lines.push({
      type: d.type,
      code: d.code,
      item: d.item,
      basis: d.basis.toDecimalPlaces(Math.max(digits, 3)).toString(),
      rate: d.rate,
      amount: toFixedPlaces(digits, amount),
      dueAtBorder: d.dueAtBorder,
      source: d.source,
      explanation: d.explanation,
    });
  }
  if (rounding.total) {
    for (const type of ['duty', 'tax', 'fee'] as const) {
      const rounded = roundTo(totals[type], rounding.total);
      const diff = rounded.minus(totals[type]);
      if (diff.isZero()) continue;
      // The difference is due where the type's lines are: at the border if any of them is.
      const border = drafts.some((l) => l.type === type && l.dueAtBorder);
      if (border) due = due.plus(diff);
      totals[type] = rounded;
      lines.push({
        type,
        code: 'ROUNDING',
        item: null,
        basis: '0',
        rate: `total rounded ${rounding.total.mode} to ${rounding.total.increment}`,
        amount: toFixedPlaces(digits, diff),
        dueAtBorder: border,
        source: rounding.source,
        explanation: `the ${type} total is rounded ${rounding.total.mode} to a multiple of ${rounding.total.increment}`,
      });
    }
  }
  const total = totals.duty.plus(totals.tax).plus(totals.fee);
  return {
    packVersion: `${a.pack.id}@${a.pack.version}`,
    day: a.day,
    destination: a.basket.destination,
    currency: a.pack.currency,
    exchangeRate: a.rate,
    intrinsicValue: toFixedPlaces(digits, a.intrinsic),
    customsValue: toFixedPlaces(digits, a.customsValue),
    dutyTotal: toFixedPlaces(digits, totals.duty),
    taxTotal: toFixedPlaces(digits, totals.tax),
    feesTotal: toFixedPlaces(digits, totals.fee),
    total: toFixedPlaces(digits, total),
    alreadyCollected: toFixedPlaces(digits, alreadyCollected),
    dueAtBorder: toFixedPlaces(digits, due),
    collectedBy,
    scheme,
    lines,
    notes: a.notes,
    reliefs: a.reliefs,
    findings: a.findings,
  };
}

const toFixedPlaces = (digits: number, x: Dec): string => x.toFixed(digits);
