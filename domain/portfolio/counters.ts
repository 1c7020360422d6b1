import { Dec, ZERO } from "../decimal";
import { contributionsOf } from "./caps";
import type { Exposure } from "./exposure";
import type { PortfolioPlan } from "./plan";

/**
 * Counter values by counter id, as money strings: the committed book ("used") or the open reservations
 * ("reserved"). Plain JSON, as the runtime keeps them (one item per counter); a missing counter is 0.
 */
export type Counters = Readonly<Record<string, string>>;

export function counterValue(counters: Counters, counter: string): Dec {
  const value = counters[counter];
  return value === undefined ? ZERO : new Dec(value);
}

function sortedCounters(values: Map<string, Dec>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [...values.keys()].sort()) out[key] = (values.get(key) ?? ZERO).toFixed(2);
  return out;
}

/** The counters of a set of exposures (the book, or the open reservations), folded from scratch. */
export function bookTotals(plan: PortfolioPlan, exposures: Iterable<Exposure>): Record<string, string> {
  const values = new Map<string, Dec>();
  for (const exposure of exposures) {
    for (const c of contributionsOf(plan, exposure)) {
      values.set(c.counter, (values.get(c.counter) ?? ZERO).plus(c.amount));
    }
  }
  return sortedCounters(values);
}

/** The counters with one more exposure added (sign 1) or released (sign -1). */
export function withExposure(
  plan: PortfolioPlan,
  counters: Counters,
  exposure: Exposure,
  sign: 1 | -1 = 1,
): Record<string, string> {
  const values = new Map(Object.entries(counters).map(([k, v]) => [k, new Dec(v)]));
  for (const c of contributionsOf(plan, exposure)) {
    values.set(c.counter, (values.get(c.counter) ?? ZERO).plus(c.amount.times(sign)));
  }
  return sortedCounters(values);
}
