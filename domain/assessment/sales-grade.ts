import type { Dec } from "../decimal";
import type { Policy } from "../policy/policy";

/** Sales grade from latest-year revenue (docs/policy.md §2); null when the borrower is above the SME ceiling. */
export function salesGradeOf(revenue: Dec, policy: Policy): number | null {
  for (const band of policy.data.salesGrades.bands) {
    if (
      "revenueBelow" in band
        ? revenue.lt(policy.dec(band.revenueBelow))
        : revenue.lte(policy.dec(band.revenueAtMost))
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
