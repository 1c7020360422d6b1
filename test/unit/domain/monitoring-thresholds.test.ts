import { describe, expect, it } from "vitest";
import { DomainError, evaluateSnapshot, getPolicy, monitorSnapshot, parseSnapshot } from "../../../domain";
import { monitoringCases, quietSnapshot, warningView } from "../../support/monitoring-cases";

const policy = getPolicy();
const cases = monitoringCases();

function warningOf(snapshot: unknown) {
  const outcome = monitorSnapshot(snapshot, policy);
  if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome.errors)}`);
  return outcome.warning;
}

describe("a snapshot's warning, on every boundary of the policy's signal table, tiers and floor", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const w = warningOf(c.snapshot);
    expect(warningView(w)).toEqual(c.expected);
    expect(w.snapshotId).toBe(c.snapshot.snapshotId);
    for (const s of w.signals) expect(s.message).not.toBe("");
  });

  it("names the policy version and its content hash, and keeps the contract's key order", () => {
    const w = warningOf(quietSnapshot({ "$.daysPastDue": 5 }));
    expect(Object.keys(w)).toEqual([
      "snapshotId",
      "policyVersion",
      "policyHash",
      "signals",
      "tier",
      "responseDays",
      "proposedClassification",
    ]);
    expect(Object.keys(w.signals[0] ?? {})).toEqual(["code", "weight", "value", "message"]);
    expect([w.policyVersion, w.policyHash]).toEqual([policy.id, policy.hash]);
  });

  it("flags CIRCLE_DEFAULT when the runtime knows of a circle member's default the snapshot does not", () => {
    const parsed = parseSnapshot(quietSnapshot());
    if (!parsed.ok) throw new Error("base refused");
    const w = evaluateSnapshot(parsed.value, policy, { circleDefault: true });
    expect(w.signals.map((s) => s.code)).toEqual(["CIRCLE_DEFAULT"]);
    expect(w.tier).toBe("red");
  });

  it("refuses to monitor under a policy without a monitoring section, with a coded error", () => {
    const v1 = getPolicy("sme-standard-2026.1");
    const thrown = (() => {
      try {
        monitorSnapshot(quietSnapshot(), v1);
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe("MONITORING_NOT_IN_POLICY");
    expect((thrown as DomainError).message).toMatch(/sme-standard-2026\.1 has no monitoring section/);
  });

  it("monitors under the what-if version too, which shares 2026.2's monitoring", () => {
    const table = getPolicy("sme-standard-2026.2-table");
    const outcome = monitorSnapshot(quietSnapshot({ "$.daysPastDue": 91 }), table);
    expect(outcome.ok && [outcome.warning.policyVersion, outcome.warning.tier]).toEqual([
      "sme-standard-2026.2-table",
      "red",
    ]);
  });
});

describe("a bad snapshot is refused whole, every problem named by JSON path", () => {
  const refused = (set: Record<string, unknown>) => {
    const outcome = monitorSnapshot(quietSnapshot(set), policy);
    if (outcome.ok) throw new Error("accepted");
    return outcome;
  };

  it.each([
    ["a share above 1", { "$.current.largestCustomerShare": "1.5" }, "$.current.largestCustomerShare"],
    ["an amount as a number", { "$.approvedLimit": 10000000 }, "$.approvedLimit"],
    ["a zero limit", { "$.approvedLimit": "0.00" }, "$.approvedLimit"],
    ["a lawsuit amount with 3 decimals", { "$.lawsuits": [{ amount: "1.005" }] }, "$.lawsuits[0].amount"],
    [
      "an amount of 16 digits",
      { "$.settlementReceipts12m": "1234567890123456.00" },
      "$.settlementReceipts12m",
    ],
    ["a date that does not exist", { "$.asOf": "2026-02-30" }, "$.asOf"],
    [
      "an industry code without digits after a letter pair",
      { "$.borrower.industryCode": "CC12" },
      "$.borrower.industryCode",
    ],
    ["negative days past due", { "$.daysPastDue": -1 }, "$.daysPastDue"],
    ["fractional receivable days", { "$.current.receivableDays": 64.5 }, "$.current.receivableDays"],
    ["a snapshot id of 129 characters", { "$.snapshotId": "S".repeat(129) }, "$.snapshotId"],
    [
      "a missing previous year (null is the way to say none)",
      { "$.previousYear": undefined },
      "$.previousYear",
    ],
    ["a frozen flag as text", { "$.mainAccountFrozen": "no" }, "$.mainAccountFrozen"],
  ])("%s", (_label, set, path) => {
    const outcome = refused(set);
    expect(outcome.errors.map((e) => e.path)).toEqual([path]);
    expect(outcome.snapshotId).toBe(path === "$.snapshotId" ? null : "MON-QUIET");
  });

  it("names every problem at once, and a snapshot that is not an object", () => {
    const outcome = refused({
      "$.daysPastDue": "7",
      "$.current.inventory": "-1.00",
      "$.borrower.sector": "farming",
    });
    expect(outcome.errors.map((e) => e.path)).toEqual([
      "$.borrower.sector",
      "$.daysPastDue",
      "$.current.inventory",
    ]);
    const none = monitorSnapshot(null, policy);
    expect(none.ok ? [] : none.errors.map((e) => e.path)).toEqual(["$"]);
  });
});
