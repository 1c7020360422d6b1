import middy from "@middy/core";
import { z } from "zod";
import { runtime } from "../shared/runtime";
import { stepInput } from "../shared/step-input";
import { finalizeStep } from "../shared/workflow/steps";

const depsReady = runtime();
const input = z.object({ caseId: z.string().min(1), status: z.enum(["APPROVED", "DECLINED", "RETURNED"]) });

/** State machine step: record the case's outcome and tell the relationship manager. */
export const handler = middy(async (event: unknown) =>
  finalizeStep(await depsReady, stepInput(input, event)),
);
