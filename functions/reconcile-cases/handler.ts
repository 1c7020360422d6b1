import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import { emitCount } from "../shared/metrics";
import { readConfig, runtime } from "../shared/runtime";
import { createSfnRuns } from "../shared/workflow/engine-sfn";
import { REPAIRS_METRIC, reconcileCases } from "../shared/workflow/reconcile";
import { recoverySettingsFromEnv } from "../shared/workflow/recovery-settings";

const depsReady = runtime();
const settings = recoverySettingsFromEnv();
const runs = createSfnRuns(readConfig().STATE_MACHINE_ARN);

/** Some cases could not be examined or repaired: the run fails (and alarms) after doing the rest. */
export class ReconcileFailedError extends Error {
  override readonly name = "ReconcileFailedError";
  readonly code = "CASES_NOT_RECONCILED";
}

/**
 * Every few minutes (and once when the embedded runtime starts): find the cases in flight that
 * nothing is moving and repair them, each with a recorded CASE_RECOVERED event.
 */
async function lambdaHandler(_event: ScheduledEvent) {
  const report = await reconcileCases(await depsReady, runs, settings);
  for (const repair of report.repairs) {
    // Loud on purpose: a repair means a crash or an outage left this case stuck.
    console.error(JSON.stringify({ level: "error", message: "reconciler repaired a stuck case", ...repair }));
  }
  emitCount(REPAIRS_METRIC, report.repairs.length);
  console.log(
    JSON.stringify({
      level: "info",
      message: "reconciled the cases in flight",
      examined: report.examined,
      repaired: report.repairs.length,
      failed: report.failures.length,
    }),
  );
  if (report.failures.length > 0) {
    throw new ReconcileFailedError(
      `could not reconcile ${report.failures.map((f) => `${f.caseId} (${f.error})`).join("; ")}`,
    );
  }
  return { examined: report.examined, repaired: report.repairs.map((r) => r.caseId) };
}

export const handler = middy(lambdaHandler);
