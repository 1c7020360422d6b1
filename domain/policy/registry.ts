import { DomainError } from "../errors";
import { createVersionRegistry, idKind, type VersionRegistry } from "../versioned-data";
import { buildPolicy, type Policy } from "./policy";
import sme2026v1 from "./versions/sme-standard-2026.1.json";
import sme2026v2 from "./versions/sme-standard-2026.2.json";
import sme2026v2Table from "./versions/sme-standard-2026.2-table.json";

/**
 * The policy versions a reader knows and the one new cases are assessed under: the versioned-data
 * registry the portfolio plans use too. Audit reproduction takes a registry rather than the module
 * default, so it can be shown to use the version a case recorded whatever the default has become.
 */
export type PolicyRegistry = VersionRegistry<Policy>;

const POLICY = idKind("policy", "POLICY", buildPolicy);

export function createPolicyRegistry(
  versions: Readonly<Record<string, unknown>>,
  defaultId: string,
): PolicyRegistry {
  const registry = createVersionRegistry(POLICY, versions, defaultId);
  if (registry.get(defaultId).data.whatIf)
    throw new DomainError(
      "POLICY_INVALID",
      `policy "${defaultId}" is a what-if version and cannot be the default`,
    );
  return registry;
}

/**
 * Every policy version any case may refer to. A version is immutable once used: a change to the
 * policy is a new file and a new id here, and the default moves; old ids keep reproducing old cases.
 * versions/released.json pins the content hash of each, and a test fails if one is edited or dropped.
 */
export const BUILT_IN_POLICY_VERSIONS: Readonly<Record<string, unknown>> = {
  "sme-standard-2026.1": sme2026v1,
  "sme-standard-2026.2": sme2026v2,
  "sme-standard-2026.2-table": sme2026v2Table,
};

/** New cases are assessed under this version; cases recorded under 2026.1 keep reproducing under it. */
export const DEFAULT_POLICY_ID = "sme-standard-2026.2";

export const POLICIES: PolicyRegistry = createPolicyRegistry(
  { ...BUILT_IN_POLICY_VERSIONS },
  DEFAULT_POLICY_ID,
);

export function policyVersions(): string[] {
  return POLICIES.ids();
}

export function getPolicy(id: string = DEFAULT_POLICY_ID): Policy {
  return POLICIES.get(id);
}
