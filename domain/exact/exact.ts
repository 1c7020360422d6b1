import { digitCount, dropDigits, pow10, type Rounding, twicePow10 } from "./digits";

/**
 * Significant digits every result keeps, rounding half up beyond them: the arithmetic of the Decimal
 * this core replaces in the assessment (domain/decimal.ts, precision 28). Recorded assessments were
 * computed that way, so reproducing them byte for byte means rounding exactly there and nowhere else.
 */
const PRECISION = 28;
const LIMIT = pow10(PRECISION);

const DECIMAL_TEXT = /^-?\d+(?:\.\d+)?$/;

const MODE_CODES: Record<Rounding, number> = { down: 0, up: 1, halfUp: 2, halfEven: 3 };

/**
 * An exact decimal: `units / 10^scale`, with a bigint for the units. The assessment's arithmetic runs
 * on it because decimal.js, which computes the same thing digit by digit in arrays, spent most of an
 * assessment's time in its constructor, its rounding and `toFixed`. Every operation gives what the
 * precision-28 Decimal gives (property tests hold it to decimal.js, test/unit/domain/exact.test.ts):
 * sums, differences and products are exact until they pass 28 significant digits, quotients are
 * correctly rounded to 28, comparisons are exact. No binary floating point anywhere.
 */
export class Exact {
  /** The last text toFixed gave and for which format: a figure is often printed more than once. */
  private lastFormat = -1;
  private lastText = "";

  private constructor(
    /** The value times 10^scale; zero has no sign (a "-0" input is zero). */
    readonly units: bigint,
    /** Digits after the point, ≥ 0. */
    readonly scale: number,
  ) {}

  /** Decimal text as the schema and the policy files hold it: "-12.30", "0.0500", "7". */
  static parse(text: string): Exact {
    // Input reaches here validated: anything else is a bug in the caller, never a user's mistake.
    if (!DECIMAL_TEXT.test(text)) throw new Error(`not decimal text: ${JSON.stringify(text)}`);
    const point = text.indexOf(".");
    const value =
      point < 0
        ? new Exact(BigInt(text), 0)
        : new Exact(BigInt(text.slice(0, point) + text.slice(point + 1)), text.length - point - 1);
    // Text as it would be printed at its own scale (no leading zero, no "-0") is that print already:
    // most amounts are echoed in the assessment as they came.
    const start = text.charCodeAt(0) === 45 ? 1 : 0;
    const leadingZero = text.charCodeAt(start) === 48 && (point < 0 ? text.length : point) - start > 1;
    if (!leadingZero && !(start === 1 && value.units === 0n)) {
      value.lastFormat = value.scale * 4;
      value.lastText = text;
    }
    return value;
  }

  /** A whole number (a count of years, days): JS safe integers only. */
  static of(n: number): Exact {
    if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer: ${n}`);
    return new Exact(BigInt(n), 0);
  }

  /** The result of an operation, rounded half up to 28 significant digits when it has more. */
  private static fit(units: bigint, scale: number): Exact {
    if (units < LIMIT && units > -LIMIT) return new Exact(units, scale);
    const negative = units < 0n;
    const magnitude = negative ? -units : units;
    const drop = digitCount(magnitude) - PRECISION;
    let kept = dropDigits(magnitude, drop, "halfUp");
    let keptScale = scale - drop;
    // Past the point's left: keep the value whole (units × 10^-scale) rather than a negative scale.
    if (keptScale < 0) {
      kept *= pow10(-keptScale);
      keptScale = 0;
    }
    return new Exact(negative ? -kept : kept, keptScale);
  }

  /** True when the value has at most 28 significant digits, as every result must. */
  private fits(): boolean {
    return this.units < LIMIT && this.units > -LIMIT;
  }

  /** This value's units at a scale ≥ its own (no allocation when the scale is its own). */
  private unitsAt(scale: number): bigint {
    return scale === this.scale ? this.units : this.units * pow10(scale - this.scale);
  }

  plus(other: Exact): Exact {
    // Adding zero of no larger scale gives the other value, scale and all (the first step of a sum),
    // unless that value has more digits than a result may keep.
    if (this.units === 0n && this.scale <= other.scale && other.fits()) return other;
    if (other.units === 0n && other.scale <= this.scale && this.fits()) return this;
    const scale = Math.max(this.scale, other.scale);
    return Exact.fit(this.unitsAt(scale) + other.unitsAt(scale), scale);
  }

  minus(other: Exact): Exact {
    const scale = Math.max(this.scale, other.scale);
    return Exact.fit(this.unitsAt(scale) - other.unitsAt(scale), scale);
  }

  times(other: Exact): Exact {
    return Exact.fit(this.units * other.units, this.scale + other.scale);
  }

  /** The quotient correctly rounded (half up) to 28 significant digits; dividing by zero is a bug. */
  div(other: Exact): Exact {
    if (other.units === 0n) throw new Error("division by zero in the assessment");
    if (this.units === 0n) return new Exact(0n, 0);
    const negative = this.units < 0n !== other.units < 0n;
    const num = this.units < 0n ? -this.units : this.units;
    const den = other.units < 0n ? -other.units : other.units;
    // The quotient's decimal exponent e (10^e ≤ num/den < 10^(e+1)) is the digit counts' difference
    // or one less; 28 significant digits are then num/den × 10^(27-e), rounded half up in one
    // division: floor((2·num·10^k + den) / (2·den)).
    const least = digitCount(num) - digitCount(den);
    const atLeast = least >= 0 ? num >= den * pow10(least) : num * pow10(-least) >= den;
    const shift = PRECISION - 1 - (atLeast ? least : least - 1);
    let kept =
      shift >= 0
        ? (num * twicePow10(shift) + den) / (den + den)
        : (num + num + den * pow10(-shift)) / (den * twicePow10(-shift));
    let scale = shift + this.scale - other.scale;
    if (scale < 0) {
      kept *= pow10(-scale);
      scale = 0;
    }
    return new Exact(negative ? -kept : kept, scale);
  }

  /** -1, 0 or 1 as this is below, equal to or above `other`; exact. */
  cmp(other: Exact): -1 | 0 | 1 {
    const scale = Math.max(this.scale, other.scale);
    const a = this.unitsAt(scale);
    const b = other.unitsAt(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  gt(other: Exact): boolean {
    return this.cmp(other) > 0;
  }

  gte(other: Exact): boolean {
    return this.cmp(other) >= 0;
  }

  lt(other: Exact): boolean {
    return this.cmp(other) < 0;
  }

  lte(other: Exact): boolean {
    return this.cmp(other) <= 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isPositive(): boolean {
    return this.units > 0n;
  }

  /**
   * Exactly `decimals` digits after the point, rounded in `mode` (half up unless told). A negative
   * value that rounds to zero keeps its sign ("-0.00"), as decimal.js prints it: recorded bytes did.
   */
  toFixed(decimals: number, mode: Rounding = "halfUp"): string {
    // Nothing is rounded at or below the value's own scale, so the mode does not change the text.
    const format = this.scale <= decimals ? decimals * 4 : decimals * 4 + MODE_CODES[mode];
    if (format !== this.lastFormat) {
      this.lastText = this.format(decimals, mode);
      this.lastFormat = format;
    }
    return this.lastText;
  }

  private format(decimals: number, mode: Rounding): string {
    if (this.units === 0n) return decimals > 0 ? `0.${"0".repeat(decimals)}` : "0";
    const negative = this.units < 0n;
    let magnitude = negative ? -this.units : this.units;
    if (this.scale > decimals) magnitude = dropDigits(magnitude, this.scale - decimals, mode);
    else if (this.scale < decimals) magnitude *= pow10(decimals - this.scale);
    let text = magnitude.toString();
    if (decimals > 0) {
      text = text.padStart(decimals + 1, "0");
      text = `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
    }
    return negative ? `-${text}` : text;
  }

  /** The value in plain notation with no trailing zeros: "35", "0.5", "-1.25". */
  toString(): string {
    if (this.scale === 0) return this.units.toString();
    return withoutTrailingZeros(this.toFixed(this.scale, "down"));
  }
}

export const ZERO = Exact.of(0);

/**
 * Decimal text with a point, less its fraction's trailing zeros and then the point if nothing is left
 * after it: "2.5000" → "2.5", "3.0000" → "3", "-0.0000" → "-0" (what `.replace(/\.?0+$/, "")` gives).
 */
export function withoutTrailingZeros(text: string): string {
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  return end === text.length ? text : text.slice(0, end);
}
