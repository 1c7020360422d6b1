import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import { CodedError } from "../../domain/errors";
import { reconcileCases } from "../app/workflow/reconcile";
import { approvalReader } from "../wiring/approvals";
import { caseQueue } from "../wiring/case-queue";
import { caseWriter } from "../wiring/case-writes";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { directory } from "../wiring/directory";
import { links } from "../wiring/links";
import { mailMarks } from "../wiring/mail-marks";
import { mailer } from "../wiring/mailer";
import { observe } from "../wiring/observe";
import { recoverySettingsFromEnv } from "../wiring/recovery";
import { site } from "../wiring/site";
import { workflowRuns } from "../wiring/workflow-runs";
import { workflowStarts } from "../wiring/workflow-starts";

const observed = observe("reconcile-cases");
const settings = recoverySettingsFromEnv();
const depsReady = links().then((keys) => ({
  cases: caseReader(),
  caseWrites: caseWriter(),
  caseQueue: caseQueue(),
  approvals: approvalReader(),
  directory: directory(),
  mailer: mailer(),
  mailMarks: mailMarks(),
  links: keys,
  site: site(),
  workflowStarts: workflowStarts(),
  workflowRuns: workflowRuns(),
  ...systemClock,
  telemetry: observed.telemetry,
}));

/**
 * Every few minutes (and once when the embedded runtime starts): find the cases in flight that
 * nothing is moving and repair them, each with a recorded CASE_RECOVERED event. Cases that could not
 * be examined or repaired fail the run (and its alarm) after the rest are done.
 */
async function lambdaHandler(_event: ScheduledEvent) {
  const report = await reconcileCases(await depsReady, settings);
  if (report.failures.length > 0) {
    throw new CodedError(
      "CASES_NOT_RECONCILED",
      `could not reconcile ${report.failures.map((f) => `${f.caseId} (${f.error})`).join("; ")}`,
    );
  }
  return { examined: report.examined, repaired: report.repairs.map((r) => r.caseId) };
}

export const handler = middy(lambdaHandler).use(observed.middleware());
