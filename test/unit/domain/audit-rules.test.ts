import { describe, expect, it } from "vitest";
import {
  type Assessment,
  assess,
  BUILT_IN_POLICY_VERSIONS,
  type CaseEvent,
  checkDecisions,
  createPolicyRegistry,
  DEFAULT_POLICY_ID,
  getPolicy,
  POLICIES,
  type Policy,
  type RecordedEvent,
  type Stage,
} from "../../../domain";
import rawPolicy from "../../../domain/policy/versions/sme-standard-2026.1.json";
import { createDirectory, directorySchema } from "../../../functions/app/directory";
import directoryJson from "../../../infra/local/directory.json";
import { fixture } from "../../support/applications";

const directory = createDirectory(directorySchema.parse(directoryJson));
const ctx = {
  policies: POLICIES,
  holdsRole: (user: string, branch: string, stage: Stage) => directory.hasRole(user, branch, stage),
};

/** The exception case of the demo: MANAGER → BRANCH_CREDIT → COMMITTEE → HEAD_OFFICE. */
function exceptionCase(policy: Policy): { app: ReturnType<typeof fixture>; assessment: Assessment } {
  const app = fixture("a2-wholesale");
  app.borrower.industryCode = "C3011";
  return { app, assessment: assess(app, policy) };
}

class TrailBuilder {
  readonly events: RecordedEvent[] = [];
  private clock = Date.parse("2026-11-20T09:00:00.000Z");
  add(event: CaseEvent, actor = "system"): this {
    this.clock += 60_000;
    this.events.push({
      ...event,
      seq: this.events.length + 1,
      at: new Date(this.clock).toISOString(),
      actor,
    } as RecordedEvent);
    return this;
  }
  open(stage: Stage, approvers: string[], attempt = 1): this {
    return this.add({
      type: "STAGE_OPENED",
      payload: {
        stage,
        attempt,
        slaSeconds: 86_400,
        approvals: approvers.map((a) => ({ approvalId: `APR-${a}-${stage}`, approverId: a })),
      },
    });
  }
  decide(
    stage: Stage,
    who: string,
    decision: "approve" | "decline" | "return" = "approve",
    actor = who,
  ): this {
    return this.add(
      {
        type: "DECISION_RECORDED",
        payload: { stage, approvalId: `APR-${who}-${stage}`, approverId: who, decision, comment: "" },
      },
      actor,
    );
  }
  close(stage: Stage, outcome: "approve" | "decline" | "return", actor: string): this {
    return this.add({ type: "STAGE_DECIDED", payload: { stage, outcome } }, actor);
  }
}

/** A clean run of the whole exception route, with hooks to break it one rule at a time. */
function exceptionTrail(
  patch: { committee?: string[]; committeeVotes?: ("approve" | "decline")[]; branchCredit?: string } = {},
  policy: Policy = getPolicy(),
): TrailBuilder {
  const { app, assessment } = exceptionCase(policy);
  const b = new TrailBuilder()
    .add({ type: "CASE_SUBMITTED", payload: { caseVersion: 1, application: app } }, app.submittedBy)
    .add({ type: "CASE_ASSESSED", payload: { caseVersion: 1, assessment } })
    .open("MANAGER", ["mgr.wang"])
    .decide("MANAGER", "mgr.wang")
    .close("MANAGER", "approve", "mgr.wang");
  const bc = patch.branchCredit ?? "bc.liu";
  b.open("BRANCH_CREDIT", [bc]).decide("BRANCH_CREDIT", bc).close("BRANCH_CREDIT", "approve", bc);
  const roster = patch.committee ?? ["cm.a", "cm.b", "cm.c", "cm.d", "cm.e"];
  b.open("COMMITTEE", roster);
  const votes = patch.committeeVotes ?? ["approve", "approve", "approve"];
  for (const [i, v] of votes.entries()) b.decide("COMMITTEE", roster[i] as string, v);
  b.add(
    {
      type: "STAGE_DECIDED",
      payload: {
        stage: "COMMITTEE",
        outcome: "approve",
        tally: {
          approve: votes.filter((v) => v === "approve").length,
          decline: votes.filter((v) => v === "decline").length,
          votes: votes.length,
          roster: roster.length,
        },
      },
    },
    roster[votes.length - 1],
  );
  b.open("HEAD_OFFICE", ["ho.zhang"])
    .decide("HEAD_OFFICE", "ho.zhang")
    .close("HEAD_OFFICE", "approve", "ho.zhang");
  return b.add({ type: "CASE_FINALIZED", payload: { status: "APPROVED", reasons: [] } });
}

const codes = (events: RecordedEvent[]) => checkDecisions(events, ctx).map((v) => `${v.code}@${v.seq}`);

describe("checking decisions against the rules of their time", () => {
  it("finds nothing wrong in a case decided by the book", () => {
    const b = exceptionTrail();
    expect(b.events.map((e) => e.type).at(-1)).toBe("CASE_FINALIZED");
    expect(checkDecisions(b.events, ctx)).toEqual([]);
  });

  it("flags the submitter deciding on their own case, and one person at two stages", () => {
    const own = exceptionTrail({ branchCredit: "rm.chen" });
    expect(codes(own.events)).toEqual(expect.arrayContaining(["FOUR_EYES_SUBMITTER@7", "ROLE_NOT_HELD@7"]));
    const twice = exceptionTrail({ committee: ["mgr.wang", "cm.b", "cm.c"] });
    expect(codes(twice.events)).toEqual(["ROLE_NOT_HELD@10", "FOUR_EYES_TWO_STAGES@10"]);
  });

  it("flags a committee approval short of quorum or of two thirds", () => {
    expect(codes(exceptionTrail({ committeeVotes: ["approve", "approve"] }).events)).toEqual([
      "COMMITTEE_QUORUM@12",
    ]);
    expect(
      codes(exceptionTrail({ committeeVotes: ["approve", "approve", "decline", "decline"] }).events),
    ).toEqual(["COMMITTEE_TWO_THIRDS@14"]);
  });

  it("flags a committee declined while the votes still to come could approve it", () => {
    const b = exceptionTrail();
    const events = b.events.slice(0, 9);
    const early = new TrailBuilder();
    for (const e of events) early.events.push(e);
    early.decide("COMMITTEE", "cm.a", "decline").add(
      {
        type: "STAGE_DECIDED",
        payload: {
          stage: "COMMITTEE",
          outcome: "decline",
          tally: { approve: 0, decline: 1, votes: 1, roster: 5 },
        },
      },
      "cm.a",
    );
    expect(codes(early.events)).toEqual(["COMMITTEE_PREMATURE@11"]);
  });

  it("flags a stage approved by a timeout, with nobody's decision", () => {
    const b = exceptionTrail();
    const cut = b.events.slice(0, 3);
    const t = new TrailBuilder();
    for (const e of cut) t.events.push(e);
    t.add({
      type: "STAGE_REASSIGNED",
      payload: { stage: "MANAGER", attempt: 2, from: ["mgr.wang"], reason: "SLA_TIMEOUT" },
    }).add({ type: "STAGE_DECIDED", payload: { stage: "MANAGER", outcome: "approve" } });
    const found = checkDecisions(t.events, ctx);
    expect(found.map((v) => `${v.code}@${v.seq}`)).toEqual(["NOT_BY_APPROVER@5", "STAGE_WITHOUT_DECISION@5"]);
    expect(found[1]?.message).toContain("after a timeout");
  });

  it("flags a decision by someone who was not asked, or whose stage had been reassigned", () => {
    const t = new TrailBuilder();
    for (const e of exceptionTrail().events.slice(0, 3)) t.events.push(e);
    t.add({
      type: "STAGE_REASSIGNED",
      payload: { stage: "MANAGER", attempt: 2, from: ["mgr.wang"], reason: "SLA_TIMEOUT" },
    })
      .open("MANAGER", ["mgr.zhao"], 2)
      .decide("MANAGER", "mgr.wang")
      .close("MANAGER", "approve", "mgr.wang");
    expect(codes(t.events)).toEqual(["NOT_ASSIGNED@6"]);
  });

  it("flags a stage that went to its backup without ever being offered to its primary", () => {
    // The trail a crash left before the fix: assessed, nothing opened, the SLA ran out, the backup asked.
    const t = new TrailBuilder();
    for (const e of exceptionTrail().events.slice(0, 2)) t.events.push(e);
    t.add({
      type: "STAGE_REASSIGNED",
      payload: { stage: "MANAGER", attempt: 2, from: [], reason: "SLA_TIMEOUT" },
    })
      .open("MANAGER", ["mgr.zhao"], 2)
      .decide("MANAGER", "mgr.zhao")
      .close("MANAGER", "approve", "mgr.zhao");
    const found = checkDecisions(t.events, ctx);
    expect(found.map((v) => `${v.code}@${v.seq}`)).toEqual(["NOT_OFFERED_TO_PRIMARY@3"]);
    expect(found[0]).toMatchObject({ stage: "MANAGER" });
    expect(found[0]?.message).toContain("without ever being offered to its primary");

    // Opened straight at the backup's attempt, with no reassignment recorded either.
    const direct = new TrailBuilder();
    for (const e of exceptionTrail().events.slice(0, 2)) direct.events.push(e);
    direct.open("MANAGER", ["mgr.zhao"], 2);
    expect(codes(direct.events)).toEqual(["NOT_OFFERED_TO_PRIMARY@3"]);

    // The primary asked first, then the SLA: the ordinary escalation is not flagged.
    const fair = new TrailBuilder();
    for (const e of exceptionTrail().events.slice(0, 3)) fair.events.push(e);
    fair
      .add({
        type: "STAGE_REASSIGNED",
        payload: { stage: "MANAGER", attempt: 2, from: ["mgr.wang"], reason: "SLA_TIMEOUT" },
      })
      .open("MANAGER", ["mgr.zhao"], 2);
    expect(codes(fair.events)).toEqual([]);
  });

  it("flags an approval that skipped a stage its route required, or came out of order", () => {
    const full = exceptionTrail().events;
    const withoutHeadOffice = full.filter(
      (e) => !("stage" in e.payload) || e.payload.stage !== "HEAD_OFFICE",
    );
    const renumbered = withoutHeadOffice.map((e, i) => ({ ...e, seq: i + 1 }));
    expect(codes(renumbered)).toEqual([`STAGE_SKIPPED@${renumbered.length}`]);

    const t = new TrailBuilder();
    for (const e of full.slice(0, 2)) t.events.push(e);
    t.open("BRANCH_CREDIT", ["bc.liu"]).decide("BRANCH_CREDIT", "bc.liu");
    expect(codes(t.events)).toEqual(["OUT_OF_ORDER@4"]);
  });

  it("uses the committee rules of the policy version the case recorded, not today's", () => {
    const lenient = structuredClone(rawPolicy);
    lenient.id = "sme-standard-2099.1";
    lenient.route.committee.quorum = 2;
    const policies = createPolicyRegistry(
      { ...BUILT_IN_POLICY_VERSIONS, [lenient.id]: lenient },
      DEFAULT_POLICY_ID,
    );
    const underLenient = exceptionTrail({ committeeVotes: ["approve", "approve"] }, policies.get(lenient.id));
    expect(checkDecisions(underLenient.events, { ...ctx, policies })).toEqual([]);
    const underDefault = exceptionTrail({ committeeVotes: ["approve", "approve"] });
    expect(checkDecisions(underDefault.events, { ...ctx, policies }).map((v) => v.code)).toEqual([
      "COMMITTEE_QUORUM",
    ]);
  });
});
