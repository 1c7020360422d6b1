import middy from "@middy/core";
import * as z from "../../domain/zod";
import { assessStep } from "../app/workflow/assess";
import { transientOutages } from "../shared/step-errors";
import { caseId, positiveInt, stepInput } from "../shared/step-input";
import { book } from "../wiring/book";
import { caseWriter } from "../wiring/case-writes";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { observe } from "../wiring/observe";

const observed = observe("assess-case");
const deps = {
  cases: caseReader(),
  book: book(),
  caseWrites: caseWriter("bookReserve"),
  ...systemClock,
  telemetry: observed.telemetry,
};
const input = z.object({ caseId, caseVersion: positiveInt });

/** State machine step: assess the case's application under the current policy and check it against the book. */
export const handler = middy(async (event: unknown) => assessStep(deps, stepInput(input, event)))
  .use(observed.middleware())
  .use(transientOutages());
