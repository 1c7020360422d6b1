import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkDecisions,
  committeeOutcome,
  committeeRoll,
  committeeStanding,
  committeeTally,
  committeeVerdict,
  exclusionsFor,
  getPolicy,
  planEscalation,
} from "../../../domain";
import { aprId, ROSTER, ruleContext, Trail } from "../../support/trail";

const v1 = getPolicy("sme-standard-2026.1");
const v2 = getPolicy("sme-standard-2026.2");
const base = new Trail().throughBranchCredit();
const base1 = new Trail().throughBranchCredit(v1);
const standing = (t: Trail, policy = v2) => committeeStanding(committeeRoll(t.events), policy);

describe("a committee reassigned to its backups after its SLA", () => {
  it("under 2026.1 (backups replace the members) a backup roster of two waits instead of declining", () => {
    const t = base1
      .fork()
      .open("COMMITTEE", [...ROSTER])
      .add({
        type: "STAGE_REASSIGNED",
        payload: { stage: "COMMITTEE", attempt: 2, from: [...ROSTER], reason: "SLA_TIMEOUT" },
      })
      .open("COMMITTEE", ["cm.f", "cm.g"], 2)
      .decide("COMMITTEE", "cm.f", "decline", { comment: "weak cash flow" });
    const s = standing(t, v1);
    expect(s).toMatchObject({ rosterSize: 2, quorum: 3, verdict: "short", shortBy: 1, decided: false });
    // The runtime's own count today (decide.ts): votes so far 0 + pending 1 after this vote = roster 1.
    expect(committeeOutcome(0, 1, 2, v1)).toBe("pending");
    expect(committeeOutcome(0, 2, 2, v1)).toBe("pending");
    // The old rule declined here; audit check now calls such a decline premature.
    const declined = t
      .fork()
      .close("COMMITTEE", "decline", "cm.f", { approve: 0, decline: 1, votes: 1, roster: 2 });
    expect(checkDecisions(declined.events, ruleContext).map((v) => v.code)).toContain("COMMITTEE_PREMATURE");
  });

  it("under 2026.1 a vote cast before the timeout stands, and with it the backups can reach the quorum", () => {
    const t = base1
      .fork()
      .open("COMMITTEE", [...ROSTER])
      .decide("COMMITTEE", "cm.a")
      .add({
        type: "STAGE_REASSIGNED",
        payload: {
          stage: "COMMITTEE",
          attempt: 2,
          from: ["cm.b", "cm.c", "cm.d", "cm.e"],
          reason: "SLA_TIMEOUT",
        },
      })
      .open("COMMITTEE", ["cm.f", "cm.g"], 2)
      .decide("COMMITTEE", "cm.f", "decline", { comment: "no" });
    expect(standing(t, v1)).toMatchObject({ rosterSize: 3, verdict: "pending" });
    expect(standing(t.fork().decide("COMMITTEE", "cm.g"), v1).verdict).toBe("approve");
    expect(standing(t.fork().decide("COMMITTEE", "cm.g", "decline", { comment: "no" }), v1).verdict).toBe(
      "decline",
    );
  });

  it("under 2026.2 the backups join the members still to vote, and the members are told", () => {
    const opened = base
      .fork()
      .open("COMMITTEE", [...ROSTER])
      .decide("COMMITTEE", "cm.a", "decline", { comment: "no" });
    const state = opened.state();
    const backups = ["cm.f", "cm.g"].filter((b) => !exclusionsFor(state, "COMMITTEE").has(b));
    const plan = planEscalation(state, "COMMITTEE", backups, v2);
    expect(plan.supersede).toEqual([]);
    expect(plan.keep.map((a) => a.approverId)).toEqual(["cm.b", "cm.c", "cm.d", "cm.e"]);
    expect(plan.ask).toEqual(["cm.f", "cm.g"]);
    expect(plan.notify.map((n) => `${n.userId}:${n.kind}:${n.newcomers.join("+")}`)).toEqual([
      "cm.b:BACKUPS_JOINED:cm.f+cm.g",
      "cm.c:BACKUPS_JOINED:cm.f+cm.g",
      "cm.d:BACKUPS_JOINED:cm.f+cm.g",
      "cm.e:BACKUPS_JOINED:cm.f+cm.g",
    ]);
    // Recorded as the runtime will: nobody superseded, the next attempt lists the kept approvals and the backups.
    const joined = opened
      .fork()
      .add({
        type: "STAGE_REASSIGNED",
        payload: { stage: "COMMITTEE", attempt: 2, from: [], reason: "SLA_TIMEOUT" },
      })
      .open("COMMITTEE", [...plan.keep.map((a) => a.approverId), ...plan.ask], 2)
      .decide("COMMITTEE", "cm.f", "decline", { comment: "no" });
    expect(standing(joined)).toMatchObject({ rosterSize: 7, verdict: "pending" });
    const approved = joined
      .fork()
      .decide("COMMITTEE", "cm.b")
      .decide("COMMITTEE", "cm.c")
      .decide("COMMITTEE", "cm.d")
      .decide("COMMITTEE", "cm.e");
    // 4 approve of 6 cast: exactly two thirds.
    expect(standing(approved)).toMatchObject({ verdict: "approve", counts: { approve: 4, decline: 2 } });
    const closed = approved
      .fork()
      .close("COMMITTEE", "approve", "cm.e", committeeTally(standing(approved).counts));
    expect(checkDecisions(closed.events, ruleContext)).toEqual([]);
  });

  it("under 2026.1 the members who lose the stage are told, with who took it", () => {
    const state = base1
      .fork()
      .open("COMMITTEE", [...ROSTER])
      .decide("COMMITTEE", "cm.a")
      .state();
    const plan = planEscalation(state, "COMMITTEE", ["cm.f", "cm.g"], v1);
    expect(plan.keep).toEqual([]);
    expect(plan.supersede.map((a) => a.approvalId)).toEqual(
      ["cm.b", "cm.c", "cm.d", "cm.e"].map((m) => aprId("COMMITTEE", m)),
    );
    expect(plan.notify.every((n) => n.kind === "STAGE_LOST" && n.newcomers.join() === "cm.f,cm.g")).toBe(
      true,
    );
  });
});

describe("abstentions and recusals", () => {
  const committee = () => base.fork().open("COMMITTEE", [...ROSTER]);

  it("reaches the quorum exactly with three votes beside two abstentions, never with the abstentions", () => {
    const t = committee()
      .abstain("cm.a")
      .abstain("cm.b")
      .decide("COMMITTEE", "cm.c")
      .decide("COMMITTEE", "cm.d");
    expect(standing(t)).toMatchObject({
      rosterSize: 5,
      verdict: "pending",
      counts: { approve: 2, decline: 0, abstain: 2, recused: 0, stillToVote: 1 },
    });
    const s = standing(t.fork().decide("COMMITTEE", "cm.e"));
    expect(s).toMatchObject({ verdict: "approve", decided: true, counts: { approve: 3, abstain: 2 } });
    expect(committeeTally(s.counts)).toEqual({ approve: 3, decline: 0, votes: 3, roster: 3, abstain: 2 });
  });

  it("leaves a committee short, not declined, when a third abstention leaves two possible votes", () => {
    const t = committee()
      .abstain("cm.a")
      .abstain("cm.b")
      .abstain("cm.c")
      .decide("COMMITTEE", "cm.d", "decline", {
        comment: "no",
      });
    expect(standing(t)).toMatchObject({ verdict: "short", shortBy: 1, decided: false, ballots: null });
  });

  it("takes a recused member off the roster; below the quorum the committee is short until a seat is added", () => {
    const two = committee().recuse("cm.a").recuse("cm.b");
    expect(standing(two)).toMatchObject({
      rosterSize: 3,
      verdict: "pending",
      counts: { recused: 2, stillToVote: 3 },
    });
    const three = two.fork().recuse("cm.c");
    expect(standing(three)).toMatchObject({ rosterSize: 2, verdict: "short", shortBy: 1 });
    expect(exclusionsFor(three.state(), "HEAD_OFFICE").get("cm.a")).toBe(
      "cm.a recused themself from this case at COMMITTEE",
    );
    const seated = three.fork().add(
      {
        type: "APPROVAL_REASSIGNED",
        payload: {
          stage: "COMMITTEE",
          attempt: 1,
          from: null,
          to: { approvalId: aprId("COMMITTEE", "cm.f"), approverId: "cm.f" },
          reason: "three members recused; a backup completes the quorum",
        },
      },
      "ca.ma",
    );
    expect(standing(seated)).toMatchObject({ rosterSize: 3, verdict: "pending" });
    const voted = seated
      .fork()
      .decide("COMMITTEE", "cm.d")
      .decide("COMMITTEE", "cm.e")
      .decide("COMMITTEE", "cm.f");
    expect(standing(voted).verdict).toBe("approve");
    const closed = voted.close("COMMITTEE", "approve", "cm.f", committeeTally(standing(voted).counts));
    expect(checkDecisions(closed.events, ruleContext)).toEqual([]);
  });

  it("declines with two recused only when the three left cannot reach two thirds", () => {
    const t = committee()
      .recuse("cm.a")
      .recuse("cm.b")
      .decide("COMMITTEE", "cm.c", "decline", { comment: "no" });
    expect(standing(t).verdict).toBe("pending");
    expect(standing(t.fork().decide("COMMITTEE", "cm.d", "decline", { comment: "no" })).verdict).toBe(
      "decline",
    );
  });

  it("shows counts while the vote is open and names once it is over", () => {
    const open = committee()
      .decide("COMMITTEE", "cm.a")
      .abstain("cm.b")
      .decide("COMMITTEE", "cm.c", "decline", {
        comment: "no",
      });
    const s = standing(open);
    expect(s).toMatchObject({
      quorum: 3,
      approveShare: { numerator: 2, denominator: 3 },
      counts: { approve: 1, decline: 1, abstain: 1, stillToVote: 2 },
      decided: false,
      ballots: null,
    });
    const over = open.fork().decide("COMMITTEE", "cm.d").decide("COMMITTEE", "cm.e");
    const closed = standing(over.fork().close("COMMITTEE", "approve", "cm.e"));
    expect(closed.decided).toBe(true);
    expect(closed.ballots?.map((b) => `${b.approverId}:${b.kind}`)).toEqual([
      "cm.a:approve",
      "cm.b:abstain",
      "cm.c:decline",
      "cm.d:approve",
      "cm.e:approve",
    ]);
  });

  it("counts only the case's current version", () => {
    const t = committee().decide("COMMITTEE", "cm.a").decide("COMMITTEE", "cm.b");
    const resubmitted = t
      .fork()
      .add({ type: "CASE_FINALIZED", payload: { status: "RETURNED", reasons: [] } });
    const again = resubmitted.fork().add(
      {
        type: "CASE_SUBMITTED",
        payload: {
          caseVersion: 2,
          application: submitted(t),
        },
      },
      "rm.chen",
    );
    expect(standing(resubmitted).decided).toBe(true);
    expect(standing(again).counts).toEqual({
      approve: 0,
      decline: 0,
      abstain: 0,
      recused: 0,
      stillToVote: 0,
    });
  });
});

function submitted(t: Trail) {
  const first = t.events[0];
  if (first?.type !== "CASE_SUBMITTED") throw new Error("a trail starts with its submission");
  return first.payload.application;
}

type Act = "approve" | "decline" | "abstain" | "recuse" | "none";
const acts = fc.array(fc.constantFrom<Act>("approve", "decline", "abstain", "recuse", "none"), {
  minLength: 1,
  maxLength: 7,
});
const MEMBERS = [...ROSTER, "cm.f", "cm.g"];

function committeeOf(list: readonly Act[]): Trail {
  const roster = MEMBERS.slice(0, list.length);
  const t = base.fork().open("COMMITTEE", roster);
  list.forEach((act, i) => {
    const who = roster[i] as string;
    if (act === "approve" || act === "decline") t.decide("COMMITTEE", who, act, { comment: "why" });
    else if (act === "abstain") t.abstain(who);
    else if (act === "recuse") t.recuse(who);
  });
  return t;
}

describe("committee properties", () => {
  it("an abstention in place of a vote not yet cast never makes the committee approve", () => {
    fc.assert(
      fc.property(acts, fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), (list, flips) => {
        const withAbstentions = list.map((a, i) => (a === "none" && flips[i] ? "abstain" : a));
        const before = standing(committeeOf(list)).verdict;
        const after = standing(committeeOf(withAbstentions)).verdict;
        if (before !== "approve") expect(after).not.toBe("approve");
      }),
      { numRuns: 150 },
    );
  });

  it("approves only with a quorum of votes cast, abstentions aside, and never declines a roster that cannot reach it", () => {
    fc.assert(
      fc.property(acts, (list) => {
        const s = standing(committeeOf(list));
        const cast = s.counts.approve + s.counts.decline;
        if (s.verdict === "approve") {
          expect(cast).toBeGreaterThanOrEqual(s.quorum);
          expect(s.counts.approve * 3).toBeGreaterThanOrEqual(2 * cast);
        }
        if (cast + s.counts.stillToVote < s.quorum) expect(s.verdict).toBe("short");
        expect(s.rosterSize).toBe(list.filter((a) => a !== "recuse").length);
      }),
      { numRuns: 200 },
    );
  });

  it("committeeOutcome never declines a roster below the quorum", () => {
    fc.assert(
      fc.property(fc.nat(10), fc.nat(10), fc.nat(10), (a, b, c) => {
        const [approve, votes, roster] = [a, a + b, a + b + c];
        const outcome = committeeOutcome(approve, votes, roster, v2);
        if (roster < 3) expect(outcome).toBe("pending");
        const { verdict } = committeeVerdict({ approve, decline: b, stillToVote: c }, v2);
        expect(verdict === "short" ? "pending" : verdict).toBe(outcome);
      }),
    );
  });
});
