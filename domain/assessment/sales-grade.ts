import type { Exact } from "../exact";
import type { Policy } from "../policy/policy";
import { policyValue } from "./policy-values";

/** Sales grade from latest-year revenue (docs/policy.md §2); null when the borrower is above the SME ceiling. */
export function salesGradeOf(revenue: Exact, policy: Policy): number | null {
  for (const band of policy.data.salesGrades.bands) {
    if (
      "revenueBelow" in band
        ? revenue.lt(policyValue(policy, band.revenueBelow))
        : revenue.lte(policyValue(policy, band.revenueAtMost))
    ) {
      return band.grade;
    }
  }
  return null;
}

export function smeCeiling(policy: Policy): string {
  const last = policy.data.salesGrades.bands.at(-1);
  return last && "revenueAtMost" in last ? last.revenueAtMost : "";
}
