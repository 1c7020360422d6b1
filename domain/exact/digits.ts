/**
 * Integer helpers of the exact decimal core: powers of ten and rounding of a non-negative integer
 * by a number of trailing digits, in the rounding modes the assessment reports with.
 */

/** How the digits dropped by a rounding are resolved, on the magnitude (symmetric about zero). */
export type Rounding = "down" | "up" | "halfUp" | "halfEven";

const POW10: bigint[] = [1n];

/** 10^n as a bigint, from a table that grows on demand. */
export function pow10(n: number): bigint {
  while (POW10.length <= n) POW10.push((POW10[POW10.length - 1] as bigint) * 10n);
  return POW10[n] as bigint;
}

/** The number of decimal digits of a positive integer (1 for 0..9). */
export function digitCount(x: bigint): number {
  // Smallest n with x < 10^n: double an upper bound, then bisect (a handful of comparisons).
  let hi = 32;
  while (pow10(hi) <= x) hi *= 2;
  let lo = 0;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (pow10(mid) <= x) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** `magnitude` (≥ 0) divided by 10^drop, rounded in `mode`. */
export function dropDigits(magnitude: bigint, drop: number, mode: Rounding): bigint {
  if (drop <= 0) return magnitude;
  const unit = pow10(drop);
  const kept = magnitude / unit;
  if (mode === "down") return kept;
  const rest = magnitude - kept * unit;
  if (rest === 0n) return kept;
  if (mode === "up") return kept + 1n;
  const twice = rest * 2n;
  if (twice > unit) return kept + 1n;
  if (twice < unit) return kept;
  return mode === "halfUp" || kept % 2n === 1n ? kept + 1n : kept;
}
