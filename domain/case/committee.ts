import type { Policy } from "../policy/policy";

export type CommitteeOutcome = "approve" | "decline" | "pending";

/**
 * Collegiate review (docs/policy.md §6): approved as soon as votes ≥ quorum and approvals ≥ the required
 * share of votes cast; declined as soon as no way of voting by the members still to vote could get there.
 * A roster too small to reach the quorum at all (a backup committee of two, recusals) never declines:
 * it stays pending, and credit administration completes it (docs/approvals.md, committee-standing.ts).
 */
export function committeeOutcome(
  approve: number,
  votes: number,
  roster: number,
  policy: Policy,
): CommitteeOutcome {
  const { quorum, approveNumerator: num, approveDenominator: den } = policy.data.route.committee;
  const passes = (a: number, v: number) => v >= quorum && a * den >= num * v;
  if (passes(approve, votes)) return "approve";
  if (roster < quorum) return "pending";
  const remaining = Math.max(0, roster - votes);
  // Extra approve votes only raise the share, so the best case is everyone left approving.
  return passes(approve + remaining, votes + remaining) ? "pending" : "decline";
}
