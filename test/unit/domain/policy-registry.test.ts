import { describe, expect, it } from "vitest";
import {
  BUILT_IN_POLICY_VERSIONS,
  contentHash,
  createPolicyRegistry,
  DomainError,
  getPolicy,
  POLICIES,
  releasedMismatches,
} from "../../../domain";
import released from "../../../domain/policy/versions/released.json";

/** The policy registry is the versioned-data registry: its errors, hashes and released pins. */
function thrown(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("nothing thrown");
}

describe("the policy registry", () => {
  it("hashes each version over its canonical JSON, as the portfolio plans are hashed", () => {
    for (const [id, raw] of Object.entries(BUILT_IN_POLICY_VERSIONS)) {
      expect(getPolicy(id).hash).toBe(contentHash(raw));
    }
  });

  it("matches the released pins, checked the way the portfolio plans are", () => {
    expect(releasedMismatches(POLICIES, released)).toEqual([]);
    const dropped = createPolicyRegistry(
      { "sme-standard-2026.2": BUILT_IN_POLICY_VERSIONS["sme-standard-2026.2"] },
      "sme-standard-2026.2",
    );
    expect(releasedMismatches(dropped, released)).toEqual([
      "sme-standard-2026.1: released but no longer registered",
      "sme-standard-2026.2-table: released but no longer registered",
    ]);
  });

  it("names an unknown version, an unregistered default and a file that declares another id", () => {
    expect(thrown(() => POLICIES.get("sme-standard-2099.1"))).toEqual({
      code: "POLICY_UNKNOWN",
      message: 'no policy version "sme-standard-2099.1"',
    });
    expect(
      thrown(() => createPolicyRegistry({ ...BUILT_IN_POLICY_VERSIONS }, "sme-standard-2099.1")),
    ).toEqual({
      code: "POLICY_UNKNOWN",
      message: 'default policy "sme-standard-2099.1" is not registered',
    });
    const misfiled = { "sme-standard-2099.1": BUILT_IN_POLICY_VERSIONS["sme-standard-2026.1"] };
    expect(thrown(() => createPolicyRegistry(misfiled, "sme-standard-2099.1"))).toEqual({
      code: "POLICY_INVALID",
      message: 'policy file registered as "sme-standard-2099.1" declares id "sme-standard-2026.1"',
    });
  });

  it("refuses a what-if version as the default", () => {
    expect(
      thrown(() => createPolicyRegistry({ ...BUILT_IN_POLICY_VERSIONS }, "sme-standard-2026.2-table")),
    ).toEqual({
      code: "POLICY_INVALID",
      message: 'policy "sme-standard-2026.2-table" is a what-if version and cannot be the default',
    });
  });
});
