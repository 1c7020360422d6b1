import Decimal from "decimal.js";

/**
 * The one Decimal constructor of the domain. Precision 50 keeps every intermediate value of a credit
 * assessment exact in practice (ratios of 2-decimal amounts), so comparisons happen at full precision
 * and only reported figures are rounded (docs/policy.md, "Conventions").
 */
export const Dec = Decimal.clone({
  precision: 28,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 60,
});
export type Dec = InstanceType<typeof Dec>;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);

/** Money as reported: rounded down to 0.01 yuan, never granting more than supported. */
export function moneyDown(value: Dec): string {
  return value.toFixed(2, Decimal.ROUND_DOWN);
}

/** Money that is a floor the borrower must reach (minSecured): rounded up, never asking for less. */
export function moneyUp(value: Dec): string {
  return value.toFixed(2, Decimal.ROUND_UP);
}

/** A ratio for display in a criterion's `value`; the comparison itself used the unrounded value. */
export function ratioText(value: Dec): string {
  const fixed = value.toFixed(4, Decimal.ROUND_HALF_EVEN);
  return fixed.replace(/\.?0+$/, "");
}

export function minDec(a: Dec, b: Dec): Dec {
  return a.lte(b) ? a : b;
}

export function sumDec(values: Iterable<Dec>): Dec {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}
