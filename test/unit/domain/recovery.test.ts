import { describe, expect, it } from "vitest";
import { type CaseState, diagnose, type PendingApprovalFact, workflowRunName } from "../../../domain";

const NOW = new Date("2026-11-20T10:00:00.000Z");
const STUCK_AFTER = 600;

function state(patch: Partial<CaseState> = {}): CaseState {
  return {
    caseId: "CASE-1",
    applicationId: "APP-1",
    branch: "GZ-TIANHE",
    submittedBy: "rm.chen",
    borrowerName: "Acme",
    caseVersion: 1,
    status: "IN_APPROVAL",
    stalled: false,
    route: ["MANAGER", "BRANCH_CREDIT"],
    currentStage: "MANAGER",
    stages: [],
    pendingApprovals: [{ approvalId: "APR-1", approverId: "mgr.wang" }],
    assessment: null,
    reasons: [],
    workflowRun: 0,
    createdAt: "2026-11-20T09:00:00.000Z",
    // Unchanged for an hour: old enough to judge.
    updatedAt: "2026-11-20T09:00:00.000Z",
    eventCount: 3,
    ...patch,
  };
}

const mailed: PendingApprovalFact[] = [{ approvalId: "APR-1", pending: true, mailed: true }];
const judge = (s: CaseState, run: Parameters<typeof diagnose>[0]["run"], pending = mailed) =>
  diagnose({ state: s, run, pending, now: NOW, stuckAfterSeconds: STUCK_AFTER });

describe("diagnosing a case in flight", () => {
  it("leaves alone a case waiting on mailed approvers, one that changed recently, and one not in flight", () => {
    expect(judge(state(), "RUNNING").kind).toBe("HEALTHY");
    expect(judge(state({ updatedAt: "2026-11-20T09:55:00.000Z" }), "MISSING").kind).toBe("TOO_RECENT");
    expect(judge(state({ status: "APPROVED" }), "SUCCEEDED").kind).toBe("HEALTHY");
    expect(judge(state({ status: "RETURNED", pendingApprovals: [] }), "SUCCEEDED").kind).toBe("HEALTHY");
  });

  it("restarts a case whose run is gone, whatever it waited on", () => {
    for (const run of ["MISSING", "FAILED", "ABORTED", "TIMED_OUT", "SUCCEEDED"] as const)
      expect(judge(state(), run), run).toMatchObject({ kind: "RESTART", stopCurrent: false });
  });

  it("restarts (stopping it first) a running case that asks nobody and has not moved", () => {
    const noStage = state({ currentStage: null, pendingApprovals: [] });
    expect(judge(noStage, "RUNNING", [])).toMatchObject({ kind: "RESTART", stopCurrent: true });
    const decidedElsewhere = [{ approvalId: "APR-1", pending: false, mailed: true }];
    expect(judge(state(), "RUNNING", decidedElsewhere)).toMatchObject({ kind: "RESTART", stopCurrent: true });
  });

  it("sends the mails of pending approvers who were never mailed", () => {
    const pending = [
      { approvalId: "APR-1", pending: true, mailed: true },
      { approvalId: "APR-2", pending: true, mailed: false },
    ];
    expect(judge(state(), "RUNNING", pending)).toMatchObject({ kind: "RESEND_MAIL", approvalIds: ["APR-2"] });
  });

  it("names each restart's run apart from the first and from each other", () => {
    expect(workflowRunName(state())).toBe("CASE-1-v1");
    expect(workflowRunName(state({ workflowRun: 2, caseVersion: 3 }))).toBe("CASE-1-v3-r2");
  });
});
