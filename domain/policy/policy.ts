import { DomainError } from "../errors";
import { contentHash } from "../versioned-data";
import { type PolicyData, policySchema } from "./schema";

/**
 * A validated policy version with its content hash. The assessment parses the data's decimal strings
 * once per loaded policy (assessment/policy-values.ts).
 */
export interface Policy {
  readonly id: string;
  readonly hash: string;
  readonly data: PolicyData;
}

export function buildPolicy(raw: unknown): Policy {
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new DomainError("POLICY_INVALID", `policy file is invalid: ${problems.join("; ")}`);
  }
  const data = parsed.data;
  checkOrdering(data);
  return {
    id: data.id,
    hash: contentHash(raw),
    data,
  };
}

/** Band tables are read top-down ("first band met wins"), so their order is part of their meaning. */
function checkOrdering(data: PolicyData): void {
  const problems: string[] = [];
  const ascending = (name: string, values: number[]) => {
    for (let i = 1; i < values.length; i++) {
      if ((values[i] ?? 0) <= (values[i - 1] ?? 0)) problems.push(`${name} must be strictly ascending`);
    }
  };
  const descending = (name: string, values: number[]) => ascending(name, [...values].reverse());
  ascending(
    "salesGrades.bands",
    data.salesGrades.bands.map((b) => Number("revenueBelow" in b ? b.revenueBelow : b.revenueAtMost)),
  );
  descending(
    "scorecard.ratings",
    data.scorecard.ratings.map((r) => r.minScore),
  );
  if (data.scorecard.ratings.at(-1)?.minScore !== 0)
    problems.push("scorecard.ratings must end at minScore 0");
  descending(
    "scorecard.currentRatio",
    data.scorecard.currentRatio.map((b) => Number(b.atLeast)),
  );
  descending(
    "scorecard.quickRatio",
    data.scorecard.quickRatio.map((b) => Number(b.atLeast)),
  );
  ascending(
    "scorecard.debtToAsset",
    data.scorecard.debtToAsset.map((b) => Number(b.atMost)),
  );
  const bands = data.salesGrades.bands;
  const last = bands.at(-1);
  if (!last || !("revenueAtMost" in last))
    problems.push("salesGrades.bands must end with a revenueAtMost band");
  if (problems.length > 0) {
    throw new DomainError("POLICY_INVALID", `policy file is invalid: ${problems.join("; ")}`);
  }
}
