import { describe, expect, it } from "vitest";
import {
  classificationReport,
  creditFloor,
  creditStateAt,
  decisionProblems,
  dueClassificationEvents,
  endOfDay,
  missingSnapshots,
  periodOf,
  proposalProblem,
  reportsDue,
  SYSTEM_ACTOR,
  warningList,
} from "../../../domain";
import { CREDIT_ID, classify, creditTrail, day, RED, T0, YELLOW } from "../../support/credit-trail";

const propose = (category: "normal" | "special_mention" | "substandard" | "doubtful", floor: string) => ({
  type: "CLASSIFICATION_PROPOSED" as const,
  payload: { category, floor: floor as "special_mention", reason: "quarterly review" },
});

describe("classification: proposed against the floor, decided by a second person", () => {
  it("takes the floor from the latest days past due and the credit's tier (which only a person lowers)", () => {
    const c = creditTrail();
    expect(creditFloor(c.state(), c.policy)).toBe("normal");
    c.snapshot(day(1), RED);
    expect(creditFloor(c.state(), c.policy)).toBe("substandard");
    c.snapshot(day(31), { "$.snapshotId": "MON-Q" });
    expect([c.state().tier, creditFloor(c.state(), c.policy)]).toEqual(["red", "substandard"]);
    c.snapshot(day(61), { "$.snapshotId": "MON-D", "$.daysPastDue": 271 });
    expect(creditFloor(c.state(), c.policy)).toBe("doubtful");
  });

  it("refuses a second proposal while one is pending, and one without a reason", () => {
    const c = creditTrail();
    const s = c.snapshot(day(1), YELLOW);
    expect(proposalProblem(s, " ")).toMatch(/needs a reason/);
    const pending = c.record(day(2), "rm.chen", propose("special_mention", "special_mention"));
    expect(proposalProblem(pending, "again")).toMatch(/awaits its decision/);
  });

  it("needs four eyes, and head office (not the proposer) for a category better than the floor", () => {
    const c = creditTrail();
    c.snapshot(day(1), YELLOW); // floor special mention
    expect(decisionProblems(c.state(), "rk.zhou", null, c.policy).map((p) => p.code)).toEqual([
      "NO_PROPOSAL",
    ]);
    const worse = c.record(day(2), "rm.chen", propose("substandard", "special_mention"));
    expect(decisionProblems(worse, "rm.chen", null, c.policy).map((p) => p.code)).toEqual(["FOUR_EYES"]);
    expect(decisionProblems(worse, "rk.zhou", null, c.policy)).toEqual([]);

    const better = creditTrail();
    better.snapshot(day(1), YELLOW);
    const s = better.record(day(2), "rm.chen", propose("normal", "special_mention"));
    expect(decisionProblems(s, "rk.zhou", null, better.policy).map((p) => p.code)).toEqual([
      "HEAD_OFFICE_REQUIRED",
    ]);
    expect(decisionProblems(s, "rk.zhou", "rm.chen", better.policy).map((p) => p.code)).toEqual([
      "HEAD_OFFICE_REQUIRED",
    ]);
    expect(decisionProblems(s, "rm.chen", "ho.zhang", better.policy).map((p) => p.code)).toEqual([
      "FOUR_EYES",
    ]);
    expect(decisionProblems(s, "rk.zhou", "ho.zhang", better.policy)).toEqual([]);
  });

  it("records the decision in the history and closes the window", () => {
    const c = creditTrail();
    c.snapshot(day(1), YELLOW);
    c.record(day(2), "rm.chen", propose("special_mention", "special_mention"));
    const s = c.record(day(3), "rk.zhou", {
      type: "CLASSIFICATION_DECIDED",
      payload: {
        category: "special_mention",
        floor: "special_mention",
        proposedBy: "rm.chen",
        headOfficeApprovedBy: null,
        reason: "agreed",
      },
    });
    expect(s.classification).toEqual({ category: "special_mention", at: day(3) });
    expect(s.classificationHistory).toEqual([
      {
        category: "special_mention",
        floor: "special_mention",
        proposedBy: "rm.chen",
        decidedBy: "rk.zhou",
        headOfficeApprovedBy: null,
        reason: "agreed",
        at: day(3),
      },
    ]);
    expect([s.proposal, s.classificationWindow]).toEqual([null, null]);
    expect(dueClassificationEvents(s, day(200), c.policy)).toEqual([]);
  });

  it("reminds before 45 days (at 27 and 36), escalates to head office after 45, alarms after 90", () => {
    const c = creditTrail();
    c.snapshot(T0, YELLOW);
    const owed = (at: string) => dueClassificationEvents(c.state(), at, c.policy).map((e) => e.type);
    expect(owed(day(26.99))).toEqual([]);
    expect(owed(day(27))).toEqual(["CLASSIFICATION_REMINDED"]);
    expect(owed(day(36))).toEqual(["CLASSIFICATION_REMINDED", "CLASSIFICATION_REMINDED"]);
    c.record(day(36), SYSTEM_ACTOR, ...dueClassificationEvents(c.state(), day(36), c.policy));
    expect(c.state().classificationWindow?.remindedShares).toEqual(["0.60", "0.80"]);
    expect(owed(day(45))).toEqual([]);
    expect(owed(day(45.0001))).toEqual(["CLASSIFICATION_ESCALATED"]);
    c.record(day(46), SYSTEM_ACTOR, ...dueClassificationEvents(c.state(), day(46), c.policy));
    expect(owed(day(90))).toEqual([]);
    expect(owed(day(90.0001))).toEqual(["CLASSIFICATION_ALARMED"]);
  });
});

describe("reports: cadence, the classification report and the warning list, from the trail", () => {
  it("are due at a month's end (monthly) and a quarter's end (both)", () => {
    const policy = creditTrail().policy;
    expect(reportsDue("2026-11-29", policy)).toEqual([]);
    expect(reportsDue("2026-11-30", policy)).toEqual([
      {
        report: "CLASSIFICATION_MONTHLY",
        period: { period: "2026-11", start: "2026-11-01", end: "2026-11-30" },
      },
    ]);
    expect(reportsDue("2026-12-31", policy).map((r) => r.period.period)).toEqual(["2026-Q4", "2026-12"]);
    expect(reportsDue("2028-02-29", policy).map((r) => r.report)).toEqual(["CLASSIFICATION_MONTHLY"]);
    expect(periodOf("quarter", "2027-02-10")).toEqual({
      period: "2027-Q1",
      start: "2027-01-01",
      end: "2027-03-31",
    });
    expect(endOfDay("2026-11-30", 480)).toBe("2026-11-30T15:59:59.999Z");
  });

  it("lists special mention and below quarterly, substandard and below monthly, worst first, as of any past date", () => {
    const decide = (
      c: ReturnType<typeof creditTrail>,
      at: number,
      category: "special_mention" | "substandard",
    ) => classify(c, day(at), category, category);
    const sm = creditTrail();
    sm.snapshot(day(1), YELLOW);
    decide(sm, 2, "special_mention");
    const ss = creditTrail();
    ss.snapshot(day(1), RED);
    decide(ss, 10, "substandard");
    const normal = creditTrail();
    const at = (t: ReturnType<typeof creditTrail>, when: string, id: string) => {
      const s = creditStateAt(CREDIT_ID, t.events, when);
      if (!s) throw new Error("no credit");
      return { ...s, creditId: id };
    };
    const asOf = (when: string) => [at(sm, when, "C-SM"), at(ss, when, "C-SS"), at(normal, when, "C-N")];
    const rows = (report: string, when: string) =>
      classificationReport(report, asOf(when), sm.policy).map((r) => [r.creditId, r.category]);
    expect(rows("CLASSIFICATION_QUARTERLY", day(20))).toEqual([
      ["C-SS", "substandard"],
      ["C-SM", "special_mention"],
    ]);
    expect(rows("CLASSIFICATION_MONTHLY", day(20))).toEqual([["C-SS", "substandard"]]);
    expect(rows("CLASSIFICATION_MONTHLY", day(5))).toEqual([]);
    expect(rows("CLASSIFICATION_QUARTERLY", day(5))).toEqual([["C-SM", "special_mention"]]);
  });

  it("lists open warnings nearest deadline first, and the credits with no snapshot this month", () => {
    const red = creditTrail();
    red.snapshot(day(3), RED); // response due day 10
    const yellow = creditTrail();
    yellow.snapshot(day(1), YELLOW); // response due day 16
    const quiet = creditTrail();
    quiet.snapshot(day(1), { "$.snapshotId": "MON-Q" });
    const credits = [
      { ...yellow.state(), creditId: "C-Y" },
      { ...red.state(), creditId: "C-R" },
      { ...quiet.state(), creditId: "C-Q" },
    ];
    const list = warningList(credits, day(12), red.policy);
    expect(list.map((r) => [r.creditId, r.response, r.nextDeadline])).toEqual([
      ["C-R", "overdue", day(10)],
      ["C-Y", "pending", day(16)],
    ]);
    expect(list[1]?.classificationDueAt).toBe(day(46));
    const opened = creditTrail();
    expect(
      missingSnapshots([...credits, { ...opened.state(), creditId: "C-NEW" }], "2026-11-30", red.policy).map(
        (c) => c.creditId,
      ),
    ).toEqual(["C-NEW"]);
    expect(missingSnapshots(credits, "2026-12-31", red.policy).map((c) => c.creditId)).toEqual([
      "C-Y",
      "C-R",
      "C-Q",
    ]);
  });
});
