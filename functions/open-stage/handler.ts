import middy from "@middy/core";
import { z } from "zod";
import { runtime } from "../shared/runtime";
import { stageEnum, stepInput } from "../shared/step-input";
import { openStageStep } from "../shared/workflow/steps";

const depsReady = runtime();
const input = z.object({
  caseId: z.string().min(1),
  stage: stageEnum,
  attempt: z.number().int().positive(),
  slaSeconds: z.number().int().nonnegative(),
  taskToken: z.string().min(1),
});

/** State machine step (waitForTaskToken): open the stage and mail its approvers their links. */
export const handler = middy(async (event: unknown) =>
  openStageStep(await depsReady, stepInput(input, event)),
);
