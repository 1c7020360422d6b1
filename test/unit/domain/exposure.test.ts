import { describe, expect, it } from "vitest";
import type { CriterionResult } from "../../../domain";
import {
  applicationSchema,
  assess,
  exposureOf,
  exposureSchema,
  getPolicy,
  parseApplication,
  serializeAssessment,
  upgradesOf,
  usccCheckCharacter,
} from "../../../domain";
import { generateApplication } from "../../support/application-generator";
import { assessed, fixture } from "../../support/applications";
import { uscc } from "../../support/portfolio";

const levels = (...ls: CriterionResult["level"][]): CriterionResult[] =>
  ls.map((level, i) => ({ id: `C${i + 1}`, level, value: "", reason: "" }));

describe("party ids", () => {
  it("accepts a unified social credit code with its check character, or a scheme:value id", () => {
    const app = fixture("a2-wholesale");
    app.borrower.partyId = "91350100M000100Y43";
    (app.guarantors[0] as { partyId?: string }).partyId = "cif:00012345";
    const parsed = parseApplication(app);
    expect(parsed.ok && parsed.value.borrower.partyId).toBe("91350100M000100Y43");
    expect(usccCheckCharacter("91350100M000100Y4")).toBe("3");
  });

  it.each([
    ["91350100M000100Y44", /check character should be 3/],
    ["91350100M000100I43", /unified social credit code/],
    ["9135010", /unified social credit code/],
    ["CIF:1", /scheme:value/],
    [`cif:${"x".repeat(80)}`, /at most 81 characters/],
  ])("refuses %s by path", (partyId, message) => {
    const app = fixture("a2-wholesale");
    (app.guarantors[0] as { partyId?: string }).partyId = partyId;
    const parsed = parseApplication(app);
    expect(parsed.ok ? [] : parsed.error).toEqual([
      { path: "$.guarantors[0].partyId", message: expect.stringMatching(message) },
    ]);
  });

  it("leaves old applications valid and their assessment byte for byte the same", () => {
    const policy = getPolicy();
    for (let seed = 1; seed <= 200; seed++) {
      const old = generateApplication(seed);
      const withIds = structuredClone(old);
      withIds.borrower.partyId = uscc(seed);
      withIds.guarantors.forEach((g, i) => {
        g.partyId = `cif:G${seed}-${i}`;
      });
      const parsedOld = applicationSchema.parse(old);
      expect(parsedOld.borrower.partyId).toBeUndefined();
      expect(serializeAssessment(assess(applicationSchema.parse(withIds), policy))).toBe(
        serializeAssessment(assess(parsedOld, policy)),
      );
    }
  });
});

describe("the exposure of a case", () => {
  it("takes the requested facilities by type, the grade, exceptions and linked guarantees", () => {
    const app = fixture("b2-manufacturing");
    app.borrower.partyId = uscc(7);
    app.facilities = [
      { type: "equipment", amount: "1000000.00", tenorMonths: 36 },
      { type: "working_capital", amount: "2000000.50", tenorMonths: 12 },
      { type: "equipment", amount: "500000.00", tenorMonths: 24 },
    ];
    app.guarantors = [
      {
        ...(app.guarantors[0] ?? fixture("a2-wholesale").guarantors[0]),
        id: "G-1",
        partyId: uscc(8),
        guaranteedAmount: "3000000.00",
      } as never,
      {
        ...(fixture("a2-wholesale").guarantors[0] as object),
        id: "G-2",
        guaranteedAmount: "100.00",
      } as never,
    ];
    const a = assessed(app);
    const e = exposureOf({ caseId: "CASE-1", application: applicationSchema.parse(app), assessment: a });
    expect(e).toEqual({
      caseId: "CASE-1",
      partyId: uscc(7),
      industryCode: app.borrower.industryCode,
      clusterId: null,
      facilities: { working_capital: "2000000.50", equipment: "1500000.00" },
      total: "3500000.50",
      clientGrade: a.clientGrade,
      upgrades: upgradesOf(a),
      exceptionCodes: [...new Set(a.exceptions.map((x) => x.code))].sort(),
      guarantees: [{ guarantorPartyId: uscc(8), amount: "3000000.00" }],
      approvedAt: null,
    });
    expect(exposureSchema.safeParse(e).success).toBe(true);
  });

  it("takes the approved amounts and instant once approved", () => {
    const app = applicationSchema.parse(fixture("a2-wholesale"));
    const e = exposureOf({
      caseId: "CASE-2",
      application: app,
      assessment: assessed(app),
      approved: {
        at: "2026-11-20T10:00:00.000Z",
        facilities: [{ type: "working_capital", amount: "12000000.00" }],
      },
    });
    expect([e.total, e.facilities, e.approvedAt]).toEqual([
      "12000000.00",
      { working_capital: "12000000.00" },
      "2026-11-20T10:00:00.000Z",
    ]);
  });

  it("names a malformed amount of an exposure by path without tripping over it", () => {
    const e = exposureOf({
      caseId: "C",
      application: applicationSchema.parse(fixture("a2-wholesale")),
      assessment: assessed(fixture("a2-wholesale")),
    });
    const parsed = exposureSchema.safeParse({ ...e, facilities: { working_capital: "abc" }, total: "abc" });
    expect(parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => i.path.join(".")))]).toEqual([
      "facilities.working_capital",
      "total",
    ]);
  });

  it("refuses an exposure whose total is not its facilities' sum", () => {
    const e = exposureOf({
      caseId: "C",
      application: applicationSchema.parse(fixture("a2-wholesale")),
      assessment: assessed(fixture("a2-wholesale")),
    });
    const parsed = exposureSchema.safeParse({ ...e, total: "1.00" });
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.path.join("."))).toEqual(["total"]);
  });
});

describe("grade upgrades", () => {
  it("reads a grade-D client lent to in the program as an upgrade from D to C", () => {
    expect(upgradesOf({ clientGrade: "D", criteria: levels("A", "FAIL") })).toEqual(["DtoC"]);
  });

  it("reads a grade lifted over secondary criteria below it as the steps it crossed", () => {
    expect(upgradesOf({ clientGrade: "A", criteria: levels("A", "A", "B") })).toEqual(["BtoA"]);
    expect(upgradesOf({ clientGrade: "A", criteria: levels("A", "B", "C") })).toEqual(["CtoB", "BtoA"]);
    expect(upgradesOf({ clientGrade: "B", criteria: levels("A", "B", "C") })).toEqual(["CtoB"]);
    expect(upgradesOf({ clientGrade: "B", criteria: levels("B", "B") })).toEqual([]);
  });

  it("sees no lift in a micro grade, which follows the count of failures", () => {
    expect(upgradesOf({ clientGrade: "B", criteria: levels("A", "FAIL", "A") })).toEqual([]);
  });

  it("finds the lifts the policy's two-adjustment allowance grants on real assessments", () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 400; seed++) {
      const a = assessed(generateApplication(seed));
      const u = upgradesOf(a);
      seen.add(u.join("+"));
      if (a.clientGrade === "D") expect(u).toEqual(["DtoC"]);
      const lowest = a.criteria.some((c) => c.level === "C")
        ? "C"
        : a.criteria.some((c) => c.level === "B")
          ? "B"
          : "A";
      if (a.clientGrade === "A" && lowest === "B" && a.salesGrade !== 0) expect(u).toEqual(["BtoA"]);
    }
    expect([...seen].sort()).toEqual(["", "BtoA", "CtoB", "CtoB+BtoA", "DtoC"]);
  });
});
