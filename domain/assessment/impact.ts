import { Dec, moneyDown, ZERO } from "../decimal";
import type { Policy } from "../policy/policy";
import { STAGES } from "../policy/schema";
import { type Assessment, EXCEPTION_CODES } from "./types";

/** How many applications moved from one grade (or rating) to another. */
export interface Move {
  from: string;
  to: string;
  count: number;
}

/** A code (exception, condition, route stage) and how many applications gained or lost it. */
export interface CodeChange {
  code: string;
  gained: number;
  lost: number;
}

/**
 * The impact of assessing the same applications under another policy version: what credit-policy
 * staff read before moving the default. Counts are of applications; money is decimal text.
 */
export interface Impact {
  from: string;
  to: string;
  /** Applications assessed under both versions. */
  applications: number;
  /** Applications whose outcome differs in any of the ways counted below. */
  changed: number;
  clientGrade: { changed: number; moves: Move[] };
  rating: { changed: number; moves: Move[] };
  maxLimit: { up: number; down: number; totalUp: string; totalDown: string; net: string };
  autoDecline: { gained: number; lost: number };
  exceptions: { applicationsGaining: number; applicationsLosing: number; codes: CodeChange[] };
  route: { changed: number; stages: CodeChange[] };
  conditions: { applicationsGaining: number; applicationsLosing: number; codes: CodeChange[] };
}

/** Moves between two values (grade, rating), counted. */
class MoveTally {
  changed = 0;
  private readonly counts = new Map<string, Move>();

  /** True when the value moved. */
  add(from: string, to: string): boolean {
    if (from === to) return false;
    this.changed++;
    const key = JSON.stringify([from, to]);
    const move = this.counts.get(key) ?? { from, to, count: 0 };
    move.count++;
    this.counts.set(key, move);
    return true;
  }

  result() {
    const moves = [...this.counts.values()].sort(
      (a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
    );
    return { changed: this.changed, moves };
  }
}

/** Codes gained and lost between two sets, per code and per application. */
class CodeTally {
  applicationsGaining = 0;
  applicationsLosing = 0;
  private readonly gained = new Map<string, number>();
  private readonly lost = new Map<string, number>();

  /** The known order of the codes; codes outside it follow in the order they were first seen. */
  constructor(private readonly order: readonly string[]) {}

  /** True when any code was gained or lost. */
  add(before: readonly string[], after: readonly string[]): boolean {
    const b = new Set(before);
    const a = new Set(after);
    const gained = [...a].filter((c) => !b.has(c));
    const lost = [...b].filter((c) => !a.has(c));
    for (const c of gained) this.gained.set(c, (this.gained.get(c) ?? 0) + 1);
    for (const c of lost) this.lost.set(c, (this.lost.get(c) ?? 0) + 1);
    if (gained.length > 0) this.applicationsGaining++;
    if (lost.length > 0) this.applicationsLosing++;
    return gained.length + lost.length > 0;
  }

  codes(): CodeChange[] {
    const seen = [...new Set([...this.gained.keys(), ...this.lost.keys()])];
    const ordered = [
      ...this.order.filter((c) => seen.includes(c)),
      ...seen.filter((c) => !this.order.includes(c)),
    ];
    return ordered.map((code) => ({
      code,
      gained: this.gained.get(code) ?? 0,
      lost: this.lost.get(code) ?? 0,
    }));
  }
}

const conditionCodes = (a: Assessment) => (a.conditions ?? []).map((c) => c.code);
const policyConditionCodes = (p: Policy) => (p.data.conditions ?? []).map((c) => c.code);

/**
 * Accumulates the differences between the assessments of each application under two policy versions,
 * one pair at a time, so a batch of any size is compared in constant memory.
 */
export function impactTally(from: Policy, to: Policy) {
  let applications = 0;
  let changed = 0;
  const grades = new MoveTally();
  const ratings = new MoveTally();
  const limit = { up: 0, down: 0, totalUp: ZERO, totalDown: ZERO };
  const declines = { gained: 0, lost: 0 };
  const exceptions = new CodeTally(EXCEPTION_CODES);
  let routesChanged = 0;
  const stages = new CodeTally(STAGES);
  // A version without conditions carries none: against one that has them, they all show as gained.
  const conditions = new CodeTally([...policyConditionCodes(to), ...policyConditionCodes(from)]);

  return {
    add(before: Assessment, after: Assessment): void {
      applications++;
      const gradeMoved = grades.add(before.clientGrade, after.clientGrade);
      const ratingMoved = ratings.add(before.rating, after.rating);

      const delta = new Dec(after.maxLimit).minus(before.maxLimit);
      if (delta.gt(ZERO)) {
        limit.up++;
        limit.totalUp = limit.totalUp.plus(delta);
      } else if (delta.lt(ZERO)) {
        limit.down++;
        limit.totalDown = limit.totalDown.minus(delta);
      }

      const declinedBefore = before.autoDecline !== null;
      const declinedAfter = after.autoDecline !== null;
      if (declinedAfter && !declinedBefore) declines.gained++;
      if (declinedBefore && !declinedAfter) declines.lost++;

      const exceptionsChanged = exceptions.add(
        before.exceptions.map((e) => e.code),
        after.exceptions.map((e) => e.code),
      );
      stages.add(before.route, after.route);
      const routeChanged = before.route.join() !== after.route.join();
      if (routeChanged) routesChanged++;
      const conditionsChanged = conditions.add(conditionCodes(before), conditionCodes(after));

      if (
        gradeMoved ||
        ratingMoved ||
        !delta.isZero() ||
        declinedBefore !== declinedAfter ||
        exceptionsChanged ||
        routeChanged ||
        conditionsChanged
      )
        changed++;
    },

    result(): Impact {
      return {
        from: from.id,
        to: to.id,
        applications,
        changed,
        clientGrade: grades.result(),
        rating: ratings.result(),
        maxLimit: {
          up: limit.up,
          down: limit.down,
          totalUp: moneyDown(limit.totalUp),
          totalDown: moneyDown(limit.totalDown),
          net: moneyDown(limit.totalUp.minus(limit.totalDown)),
        },
        autoDecline: { ...declines },
        exceptions: {
          applicationsGaining: exceptions.applicationsGaining,
          applicationsLosing: exceptions.applicationsLosing,
          codes: exceptions.codes(),
        },
        route: { changed: routesChanged, stages: stages.codes() },
        conditions: {
          applicationsGaining: conditions.applicationsGaining,
          applicationsLosing: conditions.applicationsLosing,
          codes: conditions.codes(),
        },
      };
    },
  };
}
