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

const TWICE_POW10: bigint[] = [];

/** 2 × 10^n, for rounding half up in a single division. */
export function twicePow10(n: number): bigint {
  while (TWICE_POW10.length <= n) TWICE_POW10.push(2n * pow10(TWICE_POW10.length));
  return TWICE_POW10[n] as bigint;
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

/** `magnitude` (≥ 0) divided by 10^drop, rounded in `mode`: one bigint division whatever the mode. */
export function dropDigits(magnitude: bigint, drop: number, mode: Rounding): bigint {
  if (drop <= 0) return magnitude;
  const unit = pow10(drop);
  if (mode === "down") return magnitude / unit;
  if (mode === "up") return (magnitude + unit - 1n) / unit;
  // Half a unit added, then truncated: at or past half way rounds away from zero.
  const shifted = magnitude + halfOf(drop);
  const kept = shifted / unit;
  if (mode === "halfUp") return kept;
  // Half to even: exactly half way (nothing left over) and odd, the result steps back to even.
  return (kept & 1n) === 1n && kept * unit === shifted ? kept - 1n : kept;
}

const HALVES: bigint[] = [0n];

/** 10^n / 2 for n ≥ 1 (5, 50, 500…). */
function halfOf(n: number): bigint {
  while (HALVES.length <= n) HALVES.push(pow10(HALVES.length) / 2n);
  return HALVES[n] as bigint;
}
