import type { InputProblem } from "../application/parse";
import type { Policy } from "../policy/policy";
import { evaluateSnapshot } from "./evaluate";
import { parseSnapshot } from "./parse";
import { monitoringOf } from "./policy";
import type { EvaluationContext } from "./signals";
import { type Snapshot, snapshotSchema } from "./snapshot-schema";
import type { Warning } from "./types";

export type MonitorOutcome =
  | { ok: true; snapshot: Snapshot; warning: Warning }
  | { ok: false; snapshotId: string | null; errors: InputProblem[] };

/** Raw JSON in, the warning or every problem with the snapshot out: the edge every caller shares. */
export function monitorSnapshot(input: unknown, policy: Policy, ctx: EvaluationContext = {}): MonitorOutcome {
  monitoringOf(policy); // a policy without monitoring is refused before any input is read
  const parsed = parseSnapshot(input);
  if (!parsed.ok) {
    // The refusal names the snapshot only by an id that is itself valid (bounded, never echoed at any size).
    const id = snapshotSchema.shape.snapshotId.safeParse(
      (input as { snapshotId?: unknown } | null)?.snapshotId,
    );
    return { ok: false, snapshotId: id.success ? id.data : null, errors: parsed.error };
  }
  return { ok: true, snapshot: parsed.value, warning: evaluateSnapshot(parsed.value, policy, ctx) };
}
