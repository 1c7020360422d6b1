import Decimal from "decimal.js";
import { Dec } from "../decimal";

/**
 * Decimals wide enough that the products monitoring compares are exact: amounts have at most 17
 * significant digits, and a margin test multiplies three of them with a threshold. The tests compare
 * by cross-multiplication (never a rounded quotient), so "strict as the policy writes them" holds to
 * the last fen.
 */
export const Exact = Dec.clone({ precision: 100 });
export type Exact = InstanceType<typeof Exact>;

export const exact = (text: string): Exact => new Exact(text);

/** A figure for a signal's `value`, rounded to 4 decimals towards the side it fired on. */
export function shownBelow(value: Exact): string {
  return trim(value.toFixed(4, Decimal.ROUND_FLOOR));
}

export function shownAbove(value: Exact): string {
  return trim(value.toFixed(4, Decimal.ROUND_CEIL));
}

/** Money as written in a signal: two decimals, as the contract writes amounts. */
export function shownMoney(value: Exact): string {
  return value.toFixed(2);
}

function trim(fixed: string): string {
  return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
}
