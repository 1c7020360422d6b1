import type { Application } from "../application/schema";
import type { Assessment, Finding, Stage } from "../assessment/types";
import type { PortfolioBreach } from "../portfolio/check";
import type { Exposure } from "../portfolio/exposure";
import type { PortfolioCheckRecord } from "../portfolio/record";

export type CaseStatus =
  | "SUBMITTED"
  | "IN_APPROVAL"
  | "STALLED"
  | "APPROVED"
  | "DECLINED"
  | "RETURNED"
  | "FAILED"
  /** Withdrawn by credit administration while open: final, the application's lock released. */
  | "WITHDRAWN";
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
  "WITHDRAWN",
];
export const OPEN_STATUSES: readonly CaseStatus[] = ["SUBMITTED", "IN_APPROVAL", "STALLED", "RETURNED"];
export const FINAL_STATUSES: readonly CaseStatus[] = ["APPROVED", "DECLINED", "FAILED", "WITHDRAWN"];

/**
 * Who is asked to decide: an approval of the stage. A delegate stands in `onBehalfOf` the approver the
 * directory named, under the recorded delegation (its range is kept so the trail can be checked alone).
 */
export interface AssignedApproval {
  approvalId: string;
  approverId: string;
  onBehalfOf?: string;
  delegation?: { from: string; to: string; setBy: string };
}

/** Every fact the audit trail records about a case; the projection is a fold over these. */
export type CaseEvent =
  | { type: "CASE_SUBMITTED"; payload: { caseVersion: number; application: Application } }
  | {
      type: "CASE_ASSESSED";
      /**
       * `portfolio`: the check against the book (docs/portfolio.md), absent on cases assessed before
       * it; `circle`: the guarantee circle across the book the application closes, when it does.
       */
      payload: {
        caseVersion: number;
        assessment: Assessment;
        portfolio?: PortfolioCheckRecord;
        circle?: Finding<"GUARANTEE_CIRCLE">;
      };
    }
  | {
      type: "STAGE_OPENED";
      payload: {
        stage: Stage;
        attempt: number;
        slaSeconds: number;
        approvals: AssignedApproval[];
      };
    }
  | { type: "TASK_REBOUND"; payload: { stage: Stage; attempt: number } }
  | {
      type: "DECISION_RECORDED";
      payload: {
        stage: Stage;
        approvalId: string;
        approverId: string;
        decision: Decision;
        comment: string;
        /** An approval that carries the approver's conditions: `comment` is their text. */
        withConditions?: true;
        /** A delegate's decision: the approver they stood in for. */
        onBehalfOf?: string;
      };
    }
  | { type: "STAGE_DECIDED"; payload: { stage: Stage; outcome: StageOutcome; tally?: CommitteeTally } }
  | {
      type: "STAGE_REASSIGNED";
      payload: { stage: Stage; attempt: number; from: string[]; reason: "SLA_TIMEOUT" };
    }
  | { type: "CASE_STALLED"; payload: { stage: Stage; attempt: number } }
  | { type: "CASE_FINALIZED"; payload: { status: "APPROVED" | "DECLINED" | "RETURNED"; reasons: string[] } }
  | { type: "WORKFLOW_FAILED"; payload: { error: string; cause: string } }
  | { type: "CASE_RECOVERED"; payload: RecoveryAction }
  | ApprovalEvent;

/**
 * What approvers and credit administration do besides deciding (docs/approvals.md). None of these
 * closes a stage by itself: only a person's decision does.
 */
export type ApprovalEvent =
  /** A committee member who takes part without voting: recorded, not a vote, never toward the quorum. */
  | {
      type: "ABSTENTION_RECORDED";
      payload: { stage: Stage; approvalId: string; approverId: string; comment: string; onBehalfOf?: string };
    }
  /** A committee member who steps aside (a conflict of interest): off the roster, and off the case. */
  | {
      type: "RECUSAL_RECORDED";
      payload: { stage: Stage; approvalId: string; approverId: string; reason: string; onBehalfOf?: string };
    }
  /** An approver reminded at `share` of the stage's time. Never decides anything. */
  | {
      type: "REMINDER_SENT";
      payload: {
        stage: Stage;
        attempt: number;
        approvalId: string;
        approverId: string;
        share: string;
        dueAt: string;
      };
    }
  /**
   * Credit administration gives an approval of the open stage to another eligible person (`from`
   * superseded), or, for a committee too small to reach its quorum, adds a seat (`from` null).
   */
  | {
      type: "APPROVAL_REASSIGNED";
      payload: {
        stage: Stage;
        attempt: number;
        from: { approvalId: string; approverId: string } | null;
        to: { approvalId: string; approverId: string };
        reason: string;
      };
    }
  /** Credit administration gives the open stage more time, once. */
  | { type: "SLA_EXTENDED"; payload: { stage: Stage; attempt: number; bySeconds: number; reason: string } }
  /** Credit administration ends an open case: final, nothing more is decided on it. */
  | { type: "CASE_WITHDRAWN"; payload: { reason: string } }
  /**
   * A file attached to the case (financial statements, collateral papers). The file itself is in the
   * document store; its SHA-256 here, in the hash chain, proves that what an approver opened is what
   * was attached.
   */
  | {
      type: "DOCUMENT_ATTACHED";
      payload: { documentId: string; name: string; contentType: string; bytes: number; sha256: string };
    }
  /** The approved exposure entered the book, its counters moved in the same transaction. */
  | {
      type: "EXPOSURE_COMMITTED";
      payload: {
        caseVersion: number;
        planId: string;
        planHash: string;
        exposure: Exposure;
        acknowledged: string[];
      };
    }
  /**
   * The final approval found a cap without the headroom (another case took it first): nothing entered
   * the book and the case goes back to head office with PORTFOLIO_LIMIT on the caps named.
   */
  | {
      type: "PORTFOLIO_COMMIT_REFUSED";
      payload: { caseVersion: number; planId: string; planHash: string; refused: PortfolioBreach[] };
    }
  /** The case's reservation left the book's reserved amounts (declined, returned, withdrawn). */
  | { type: "RESERVATION_RELEASED"; payload: { caseVersion: number; planId: string; reason: string } };

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

/**
 * The committee's count when its stage closed. `votes` are the votes cast (approve + decline);
 * `roster` the members who could vote (voted or still asked: abstainers and the recused are out).
 */
export interface CommitteeTally {
  approve: number;
  decline: number;
  votes: number;
  roster: number;
  abstain?: number;
  recused?: number;
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
  /** Principals of delegates' decisions here (only when a delegate decided). */
  onBehalfOf?: string[];
  /** Committee members who abstained (only when someone did). */
  abstained?: string[];
  /** Committee members who recused themselves (only when someone did). */
  recused?: string[];
  /** The one extension credit administration granted (only when granted). */
  extendedBySeconds?: number;
}

/** Conditions an approver attached to an approval, carried with the case. */
export interface ApproverCondition {
  stage: Stage;
  approverId: string;
  onBehalfOf?: string;
  text: string;
}

/**
 * Where the case stands in the book: its reservation, its committed exposure, or released; `limits`
 * are the caps it carries PORTFOLIO_LIMIT for (at assessment or from a refused commit), which head
 * office's approval acknowledges.
 */
export interface CaseInBook {
  planId: string;
  state: "RESERVED" | "COMMITTED" | "RELEASED";
  limits: string[];
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
  pendingApprovals: AssignedApproval[];
  assessment: AssessmentSummary | null;
  /** Conditions approvers attached (only when one did), beside the policy's in `assessment.conditions`. */
  approverConditions?: ApproverCondition[];
  reasons: string[];
  /** Which run of the workflow serves this case version: 0 the first, n after the n-th restart. */
  workflowRun: number;
  /** The case in the loan book (only for cases checked against it): see docs/portfolio.md. */
  book?: CaseInBook;
  createdAt: string;
  updatedAt: string;
  eventCount: number;
}
