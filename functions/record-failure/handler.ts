import middy from "@middy/core";
import * as z from "../../domain/zod";
import { recordFailureStep } from "../app/workflow/record-failure";
import { transientOutages } from "../shared/step-errors";
import { caseId, stepInput } from "../shared/step-input";
import { caseWriter } from "../wiring/case-writes";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { directory } from "../wiring/directory";
import { mailer } from "../wiring/mailer";
import { observe } from "../wiring/observe";
import { site } from "../wiring/site";

const observed = observe("record-failure");
const deps = {
  cases: caseReader(),
  caseWrites: caseWriter("approvalSettling", "lockRelease"),
  directory: directory(),
  mailer: mailer(),
  site: site(),
  ...systemClock,
  telemetry: observed.telemetry,
};
const input = z.object({
  caseId,
  failure: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
});

/** State machine step on any failure: the case ends FAILED with the error, never silently lost. */
export const handler = middy(async (event: unknown) => recordFailureStep(deps, stepInput(input, event)))
  .use(observed.middleware())
  .use(transientOutages());
