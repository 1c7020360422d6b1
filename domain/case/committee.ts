import type { Policy } from "../policy/policy";
import type { RecordedEvent } from "./types";

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

/** The committee's votes in a case's current version, as its trail records them. */
export interface CommitteeVotes {
  approve: number;
  decline: number;
  votes: number;
}

export const NO_VOTES: CommitteeVotes = { approve: 0, decline: 0, votes: 0 };

/**
 * One step of the committee count: a submission (of any version) starts it again, each committee
 * decision adds a vote. The decision handler and the audit rules both count with this fold.
 */
export function countVote(count: CommitteeVotes, e: RecordedEvent): CommitteeVotes {
  if (e.type === "CASE_SUBMITTED") return NO_VOTES;
  if (e.type !== "DECISION_RECORDED" || e.payload.stage !== "COMMITTEE") return count;
  const approve = e.payload.decision === "approve" ? 1 : 0;
  return { approve: count.approve + approve, decline: count.decline + 1 - approve, votes: count.votes + 1 };
}

export function committeeVotes(events: readonly RecordedEvent[]): CommitteeVotes {
  return events.reduce(countVote, NO_VOTES);
}
