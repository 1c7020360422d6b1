import { hasMonitoring, type PolicyRegistry } from "../../domain";
import { oneInput, parseStrict, UsageError } from "./assess-args";

/** What `npm run monitor` was asked to do, every argument checked before any input is read. */
export type MonitorCommand =
  | { kind: "help" }
  | { kind: "one"; file: string; policyId: string }
  | { kind: "batch"; file: string; policyId: string };

/** Policies monitoring can run under: those with a monitoring section. */
function monitoringPolicies(policies: PolicyRegistry): string[] {
  return policies.ids().filter((id) => hasMonitoring(policies.get(id)));
}

export function monitorUsage(policies: PolicyRegistry): string {
  const known = monitoringPolicies(policies)
    .map((id) => (id === policies.defaultId ? `${id} (default)` : id))
    .join(", ");
  return `usage: npm run --silent monitor -- [options] FILE|-
  FILE|-                 one monitoring snapshot (JSON) → one warning
  --batch FILE.jsonl|-   one snapshot per line → one warning per line, in order, streamed
options:
  --policy POLICY_ID     the policy to monitor under (default ${policies.defaultId})
  --help                 this text
policies with monitoring: ${known}
exit code: 0 done, 1 some input was refused (reported in place), 2 usage error`;
}

export function parseMonitorArgs(argv: string[], policies: PolicyRegistry): MonitorCommand {
  const { values, positionals } = parseStrict(argv, {
    batch: { type: "boolean" },
    policy: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return { kind: "help" };
  const policyId = values.policy ?? policies.defaultId;
  if (!policies.has(policyId))
    throw new UsageError(
      `unknown policy "${policyId}": policies with monitoring are ${monitoringPolicies(policies).join(", ")}`,
    );
  if (!hasMonitoring(policies.get(policyId)))
    throw new UsageError(
      `policy "${policyId}" has no monitoring section: policies with monitoring are ${monitoringPolicies(policies).join(", ")}`,
    );
  const file = oneInput("monitor", positionals, "snapshots");
  if (file === undefined)
    throw new UsageError("no input: give a FILE, - for standard input, or --batch FILE.jsonl");
  return { kind: values.batch ? "batch" : "one", file, policyId };
}
