import { describe, expect, it } from "vitest";
import { assessed as assessedUnder, fixture } from "../../support/applications";

// Both released versions keep the seed's worked examples (10% of sales for every grade).
describe.each(["sme-standard-2026.1", "sme-standard-2026.2"])(
  "the seed's worked examples (004) under %s",
  (version) => {
    const assessed = (app: unknown) => assessedUnder(app, version);
    it("grades a B/2 manufacturer with sales 110M at a limit of 11,000,000: ≥6,600,000 secured, ≤4,400,000 unsecured", () => {
      const a = assessed(fixture("b2-manufacturing"));
      expect(a.salesGrade).toBe(2);
      expect(a.clientGrade).toBe("B");
      expect(a.maxLimit).toBe("11000000.00");
      expect(a.minCoverage).toBe("0.60");
      expect(a.minSecured).toBe("6600000.00");
      expect(a.maxUnsecured).toBe("4400000.00");
    });

    it("keeps the B/2 split on the max limit when more than the limit is requested", () => {
      const app = fixture("b2-manufacturing");
      app.facilities = [{ type: "working_capital", amount: "14000000.00", tenorMonths: 12 }];
      const a = assessed(app);
      expect(a.maxLimit).toBe("11000000.00");
      expect(a.minSecured).toBe("6600000.00");
      expect(a.maxUnsecured).toBe("4400000.00");
      expect(a.exceptions.map((e) => e.code)).toContain("LIMIT_EXCEEDED");
    });

    it("gives an A2 wholesaler with sales 160M a limit of 16,000,000", () => {
      const a = assessed(fixture("a2-wholesale"));
      expect(a.salesGrade).toBe(2);
      expect(a.clientGrade).toBe("A");
      expect(a.maxLimit).toBe("16000000.00");
    });

    it("lets property worth 1,000,000 at a 50% mortgage rate support 833,333.33 for a grade-B client", () => {
      const app = fixture("b2-manufacturing");
      app.collateral = [{ type: "industrial_real_estate", appraisedValue: "1000000.00" }];
      const a = assessed(app);
      expect(a.clientGrade).toBe("B");
      expect(a.securedValue).toBe("500000.00");
      expect(a.collateralSupportedLimit).toBe("833333.33");
    });

    it("assesses the contract's example application with the contract's shape", () => {
      const a = assessed(fixture("a2-wholesale"));
      expect(Object.keys(a).slice(0, 3)).toEqual(["applicationId", "policyVersion", "policyHash"]);
      expect(a.policyVersion).toBe(version);
      expect(a.policyHash).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(a.requestedTotal).toBe("15000000.00");
      expect(a.securedValue).toBe("15000000.00");
      expect(a.collateralSupportedLimit).toBe("30000000.00");
      expect(a.autoDecline).toBeNull();
      expect(a.criteria.map((c) => c.id)).toEqual([
        "C01",
        "C02",
        "C03",
        "C04",
        "C05",
        "C06",
        "C07",
        "C08",
        "C09",
        "C10",
        "C11",
        "C12",
      ]);
    });

    it("routes a micro client through the simplified CSC", () => {
      const a = assessed(fixture("micro-services"));
      expect(a.salesGrade).toBe(0);
      expect(a.criteria.map((c) => c.id)).toEqual(["M01", "M02", "M03", "M04", "M05", "M06", "M07", "M08"]);
      expect(a.clientGrade).toBe("A");
      expect(a.maxLimit).toBe("5000000.00");
      expect(a.minCoverage).toBe("1.00");
    });
  },
);

describe("the what-if version sme-standard-2026.2-table (the seed's 40 / 35 / 30% of sales)", () => {
  const assessed = (app: unknown) => assessedUnder(app, "sme-standard-2026.2-table");

  it("would give the B/2 manufacturer with sales 110M min(35% × 110M = 38.5M, cap 15M), not the example's 11M", () => {
    const a = assessed(fixture("b2-manufacturing"));
    expect([a.clientGrade, a.salesGrade, a.maxLimit]).toEqual(["B", 2, "15000000.00"]);
  });

  it("would give the A2 wholesaler with sales 160M min(40% × 160M = 64M, cap 24M), not the example's 16M", () => {
    const a = assessed(fixture("a2-wholesale"));
    expect([a.clientGrade, a.salesGrade, a.maxLimit]).toEqual(["A", 2, "24000000.00"]);
  });

  it("changes nothing else: the same assessment as 2026.2 apart from the limit and what follows from it", () => {
    const app = fixture("micro-services");
    const table = assessed(app);
    const v2 = assessedUnder(app, "sme-standard-2026.2");
    expect({ ...table, policyVersion: "", policyHash: "" }).toEqual({
      ...v2,
      policyVersion: "",
      policyHash: "",
    });
  });
});
