import { Dec } from "../decimal";
import { err, ok, type Result } from "../result";
import { contributionsOf } from "./caps";
import { type Counters, counterValue } from "./counters";
import type { Exposure } from "./exposure";
import type { PortfolioPlan } from "./plan";

/**
 * One counter update of a final approval: add `add` to the committed counter, on the condition that
 * the counter is at most `maxBefore` beforehand (limit − add, so after the add it is within the limit).
 * `maxBefore` is null when no condition applies: a soft cap head office approved past knowingly.
 * The runtime writes all of a case's deltas in one transaction (a DynamoDB conditional update per
 * counter: `ADD used :add` with `attribute_not_exists(used) OR used <= :maxBefore`), so either every
 * counter moves or none does.
 */
export interface CounterDelta {
  counter: string;
  cap: string;
  add: string;
  limit: string;
  hard: boolean;
  maxBefore: string | null;
}

/**
 * The counter updates that commit an approved exposure. Hard caps are always conditional; a soft cap
 * is unconditional only when `acknowledged` names it (the case went to head office with PORTFOLIO_LIMIT
 * on that cap and was approved). Another case's reservation does not hold headroom at commit: the first
 * approval to commit takes it, and the other fails its condition.
 */
export function approvalDeltas(
  plan: PortfolioPlan,
  exposure: Exposure,
  acknowledged: readonly string[] = [],
): CounterDelta[] {
  return contributionsOf(plan, exposure).map((c) => ({
    counter: c.counter,
    cap: c.cap.id,
    add: c.amount.toFixed(2),
    limit: c.cap.limit.toFixed(2),
    hard: c.cap.hard,
    maxBefore: !c.cap.hard && acknowledged.includes(c.cap.id) ? null : c.cap.limit.minus(c.amount).toFixed(2),
  }));
}

/** The unconditional updates of a reservation (sign 1, at assessment) or its release (sign -1). */
export function reservationDeltas(
  plan: PortfolioPlan,
  exposure: Exposure,
  sign: 1 | -1 = 1,
): { counter: string; add: string }[] {
  return contributionsOf(plan, exposure).map((c) => ({
    counter: c.counter,
    add: c.amount.times(sign).toFixed(2),
  }));
}

/**
 * The transaction's semantics on plain counters (what the DynamoDB adapter must reproduce): every
 * delta applies, or, when any condition fails, none does and the failed deltas are returned.
 */
export function applyDeltas(
  counters: Counters,
  deltas: readonly CounterDelta[],
): Result<Record<string, string>, CounterDelta[]> {
  const failed = deltas.filter(
    (d) => d.maxBefore !== null && counterValue(counters, d.counter).gt(d.maxBefore),
  );
  if (failed.length > 0) return err(failed);
  const next: Record<string, string> = { ...counters };
  for (const d of deltas) next[d.counter] = counterValue(next, d.counter).plus(new Dec(d.add)).toFixed(2);
  return ok(next);
}
