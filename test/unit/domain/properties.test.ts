import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Application, assess, getPolicy, serializeAssessment } from "../../../domain";
import { Dec } from "../../../domain/decimal";
import { generateApplication } from "../../support/application-generator";
import { codes } from "../../support/applications";

const policy = getPolicy();
const seeds = fc.integer({ min: 1, max: 2 ** 31 - 1 });
const clone = (a: Application): Application => structuredClone(a);

describe("assessment properties", () => {
  it("never gives a limit above its cap nor below zero", () => {
    const caps = policy.data.limits.caps;
    const highestCap = Dec.max(
      ...Object.values(caps).flatMap((bySg) =>
        Object.values(bySg).flatMap((c) => Object.values(c).map((v) => new Dec(v))),
      ),
      ...policy.data.limits.microCapsByFailures.map((v) => new Dec(v)),
    );
    fc.assert(
      fc.property(seeds, (seed) => {
        const a = assess(generateApplication(seed), policy);
        const limit = new Dec(a.maxLimit);
        expect(limit.gte(0)).toBe(true);
        expect(limit.lte(highestCap)).toBe(true);
        if (a.salesGrade !== null && a.salesGrade > 0 && a.clientGrade !== "D") {
          const cap = caps[a.clientGrade as "A" | "B" | "C"][String(a.salesGrade) as "1" | "2" | "3"];
          expect(limit.lte(Dec.max(new Dec(cap.distribution), new Dec(cap.manufacturingAndOthers)))).toBe(
            true,
          );
        }
        expect(
          new Dec(a.minSecured).plus(a.maxUnsecured).lte(Dec.min(limit, a.requestedTotal).plus("0.01")),
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("gives byte-identical output for the same input", () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const app = generateApplication(seed);
        expect(serializeAssessment(assess(clone(app), policy))).toBe(
          serializeAssessment(assess(clone(app), policy)),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("never shortens the route when an exception is added", () => {
    fc.assert(
      fc.property(seeds, fc.constantFrom("C3011", "B0610"), (seed, restricted) => {
        const app = generateApplication(seed);
        const before = assess(app, policy);
        fc.pre(before.autoDecline === null);
        const worse = clone(app);
        worse.borrower.industryCode = restricted;
        worse.collateral.push({ type: "patent", appraisedValue: "1.00" });
        const after = assess(worse, policy);
        expect(codes(after).length).toBeGreaterThan(0);
        expect(after.route.length).toBeGreaterThanOrEqual(before.route.length);
        expect(after.route.slice(0, before.route.length)).toEqual(before.route);
      }),
      { numRuns: 200 },
    );
  });

  it("gives the same result whatever the order of financials", () => {
    fc.assert(
      fc.property(seeds, fc.nat(), (seed, shuffle) => {
        const app = generateApplication(seed);
        const reordered = clone(app);
        const years = reordered.financials;
        for (let i = years.length - 1; i > 0; i--) {
          const j = (shuffle + i * 7919) % (i + 1);
          [years[i], years[j]] = [years[j] as (typeof years)[number], years[i] as (typeof years)[number]];
        }
        expect(serializeAssessment(assess(reordered, policy))).toBe(serializeAssessment(assess(app, policy)));
      }),
      { numRuns: 200 },
    );
  });

  it("lists each condition at most once, in the policy's order, none when auto-declined, and never under 2026.1", () => {
    const order = (policy.data.conditions ?? []).map((c) => c.code);
    const v1 = getPolicy("sme-standard-2026.1");
    fc.assert(
      fc.property(seeds, (seed) => {
        const app = generateApplication(seed);
        const a = assess(app, policy);
        const listed = (a.conditions ?? []).map((c) => c.code);
        expect(a.conditions).toBeDefined();
        expect(listed).toEqual(order.filter((code) => listed.includes(code)));
        if (a.autoDecline !== null) expect(listed).toEqual([]);
        expect(assess(app, v1)).not.toHaveProperty("conditions");
      }),
      { numRuns: 300 },
    );
  });
});
