import { Dec, ZERO } from "../decimal";
import { err, ok, type Result } from "../result";
import { contributionsOf } from "./caps";
import { type Counters, counterValue } from "./counters";
import type { Exposure } from "./exposure";
import type { PortfolioPlan } from "./plan";

/**
 * One counter update of a final approval: add `add` to the committed counter and take `unreserve`
 * (the case's own reservation) off its reserved amount, on the condition that the committed counter
 * is at most `maxBefore` beforehand (limit − add, so after the add it is within the limit).
 * `maxBefore` is null when no condition applies: a soft cap head office approved past knowingly, or
 * a counter only the reservation touched (add 0). The runtime writes all of a case's deltas in one
 * transaction (per counter: `ADD used :add, reserved :minusUnreserve` with
 * `attribute_not_exists(used) OR used <= :maxBefore`), so either every counter moves or none does.
 */
export interface CounterDelta {
  counter: string;
  cap: string;
  add: string;
  unreserve: string;
  limit: string;
  hard: boolean;
  maxBefore: string | null;
}

export interface ApprovalOptions {
  /** Soft caps head office approved past knowingly (the case's PORTFOLIO_LIMIT caps). */
  acknowledged?: readonly string[];
  /** The exposure the case reserved at assessment, released in the same updates. */
  reserved?: Exposure;
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
  options: ApprovalOptions = {},
): CounterDelta[] {
  const acknowledged = options.acknowledged ?? [];
  const released = new Map(
    (options.reserved ? contributionsOf(plan, options.reserved) : []).map((c) => [c.counter, c]),
  );
  // One update per counter: DynamoDB refuses a transaction that names an item twice.
  const deltas = contributionsOf(plan, exposure).map((c) => {
    const unreserve = released.get(c.counter)?.amount ?? ZERO;
    released.delete(c.counter);
    const conditional = c.cap.hard || !acknowledged.includes(c.cap.id);
    return {
      counter: c.counter,
      cap: c.cap.id,
      add: c.amount.toFixed(2),
      unreserve: unreserve.toFixed(2),
      limit: c.cap.limit.toFixed(2),
      hard: c.cap.hard,
      maxBefore: conditional ? c.cap.limit.minus(c.amount).toFixed(2) : null,
    };
  });
  for (const c of released.values()) {
    deltas.push({
      counter: c.counter,
      cap: c.cap.id,
      add: "0.00",
      unreserve: c.amount.toFixed(2),
      limit: c.cap.limit.toFixed(2),
      hard: c.cap.hard,
      maxBefore: null,
    });
  }
  return deltas;
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
