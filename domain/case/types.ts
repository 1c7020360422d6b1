import type { Application } from "../application/schema";
import type { Assessment, Stage } from "../assessment/types";

export type CaseStatus =
  | "SUBMITTED"
  | "IN_APPROVAL"
  | "STALLED"
  | "APPROVED"
  | "DECLINED"
  | "RETURNED"
  | "FAILED";
export type Decision = "approve" | "decline" | "return";
export type StageOutcome = Decision;

export const CASE_STATUSES: readonly CaseStatus[] = [
  "SUBMITTED",
  "IN_APPROVAL",
  "STALLED",
  "APPROVED",
  "DECLINED",
  "RETURNED",
  "FAILED",
];
export const OPEN_STATUSES: readonly CaseStatus[] = ["SUBMITTED", "IN_APPROVAL", "STALLED", "RETURNED"];
export const FINAL_STATUSES: readonly CaseStatus[] = ["APPROVED", "DECLINED", "FAILED"];

/** Every fact the audit trail records about a case; the projection is a fold over these. */
export type CaseEvent =
  | { type: "CASE_SUBMITTED"; payload: { caseVersion: number; application: Application } }
  | { type: "CASE_ASSESSED"; payload: { caseVersion: number; assessment: Assessment } }
  | {
      type: "STAGE_OPENED";
      payload: {
        stage: Stage;
        attempt: number;
        slaSeconds: number;
        approvals: { approvalId: string; approverId: string }[];
      };
    }
  | { type: "TASK_REBOUND"; payload: { stage: Stage; attempt: number } }
  | {
      type: "DECISION_RECORDED";
      payload: { stage: Stage; approvalId: string; approverId: string; decision: Decision; comment: string };
    }
  | { type: "STAGE_DECIDED"; payload: { stage: Stage; outcome: StageOutcome; tally?: CommitteeTally } }
  | {
      type: "STAGE_REASSIGNED";
      payload: { stage: Stage; attempt: number; from: string[]; reason: "SLA_TIMEOUT" };
    }
  | { type: "CASE_STALLED"; payload: { stage: Stage; attempt: number } }
  | { type: "CASE_FINALIZED"; payload: { status: "APPROVED" | "DECLINED" | "RETURNED"; reasons: string[] } }
  | { type: "WORKFLOW_FAILED"; payload: { error: string; cause: string } }
  | { type: "CASE_RECOVERED"; payload: RecoveryAction };

/**
 * What the reconciler did to a case in flight that nothing was moving: it restarted the workflow from
 * the recorded state (`run` is the new run's number), or it sent the approval mails that never went out.
 */
export type RecoveryAction =
  | { action: "WORKFLOW_RESTARTED"; reason: string; run: number }
  | { action: "MAIL_RESENT"; reason: string; approvalIds: string[] };

export type CaseEventType = CaseEvent["type"];

/** An event as stored: the fact plus when, by whom, and its place in the chain. */
export type RecordedEvent = CaseEvent & { seq: number; at: string; actor: string };

export interface CommitteeTally {
  approve: number;
  decline: number;
  votes: number;
  roster: number;
}

/**
 * What the projection keeps of an assessment: its headline figures, exceptions and conditions by
 * code. `conditions` (the terms an approval carries) only exists for policies that have them:
 * projections written before, or under such a version, have none.
 */
export type AssessmentSummary = Pick<
  Assessment,
  | "policyVersion"
  | "salesGrade"
  | "clientGrade"
  | "score"
  | "rating"
  | "pdBand"
  | "maxLimit"
  | "requestedTotal"
  | "minCoverage"
  | "securedValue"
  | "collateralSupportedLimit"
  | "autoDecline"
> & { exceptions: string[]; conditions?: string[] };

export interface StageRecord {
  stage: Stage;
  outcome: StageOutcome | null;
  attempt: number;
  approvers: string[];
  decidedBy: string[];
}

/** The case projection (the STATE item): rebuilt from the events at any time. */
export interface CaseState {
  caseId: string;
  applicationId: string;
  branch: string;
  submittedBy: string;
  borrowerName: string;
  caseVersion: number;
  status: CaseStatus;
  stalled: boolean;
  route: Stage[];
  currentStage: Stage | null;
  stages: StageRecord[];
  pendingApprovals: { approvalId: string; approverId: string }[];
  assessment: AssessmentSummary | null;
  reasons: string[];
  /** Which run of the workflow serves this case version: 0 the first, n after the n-th restart. */
  workflowRun: number;
  createdAt: string;
  updatedAt: string;
  eventCount: number;
}
