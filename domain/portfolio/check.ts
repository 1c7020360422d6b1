import { Dec } from "../decimal";
import { type Cap, capOfCounter, capsOf, contributionsOf } from "./caps";
import { type Counters, counterValue } from "./counters";
import type { Exposure } from "./exposure";
import type { PortfolioPlan } from "./plan";

/** A cap an exposure would take past its limit. Money as strings; headroom may be negative. */
export interface PortfolioBreach {
  cap: string;
  counter: string;
  limit: string;
  used: string;
  reserved: string;
  headroom: string;
  amount: string;
  hard: boolean;
}

/** What one exposure does to one cap it touches (for the check and for "what would this case do"). */
export interface CapImpact extends PortfolioBreach {
  /** used + reserved + amount: the counter if this case were approved with every reservation. */
  after: string;
  breach: boolean;
}

function line(cap: Cap, counter: string, used: Dec, reserved: Dec, amount: Dec): CapImpact {
  const after = used.plus(reserved).plus(amount);
  return {
    cap: cap.id,
    counter,
    limit: cap.limit.toFixed(2),
    used: used.toFixed(2),
    reserved: reserved.toFixed(2),
    headroom: cap.limit.minus(used).minus(reserved).toFixed(2),
    amount: amount.toFixed(2),
    hard: cap.hard,
    after: after.toFixed(2),
    breach: after.gt(cap.limit),
  };
}

/**
 * Every cap the exposure adds to, against the committed book and the open reservations. `reservations`
 * must not hold this case's own reservation (the caller subtracts it), or the case would count twice.
 */
export function portfolioImpact(
  plan: PortfolioPlan,
  book: Counters,
  reservations: Counters,
  exposure: Exposure,
): CapImpact[] {
  return contributionsOf(plan, exposure).map((c) =>
    line(c.cap, c.counter, counterValue(book, c.counter), counterValue(reservations, c.counter), c.amount),
  );
}

/**
 * The caps the exposure would breach: used + reserved + amount > limit. Exactly at the limit is within
 * it. A cap the exposure does not add to is never breached by it, even when the book is already past it.
 */
export function checkPortfolio(
  plan: PortfolioPlan,
  book: Counters,
  reservations: Counters,
  exposure: Exposure,
): PortfolioBreach[] {
  return breachesOf(portfolioImpact(plan, book, reservations, exposure));
}

export function breachesOf(impacts: readonly CapImpact[]): PortfolioBreach[] {
  return impacts.filter((i) => i.breach).map(({ after: _after, breach: _breach, ...breach }) => breach);
}

/**
 * Utilisation of every cap (the report for credit administration): each cap of the plan once, and
 * each cluster client counter the book or the reservations hold. Sorted in cap order, then counter.
 */
export function utilisation(plan: PortfolioPlan, book: Counters, reservations: Counters): CapImpact[] {
  const caps = [...capsOf(plan).values()];
  const order = new Map(caps.map((cap, i) => [cap.id, i]));
  const clientCounters = [...new Set([...Object.keys(book), ...Object.keys(reservations)])].filter((k) =>
    k.startsWith("CLUSTER_CLIENT:"),
  );
  const rows: { cap: Cap; counter: string }[] = caps
    .filter((cap) => !cap.id.startsWith("CLUSTER_CLIENT:"))
    .map((cap) => ({ cap, counter: cap.id }));
  for (const counter of clientCounters) {
    const cap = capOfCounter(plan, counter);
    if (cap) rows.push({ cap, counter });
  }
  rows.sort(
    (a, b) =>
      (order.get(a.cap.id) ?? 0) - (order.get(b.cap.id) ?? 0) ||
      (a.counter < b.counter ? -1 : a.counter > b.counter ? 1 : 0),
  );
  return rows.map(({ cap, counter }) =>
    line(cap, counter, counterValue(book, counter), counterValue(reservations, counter), new Dec(0)),
  );
}
