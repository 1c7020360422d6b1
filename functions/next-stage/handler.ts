import middy from "@middy/core";
import { nextStageStep } from "../app/workflow/next-stage";
import { transientOutages } from "../shared/step-errors";
import { caseIdInput, stepInput } from "../shared/step-input";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { observe } from "../wiring/observe";

const observed = observe("next-stage");
const deps = { cases: caseReader(), ...systemClock, telemetry: observed.telemetry };

/** State machine step: which stage of the route decides next, and its SLA. */
export const handler = middy(async (event: unknown) => nextStageStep(deps, stepInput(caseIdInput, event)))
  .use(observed.middleware())
  .use(transientOutages());
