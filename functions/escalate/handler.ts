import middy from "@middy/core";
import { z } from "zod";
import { runtime } from "../shared/runtime";
import { stageEnum, stepInput } from "../shared/step-input";
import { escalateStep } from "../shared/workflow/steps";

const depsReady = runtime();
const input = z.object({ caseId: z.string().min(1), stage: stageEnum, attempt: z.number().int().positive() });

/** State machine step after a stage timeout: reassign to the backup, then flag STALLED. Never approves. */
export const handler = middy(async (event: unknown) =>
  escalateStep(await depsReady, stepInput(input, event)),
);
