import middy from "@middy/core";
import * as z from "../../domain/zod";
import { assessStep } from "../app/workflow/assess";
import { transientOutages } from "../shared/step-errors";
import { caseId, positiveInt, stepInput } from "../shared/step-input";
import { caseWriter } from "../wiring/case-writes";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { observe } from "../wiring/observe";

const observed = observe("assess-case");
const deps = { cases: caseReader(), caseWrites: caseWriter(), ...systemClock, telemetry: observed.telemetry };
const input = z.object({ caseId, caseVersion: positiveInt });

/** State machine step: assess the case's application under the current policy. */
export const handler = middy(async (event: unknown) => assessStep(deps, stepInput(input, event)))
  .use(observed.middleware())
  .use(transientOutages());
