import type { MonitoringPolicy, TierRule } from "../policy/monitoring-schema";
import { type Signal, TIERS, type Tier } from "./types";

/** The days past due a tier counts: those of the OVERDUE signal, when it fired (none otherwise). */
function overdueDays(signals: readonly Signal[]): number {
  const overdue = signals.find((s) => s.weight === "overdue");
  return overdue ? Number(overdue.value) : 0;
}

function meets(rule: TierRule, signals: readonly Signal[]): boolean {
  const count = (weight: Signal["weight"]) => signals.filter((s) => s.weight === weight).length;
  const w = rule.when;
  return (
    (w.redSignals !== undefined && count("red") >= w.redSignals) ||
    (w.hardSignals !== undefined && count("hard") >= w.hardSignals) ||
    (w.softSignals !== undefined && count("soft") >= w.softSignals) ||
    (w.daysPastDueAtLeast !== undefined && overdueDays(signals) >= w.daysPastDueAtLeast)
  );
}

/**
 * The highest tier whose rule the signals meet, or null. Every criterion is an "at least", so a
 * further signal or more days past due can only keep or raise the tier.
 */
export function tierOf(signals: readonly Signal[], m: MonitoringPolicy): Tier | null {
  for (const tier of [...TIERS].reverse()) if (meets(m.tiers[tier], signals)) return tier;
  return null;
}

/** Days the owner has to respond from entering the tier; null for no tier. */
export function responseDays(tier: Tier | null, m: MonitoringPolicy): number | null {
  return tier === null ? null : m.tiers[tier].responseDays;
}
