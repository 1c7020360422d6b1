import middy from "@middy/core";
import * as z from "../../domain/zod";
import { openStageStep } from "../app/workflow/open-stage";
import { transientOutages } from "../shared/step-errors";
import { caseId, positiveInt, stageEnum, stepInput } from "../shared/step-input";
import { approvalReader } from "../wiring/approvals";
import { caseWriter } from "../wiring/case-writes";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { directory } from "../wiring/directory";
import { links } from "../wiring/links";
import { mailMarks } from "../wiring/mail-marks";
import { mailer } from "../wiring/mailer";
import { observe } from "../wiring/observe";
import { site } from "../wiring/site";
import { taskAnswers } from "../wiring/task-answers";

const observed = observe("open-stage");
const depsReady = links().then((keys) => ({
  cases: caseReader(),
  caseWrites: caseWriter("approvalOpening", "approvalSettling"),
  approvals: approvalReader(),
  directory: directory(),
  links: keys,
  site: site(),
  mailer: mailer(),
  mailMarks: mailMarks(),
  taskAnswers: taskAnswers(),
  ...systemClock,
  telemetry: observed.telemetry,
}));
const input = z.object({
  caseId,
  stage: stageEnum,
  attempt: positiveInt,
  slaSeconds: z.number().check(z.int(), z.nonnegative()),
  taskToken: z.string().check(z.minLength(1)),
});

/** State machine step (waitForTaskToken): open the stage and mail its approvers their links. */
export const handler = middy(async (event: unknown) =>
  openStageStep(await depsReady, stepInput(input, event)),
)
  .use(observed.middleware())
  .use(transientOutages());
