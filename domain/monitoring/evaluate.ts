import type { Policy } from "../policy/policy";
import { classificationFloor } from "./floor";
import { monitoringOf } from "./policy";
import { type EvaluationContext, signalsOf } from "./signals";
import type { Snapshot } from "./snapshot-schema";
import { responseDays, tierOf } from "./tier";
import type { Warning } from "./types";

/**
 * A snapshot → the warning: signals in the policy's order, the tier, the days to respond, and the
 * classification floor, under the policy given (which must have a monitoring section). The object is
 * built in the contract's key order, so its JSON is the same bytes every time.
 */
export function evaluateSnapshot(snapshot: Snapshot, policy: Policy, ctx: EvaluationContext = {}): Warning {
  const m = monitoringOf(policy);
  const signals = signalsOf(snapshot, m, ctx);
  const tier = tierOf(signals, m);
  return {
    snapshotId: snapshot.snapshotId,
    policyVersion: policy.id,
    policyHash: policy.hash,
    signals: signals.map(({ code, weight, value, message }) => ({ code, weight, value, message })),
    tier,
    responseDays: responseDays(tier, m),
    proposedClassification: classificationFloor(snapshot.daysPastDue, tier, m),
  };
}

/** The warning's bytes: keys in the fixed order it was built in, no whitespace. */
export function serializeWarning(warning: Warning): string {
  return JSON.stringify(warning);
}
