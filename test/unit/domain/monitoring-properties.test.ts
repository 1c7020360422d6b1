import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CATEGORIES,
  categoryRank,
  classificationFloor,
  evaluateSnapshot,
  foldCreditEvents,
  getPolicy,
  monitoringOf,
  parseSnapshot,
  type RecordedCreditEvent,
  type Signal,
  type Snapshot,
  TIERS,
  type Tier,
  tierOf,
  tierRank,
} from "../../../domain";
import { buildPolicy } from "../../../domain/policy/policy";
import raw2 from "../../../domain/policy/versions/sme-standard-2026.2.json";
import { CREDIT_ID, creditTrail, T0 } from "../../support/credit-trail";
import { quietSnapshot } from "../../support/monitoring-cases";

const policy = getPolicy();
const m = monitoringOf(policy);
const RUNS = { numRuns: 300 };

const money = fc
  .bigInt({ min: 0n, max: 10n ** 11n })
  .map((fen) => `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`);
const positive = fc
  .bigInt({ min: 1n, max: 10n ** 11n })
  .map((fen) => `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`);
const share = fc.integer({ min: 0, max: 10_000 }).map((n) => (n / 10_000).toFixed(4));

/** Any valid snapshot: every figure drawn across its range, optional ones sometimes null. */
const snapshots: fc.Arbitrary<Snapshot> = fc
  .record({
    sector: fc.constantFrom("manufacturing", "wholesale", "retail", "services", "other"),
    industryCode: fc.constantFrom("C3973", "C39731", "C397", "F5100", "C3011"),
    approvedLimit: positive,
    daysPastDue: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 })),
    revenue: money,
    grossProfit: money,
    currentAssets: money,
    inventory: money,
    currentLiabilities: money,
    receivableDays: fc.integer({ min: 0, max: 200 }),
    largestCustomerShare: fc.option(share),
    finishedGoodsTurnover: fc.option(fc.integer({ min: 0, max: 60_000 }).map((n) => (n / 10_000).toFixed(4))),
    previousYear: fc.option(fc.record({ revenue: money, grossProfit: money })),
    settlementReceipts12m: fc.option(money),
    lawsuits: fc.array(money, { maxLength: 3 }),
    mainAccountFrozen: fc.boolean(),
    circleMemberInDefault: fc.boolean(),
  })
  .map((r) => {
    const parsed = parseSnapshot(
      quietSnapshot({
        "$.borrower.sector": r.sector,
        "$.borrower.industryCode": r.industryCode,
        "$.approvedLimit": r.approvedLimit,
        "$.daysPastDue": r.daysPastDue,
        "$.current": {
          revenue: r.revenue,
          grossProfit: r.grossProfit,
          currentAssets: r.currentAssets,
          inventory: r.inventory,
          currentLiabilities: r.currentLiabilities,
          receivableDays: r.receivableDays,
          largestCustomerShare: r.largestCustomerShare,
          finishedGoodsTurnover: r.finishedGoodsTurnover,
        },
        "$.previousYear": r.previousYear,
        "$.settlementReceipts12m": r.settlementReceipts12m,
        "$.lawsuits": r.lawsuits.map((amount) => ({ amount })),
        "$.mainAccountFrozen": r.mainAccountFrozen,
        "$.circleMemberInDefault": r.circleMemberInDefault,
      }),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    return parsed.value;
  });

/** Changes to a snapshot that can only make tests fire, never stop one firing. */
const worsenings: ((s: Snapshot) => Snapshot)[] = [
  (s) => ({ ...s, mainAccountFrozen: true }),
  (s) => ({ ...s, circleMemberInDefault: true }),
  (s) => ({ ...s, settlementReceipts12m: null }),
  (s) => ({ ...s, lawsuits: [...s.lawsuits, { amount: "999999999.99" }] }),
  (s) => ({ ...s, daysPastDue: s.daysPastDue + 30 }),
  (s) => ({ ...s, current: { ...s.current, receivableDays: s.current.receivableDays + 60 } }),
  (s) => ({ ...s, current: { ...s.current, currentLiabilities: `${s.current.currentLiabilities}0` } }),
  (s) => ({ ...s, current: { ...s.current, largestCustomerShare: "1.0000" } }),
  (s) => ({ ...s, current: { ...s.current, finishedGoodsTurnover: "0" } }),
];

describe("monitoring properties", () => {
  it("never lowers the tier when a snapshot gets worse in any one signal", () => {
    fc.assert(
      fc.property(snapshots, fc.integer({ min: 0, max: worsenings.length - 1 }), (s, i) => {
        const worsen = worsenings[i] as (typeof worsenings)[number];
        const before = evaluateSnapshot(s, policy);
        const after = evaluateSnapshot(worsen(s), policy);
        for (const code of before.signals.map((x) => x.code))
          expect(after.signals.map((x) => x.code)).toContain(code);
        expect(tierRank(after.tier)).toBeGreaterThanOrEqual(tierRank(before.tier));
      }),
      RUNS,
    );
  });

  it("never gives a lower tier to more signals (the tier is monotone in the set of signals)", () => {
    const signal = fc.oneof(
      ...m.signals
        .filter((r) => r.weight !== "overdue")
        .map((r) => fc.constant<Signal>({ code: r.code, weight: r.weight, value: "x", message: "x" })),
      fc
        .integer({ min: 1, max: 400 })
        .map((d): Signal => ({ code: "OVERDUE", weight: "overdue", value: String(d), message: "x" })),
    );
    fc.assert(
      fc.property(fc.array(signal, { maxLength: 6 }), fc.array(signal, { maxLength: 4 }), (some, more) => {
        // OVERDUE once: the larger days of the two sets stand for the superset's.
        const overdue = [...some, ...more]
          .filter((s) => s.code === "OVERDUE")
          .sort((a, b) => Number(b.value) - Number(a.value));
        const base = some.filter((s) => s.code !== "OVERDUE");
        const firstOverdue = some.find((s) => s.code === "OVERDUE");
        const smaller = firstOverdue ? [...base, firstOverdue] : base;
        const larger = [
          ...base,
          ...more.filter((s) => s.code !== "OVERDUE"),
          ...(overdue[0] ? [overdue[0]] : []),
        ];
        expect(tierRank(tierOf(larger, m))).toBeGreaterThanOrEqual(tierRank(tierOf(smaller, m)));
      }),
      RUNS,
    );
  });

  it("never proposes a better floor for more days past due, at any tier (from 1 day; see the next test for 0)", () => {
    const tier = fc.constantFrom<Tier | null>(null, ...TIERS);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 800 }), fc.integer({ min: 0, max: 800 }), tier, (d, extra, t) => {
        expect(categoryRank(classificationFloor(d + extra, t, m))).toBeGreaterThanOrEqual(
          categoryRank(classificationFloor(d, t, m)),
        );
      }),
      RUNS,
    );
    fc.assert(
      fc.property(snapshots, fc.integer({ min: 0, max: 500 }), (s, extra) => {
        const before = evaluateSnapshot(s, policy);
        const later = evaluateSnapshot({ ...s, daysPastDue: s.daysPastDue + extra }, policy);
        if (s.daysPastDue === 0 && before.tier === "red") return; // the one exception the policy's text makes
        expect(categoryRank(later.proposedClassification)).toBeGreaterThanOrEqual(
          categoryRank(before.proposedClassification),
        );
      }),
      RUNS,
    );
  });

  it("reads the tier floor as the policy's text does (no overdue only), and is fully monotone when the data says 'always'", () => {
    // Red with no overdue is substandard; 1-90 days past due is special mention whatever the tier.
    expect([
      classificationFloor(0, "red", m),
      classificationFloor(1, "red", m),
      classificationFloor(91, "red", m),
    ]).toEqual(["substandard", "special_mention", "substandard"]);
    const always = structuredClone(raw2);
    always.monitoring.classification.tierFloorsApply = "always";
    const ma = monitoringOf(buildPolicy(always));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 800 }),
        fc.constantFrom<Tier | null>(null, ...TIERS),
        (d, extra, t) => {
          expect(categoryRank(classificationFloor(d + extra, t, ma))).toBeGreaterThanOrEqual(
            categoryRank(classificationFloor(d, t, ma)),
          );
        },
      ),
      RUNS,
    );
    expect(CATEGORIES.map((c) => categoryRank(c))).toEqual([0, 1, 2, 3, 4]);
  });

  it("never lowers a credit's tier in the fold without a person's clearing event", () => {
    type Step =
      | { kind: "snapshot"; tier: Tier | null }
      | { kind: "raise"; to: Tier }
      | { kind: "clear"; to: Tier | null };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.constantFrom<Tier | null>(null, ...TIERS).map((tier): Step => ({ kind: "snapshot", tier })),
      fc.constantFrom(...TIERS).map((to): Step => ({ kind: "raise", to })),
      fc.constantFrom<Tier | null>(null, ...TIERS).map((to): Step => ({ kind: "clear", to })),
    );
    const quiet = parseSnapshot(quietSnapshot());
    if (!quiet.ok) throw new Error("base refused");
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const c = creditTrail();
        const events: RecordedCreditEvent[] = [...c.events];
        const at = (i: number) => new Date(Date.parse(T0) + (i + 1) * 3_600_000).toISOString();
        steps.forEach((s, i) => {
          const base = {
            seq: events.length + 1,
            at: at(i),
            actor: s.kind === "clear" ? "rk.zhou" : "system",
          };
          if (s.kind === "snapshot") {
            const warning = { ...evaluateSnapshot(quiet.value, policy), tier: s.tier };
            events.push({ ...base, type: "SNAPSHOT_RECORDED", payload: { snapshot: quiet.value, warning } });
          } else if (s.kind === "raise") {
            const payload = { from: null, to: s.to, snapshotId: "S", responseDays: 7, dueAt: at(i + 1) };
            events.push({ ...base, type: "WARNING_RAISED", payload });
          } else {
            events.push({
              ...base,
              type: "WARNING_CLEARED",
              payload: { from: "red", to: s.to, reason: "r" },
            });
          }
        });
        let previous = -1;
        for (let n = 1; n <= events.length; n++) {
          const state = foldCreditEvents(CREDIT_ID, events.slice(0, n));
          const rank = tierRank(state?.tier ?? null);
          if (events[n - 1]?.type !== "WARNING_CLEARED") expect(rank).toBeGreaterThanOrEqual(previous);
          previous = rank;
        }
      }),
      RUNS,
    );
  });
});
