import { describe, expect, it } from "vitest";
import {
  COMMENT_MAX_CHARS,
  COMMENT_REQUIRED,
  checkDecisionForm,
  checkDecisions,
  choicesAt,
} from "../../../domain";
import { MAX_COMMENT_CHARS } from "../../../functions/app/workflow/decide";
import { ruleContext, Trail } from "../../support/trail";

describe("the decision form, as the page and the API both check it", () => {
  it("offers return at single-person stages, abstain and recuse at the committee", () => {
    expect(choicesAt("MANAGER")).toEqual(["approve", "approve_with_conditions", "decline", "return"]);
    expect(choicesAt("COMMITTEE")).toEqual([
      "approve",
      "approve_with_conditions",
      "decline",
      "abstain",
      "recuse",
    ]);
    expect(checkDecisionForm("COMMITTEE", { decision: "return", comment: "revise" })).toEqual({
      ok: false,
      error: {
        field: "decision",
        message: "choose one of: approve, approve with conditions, decline, abstain, recuse myself",
      },
    });
    expect(checkDecisionForm("MANAGER", { decision: "abstain", comment: "" }).ok).toBe(false);
  });

  it.each([
    ["decline", "A decline needs a comment giving the reason."],
    ["return", "A return needs a comment saying what to revise."],
    ["approve_with_conditions", "Write the conditions this approval carries."],
  ])("refuses %s without a comment, with the message for the field", (decision, message) => {
    expect(COMMENT_REQUIRED[decision as "decline"]).toBe(message);
    for (const comment of ["", "  \r\n\t "]) {
      expect(checkDecisionForm("BRANCH_CREDIT", { decision, comment })).toEqual({
        ok: false,
        error: { field: "comment", message },
      });
    }
  });

  it("refuses a recusal without a reason and accepts approve or abstain without a comment", () => {
    expect(checkDecisionForm("COMMITTEE", { decision: "recuse", comment: "" })).toMatchObject({
      ok: false,
      error: { field: "comment", message: "A recusal needs a reason (for example, a conflict of interest)." },
    });
    expect(checkDecisionForm("COMMITTEE", { decision: "abstain", comment: "" })).toEqual({
      ok: true,
      value: { kind: "ABSTAIN", comment: "" },
    });
    expect(checkDecisionForm("MANAGER", { decision: "approve", comment: "" })).toEqual({
      ok: true,
      value: { kind: "DECISION", decision: "approve", comment: "", withConditions: false },
    });
  });

  it("records an approval with conditions as an approval carrying the conditions text", () => {
    expect(
      checkDecisionForm("HEAD_OFFICE", {
        decision: "approve_with_conditions",
        comment: "  Quarterly management accounts.\r\nNo dividend in 2027.  ",
      }),
    ).toEqual({
      ok: true,
      value: {
        kind: "DECISION",
        decision: "approve",
        comment: "Quarterly management accounts.\nNo dividend in 2027.",
        withConditions: true,
      },
    });
    expect(checkDecisionForm("COMMITTEE", { decision: "recuse", comment: "conflict" })).toEqual({
      ok: true,
      value: { kind: "RECUSE", reason: "conflict" },
    });
  });

  it("reuses the approval form's comment limit, at its boundary, and refuses hidden characters", () => {
    expect(COMMENT_MAX_CHARS).toBe(MAX_COMMENT_CHARS);
    const at = "x".repeat(COMMENT_MAX_CHARS);
    expect(checkDecisionForm("MANAGER", { decision: "decline", comment: at }).ok).toBe(true);
    expect(checkDecisionForm("MANAGER", { decision: "decline", comment: `${at}y` })).toEqual({
      ok: false,
      error: { field: "comment", message: "the comment is limited to 2000 characters (this one has 2001)" },
    });
    expect(checkDecisionForm("MANAGER", { decision: "decline", comment: "fine\u202Eenif" })).toEqual({
      ok: false,
      error: {
        field: "comment",
        message: "the comment may not contain control or bidirectional-formatting characters (found U+202E)",
      },
    });
  });
});

describe("conditions carried to the case", () => {
  it("keeps the approver's conditions beside the policy's, and folds a plain decision as before", () => {
    const plain = new Trail().throughBranchCredit();
    const before = plain.state();
    expect(before.approverConditions).toBeUndefined();
    expect(Object.keys(before.stages[0] ?? {})).toEqual([
      "stage",
      "outcome",
      "attempt",
      "approvers",
      "decidedBy",
    ]);

    const t = plain
      .fork()
      .open("COMMITTEE", ["cm.a", "cm.b", "cm.c"])
      .decide("COMMITTEE", "cm.a", "approve", {
        comment: "Personal guarantee of the founder.",
        withConditions: true,
      })
      .decide("COMMITTEE", "cm.b");
    const state = t.state();
    expect(state.approverConditions).toEqual([
      { stage: "COMMITTEE", approverId: "cm.a", text: "Personal guarantee of the founder." },
    ]);
    expect(state.assessment?.conditions).toEqual(before.assessment?.conditions);
    // An approval with conditions is an approval: the committee counts it, and the trail is clean.
    const closed = t
      .decide("COMMITTEE", "cm.c")
      .close("COMMITTEE", "approve", "cm.c", { approve: 3, decline: 0, votes: 3, roster: 3 });
    expect(checkDecisions(closed.events, ruleContext)).toEqual([]);
  });
});
