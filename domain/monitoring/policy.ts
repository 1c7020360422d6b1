import { DomainError } from "../errors";
import type { MonitoringPolicy } from "../policy/monitoring-schema";
import type { Policy } from "../policy/policy";

/**
 * The monitoring section of a policy version. A version written before monitoring existed has none,
 * and monitoring under it would have to guess every threshold: refused with a coded error instead.
 */
export function monitoringOf(policy: Policy): MonitoringPolicy {
  const section = policy.data.monitoring;
  if (section === undefined)
    throw new DomainError(
      "MONITORING_NOT_IN_POLICY",
      `policy ${policy.id} has no monitoring section: monitor under a version that has one`,
    );
  return section;
}

/** Whether monitoring can run under a policy version (for callers that check before they call). */
export function hasMonitoring(policy: Policy): boolean {
  return policy.data.monitoring !== undefined;
}
