import { describe, expect, it } from "vitest";
import { type CaseEvent, checkDecisions, type Stage } from "../../../domain";
import { aprId, ROSTER, ruleContext, Trail } from "../../support/trail";

const codes = (t: Trail) => checkDecisions(t.events, ruleContext).map((v) => `${v.code}@${v.seq}`);

const reassigned = (stage: Stage, from: string | null, to: string, reason: string): CaseEvent => ({
  type: "APPROVAL_REASSIGNED",
  payload: {
    stage,
    attempt: 1,
    from: from === null ? null : { approvalId: aprId(stage, from), approverId: from },
    to: { approvalId: aprId(stage, to), approverId: to },
    reason,
  },
});

describe("audit check on credit administration's actions", () => {
  it("names a reassignment recorded without a reason", () => {
    /** The manager's stage given by credit administration to the backup, who approves it. */
    const handedOver = (reason: string) =>
      new Trail()
        .submit()
        .open("MANAGER", ["mgr.wang"])
        .add(reassigned("MANAGER", "mgr.wang", "mgr.zhao", reason), "ca.ma")
        .decide("MANAGER", "mgr.zhao")
        .close("MANAGER", "approve", "mgr.zhao");
    expect(checkDecisions(handedOver("").events, ruleContext)).toEqual([
      {
        code: "REASSIGNMENT_WITHOUT_REASON",
        seq: 4,
        caseVersion: 1,
        stage: "MANAGER",
        message: "the reassignment of MANAGER by ca.ma gives no reason",
      },
    ]);
    expect(codes(handedOver("mgr.wang is on leave"))).toEqual([]);
  });

  it("flags a reassignment by someone who is not credit administration of the branch", () => {
    const t = new Trail().submit().open("MANAGER", ["mgr.wang"]);
    expect(codes(t.fork().add(reassigned("MANAGER", "mgr.wang", "mgr.zhao", "leave"), "ca.feng"))).toEqual([
      "NOT_CREDIT_ADMIN@4",
    ]);
    expect(codes(t.fork().add(reassigned("MANAGER", "mgr.wang", "mgr.zhao", "leave"), "mgr.wang"))).toEqual([
      "NOT_CREDIT_ADMIN@4",
    ]);
  });

  it("flags a reassignment to each kind of ineligible person", () => {
    const atBranchCredit = new Trail()
      .submit()
      .open("MANAGER", ["mgr.wang"])
      .decide("MANAGER", "mgr.wang")
      .close("MANAGER", "approve", "mgr.wang")
      .open("BRANCH_CREDIT", ["bc.liu"]);
    const to = (who: string) => {
      const found = checkDecisions(
        atBranchCredit.fork().add(reassigned("BRANCH_CREDIT", "bc.liu", who, "leave"), "ca.ma").events,
        ruleContext,
      );
      return found.map((v) => `${v.code}: ${v.message}`);
    };
    expect(to("bc.sun")).toEqual([]);
    expect(to("ho.zhang")).toEqual([
      "REASSIGNED_TO_INELIGIBLE: BRANCH_CREDIT was reassigned to an ineligible person: ho.zhang does not hold the BRANCH_CREDIT role at GZ-TIANHE",
    ]);
    // Roles the sample directory does not give, so only four eyes can stop them.
    const lenient = {
      ...ruleContext,
      holdsRole: (u: string, b: string, r: Stage | "CREDIT_ADMIN") =>
        ruleContext.holdsRole(u, b, r) || r === "BRANCH_CREDIT",
    };
    const leniently = (who: string) =>
      checkDecisions(
        atBranchCredit.fork().add(reassigned("BRANCH_CREDIT", "bc.liu", who, "leave"), "ca.ma").events,
        lenient,
      ).map((v) => v.message);
    expect(leniently("rm.chen")).toEqual([
      "BRANCH_CREDIT was reassigned to an ineligible person: rm.chen submitted this case",
    ]);
    expect(leniently("mgr.wang")).toEqual([
      "BRANCH_CREDIT was reassigned to an ineligible person: mgr.wang already acted at MANAGER on this case",
    ]);
    const committee = new Trail().throughBranchCredit().open("COMMITTEE", [...ROSTER]);
    expect(
      checkDecisions(
        committee.add(reassigned("COMMITTEE", "cm.a", "cm.b", "leave"), "ca.ma").events,
        ruleContext,
      ).map((v) => v.message),
    ).toEqual(["COMMITTEE was reassigned to an ineligible person: cm.b is already asked at COMMITTEE"]);
  });

  it("flags a second extension, an extension without a reason, and a withdrawal without one", () => {
    const extend = (reason: string): CaseEvent => ({
      type: "SLA_EXTENDED",
      payload: { stage: "MANAGER", attempt: 1, bySeconds: 43_200, reason },
    });
    const t = new Trail().submit().open("MANAGER", ["mgr.wang"]).add(extend("appraisal late"), "ca.ma");
    expect(codes(t)).toEqual([]);
    expect(codes(t.fork().add(extend("still late"), "ca.ma"))).toEqual(["SECOND_EXTENSION@5"]);
    expect(codes(new Trail().submit().open("MANAGER", ["mgr.wang"]).add(extend(""), "ca.ma"))).toEqual([
      "EXTENSION_WITHOUT_REASON@4",
    ]);
    const withdraw = (reason: string, actor: string) =>
      codes(t.fork().add({ type: "CASE_WITHDRAWN", payload: { reason } }, actor));
    expect(withdraw("the borrower withdrew", "ca.ma")).toEqual([]);
    expect(withdraw("  ", "ca.ma")).toEqual(["WITHDRAWAL_WITHOUT_REASON@5"]);
    expect(withdraw("the borrower withdrew", "rm.chen")).toEqual(["NOT_CREDIT_ADMIN@5"]);
  });
});

describe("audit check on delegates", () => {
  const delegation = { from: "2026-12-01T00:00:00.000Z", to: "2026-12-15T00:00:00.000Z", setBy: "mgr.wang" };
  const openedAt = (iso: string) =>
    new Trail()
      .submit()
      .at(iso)
      .open("MANAGER", [{ approverId: "mgr.zhao", onBehalfOf: "mgr.wang", delegation }])
      .decide("MANAGER", "mgr.zhao", "approve", { onBehalfOf: "mgr.wang" })
      .close("MANAGER", "approve", "mgr.zhao");

  it("accepts a stage opened from the range's first instant to its last, and flags one opened at its end", () => {
    expect(codes(openedAt(delegation.from))).toEqual([]);
    expect(codes(openedAt("2026-12-14T23:59:59.999Z"))).toEqual([]);
    const late = checkDecisions(openedAt(delegation.to).events, ruleContext);
    expect(late.map((v) => v.code)).toEqual(["DELEGATE_OUT_OF_RANGE"]);
    expect(late[0]?.message).toBe(
      "mgr.zhao decided at MANAGER for mgr.wang, but the stage opened at 2026-12-15T00:00:00.000Z, outside the delegation from 2026-12-01T00:00:00.000Z to 2026-12-15T00:00:00.000Z",
    );
    expect(codes(openedAt("2026-11-30T23:59:59.999Z"))).toEqual(["DELEGATE_OUT_OF_RANGE@4"]);
  });

  it("flags a decision on behalf of someone with no delegation recorded at the opening", () => {
    const t = new Trail()
      .submit()
      .open("MANAGER", ["mgr.zhao"])
      .decide("MANAGER", "mgr.zhao", "approve", { onBehalfOf: "mgr.wang" });
    expect(codes(t)).toEqual(["DELEGATE_OUT_OF_RANGE@4"]);
  });

  it("flags a delegate standing in for someone four eyes keep out", () => {
    const t = new Trail()
      .submit()
      .open("MANAGER", ["mgr.wang"])
      .decide("MANAGER", "mgr.wang")
      .close("MANAGER", "approve", "mgr.wang")
      .at("2026-12-02T00:00:00.000Z")
      .open("BRANCH_CREDIT", [{ approverId: "bc.sun", onBehalfOf: "mgr.wang", delegation }])
      .decide("BRANCH_CREDIT", "bc.sun", "approve", { onBehalfOf: "mgr.wang" });
    const found = checkDecisions(t.events, ruleContext);
    expect(found.map((v) => `${v.code}@${v.seq}`)).toEqual(["DELEGATE_FOUR_EYES@7"]);
    expect(found[0]?.message).toBe(
      "bc.sun's decision for mgr.wang at BRANCH_CREDIT breaks four eyes: mgr.wang already acted at MANAGER",
    );
    const forSubmitter = new Trail()
      .submit()
      .at("2026-12-02T00:00:00.000Z")
      .open("MANAGER", [{ approverId: "mgr.zhao", onBehalfOf: "rm.chen", delegation }])
      .decide("MANAGER", "mgr.zhao", "approve", { onBehalfOf: "rm.chen" });
    expect(checkDecisions(forSubmitter.events, ruleContext).map((v) => v.message)).toEqual([
      "mgr.zhao's decision for rm.chen at MANAGER breaks four eyes: rm.chen, for whom mgr.zhao decided, submitted this case",
    ]);
  });
});

describe("audit check on abstentions and reminders", () => {
  const committee = () => new Trail().throughBranchCredit().open("COMMITTEE", [...ROSTER]);

  it("flags a tally that counts an abstention as a vote, and an approval short of quorum without it", () => {
    const t = committee()
      .decide("COMMITTEE", "cm.a")
      .decide("COMMITTEE", "cm.b")
      .abstain("cm.c")
      .close("COMMITTEE", "approve", "cm.b", { approve: 2, decline: 0, votes: 3, roster: 5 });
    expect(codes(t)).toEqual(["ABSTENTION_COUNTED@13", "COMMITTEE_QUORUM@13"]);
    const honest = committee()
      .decide("COMMITTEE", "cm.a")
      .decide("COMMITTEE", "cm.b")
      .abstain("cm.c")
      .decide("COMMITTEE", "cm.d")
      .close("COMMITTEE", "approve", "cm.d", { approve: 3, decline: 0, votes: 3, roster: 4, abstain: 1 });
    expect(codes(honest)).toEqual([]);
  });

  it("flags an abstention by someone not asked, and a vote after one's own abstention", () => {
    expect(codes(committee().abstain("cm.f"))).toEqual(["NOT_ASSIGNED@10"]);
    expect(codes(committee().abstain("cm.a").decide("COMMITTEE", "cm.a"))).toEqual(["NOT_ASSIGNED@11"]);
  });

  it("flags a stage closed after a reminder by anything but a person's decision", () => {
    const reminded = new Trail()
      .submit()
      .open("MANAGER", ["mgr.wang"])
      .add({
        type: "REMINDER_SENT",
        payload: {
          stage: "MANAGER",
          attempt: 1,
          approvalId: aprId("MANAGER", "mgr.wang"),
          approverId: "mgr.wang",
          share: "0.5",
          dueAt: "2026-11-20T21:02:00.000Z",
        },
      });
    expect(
      codes(reminded.fork().decide("MANAGER", "mgr.wang").close("MANAGER", "approve", "mgr.wang")),
    ).toEqual([]);
    expect(codes(reminded.fork().close("MANAGER", "approve", "system"))).toEqual([
      "REMINDER_DECIDED@5",
      "NOT_BY_APPROVER@5",
      "STAGE_WITHOUT_DECISION@5",
    ]);
    // A decision before the reminder does not close the stage after it.
    const before = new Trail()
      .submit()
      .open("COMMITTEE", [...ROSTER])
      .decide("COMMITTEE", "cm.a")
      .add({
        type: "REMINDER_SENT",
        payload: {
          stage: "COMMITTEE",
          attempt: 1,
          approvalId: aprId("COMMITTEE", "cm.b"),
          approverId: "cm.b",
          share: "0.8",
          dueAt: "2026-11-20T21:02:00.000Z",
        },
      })
      .close("COMMITTEE", "approve", "cm.a");
    expect(codes(before)).toContain("REMINDER_DECIDED@6");
  });
});
