import middy from "@middy/core";
import { z } from "zod";
import { runtime } from "../shared/runtime";
import { stepInput } from "../shared/step-input";
import { recordFailureStep } from "../shared/workflow/steps";

const depsReady = runtime();
const input = z.object({
  caseId: z.string().min(1),
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

/** State machine step on any failure: the case ends FAILED with the error, never silently lost. */
export const handler = middy(async (event: unknown) =>
  recordFailureStep(await depsReady, stepInput(input, event)),
);
