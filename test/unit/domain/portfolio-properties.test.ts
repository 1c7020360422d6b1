import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyDeltas,
  approvalDeltas,
  bookTotals,
  checkPortfolio,
  contributionsOf,
  counterValue,
  type Exposure,
  withExposure,
} from "../../../domain";
import { Dec } from "../../../domain/decimal";
import { exposure, planWith, uscc } from "../../support/portfolio";

const plan = planWith((p) => {
  p.programLimit.amount = "1000.00";
  p.clusters[0] = { ...p.clusters[0], limit: "300.00", perClientMax: "120.00" } as (typeof p.clusters)[0];
});

const cents = (max: number) => fc.integer({ min: 1, max }).map((c) => new Dec(c).div(100).toFixed(2));
const facilityTypes = [
  "working_capital",
  "equipment",
  "plant_construction",
  "property_purchase",
  "non_financing_guarantee",
] as const;

const anExposure: fc.Arbitrary<Exposure> = fc
  .record({
    n: fc.nat(1_000_000),
    facilities: fc.dictionary(fc.constantFrom(...facilityTypes), cents(40_000), { minKeys: 1 }),
    industryCode: fc.constantFrom("C3011", "C3120", "B0610", "F5143", "C3670"),
    cluster: fc.boolean(),
    party: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    exceptionCodes: fc.subarray(["LIMIT_EXCEEDED", "PORTFOLIO_LIMIT", "CSC_NOT_MET"]),
    upgrades: fc.constantFrom([], ["DtoC"], ["CtoB"], ["BtoA"], ["CtoB", "BtoA"]) as fc.Arbitrary<
      Exposure["upgrades"]
    >,
  })
  .map((r) =>
    exposure({
      caseId: `CASE-${r.n}`,
      facilities: r.facilities,
      industryCode: r.industryCode,
      clusterId: r.cluster ? "SHIYAN-AUTO" : null,
      partyId: r.party === null ? null : uscc(r.party),
      exceptionCodes: [...r.exceptionCodes].sort(),
      upgrades: r.upgrades,
      clientGrade: r.upgrades[0] === "DtoC" ? "D" : "B",
    }),
  );

describe("portfolio properties", () => {
  it("never lowers a counter when an exposure is added, and folds to the same totals in any order", () => {
    fc.assert(
      fc.property(fc.array(anExposure, { maxLength: 12 }), anExposure, (book, extra) => {
        const before = bookTotals(plan, book);
        const after = withExposure(plan, before, extra);
        for (const [counter, value] of Object.entries(before))
          expect(new Dec(after[counter] ?? "0").gte(value)).toBe(true);
        expect(after).toEqual(bookTotals(plan, [...book, extra]));
        expect(bookTotals(plan, [...book].reverse())).toEqual(before);
        expect(withExposure(plan, after, extra, -1)).toEqual(
          Object.fromEntries(Object.entries(after).map(([k]) => [k, counterValue(before, k).toFixed(2)])),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("reports a breach exactly for the caps where used + reserved + amount > limit", () => {
    fc.assert(
      fc.property(
        fc.array(anExposure, { maxLength: 8 }),
        fc.array(anExposure, { maxLength: 8 }),
        anExposure,
        (book, open, e) => {
          const used = bookTotals(plan, book);
          const reserved = bookTotals(plan, open);
          const breached = checkPortfolio(plan, used, reserved, e).map((b) => b.counter);
          const expected = contributionsOf(plan, e)
            .filter((c) =>
              counterValue(used, c.counter)
                .plus(counterValue(reserved, c.counter))
                .plus(c.amount)
                .gt(c.cap.limit),
            )
            .map((c) => c.counter);
          expect(breached).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never commits a counter past a cap it was conditional on, and commits whatever has room", () => {
    fc.assert(
      fc.property(fc.array(anExposure, { maxLength: 10 }), (approvals) => {
        let counters: Record<string, string> = {};
        for (const e of approvals) {
          const deltas = approvalDeltas(plan, e);
          const fits = checkPortfolio(plan, counters, {}, e).length === 0;
          const result = applyDeltas(counters, deltas);
          expect(result.ok).toBe(fits);
          if (result.ok) counters = result.value;
          for (const d of deltas) expect(counterValue(counters, d.counter).lte(d.limit)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
