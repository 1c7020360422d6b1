import middy from "@middy/core";
import * as z from "../../domain/zod";
import { escalateStep } from "../app/workflow/escalate";
import { transientOutages } from "../shared/step-errors";
import { caseId, positiveInt, stageEnum, stepInput } from "../shared/step-input";
import { caseWriter } from "../wiring/case-writes";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { directory } from "../wiring/directory";
import { mailer } from "../wiring/mailer";
import { observe } from "../wiring/observe";
import { site } from "../wiring/site";

const observed = observe("escalate");
const deps = {
  cases: caseReader(),
  caseWrites: caseWriter("approvalSettling"),
  directory: directory(),
  mailer: mailer(),
  site: site(),
  ...systemClock,
  telemetry: observed.telemetry,
};
const input = z.object({ caseId, stage: stageEnum, attempt: positiveInt });

/** State machine step after a stage timeout: reassign to the backup, then flag STALLED. Never approves. */
export const handler = middy(async (event: unknown) => escalateStep(deps, stepInput(input, event)))
  .use(observed.middleware())
  .use(transientOutages());
