import { assess, type CaseState, getPolicy, type RecordedEvent, summarize } from "../../domain";
import { fixture } from "./applications";

/** CASE-1 (the a2-wholesale fixture, assessed under the default policy) waiting for the manager. */
export function caseAtManager(patch: Partial<CaseState> = {}): CaseState {
  const app = fixture("a2-wholesale");
  const a = assess(app, getPolicy());
  return {
    caseId: "CASE-1",
    applicationId: app.applicationId,
    branch: app.branch,
    submittedBy: app.submittedBy,
    borrowerName: app.borrower.name,
    caseVersion: 1,
    status: "IN_APPROVAL",
    stalled: false,
    route: a.route,
    currentStage: "MANAGER",
    stages: [{ stage: "MANAGER", outcome: null, attempt: 1, approvers: ["mgr.wang"], decidedBy: [] }],
    pendingApprovals: [{ approvalId: "APR-1", approverId: "mgr.wang" }],
    assessment: summarize(a),
    reasons: [],
    createdAt: "2026-11-20T10:00:00.000Z",
    updatedAt: "2026-11-20T10:00:00.000Z",
    eventCount: 3,
    workflowRun: 0,
    ...patch,
  };
}

/** The manager's decision on CASE-1 returning it with this comment, as recorded (event 4). */
export function managerReturned(comment: string): RecordedEvent {
  return {
    type: "DECISION_RECORDED",
    seq: 4,
    at: "2026-11-20T10:00:00.000Z",
    actor: "mgr.wang",
    payload: { stage: "MANAGER", approvalId: "APR-0", approverId: "mgr.wang", decision: "return", comment },
  };
}
