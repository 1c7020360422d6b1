import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getPolicy, monitoringOf } from "../../../domain";
import { buildPolicy } from "../../../domain/policy/policy";
import raw2 from "../../../domain/policy/versions/sme-standard-2026.2.json";

const MONITORING = join(import.meta.dirname, "..", "..", "..", "domain", "monitoring");
const broken = (change: (m: typeof raw2.monitoring) => void) => {
  const copy = structuredClone(raw2);
  change(copy.monitoring);
  return () => buildPolicy(copy);
};

describe("the policy's monitoring section", () => {
  it("holds the signal table in its order, the tiers, the floor bands and the windows of 2026.2", () => {
    const m = monitoringOf(getPolicy());
    expect(m.signals.map((s) => `${s.code}:${s.weight}`)).toEqual([
      "CURRENT_RATIO:soft",
      "QUICK_RATIO:soft",
      "RECEIVABLE_DAYS:soft",
      "CUSTOMER_CONCENTRATION:soft",
      "INVENTORY_TURNOVER:soft",
      "RECEIPTS_COVENANT:hard",
      "LAWSUIT:hard",
      "OVERDUE:overdue",
      "ACCOUNT_FROZEN:red",
      "CIRCLE_DEFAULT:red",
      "IC_TREND:soft",
    ]);
    expect([m.tiers.red.responseDays, m.tiers.yellow.responseDays, m.tiers.blue.responseDays]).toEqual([
      7, 15, 30,
    ]);
    expect(m.classification.overdueFloors.map((f) => [f.daysAbove, f.category])).toEqual([
      [360, "loss"],
      [270, "doubtful"],
      [90, "substandard"],
      [0, "special_mention"],
    ]);
    expect([m.classification.decisionDays, m.classification.hardLimitDays]).toEqual([45, 90]);
    expect(getPolicy("sme-standard-2026.2-table").data.monitoring).toEqual(m);
  });

  it("refuses a broken section at load, naming the field", () => {
    expect(
      broken((m) => m.signals.push(structuredClone(m.signals[0] as (typeof m.signals)[number]))),
    ).toThrow(/monitoring\.signals: signal codes must be unique/);
    expect(
      broken((m) => {
        const rc = m.signals.find((s) => s.code === "RECEIPTS_COVENANT") as { covenant?: string };
        rc.covenant = "SETTLEMENT_ACCOUNT";
      }),
    ).toThrow(/monitoring\.signals\.5\.covenant: must name a covenant with receiptsMultipleOfLimit/);
    expect(
      broken((m) => {
        m.classification.overdueFloors[1] = { daysAbove: 400, category: "doubtful" };
      }),
    ).toThrow(/monitoring\.classification\.overdueFloors\.1: days must strictly descend/);
    expect(
      broken((m) => {
        m.classification.overdueFloors[3] = { daysAbove: 0, category: "loss" };
      }),
    ).toThrow(/fewer days past due may not give a worse category/);
    expect(
      broken((m) => {
        m.classification.decisionDays = 90;
      }),
    ).toThrow(/monitoring\.classification\.decisionDays: must be before hardLimitDays/);
    expect(
      broken((m) => {
        m.tiers.red.stages = ["LEGAL"];
      }),
    ).toThrow(/risk management raises and owns every warning/);
    expect(
      broken((m) => {
        m.reminders.shares = ["0.80", "0.60"];
      }),
    ).toThrow(/monitoring\.reminders\.shares: must be ascending/);
    expect(
      broken((m) => {
        (m.signals[0] as { below?: string }).below = "one";
      }),
    ).toThrow(/monitoring\.signals\.0\.below/);
  });

  it("keeps thresholds out of the monitoring code: no policy-sized numeric literals outside comments", () => {
    // The snapshot schema's examples and bounds are the input format; the rest are units: a day's
    // seconds, a month's first day, the 12 months of the receipts field, the exact decimals' width.
    const allowed = new Set([
      "clock.ts: 86400",
      "clock.ts: 1000",
      "periods.ts: 01",
      "signals.ts: 12",
      "exact.ts: 100",
    ]);
    const offenders: string[] = [];
    for (const file of readdirSync(MONITORING).filter((f) => f !== "snapshot-schema.ts")) {
      const code = readFileSync(join(MONITORING, file), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/[^\n]*/g, "");
      for (const m of code.matchAll(/[^\w.](\d{2,}|0\.\d+|\d+\.\d+)(?![\w])/g)) {
        if (!allowed.has(`${file}: ${m[1]}`)) offenders.push(`${file}: ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
