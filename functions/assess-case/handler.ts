import middy from "@middy/core";
import { z } from "zod";
import { runtime } from "../shared/runtime";
import { stepInput } from "../shared/step-input";
import { assessStep } from "../shared/workflow/steps";

const depsReady = runtime();
const input = z.object({ caseId: z.string().min(1), caseVersion: z.number().int().positive() });

/** State machine step: assess the case's application under the current policy. */
export const handler = middy(async (event: unknown) => assessStep(await depsReady, stepInput(input, event)));
