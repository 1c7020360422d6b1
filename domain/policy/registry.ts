import { DomainError } from "../errors";
import { buildPolicy, type Policy } from "./policy";
import sme2026v1 from "./versions/sme-standard-2026.1.json";
import sme2026v2 from "./versions/sme-standard-2026.2.json";
import sme2026v2Table from "./versions/sme-standard-2026.2-table.json";

/**
 * The policy versions a reader knows and the one new cases are assessed under. Audit reproduction
 * takes a registry rather than the module default, so it can be shown to use the version a case
 * recorded whatever the default has become.
 */
export interface PolicyRegistry {
  readonly defaultId: string;
  /** The version `id`, or the default; an unknown id is a bug in the caller (check `has` first). */
  get(id?: string): Policy;
  has(id: string): boolean;
  ids(): string[];
}

export function createPolicyRegistry(versions: Record<string, unknown>, defaultId: string): PolicyRegistry {
  if (!(defaultId in versions))
    throw new DomainError("POLICY_UNKNOWN", `default policy "${defaultId}" is not registered`);
  const loaded = new Map<string, Policy>();
  const has = (id: string) => Object.hasOwn(versions, id);
  const registry: PolicyRegistry = {
    defaultId,
    has,
    ids: () => Object.keys(versions).sort(),
    get(id = defaultId) {
      const cached = loaded.get(id);
      if (cached) return cached;
      if (!has(id)) throw new DomainError("POLICY_UNKNOWN", `no policy version "${id}"`);
      const policy = buildPolicy(versions[id]);
      if (policy.id !== id) {
        throw new DomainError(
          "POLICY_INVALID",
          `policy file registered as "${id}" declares id "${policy.id}"`,
        );
      }
      loaded.set(id, policy);
      return policy;
    },
  };
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
