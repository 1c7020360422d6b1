import type { MonitoringPolicy } from "../policy/monitoring-schema";
import { type Category, type Tier, worseCategory } from "./types";

/**
 * The classification the system proposes, below which a person may not classify without head office.
 * By days past due: the first band whose `daysAbove` the days exceed. By tier: the tier's floor, for a
 * credit with no band (no days past due) or, when the policy's `tierFloorsApply` is "always", for
 * every credit (the worse of the two). Else normal.
 */
export function classificationFloor(daysPastDue: number, tier: Tier | null, m: MonitoringPolicy): Category {
  const c = m.classification;
  const byDays = c.overdueFloors.find((band) => daysPastDue > band.daysAbove)?.category;
  const byTier = tier === null ? "normal" : c.tierFloors[tier];
  if (byDays === undefined) return byTier;
  return c.tierFloorsApply === "always" ? worseCategory(byDays, byTier) : byDays;
}
