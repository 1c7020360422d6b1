import type { Stage } from "../assessment/types";
import type { AssignedApproval, CaseState } from "../case/types";
import type { Policy } from "../policy/policy";

/** Someone to tell when a stage's SLA runs out. */
export interface EscalationNotice {
  userId: string;
  /** STAGE_LOST: their approval was superseded; BACKUPS_JOINED: they keep it, and backups were added. */
  kind: "STAGE_LOST" | "BACKUPS_JOINED";
  stage: Stage;
  /** Who was asked in their place, or beside them. */
  newcomers: string[];
  /** The approver a delegate held the approval for. */
  onBehalfOf?: string;
}

export interface EscalationPlan {
  /** Approvals to supersede (their links stop working). */
  supersede: AssignedApproval[];
  /** Approvals that stay pending beside the newcomers (a committee whose backups join). */
  keep: AssignedApproval[];
  /** The backups to ask now (resolve their delegations, then open the stage's next attempt with keep + them). */
  ask: string[];
  /** Whom to mail about it. */
  notify: EscalationNotice[];
}

/**
 * What happens to the open stage when its first SLA runs out (docs/approvals.md). A single-person
 * stage, and a committee under BACKUPS_REPLACE, goes to the backups and its holders are told they
 * lost it. A committee under BACKUPS_JOIN keeps the members still to vote and adds the backups
 * (`backups`: the directory's choice for the next attempt, exclusions applied), so a backup roster
 * smaller than the quorum cannot strand the vote; votes cast stand either way.
 */
export function planEscalation(
  state: CaseState,
  stage: Stage,
  backups: readonly string[],
  policy: Policy,
): EscalationPlan {
  const pending = state.pendingApprovals;
  const join = stage === "COMMITTEE" && policy.data.approvals.committeeAfterTimeout === "BACKUPS_JOIN";
  const seated = new Set(pending.flatMap((p) => [p.approverId, ...(p.onBehalfOf ? [p.onBehalfOf] : [])]));
  const ask = join ? backups.filter((b) => !seated.has(b)) : [...backups];
  const notice = (p: AssignedApproval, kind: EscalationNotice["kind"]): EscalationNotice => ({
    userId: p.approverId,
    kind,
    stage,
    newcomers: ask,
    ...(p.onBehalfOf === undefined ? {} : { onBehalfOf: p.onBehalfOf }),
  });
  if (join) {
    // With no backup left to add nothing changes for the members, so nobody is mailed.
    const notify = ask.length === 0 ? [] : pending.map((p) => notice(p, "BACKUPS_JOINED"));
    return { supersede: [], keep: [...pending], ask, notify };
  }
  return { supersede: [...pending], keep: [], ask, notify: pending.map((p) => notice(p, "STAGE_LOST")) };
}
