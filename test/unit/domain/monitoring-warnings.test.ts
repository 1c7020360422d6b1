import { describe, expect, it } from "vitest";
import {
  afterDays,
  clearingProblem,
  dueWarningEvents,
  responsePlan,
  responseProblem,
  responseStatus,
  SYSTEM_ACTOR,
} from "../../../domain";
import { BLUE, creditTrail, day, RED, T0, YELLOW } from "../../support/credit-trail";

describe("a warning's tier: raised by snapshots, lowered only by a person", () => {
  it("opens a warning on a yellow snapshot, with 15 days to respond and the classification window from then", () => {
    const c = creditTrail();
    const s = c.snapshot(day(1), YELLOW);
    expect(c.events.slice(1).map((e) => e.type)).toEqual(["SNAPSHOT_RECORDED", "WARNING_RAISED"]);
    expect(c.events[2]?.payload).toEqual({
      from: null,
      to: "yellow",
      snapshotId: "MON-Y",
      responseDays: 15,
      dueAt: day(16),
    });
    expect(s.tier).toBe("yellow");
    expect(s.warning).toMatchObject({ onListSince: day(1), tierSince: day(1), responseDueAt: day(16) });
    expect(s.classificationWindow?.openedAt).toBe(day(1));
  });

  it("keeps the tier on a lower or equal snapshot (nothing but the snapshot is recorded)", () => {
    const c = creditTrail();
    c.snapshot(day(1), YELLOW);
    const before = c.events.length;
    const s = c.snapshot(day(31), BLUE);
    c.snapshot(day(61), { "$.snapshotId": "MON-Q" });
    expect(c.events.slice(before).map((e) => e.type)).toEqual(["SNAPSHOT_RECORDED", "SNAPSHOT_RECORDED"]);
    expect([s.tier, c.state().tier, c.state().lastSnapshot?.tier]).toEqual(["yellow", "yellow", null]);
    const late = c.snapshot(day(62), {
      "$.snapshotId": "MON-OLD",
      "$.asOf": "2026-10-31",
      "$.daysPastDue": 5,
    });
    expect([late.lastSnapshot?.snapshotId, late.snapshotDates.at(-1)]).toEqual(["MON-Q", "2026-10-31"]);
  });

  it("raises yellow to red with red's 7 days from the raise; the warning list and the window keep their start", () => {
    const c = creditTrail();
    c.snapshot(day(1), YELLOW);
    const s = c.snapshot(day(10), RED);
    expect(c.events.at(-1)?.payload).toMatchObject({
      from: "yellow",
      to: "red",
      responseDays: 7,
      dueAt: day(17),
    });
    expect(s.warning).toMatchObject({
      onListSince: day(1),
      tierSince: day(10),
      responseDueAt: day(17),
      respondedAt: null,
    });
    expect(s.classificationWindow?.openedAt).toBe(day(1));
  });

  it("lets a person lower or clear the tier with a reason only", () => {
    const c = creditTrail();
    expect(clearingProblem(c.state(), null, "fine")).toMatch(/no warning/);
    const s = c.snapshot(day(1), RED);
    expect(clearingProblem(s, "red", "still red")).toMatch(/red is not below red/);
    expect(clearingProblem(s, "yellow", "  ")).toMatch(/needs a reason/);
    expect(clearingProblem(s, "yellow", "account unfrozen by the court")).toBeNull();
    const lowered = c.record(day(3), "rk.zhou", {
      type: "WARNING_CLEARED",
      payload: { from: "red", to: "yellow", reason: "account unfrozen by the court" },
    });
    expect([lowered.tier, lowered.warning?.onListSince, lowered.warning?.responseDueAt]).toEqual([
      "yellow",
      day(1),
      null,
    ]);
    expect(lowered.tierHistory.map((h) => [h.tier, h.by])).toEqual([
      ["red", SYSTEM_ACTOR],
      ["yellow", "rk.zhou"],
    ]);
    const cleared = c.record(day(5), "rk.zhou", {
      type: "WARNING_CLEARED",
      payload: { from: "yellow", to: null, reason: "repaid" },
    });
    expect([cleared.tier, cleared.warning]).toEqual([null, null]);
    expect(cleared.classificationWindow?.openedAt).toBe(day(1));
    const again = c.snapshot(day(40), BLUE);
    expect([again.tier, again.warning?.onListSince]).toEqual(["blue", day(40)]);
  });
});

describe("the response a tier asks for", () => {
  it("lists each tier's days, actions and hand-offs from the policy", () => {
    const plan = (t: "blue" | "yellow" | "red") => {
      const p = responsePlan(t, creditTrail().policy);
      return [p.responseDays, p.actions.map((a) => a.code), p.stages];
    };
    expect(plan("blue")).toEqual([30, ["RESTRICT_NEW_CREDIT", "BUSINESS_PLAN"], ["RISK_MANAGEMENT"]]);
    expect(plan("yellow")).toEqual([
      15,
      ["SUSPEND_PART_OF_BUSINESS", "REPAYMENT_PLAN"],
      ["RISK_MANAGEMENT", "CREDIT_APPROVAL"],
    ]);
    expect(plan("red")).toEqual([
      7,
      ["COLLATERAL_DISPOSAL", "GUARANTOR_PAYMENT"],
      ["RISK_MANAGEMENT", "CREDIT_APPROVAL", "LEGAL", "FINANCE"],
    ]);
  });

  it("accepts a response only to the current tier, with that tier's actions", () => {
    const c = creditTrail();
    expect(responseProblem(c.state(), "blue", ["BUSINESS_PLAN"], c.policy)).toMatch(/no open warning/);
    const s = c.snapshot(day(1), YELLOW);
    expect(responseProblem(s, "blue", ["BUSINESS_PLAN"], c.policy)).toMatch(/warning is yellow/);
    expect(responseProblem(s, "yellow", ["COLLATERAL_DISPOSAL"], c.policy)).toMatch(/not a yellow response/);
    expect(responseProblem(s, "yellow", [], c.policy)).toMatch(/at least one/);
    expect(responseProblem(s, "yellow", ["REPAYMENT_PLAN"], c.policy)).toBeNull();
  });

  it("is pending up to its deadline inclusive, overdue after it, responded once recorded", () => {
    const c = creditTrail();
    expect(responseStatus(c.state(), day(1))).toBe("none");
    const s = c.snapshot(day(1), YELLOW);
    expect(responseStatus(s, day(16))).toBe("pending");
    expect(responseStatus(s, afterDays(day(16), 0.00001, 86400))).toBe("overdue");
    const answered = c.record(day(20), "rk.zhou", {
      type: "WARNING_RESPONDED",
      payload: { tier: "yellow", actions: ["REPAYMENT_PLAN"], note: "plan agreed" },
    });
    expect(responseStatus(answered, day(30))).toBe("responded");
  });

  it("owes reminders at 60% and 80% of the response days and an escalation once the deadline has passed", () => {
    const c = creditTrail();
    c.snapshot(T0, YELLOW);
    const owed = (at: string) => dueWarningEvents(c.state(), at, c.policy).map((e) => [e.type, e.payload]);
    expect(owed(day(8.99))).toEqual([]);
    expect(owed(day(9))).toEqual([["WARNING_REMINDED", { tier: "yellow", share: "0.60", dueAt: day(15) }]]);
    const shares = dueWarningEvents(c.state(), day(12), c.policy).map((e) =>
      e.type === "WARNING_REMINDED" ? e.payload.share : e.type,
    );
    expect(shares).toEqual(["0.60", "0.80"]);
    c.record(day(12), SYSTEM_ACTOR, ...dueWarningEvents(c.state(), day(12), c.policy));
    expect(owed(day(15))).toEqual([]);
    expect(owed(afterDays(day(15), 0.00001, 86400))).toEqual([
      ["WARNING_ESCALATED", { tier: "yellow", dueAt: day(15) }],
    ]);
    c.record(day(16), SYSTEM_ACTOR, ...dueWarningEvents(c.state(), day(16), c.policy));
    expect(c.state().warning?.escalatedAt).toBe(day(16));
    expect(owed(day(20))).toEqual([]);
  });

  it("runs the clocks on the credit's own day length (a test time scale)", () => {
    const c = creditTrail({ secondsPerDay: 86.4 });
    const s = c.snapshot(T0, RED);
    expect(s.warning?.responseDueAt).toBe(new Date(Date.parse(T0) + 7 * 86_400).toISOString());
  });
});
