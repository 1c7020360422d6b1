import { DomainError } from "../errors";
import { buildPolicy, type Policy } from "./policy";
import sme2026v1 from "./versions/sme-standard-2026.1.json";

/**
 * Every policy version any case may refer to. A version is immutable once used: a change to the
 * policy is a new file and a new id here, and the default moves; old ids keep reproducing old cases.
 */
const VERSIONS: Record<string, unknown> = {
  "sme-standard-2026.1": sme2026v1,
};

export const DEFAULT_POLICY_ID = "sme-standard-2026.1";

const loaded = new Map<string, Policy>();

export function policyVersions(): string[] {
  return Object.keys(VERSIONS).sort();
}

export function getPolicy(id: string = DEFAULT_POLICY_ID): Policy {
  const cached = loaded.get(id);
  if (cached) return cached;
  const raw = VERSIONS[id];
  if (raw === undefined) throw new DomainError("POLICY_UNKNOWN", `no policy version "${id}"`);
  const policy = buildPolicy(raw);
  if (policy.id !== id) {
    throw new DomainError("POLICY_INVALID", `policy file registered as "${id}" declares id "${policy.id}"`);
  }
  loaded.set(id, policy);
  return policy;
}
