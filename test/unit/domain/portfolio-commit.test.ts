import { describe, expect, it } from "vitest";
import {
  applyDeltas,
  approvalDeltas,
  bookTotals,
  type Counters,
  PORTFOLIO_PLANS,
  recordPortfolioCheck,
  registryWithPlanFile,
  reproducePortfolioCheck,
  reservationDeltas,
} from "../../../domain";
import { exposure, planFile, planWith } from "../../support/portfolio";

const plan = planWith((p) => {
  p.programLimit.amount = "1000.00";
});

describe("the counters an approval commits", () => {
  it("adds the exposure to every counter it touches, each with the most the counter may hold before", () => {
    const e = exposure({
      caseId: "X",
      facilities: { equipment: "150.00", working_capital: "50.00" },
      industryCode: "C3011",
    });
    expect(approvalDeltas(plan, e)).toEqual([
      {
        counter: "PROGRAM",
        cap: "PROGRAM",
        add: "200.00",
        unreserve: "0.00",
        limit: "1000.00",
        hard: true,
        maxBefore: "800.00",
      },
      {
        counter: "INDUSTRY:C30",
        cap: "INDUSTRY:C30",
        add: "200.00",
        unreserve: "0.00",
        limit: "150.00",
        hard: false,
        maxBefore: "-50.00",
      },
      {
        counter: "FACILITY:equipment",
        cap: "FACILITY:equipment",
        add: "150.00",
        unreserve: "0.00",
        limit: "200.00",
        hard: false,
        maxBefore: "50.00",
      },
      {
        counter: "FACILITY_TYPES_TOGETHER",
        cap: "FACILITY_TYPES_TOGETHER",
        add: "150.00",
        unreserve: "0.00",
        limit: "450.00",
        hard: false,
        maxBefore: "300.00",
      },
    ]);
  });

  it("drops the condition only on a soft cap head office approved past, never on a hard one", () => {
    const e = exposure({ caseId: "X", total: "200.00", industryCode: "C3011" });
    const deltas = approvalDeltas(plan, e, { acknowledged: ["INDUSTRY:C30", "PROGRAM"] });
    expect(deltas.map((d) => [d.cap, d.maxBefore])).toEqual([
      ["PROGRAM", "800.00"],
      ["INDUSTRY:C30", null],
    ]);
    expect(applyDeltas({}, deltas)).toEqual({
      ok: true,
      value: { PROGRAM: "200.00", "INDUSTRY:C30": "200.00" },
    });
    expect(applyDeltas({ PROGRAM: "800.01" }, deltas)).toEqual({ ok: false, error: [deltas[0]] });
  });

  it("lets exactly one of two approvals racing for the last headroom commit, whatever the order", () => {
    const book: Counters = bookTotals(plan, [exposure({ caseId: "B1", total: "900.00" })]);
    const a = approvalDeltas(plan, exposure({ caseId: "A", total: "60.00" }));
    const b = approvalDeltas(plan, exposure({ caseId: "B", total: "60.00" }));
    for (const [first, second] of [
      [a, b],
      [b, a],
    ] as const) {
      const one = applyDeltas(book, first);
      if (!one.ok) throw new Error("the first approval should commit");
      expect(one.value.PROGRAM).toBe("960.00");
      const two = applyDeltas(one.value, second);
      expect(two.ok).toBe(false);
    }
  });

  it("commits all counters of a case or none: one failed condition leaves every counter as it was", () => {
    const e = exposure({ caseId: "X", facilities: { equipment: "100.00" } });
    const result = applyDeltas({ "FACILITY:equipment": "100.01", PROGRAM: "5.00" }, approvalDeltas(plan, e));
    expect(result.ok ? [] : result.error.map((d) => d.counter)).toEqual(["FACILITY:equipment"]);
  });

  it("releases the case's own reservation in the same update of each counter, approved amounts aside", () => {
    const requested = exposure({
      caseId: "X",
      facilities: { equipment: "150.00", working_capital: "50.00" },
    });
    const approved = exposure({ caseId: "X", facilities: { working_capital: "120.00" } });
    const deltas = approvalDeltas(plan, approved, { reserved: requested });
    expect(deltas.map((d) => [d.counter, d.add, d.unreserve, d.maxBefore])).toEqual([
      ["PROGRAM", "120.00", "200.00", "880.00"],
      ["FACILITY:equipment", "0.00", "150.00", null],
      ["FACILITY_TYPES_TOGETHER", "0.00", "150.00", null],
    ]);
    expect(new Set(deltas.map((d) => d.counter)).size).toBe(deltas.length);
  });

  it("reserves and releases with the same amounts, unconditionally", () => {
    const e = exposure({ caseId: "X", total: "70.00", industryCode: "B0610" });
    expect(reservationDeltas(plan, e)).toEqual([
      { counter: "PROGRAM", add: "70.00" },
      { counter: "INDUSTRY:B06", add: "70.00" },
    ]);
    expect(reservationDeltas(plan, e, -1).map((d) => d.add)).toEqual(["-70.00", "-70.00"]);
  });
});

describe("reproducing a portfolio check", () => {
  it("re-runs a recorded check under its own plan version after a new plan became the default", () => {
    const defaultPlan = PORTFOLIO_PLANS.get();
    const e = exposure({ caseId: "X", total: "15000000.00", industryCode: "C3011" });
    const record = recordPortfolioCheck(defaultPlan, { "INDUSTRY:C30": "740000000.00" }, {}, e);
    expect(record.breaches.map((b) => b.cap)).toEqual(["INDUSTRY:C30"]);
    const next = planFile();
    next.planId = "sme-portfolio-2027.1";
    next.industryCaps[0] = { ...next.industryCaps[0], share: "0.50" } as (typeof next.industryCaps)[0];
    const loaded = registryWithPlanFile(next);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    expect(loaded.value.defaultId).toBe("sme-portfolio-2027.1");
    expect(reproducePortfolioCheck(loaded.value, record)).toEqual({ ok: true });
    // Under the new plan the same case would pass: reproduction did not use it.
    expect(
      recordPortfolioCheck(loaded.value.get(), { "INDUSTRY:C30": "740000000.00" }, {}, e).breaches,
    ).toEqual([]);
  });

  it("says so when a record no longer reproduces", () => {
    const record = recordPortfolioCheck(plan, {}, {}, exposure({ caseId: "X", total: "10.00" }));
    expect(reproducePortfolioCheck(PORTFOLIO_PLANS, record)).toEqual({
      ok: false,
      reason: `plan ${plan.id} is not registered`,
    });
    const tampered = {
      ...recordPortfolioCheck(PORTFOLIO_PLANS.get(), {}, {}, exposure({ caseId: "X", total: "10.00" })),
    };
    tampered.counters = { PROGRAM: { used: "4999999999.99", reserved: "0.00" } };
    expect(reproducePortfolioCheck(PORTFOLIO_PLANS, tampered).ok).toBe(false);
  });
});
