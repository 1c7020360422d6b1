import { describe, expect, it } from "vitest";
import {
  assess,
  type CreditEvent,
  chainEvents,
  checkCreditTrail,
  circleContagion,
  contagionFrom,
  covenantsFor,
  exitPlanProblems,
  exitPlanReason,
  foldCreditEvents,
  genesisHead,
  getPolicy,
  limitChangeProblem,
  monitorSnapshot,
  POLICIES,
  type RecordedCreditEvent,
  reductionProblem,
  SYSTEM_ACTOR,
  verifyChain,
} from "../../../domain";
import { buildPolicy } from "../../../domain/policy/policy";
import raw2 from "../../../domain/policy/versions/sme-standard-2026.2.json";
import { fixture } from "../../support/applications";
import { CREDIT_ID, classify, creditTrail, day, RED, YELLOW } from "../../support/credit-trail";
import { quietSnapshot } from "../../support/monitoring-cases";

const policy = getPolicy();

describe("covenants from the approval's conditions", () => {
  it("turns SETTLEMENT_ACCOUNT and RECEIPTS_3X into covenants on the approved limit, tested by RECEIPTS_COVENANT", () => {
    const codes = (assess(fixture("b2-manufacturing"), policy).conditions ?? []).map((c) => c.code);
    expect(codes).toContain("RECEIPTS_3X");
    const covenants = covenantsFor(codes, "11000000.00", policy);
    expect(covenants.map((c) => [c.code, c.testedBy, c.receipts])).toEqual([
      ["SETTLEMENT_ACCOUNT", "RECEIPTS_COVENANT", null],
      ["RECEIPTS_3X", "RECEIPTS_COVENANT", { multiple: "3", minAmount: "33000000.00" }],
    ]);
    expect(covenants[1]?.message).toMatch(/33000000\.00/);
  });

  it("gives none to an approval without conditions (a micro credit, or a version without them)", () => {
    expect(covenantsFor([], "500000.00", policy)).toEqual([]);
    const v1Conditions = assess(fixture("b2-manufacturing"), getPolicy("sme-standard-2026.1")).conditions;
    expect(covenantsFor(v1Conditions?.map((c) => c.code) ?? [], "11000000.00", policy)).toEqual([]);
  });

  it("tests receipts against the covenant's multiple, as data", () => {
    const twice = structuredClone(raw2);
    const receipts = twice.monitoring.covenants.find((c) => c.code === "RECEIPTS_3X");
    if (!receipts) throw new Error("no receipts covenant");
    receipts.receiptsMultipleOfLimit = "2";
    const changed = buildPolicy(twice);
    const snapshot = quietSnapshot({ "$.settlementReceipts12m": "25000000.00" });
    const codes = (p: typeof policy) => {
      const o = monitorSnapshot(snapshot, p);
      return o.ok ? o.warning.signals.map((s) => s.code) : o.errors;
    };
    expect(codes(policy)).toEqual(["RECEIPTS_COVENANT"]);
    expect(codes(changed)).toEqual([]);
  });
});

describe("guarantee-circle contagion", () => {
  const circles = [{ members: ["A", "B", "C"] }, { members: ["C", "D"] }, { members: ["E", "F"] }];

  it("flags every other member of each circle the defaulted party is in, once, with its circle", () => {
    const flags = circleContagion(circles, "C");
    expect(flags.map((f) => f.partyId)).toEqual(["A", "B", "D"]);
    expect(flags.map((f) => f.event.payload)).toEqual([
      { defaultedPartyId: "C", circle: ["A", "B", "C"] },
      { defaultedPartyId: "C", circle: ["A", "B", "C"] },
      { defaultedPartyId: "C", circle: ["C", "D"] },
    ]);
    expect(circleContagion(circles, "Z")).toEqual([]);
  });

  it("spreads from a borrower 90+ days past due or red, not from 89 days and yellow", () => {
    const members = [{ members: ["cif:00000001", "cif:00000002"] }];
    const late = creditTrail();
    late.snapshot(day(1), { "$.daysPastDue": 89 });
    expect(contagionFrom(late.state(), members, policy)).toEqual([]);
    late.snapshot(day(2), { "$.snapshotId": "MON-90", "$.daysPastDue": 90 });
    expect(contagionFrom(late.state(), members, policy).map((f) => f.partyId)).toEqual(["cif:00000002"]);
    const red = creditTrail();
    red.snapshot(day(1), RED);
    expect(contagionFrom(red.state(), members, policy).map((f) => f.partyId)).toEqual(["cif:00000002"]);
    const anonymous = creditTrail({ partyId: null });
    anonymous.snapshot(day(1), RED);
    expect(contagionFrom(anonymous.state(), members, policy)).toEqual([]);
  });

  it("gives a flagged credit CIRCLE_DEFAULT on its next evaluation, once", () => {
    const c = creditTrail();
    const [flag] = circleContagion([{ members: ["cif:00000001", "cif:00000009"] }], "cif:00000009");
    if (!flag) throw new Error("no flag");
    c.record(day(1), SYSTEM_ACTOR, flag.event);
    const s = c.snapshot(day(2), { "$.snapshotId": "MON-1" });
    expect([s.lastSnapshot?.signals, s.tier, s.circleDefault]).toEqual([["CIRCLE_DEFAULT"], "red", null]);
    const later = c.snapshot(day(32), { "$.snapshotId": "MON-2" });
    expect([later.lastSnapshot?.signals, later.tier]).toEqual([[], "red"]);
  });
});

describe("credit exit", () => {
  const milestones = [{ id: "M1", description: "stop new drawings", owner: "rk.zhou", due: "2026-12-31" }];

  it("is due on red or a classification of substandard or worse, and not twice", () => {
    const yellow = creditTrail();
    yellow.snapshot(day(1), YELLOW);
    expect(exitPlanReason(yellow.state(), policy)).toBeNull();
    expect(exitPlanProblems(yellow.state(), milestones, policy)).toEqual([
      "the credit is neither red nor classified substandard or worse: no exit plan is due",
    ]);
    classify(yellow, day(2), "substandard", "special_mention");
    expect(exitPlanReason(yellow.state(), policy)).toBe("SUBSTANDARD_OR_WORSE");
    const red = creditTrail();
    red.snapshot(day(1), RED);
    expect(exitPlanReason(red.state(), policy)).toBe("RED_TIER");
    const open = red.record(day(2), "rk.zhou", {
      type: "EXIT_PLAN_OPENED",
      payload: { reason: "RED_TIER", milestones },
    });
    expect([exitPlanReason(open, policy), exitPlanProblems(open, milestones, policy)]).toEqual([
      null,
      ["the credit already has an open exit plan"],
    ]);
  });

  it("needs milestones, each with an owner and its own id", () => {
    const red = creditTrail();
    const s = red.snapshot(day(1), RED);
    expect(exitPlanProblems(s, [], policy)).toEqual(["an exit plan needs at least one milestone"]);
    expect(
      exitPlanProblems(
        s,
        [
          { id: "M1", description: "reduce", owner: " ", due: "2026-12-31" },
          { id: "M1", description: "recover", owner: "legal.wu", due: "2027-03-31" },
        ],
        policy,
      ),
    ).toEqual(["milestone M1 needs an owner", "milestone id M1 is used twice"]);
  });

  it("records reductions and lets the limit only go down while the plan is open", () => {
    const c = creditTrail({ limit: "11000000.00" });
    c.snapshot(day(1), RED);
    expect(reductionProblem(c.state(), "1.00")).toMatch(/open exit plan/);
    c.record(day(2), "rk.zhou", { type: "EXIT_PLAN_OPENED", payload: { reason: "RED_TIER", milestones } });
    expect(reductionProblem(c.state(), "0.00")).toMatch(/more than zero/);
    expect(reductionProblem(c.state(), "11000000.01")).toMatch(/more than the limit/);
    const reduced = c.record(day(9), "fin.li", {
      type: "EXIT_REDUCTION_RECORDED",
      payload: { amount: "1000000.00", note: "repaid" },
    });
    expect([reduced.limit, reduced.exitPlan?.reductions]).toEqual([
      "10000000.00",
      [{ amount: "1000000.00", at: day(9), by: "fin.li" }],
    ]);
    expect(limitChangeProblem(reduced, "10000000.01")).toMatch(/may only go down/);
    expect(limitChangeProblem(reduced, "9000000.00")).toBeNull();
    const closed = c.record(day(60), "rk.zhou", {
      type: "EXIT_PLAN_CLOSED",
      payload: { reason: "recovered" },
    });
    expect(limitChangeProblem(closed, "12000000.00")).toBeNull();
  });
});

/** The whole life of a credit the way the runtime will record it, every rule kept. */
function cleanTrail() {
  const c = creditTrail({ limit: "11000000.00" });
  c.snapshot(day(1), YELLOW);
  c.record(day(5), "rk.zhou", {
    type: "WARNING_RESPONDED",
    payload: { tier: "yellow", actions: ["REPAYMENT_PLAN"], note: "plan agreed" },
  });
  c.snapshot(day(20), RED);
  c.record(day(21), "rk.zhou", {
    type: "WARNING_HANDED_OFF",
    payload: { tier: "red", to: "CREDIT_APPROVAL", note: "" },
  });
  c.record(day(22), "rk.zhou", {
    type: "WARNING_RESPONDED",
    payload: { tier: "red", actions: ["GUARANTOR_PAYMENT"], note: "guarantor called" },
  });
  classify(c, day(30), "substandard", "substandard");
  c.record(day(32), "rk.zhou", {
    type: "EXIT_PLAN_OPENED",
    payload: {
      reason: "RED_TIER",
      milestones: [{ id: "M1", description: "reduce", owner: "fin.li", due: "2027-01-31" }],
    },
  });
  c.record(day(40), "fin.li", {
    type: "EXIT_REDUCTION_RECORDED",
    payload: { amount: "2000000.00", note: "repaid" },
  });
  c.record(day(41), "fin.li", { type: "EXIT_MILESTONE_MET", payload: { milestoneId: "M1", note: "" } });
  return c;
}

const codesOf = (events: RecordedCreditEvent[], now?: string) =>
  checkCreditTrail(CREDIT_ID, events, POLICIES, now).map((v) => [v.code, v.seq]);

describe("checking a credit's trail (what audit check will run on every credit)", () => {
  it("finds nothing wrong in a trail recorded by the rules, and it chains and verifies like a case's", () => {
    const c = cleanTrail();
    expect(codesOf(c.events, day(42))).toEqual([]);
    const chained = chainEvents(
      genesisHead(CREDIT_ID),
      c.events.map(({ type, at, actor, payload }) => ({ type, at, actor, payload })),
    );
    expect(verifyChain(CREDIT_ID, chained).ok).toBe(true);
    const refolded = foldCreditEvents(CREDIT_ID, chained as unknown as RecordedCreditEvent[]);
    expect(refolded).toEqual(c.state());
    expect(c.state().limit).toBe("9000000.00");
  });

  it("names each broken rule with the event that broke it", () => {
    const replace = (seq: number, change: (e: RecordedCreditEvent) => RecordedCreditEvent) =>
      cleanTrail().events.map((e) => (e.seq === seq ? change(structuredClone(e)) : e));
    const base = cleanTrail().events;
    const seqOf = (type: CreditEvent["type"], nth = 0) => base.filter((e) => e.type === type)[nth]?.seq ?? -1;
    const decided = seqOf("CLASSIFICATION_DECIDED");
    expect(codesOf(replace(decided, (e) => ({ ...e, actor: "rm.chen" })))).toEqual([["FOUR_EYES", decided]]);
    const snap = seqOf("SNAPSHOT_RECORDED");
    expect(
      codesOf(
        replace(snap, (e) => {
          if (e.type === "SNAPSHOT_RECORDED") e.payload.warning.responseDays = 30;
          return e;
        }),
      ),
    ).toEqual([["WARNING_NOT_REPRODUCED", snap]]);
    const responded = seqOf("WARNING_RESPONDED");
    expect(codesOf(replace(responded, (e) => ({ ...e, at: day(16.5) })))).toEqual([
      ["RESPONSE_LATE", responded],
    ]);
    const opened = seqOf("EXIT_PLAN_OPENED");
    expect(codesOf(replace(opened, (e) => ({ ...e, actor: SYSTEM_ACTOR })))).toEqual([
      ["NOT_BY_A_PERSON", opened],
    ]);
    expect(codesOf(replace(decided, (e) => ({ ...e, at: day(91.5) })))).toEqual([
      ["CLASSIFICATION_AFTER_LIMIT", decided],
    ]);
    expect(codesOf(replace(decided, (e) => ({ ...e, at: day(47) })))).toEqual([
      ["CLASSIFICATION_LATE", decided],
    ]);
  });

  it("names a tier lowered by anything but a person's clearing, a limit raised in exit, and what is owed but missing", () => {
    const c = cleanTrail();
    const at = day(50);
    const next = (e: CreditEvent, actor = "rk.zhou"): RecordedCreditEvent =>
      ({ ...e, seq: c.events.length + 1, at, actor }) as RecordedCreditEvent;
    const lowered = next(
      {
        type: "WARNING_RAISED",
        payload: { from: "red", to: "blue", snapshotId: "MON-X", responseDays: 30, dueAt: day(80) },
      },
      SYSTEM_ACTOR,
    );
    expect(codesOf([...c.events, lowered])).toEqual([
      ["RAISE_WITHOUT_SNAPSHOT", lowered.seq],
      ["RAISE_NOT_ABOVE", lowered.seq],
    ]);
    expect(foldCreditEvents(CREDIT_ID, [...c.events, lowered])?.tier).toBe("red");
    const raised = next({
      type: "LIMIT_CHANGED",
      payload: { from: "9000000.00", to: "9500000.00", reason: "x" },
    });
    expect(codesOf([...c.events, raised])).toEqual([["LIMIT_RAISED_IN_EXIT", raised.seq]]);
    const unreasoned = next({ type: "WARNING_CLEARED", payload: { from: "red", to: null, reason: "" } });
    expect(codesOf([...c.events, unreasoned])).toEqual([["CLEARING_INVALID", unreasoned.seq]]);

    const silent = creditTrail();
    silent.snapshot(day(1), YELLOW);
    const last = silent.events.length;
    expect(codesOf(silent.events, day(16))).toEqual([]);
    expect(codesOf(silent.events, day(17))).toEqual([["ESCALATION_MISSING", last]]);
    expect(codesOf(silent.events, day(92)).length).toBe(3);
  });
});
