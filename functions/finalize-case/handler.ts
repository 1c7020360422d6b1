import middy from "@middy/core";
import * as z from "../../domain/zod";
import { finalizeStep } from "../app/workflow/finalize";
import { transientOutages } from "../shared/step-errors";
import { caseId, stepInput } from "../shared/step-input";
import { book } from "../wiring/book";
import { caseWriter } from "../wiring/case-writes";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { directory } from "../wiring/directory";
import { mailer } from "../wiring/mailer";
import { observe } from "../wiring/observe";

const observed = observe("finalize-case");
const deps = {
  cases: caseReader(),
  caseWrites: caseWriter("lockRelease", "bookReserve"),
  book: book(),
  directory: directory(),
  mailer: mailer(),
  ...systemClock,
  telemetry: observed.telemetry,
};
const input = z.object({ caseId, status: z.enum(["APPROVED", "DECLINED", "RETURNED"]) });

/** State machine step: record the case's outcome and tell the relationship manager. */
export const handler = middy(async (event: unknown) => finalizeStep(deps, stepInput(input, event)))
  .use(observed.middleware())
  .use(transientOutages());
