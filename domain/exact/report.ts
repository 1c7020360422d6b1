import { Exact, withoutTrailingZeros, ZERO } from "./exact";

/**
 * How the assessment reports its figures. Every comparison used the unrounded value; only what is
 * printed is rounded, each in the direction that never grants more than the figures support.
 */

/** Money as reported: rounded down to 0.01 yuan, never granting more than supported. */
export function moneyDown(value: Exact): string {
  return value.toFixed(2, "down");
}

/** Money that is a floor the borrower must reach (minSecured): rounded up, never asking for less. */
export function moneyUp(value: Exact): string {
  return value.toFixed(2, "up");
}

/** A ratio for display in a criterion's `value`: 4 decimals, half to even, trailing zeros dropped. */
export function ratioText(value: Exact): string {
  return withoutTrailingZeros(value.toFixed(4, "halfEven"));
}

export function minOf(a: Exact, b: Exact): Exact {
  return a.lte(b) ? a : b;
}

export function sumOf(values: Iterable<Exact>): Exact {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

const HUNDRED = Exact.of(100);

/** A share as a percentage for a message: "0.35" → "35", "0.125" → "12.5". */
export function percentText(share: Exact): string {
  return share.times(HUNDRED).toString();
}
