import { describe, expect, it } from "vitest";
import {
  type AdminProblem,
  checkDecisions,
  FINAL_STATUSES,
  getPolicy,
  OPEN_STATUSES,
  planExtension,
  planReassignment,
  planWithdrawal,
  type Result,
  type Stage,
} from "../../../domain";
import { aprId, directory, ROSTER, ruleContext, Trail } from "../../support/trail";

const v2 = getPolicy("sme-standard-2026.2");
/** The sample directory, plus an RM who is also a deputy manager and a manager who sits in branch credit. */
const hasRole = (u: string, b: string, r: Stage | "CREDIT_ADMIN") =>
  directory.hasRole(u, b, r) ||
  (u === "rm.chen" && r === "MANAGER") ||
  (u === "mgr.wang" && r === "BRANCH_CREDIT");
const as = (actorId: string) => ({ actorId, hasRole, policy: v2 });
const why = (r: Result<unknown, AdminProblem>) =>
  r.ok ? "ok" : `${r.error.code}${r.error.field ? `@${r.error.field}` : ""}: ${r.error.message}`;

const managerOpen = () => new Trail().submit().open("MANAGER", ["mgr.wang"]);
const branchCreditOpen = () =>
  new Trail()
    .submit()
    .open("MANAGER", ["mgr.wang"])
    .decide("MANAGER", "mgr.wang")
    .close("MANAGER", "approve", "mgr.wang")
    .open("BRANCH_CREDIT", ["bc.liu"]);
const committeeOpen = () => new Trail().throughBranchCredit().open("COMMITTEE", [...ROSTER]);
const reason = "mgr.wang is in hospital";

describe("who may act on a case", () => {
  it("is credit administration of the case's own branch, and nobody else", () => {
    const state = managerOpen().state();
    const request = { to: "mgr.zhao", reason };
    expect(why(planReassignment(state, request, as("ca.feng")))).toBe(
      "NOT_CREDIT_ADMIN: only credit administration of GZ-TIANHE may act on case CASE-1; ca.feng is not",
    );
    expect(why(planReassignment(state, request, as("mgr.zhao")))).toMatch(/^NOT_CREDIT_ADMIN/);
    expect(why(planExtension(state, { reason }, as("rm.chen")))).toMatch(/^NOT_CREDIT_ADMIN/);
    expect(why(planWithdrawal(state, { reason }, as("au.he")))).toMatch(/^NOT_CREDIT_ADMIN/);
  });

  it.each([
    [
      "a reassignment",
      (s: ReturnType<Trail["state"]>, r: string) =>
        planReassignment(s, { to: "mgr.zhao", reason: r }, as("ca.ma")),
    ],
    [
      "an extension",
      (s: ReturnType<Trail["state"]>, r: string) => planExtension(s, { reason: r }, as("ca.ma")),
    ],
    [
      "a withdrawal",
      (s: ReturnType<Trail["state"]>, r: string) => planWithdrawal(s, { reason: r }, as("ca.ma")),
    ],
  ])("refuses %s without a reason", (action, plan) => {
    const state = managerOpen().state();
    expect(why(plan(state, " \r\n "))).toBe(`INVALID@reason: ${action} needs a reason`);
    expect(why(plan(state, "x".repeat(2001)))).toBe(
      "INVALID@reason: the reason is limited to 2000 characters (this one has 2001)",
    );
  });
});

describe("reassigning the open stage", () => {
  it("gives the stage's only pending approval to an eligible person, superseding it", () => {
    const t = managerOpen();
    const plan = planReassignment(t.state(), { to: "mgr.zhao", reason: ` ${reason}\r\n` }, as("ca.ma"));
    expect(plan).toEqual({
      ok: true,
      value: {
        stage: "MANAGER",
        attempt: 1,
        from: { approvalId: aprId("MANAGER", "mgr.wang"), approverId: "mgr.wang" },
        to: "mgr.zhao",
        reason,
      },
    });
    if (!plan.ok) return;
    t.add(
      {
        type: "APPROVAL_REASSIGNED",
        payload: { ...plan.value, to: { approvalId: aprId("MANAGER", "mgr.zhao"), approverId: "mgr.zhao" } },
      },
      "ca.ma",
    );
    expect(t.state().pendingApprovals).toEqual([
      { approvalId: aprId("MANAGER", "mgr.zhao"), approverId: "mgr.zhao" },
    ]);
    expect(t.state().stages[0]?.approvers).toEqual(["mgr.wang", "mgr.zhao"]);
    t.decide("MANAGER", "mgr.zhao").close("MANAGER", "approve", "mgr.zhao");
    expect(checkDecisions(t.events, ruleContext)).toEqual([]);
    // The superseded approver can no longer decide: the trail would say so.
    const late = t.fork().decide("MANAGER", "mgr.wang");
    expect(checkDecisions(late.events, ruleContext).map((v) => v.code)).toContain("NOT_ASSIGNED");
  });

  it.each([
    [
      "without the stage's role",
      managerOpen,
      "bc.liu",
      undefined,
      "bc.liu does not hold the MANAGER role at GZ-TIANHE",
    ],
    ["the submitter", managerOpen, "rm.chen", undefined, "rm.chen submitted this case"],
    [
      "who acted at another stage",
      branchCreditOpen,
      "mgr.wang",
      undefined,
      "mgr.wang already acted at MANAGER on this case",
    ],
    [
      "who holds the approval already",
      managerOpen,
      "mgr.wang",
      undefined,
      "mgr.wang already holds this approval",
    ],
    ["already asked at the stage", committeeOpen, "cm.b", "cm.a", "cm.b is already asked at COMMITTEE"],
  ])("refuses a person %s", (_kind, trail, to, replacing, message) => {
    const replaces = replacing ? aprId("COMMITTEE", replacing) : undefined;
    const r = planReassignment(
      trail().state(),
      { to, reason, ...(replaces ? { replaces } : {}) },
      as("ca.ma"),
    );
    expect(why(r)).toBe(`INVALID@to: ${message}`);
  });

  it("refuses a member who voted or recused, and a person who is away", () => {
    const t = committeeOpen().decide("COMMITTEE", "cm.a").recuse("cm.c");
    const seatOf = (m: string) => ({ replaces: aprId("COMMITTEE", m), reason });
    expect(why(planReassignment(t.state(), { to: "cm.a", ...seatOf("cm.b") }, as("ca.ma")))).toBe(
      "INVALID@to: cm.a already acted at COMMITTEE",
    );
    expect(why(planReassignment(t.state(), { to: "cm.c", ...seatOf("cm.b") }, as("ca.ma")))).toBe(
      "INVALID@to: cm.c recused themself from this case at COMMITTEE",
    );
    const away = {
      approverId: "cm.f",
      delegateId: "cm.g",
      from: "2026-11-01T00:00:00Z",
      to: "2026-12-31T00:00:00Z",
      setBy: "cm.f",
      reason: "",
    };
    const ctx = { ...as("ca.ma"), awayOf: (u: string) => (u === "cm.f" ? away : undefined) };
    expect(why(planReassignment(t.state(), { to: "cm.f", ...seatOf("cm.b") }, ctx))).toBe(
      "INVALID@to: cm.f is away until 2026-12-31T00:00:00Z (delegating to cm.g)",
    );
    expect(why(planReassignment(t.state(), { to: "cm.g", ...seatOf("cm.b") }, ctx))).toBe("ok");
    expect(why(planReassignment(t.state(), { to: "cm.g", replaces: "APR-nope", reason }, ctx))).toBe(
      "INVALID@replaces: APR-nope is not a pending approval of COMMITTEE",
    );
  });

  it("adds a committee seat only when the committee cannot reach its quorum", () => {
    const t = committeeOpen();
    expect(why(planReassignment(t.state(), { to: "cm.f", reason }, as("ca.ma")))).toBe(
      "INVALID@replaces: the committee can still reach its quorum: name the member whose seat is reassigned",
    );
    const short = t.fork().recuse("cm.a").recuse("cm.b").recuse("cm.c");
    expect(planReassignment(short.state(), { to: "cm.f", reason }, as("ca.ma"))).toMatchObject({
      ok: true,
      value: { from: null, to: "cm.f" },
    });
  });

  it("acts only on an open stage", () => {
    const done = managerOpen()
      .decide("MANAGER", "mgr.wang", "decline", { comment: "no" })
      .close("MANAGER", "decline", "mgr.wang")
      .add({ type: "CASE_FINALIZED", payload: { status: "DECLINED", reasons: [] } });
    expect(why(planReassignment(done.state(), { to: "mgr.zhao", reason }, as("ca.ma")))).toBe(
      "NOT_APPLICABLE: case CASE-1 has no open stage to reassign (it is DECLINED)",
    );
  });
});

describe("extending the open stage's SLA", () => {
  it("adds half the stage's SLA, once", () => {
    const t = managerOpen();
    const plan = planExtension(t.state(), { reason: "waiting for the appraisal" }, as("ca.ma"));
    expect(plan).toEqual({
      ok: true,
      value: { stage: "MANAGER", attempt: 1, bySeconds: 43_200, reason: "waiting for the appraisal" },
    });
    if (!plan.ok) return;
    t.add({ type: "SLA_EXTENDED", payload: plan.value }, "ca.ma");
    expect(t.state().stages[0]?.extendedBySeconds).toBe(43_200);
    expect(why(planExtension(t.state(), { reason: "again" }, as("ca.ma")))).toBe(
      "NOT_APPLICABLE: MANAGER was already extended once on this case; reassign it or withdraw the case",
    );
  });

  it("has no deadline to extend on a STALLED stage, and none under 2026.1", () => {
    const stalled = managerOpen().add({ type: "CASE_STALLED", payload: { stage: "MANAGER", attempt: 3 } });
    expect(why(planExtension(stalled.state(), { reason }, as("ca.ma")))).toBe(
      "NOT_APPLICABLE: MANAGER is STALLED, past both deadlines: there is no deadline left to extend",
    );
    const v1 = getPolicy("sme-standard-2026.1");
    const old = new Trail().submit(v1).open("MANAGER", ["mgr.wang"]);
    expect(why(planExtension(old.state(), { reason }, { ...as("ca.ma"), policy: v1 }))).toBe(
      "NOT_APPLICABLE: policy sme-standard-2026.1, under which this case was assessed, grants no extension",
    );
  });
});

describe("withdrawing a case", () => {
  it("ends an open case WITHDRAWN, its approvals superseded and its application's lock released", () => {
    const t = committeeOpen().decide("COMMITTEE", "cm.a");
    const plan = planWithdrawal(t.state(), { reason: "the borrower withdrew the application" }, as("ca.ma"));
    expect(plan).toEqual({
      ok: true,
      value: {
        reason: "the borrower withdrew the application",
        supersede: ["cm.b", "cm.c", "cm.d", "cm.e"].map((m) => aprId("COMMITTEE", m)),
        releaseLock: t.state().applicationId,
      },
    });
    if (!plan.ok) return;
    t.add({ type: "CASE_WITHDRAWN", payload: { reason: plan.value.reason } }, "ca.ma");
    expect(t.state()).toMatchObject({
      status: "WITHDRAWN",
      reasons: ["the borrower withdrew the application"],
      currentStage: null,
      pendingApprovals: [],
    });
    expect(FINAL_STATUSES).toContain("WITHDRAWN");
    expect(OPEN_STATUSES).not.toContain("WITHDRAWN");
    expect(checkDecisions(t.events, ruleContext)).toEqual([]);
    expect(why(planWithdrawal(t.state(), { reason }, as("ca.ma")))).toBe(
      "NOT_APPLICABLE: case CASE-1 is WITHDRAWN: only an open case is withdrawn",
    );
  });

  it("withdraws a case returned to its RM, which is still open", () => {
    const returned = managerOpen()
      .decide("MANAGER", "mgr.wang", "return", { comment: "add the 2025 accounts" })
      .close("MANAGER", "return", "mgr.wang")
      .add({ type: "CASE_FINALIZED", payload: { status: "RETURNED", reasons: [] } });
    expect(planWithdrawal(returned.state(), { reason }, as("ca.ma"))).toMatchObject({
      ok: true,
      value: { supersede: [] },
    });
  });
});
