import type { Exact } from "../exact";
import type { Policy } from "../policy/policy";
import { policyValue } from "./policy-values";
import type { Level } from "./types";

export interface LevelThresholds {
  direction: "atLeast" | "atMost";
  A: string;
  B: string;
  C: string;
}

const ORDER: readonly Level[] = ["A", "B", "C"];

/** The best level whose threshold the value meets; "at least x" and "at most x" include x. */
export function levelFor(value: Exact, t: LevelThresholds, policy: Policy): Level {
  for (const level of ORDER) {
    const bound = policyValue(policy, t[level as "A" | "B" | "C"]);
    if (t.direction === "atLeast" ? value.gte(bound) : value.lte(bound)) return level;
  }
  return "FAIL";
}

const RANK: Record<Level, number> = { A: 0, B: 1, C: 2, FAIL: 3 };

/** The lower (worse) of two levels. */
export function lowerLevel(a: Level, b: Level): Level {
  return RANK[a] >= RANK[b] ? a : b;
}

/** True when `level` is below (worse than) `grade`. */
export function isBelow(level: Level, grade: Level): boolean {
  return RANK[level] > RANK[grade];
}

export function thresholdText(t: LevelThresholds): string {
  const op = t.direction === "atLeast" ? "≥" : "≤";
  return `A ${op}${t.A}, B ${op}${t.B}, C ${op}${t.C}`;
}
