import { CATEGORIES, type Category, type SignalCode, TIERS, type Tier } from "../policy/monitoring-schema";

export { CATEGORIES, type Category, type SignalCode, TIERS, type Tier };

export type SignalWeight = "soft" | "hard" | "red" | "overdue";

/** One signal a snapshot fired: its code, weight, the figure that fired it, and why, in words. */
export interface Signal {
  code: SignalCode;
  weight: SignalWeight;
  value: string;
  message: string;
}

/** The warning JSON: what one snapshot says about its borrower under one policy version. */
export interface Warning {
  snapshotId: string;
  policyVersion: string;
  policyHash: string;
  signals: Signal[];
  tier: Tier | null;
  responseDays: number | null;
  proposedClassification: Category;
}

/** Tiers compare by rank: none (-1) < blue < yellow < red. */
export function tierRank(tier: Tier | null): number {
  return tier === null ? -1 : TIERS.indexOf(tier);
}

export function higherTier(a: Tier | null, b: Tier | null): Tier | null {
  return tierRank(b) > tierRank(a) ? b : a;
}

/** Categories compare by rank: normal (0) … loss (4); a higher rank is a worse credit. */
export function categoryRank(category: Category): number {
  return CATEGORIES.indexOf(category);
}

export function worseCategory(a: Category, b: Category): Category {
  return categoryRank(b) > categoryRank(a) ? b : a;
}
