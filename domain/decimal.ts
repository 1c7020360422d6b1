import Decimal from "decimal.js";

/**
 * The Decimal of the domain's money outside the assessment (portfolio, circles, impact). Precision 28
 * keeps every intermediate value exact in practice (ratios of 2-decimal amounts), so comparisons
 * happen at full precision and only reported figures are rounded. The assessment computes the same
 * arithmetic on the faster exact core in domain/exact/, held to this Decimal by property tests.
 */
export const Dec = Decimal.clone({
  precision: 28,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 60,
});
export type Dec = InstanceType<typeof Dec>;

export const ZERO = new Dec(0);

/** Money as reported: rounded down to 0.01 yuan, never granting more than supported. */
export function moneyDown(value: Dec): string {
  return value.toFixed(2, Decimal.ROUND_DOWN);
}

/** Money as a minimum to reach: rounded up to 0.01 yuan (a covenant's amount, never short of the multiple). */
export function moneyUp(value: Dec): string {
  return value.toFixed(2, Decimal.ROUND_UP);
}

export function sumDec(values: Iterable<Dec>): Dec {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}
