import middy from "@middy/core";
import { runtime } from "../shared/runtime";
import { caseIdInput, stepInput } from "../shared/step-input";
import { nextStageStep } from "../shared/workflow/steps";

const depsReady = runtime();

/** State machine step: which stage of the route decides next, and its SLA. */
export const handler = middy(async (event: unknown) =>
  nextStageStep(await depsReady, stepInput(caseIdInput, event)),
);
