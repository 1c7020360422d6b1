import middy from "@middy/core";
import { commitExposureStep } from "../app/workflow/commit-exposure";
import { transientOutages } from "../shared/step-errors";
import { caseIdInput, stepInput } from "../shared/step-input";
import { book } from "../wiring/book";
import { caseWriter } from "../wiring/case-writes";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { observe } from "../wiring/observe";

const observed = observe("commit-exposure");
const deps = {
  cases: caseReader(),
  book: book(),
  caseWrites: caseWriter("bookCommit"),
  ...systemClock,
  telemetry: observed.telemetry,
};

/** State machine step: the approved exposure into the book, or back to head office past a cap. */
export const handler = middy(async (event: unknown) =>
  commitExposureStep(deps, stepInput(caseIdInput, event)),
)
  .use(observed.middleware())
  .use(transientOutages());
