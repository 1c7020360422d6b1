import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assess, BUILT_IN_POLICY_VERSIONS, getPolicy, POLICIES, policyVersions } from "../../../domain";
import { buildPolicy } from "../../../domain/policy/policy";
import released from "../../../domain/policy/versions/released.json";
import raw from "../../../domain/policy/versions/sme-standard-2026.1.json";
import { assessed, fixture } from "../../support/applications";

const DOMAIN = join(import.meta.dirname, "..", "..", "..", "domain", "assessment");

describe("policy as data", () => {
  it("loads and validates the default version with a content hash", () => {
    const p = getPolicy();
    expect(p.id).toBe("sme-standard-2026.1");
    expect(policyVersions()).toContain(p.id);
    expect(p.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
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
