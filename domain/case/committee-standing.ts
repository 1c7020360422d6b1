import type { Policy } from "../policy/policy";
import { committeeOutcome } from "./committee";
import type { AssignedApproval, CommitteeTally, RecordedEvent, StageOutcome } from "./types";

/** One member's act at the committee, in trail order. */
export interface CommitteeBallot {
  approverId: string;
  kind: "approve" | "decline" | "abstain" | "recuse";
  /** A delegate's act: the member they stood in for. */
  onBehalfOf?: string;
  seq: number;
  at: string;
}

/** The committee of the case's current version, folded from its trail. */
export interface CommitteeRoll {
  ballots: CommitteeBallot[];
  /** Asked and still to act. */
  pending: AssignedApproval[];
  /** The stage closed, or the case ended, so no one votes any more. */
  closed: boolean;
  /** The outcome recorded when the stage closed. */
  recordedOutcome: StageOutcome | null;
}

const ENDS_THE_CASE = new Set(["CASE_FINALIZED", "CASE_WITHDRAWN", "WORKFLOW_FAILED"]);

/** The events of the case's current version: from its latest submission on. */
export function currentVersionEvents(events: readonly RecordedEvent[]): readonly RecordedEvent[] {
  const start = events.findLastIndex((e) => e.type === "CASE_SUBMITTED");
  return start <= 0 ? events : events.slice(start);
}

export function committeeRoll(events: readonly RecordedEvent[]): CommitteeRoll {
  const roll: CommitteeRoll = { ballots: [], pending: [], closed: false, recordedOutcome: null };
  const act = (e: RecordedEvent, approvalId: string, ballot: Omit<CommitteeBallot, "seq" | "at">) => {
    roll.ballots.push({ ...ballot, seq: e.seq, at: e.at });
    roll.pending = roll.pending.filter((p) => p.approvalId !== approvalId);
  };
  for (const e of currentVersionEvents(events)) {
    if (ENDS_THE_CASE.has(e.type)) roll.closed = true;
    if (!("stage" in e.payload) || e.payload.stage !== "COMMITTEE") continue;
    const by = (p: { approverId: string; onBehalfOf?: string }) => ({
      approverId: p.approverId,
      ...(p.onBehalfOf === undefined ? {} : { onBehalfOf: p.onBehalfOf }),
    });
    switch (e.type) {
      case "STAGE_OPENED":
        roll.pending = [...e.payload.approvals];
        break;
      case "STAGE_REASSIGNED":
        roll.pending = [];
        break;
      case "APPROVAL_REASSIGNED": {
        const from = e.payload.from;
        roll.pending = [...roll.pending.filter((p) => p.approvalId !== from?.approvalId), e.payload.to];
        break;
      }
      case "DECISION_RECORDED":
        act(e, e.payload.approvalId, {
          ...by(e.payload),
          kind: e.payload.decision === "approve" ? "approve" : "decline",
        });
        break;
      case "ABSTENTION_RECORDED":
        act(e, e.payload.approvalId, { ...by(e.payload), kind: "abstain" });
        break;
      case "RECUSAL_RECORDED":
        act(e, e.payload.approvalId, { ...by(e.payload), kind: "recuse" });
        break;
      case "STAGE_DECIDED":
        roll.closed = true;
        roll.recordedOutcome = e.payload.outcome;
        break;
    }
  }
  return roll;
}

export interface CommitteeCounts {
  approve: number;
  decline: number;
  abstain: number;
  recused: number;
  /** Members asked who have not acted yet. */
  stillToVote: number;
}

export function committeeCounts(roll: CommitteeRoll): CommitteeCounts {
  const count = (kind: CommitteeBallot["kind"]) => roll.ballots.filter((b) => b.kind === kind).length;
  return {
    approve: count("approve"),
    decline: count("decline"),
    abstain: count("abstain"),
    recused: count("recuse"),
    stillToVote: roll.pending.length,
  };
}

/**
 * `short`: even if every member still to vote voted, the votes cast could not reach the quorum
 * (abstentions never count toward it). Such a committee is never declined by arithmetic: it waits,
 * and credit administration is told to add members (docs/approvals.md).
 */
export type CommitteeVerdict = "approve" | "decline" | "pending" | "short";

export function committeeVerdict(
  counts: Pick<CommitteeCounts, "approve" | "decline" | "stillToVote">,
  policy: Policy,
): { verdict: CommitteeVerdict; shortBy: number } {
  const cast = counts.approve + counts.decline;
  const reachable = cast + counts.stillToVote;
  const outcome = committeeOutcome(counts.approve, cast, reachable, policy);
  const quorum = policy.data.route.committee.quorum;
  if (outcome === "pending" && reachable < quorum) return { verdict: "short", shortBy: quorum - reachable };
  return { verdict: outcome, shortBy: 0 };
}

/** The count recorded when the stage closes; abstentions and recusals only appear when there were some. */
export function committeeTally(counts: CommitteeCounts): CommitteeTally {
  const votes = counts.approve + counts.decline;
  return {
    approve: counts.approve,
    decline: counts.decline,
    votes,
    roster: votes + counts.stillToVote,
    ...(counts.abstain > 0 ? { abstain: counts.abstain } : {}),
    ...(counts.recused > 0 ? { recused: counts.recused } : {}),
  };
}

/** What the decision page shows a committee member. */
export interface CommitteeStanding {
  /** Members seated: voted, abstained or still to vote (the recused have left). */
  rosterSize: number;
  quorum: number;
  /** Approve votes must be at least numerator / denominator of the votes cast. */
  approveShare: { numerator: number; denominator: number };
  counts: CommitteeCounts;
  verdict: CommitteeVerdict;
  /** Members missing before the quorum can be reached (0 unless short). */
  shortBy: number;
  /** The vote is over: its outcome is reached or recorded, or the case ended. */
  decided: boolean;
  /** Who did what: only once the vote is over, so no member votes knowing the others' names. */
  ballots: CommitteeBallot[] | null;
}

export function committeeStanding(roll: CommitteeRoll, policy: Policy): CommitteeStanding {
  const { quorum, approveNumerator, approveDenominator } = policy.data.route.committee;
  const counts = committeeCounts(roll);
  const { verdict, shortBy } = committeeVerdict(counts, policy);
  const decided = roll.closed || verdict === "approve" || verdict === "decline";
  return {
    rosterSize: counts.approve + counts.decline + counts.abstain + counts.stillToVote,
    quorum,
    approveShare: { numerator: approveNumerator, denominator: approveDenominator },
    counts,
    verdict,
    shortBy,
    decided,
    ballots: decided ? roll.ballots.map((b) => ({ ...b })) : null,
  };
}
