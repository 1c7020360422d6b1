import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  assess,
  BUILT_IN_POLICY_VERSIONS,
  createPolicyRegistry,
  getPolicy,
  POLICIES,
  policyVersions,
} from "../../../domain";
import { buildPolicy } from "../../../domain/policy/policy";
import released from "../../../domain/policy/versions/released.json";
import raw from "../../../domain/policy/versions/sme-standard-2026.1.json";
import raw2 from "../../../domain/policy/versions/sme-standard-2026.2.json";
import rawTable from "../../../domain/policy/versions/sme-standard-2026.2-table.json";
import { assessed, fixture } from "../../support/applications";

const DOMAIN = join(import.meta.dirname, "..", "..", "..", "domain", "assessment");

/** Every leaf path where two JSON values differ, e.g. "limits.microCapsByFailures.2". */
function differingPaths(a: unknown, b: unknown, path = ""): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object";
  if (!isObject(a) || !isObject(b)) return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => differingPaths(a[k], b[k], path ? `${path}.${k}` : k));
}

describe("policy as data", () => {
  it("loads and validates the default version with a content hash", () => {
    const p = getPolicy();
    expect(p.id).toBe("sme-standard-2026.2");
    expect(policyVersions()).toEqual([
      "sme-standard-2026.1",
      "sme-standard-2026.2",
      "sme-standard-2026.2-table",
    ]);
    expect(p.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("registers the what-if version but never lets it be the default", () => {
    expect(getPolicy("sme-standard-2026.2-table").data.whatIf).toBe(true);
    expect(getPolicy().data.whatIf).toBe(false);
    expect(() => createPolicyRegistry({ ...BUILT_IN_POLICY_VERSIONS }, "sme-standard-2026.2-table")).toThrow(
      /what-if version and cannot be the default/,
    );
  });

  it("changes 2026.2 from 2026.1 only in the data of the second reading, and the what-if only in its percentages", () => {
    expect(differingPaths(raw, raw2)).toEqual([
      "approvals",
      "conditions",
      "guarantors.netAssetsBase",
      "id",
      "limits.microCapsByFailures.2",
      "monitoring",
      "security",
      "title",
    ]);
    expect(raw2.limits.microCapsByFailures[2]).toBe("100000");
    expect(raw2.conditions.map((c) => c.code)).toEqual([
      "SETTLEMENT_ACCOUNT",
      "RECEIPTS_3X",
      "STAGED_DISBURSEMENT",
      "EQUIPMENT_PLEDGED",
      "PLANT_LAND_MORTGAGED",
      "PROPERTY_COMPLETED_MORTGAGED",
      "GUARANTEE_OTHER_COLLATERAL",
    ]);
    expect(differingPaths(raw2, rawTable)).toEqual([
      "id",
      "limits.pctOfSales.A",
      "limits.pctOfSales.B",
      "limits.pctOfSales.C",
      "title",
      "whatIf",
    ]);
    expect(rawTable.limits.pctOfSales).toEqual({ A: "0.40", B: "0.35", C: "0.30" });
  });

  it("reads a version that predates the new data with the defaults that keep its meaning", () => {
    const v1 = getPolicy("sme-standard-2026.1").data;
    expect(v1.guarantors.netAssetsBase).toBe("guaranteedAmount");
    expect(v1.security.requiredForRatings).toEqual([]);
    expect(v1.conditions).toBeUndefined();
    expect(v1.whatIf).toBe(false);
    expect(v1.approvals).toEqual({ reminderShares: [], committeeAfterTimeout: "BACKUPS_REPLACE" });
    expect(getPolicy("sme-standard-2026.2").data.approvals).toEqual({
      reminderShares: ["0.5", "0.8"],
      slaExtensionShare: "0.5",
      committeeAfterTimeout: "BACKUPS_JOIN",
    });
  });

  it("refuses reminder shares out of order or at the deadline, and an extension that adds nothing", () => {
    const withAids = (approvals: unknown) => ({ ...structuredClone(raw2), approvals });
    const base = {
      reminderShares: ["0.5", "0.8"],
      slaExtensionShare: "0.5",
      committeeAfterTimeout: "BACKUPS_JOIN",
    };
    expect(() => buildPolicy(withAids({ ...base, reminderShares: ["0.8", "0.5"] }))).toThrow(
      /approvals\.reminderShares: reminder shares must be strictly ascending/,
    );
    expect(() => buildPolicy(withAids({ ...base, reminderShares: ["0.5", "1"] }))).toThrow(
      /approvals\.reminderShares\.1: a reminder comes before the deadline/,
    );
    expect(() => buildPolicy(withAids({ ...base, slaExtensionShare: "0" }))).toThrow(
      /approvals\.slaExtensionShare: an extension must add time/,
    );
    expect(() => buildPolicy(withAids({ ...base, committeeAfterTimeout: "VOTE_AGAIN" }))).toThrow(
      /approvals\.committeeAfterTimeout/,
    );
    expect(buildPolicy(withAids(base)).data.approvals.reminderShares).toEqual(["0.5", "0.8"]);
  });

  it("refuses a condition listed twice or without a trigger", () => {
    const twice = structuredClone(raw2);
    twice.conditions.push(structuredClone(raw2.conditions[0] as (typeof raw2.conditions)[number]));
    expect(() => buildPolicy(twice)).toThrow(/condition codes must be unique/);
    const untriggered = structuredClone(raw2) as { conditions: { when: unknown }[] };
    (untriggered.conditions[0] as { when: unknown }).when = {};
    expect(() => buildPolicy(untriggered)).toThrow(
      /conditions\.0\.when: a condition needs at least one trigger/,
    );
  });

  it("refuses an invalid policy file at load, naming the field", () => {
    const broken = structuredClone(raw) as Record<string, unknown>;
    (broken.limits as Record<string, unknown>).pctOfSales = { A: "ten percent", B: "0.10", C: "0.10" };
    expect(() => buildPolicy(broken)).toThrow(/limits\.pctOfSales\.A/);
  });

  it("changes the assessment when a (chosen) datum changes, with no code change", () => {
    const changed = structuredClone(raw);
    changed.limits.pctOfSales.B = "0.35";
    changed.csc.C12.trade.C = "3.0";
    changed.route.branchCreditAuthority = "20000000";
    const p = buildPolicy(changed);
    expect(p.hash).not.toBe(getPolicy().hash);
    const app = fixture("b2-manufacturing");
    const a = assess(app, p);
    expect(a.maxLimit).toBe("15000000.00");
    expect(assessed(fixture("b2-manufacturing")).maxLimit).toBe("11000000.00");
  });

  it("keeps thresholds out of the assessment code: no money-sized numeric literals", () => {
    const offenders: string[] = [];
    for (const file of readdirSync(DOMAIN)) {
      const text = readFileSync(join(DOMAIN, file), "utf8");
      for (const m of text.matchAll(/[^\w.](\d{4,}|0\.\d+|\d+\.\d+)(?![\w])/g)) {
        offenders.push(`${file}: ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("keeps every released version registered with the content it was released with", () => {
    // A case refers to its policy by id and hash; editing or dropping a released file would make old
    // cases unreproducible. Changing the policy is a new file, a new id, and a new line in released.json.
    const pinned = released as Record<string, string>;
    const current = Object.fromEntries(policyVersions().map((id) => [id, getPolicy(id).hash]));
    expect(current).toEqual(pinned);
    expect(Object.keys(BUILT_IN_POLICY_VERSIONS).sort()).toEqual(Object.keys(pinned).sort());
    expect(pinned).toHaveProperty(POLICIES.defaultId);
  });
});
