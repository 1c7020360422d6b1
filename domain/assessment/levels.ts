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

interface ParsedThresholds {
  bounds: readonly [Exact, Exact, Exact];
  text: string;
}

/** Keyed by the policy's own threshold object: parsed and worded once per loaded policy. */
const parsed = new WeakMap<LevelThresholds, ParsedThresholds>();

function parsedOf(t: LevelThresholds, policy: Policy): ParsedThresholds {
  let p = parsed.get(t);
  if (p === undefined) {
    const op = t.direction === "atLeast" ? "≥" : "≤";
    p = {
      bounds: [policyValue(policy, t.A), policyValue(policy, t.B), policyValue(policy, t.C)],
      text: `A ${op}${t.A}, B ${op}${t.B}, C ${op}${t.C}`,
    };
    parsed.set(t, p);
  }
  return p;
}

/** The best level whose threshold the value meets; "at least x" and "at most x" include x. */
export function levelFor(value: Exact, t: LevelThresholds, policy: Policy): Level {
  const { bounds } = parsedOf(t, policy);
  for (let i = 0; i < ORDER.length; i++) {
    const bound = bounds[i] as Exact;
    if (t.direction === "atLeast" ? value.gte(bound) : value.lte(bound)) return ORDER[i] as Level;
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

/** The thresholds as a reason quotes them: "A ≥10, B ≥5, C ≥3". */
export function thresholdText(t: LevelThresholds, policy: Policy): string {
  return parsedOf(t, policy).text;
}
