import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { submitCase } from "../app/workflow/submit";
import { formReply, notAnRm, readStaffForm, rmBranches } from "../shared/application-form/respond";
import { submitOutcomePage } from "../shared/application-form/submitted";
import { readFormState, toApplicationInput } from "../shared/application-form/values";
import { httpErrors } from "../shared/http/errors";
import { problem } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { caseWriter } from "../wiring/case-writes";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { directory } from "../wiring/directory";
import { idempotencyKeys } from "../wiring/idempotency-keys";
import { observe } from "../wiring/observe";
import { workflowStarts } from "../wiring/workflow-starts";

const observed = observe("application-submit");
const deps = {
  cases: caseReader(),
  caseWrites: caseWriter("lockTake", "lockRelease", "idempotencyRecord"),
  idempotencyKeys: idempotencyKeys(),
  directory: directory(),
  workflowStarts: workflowStarts(),
  ...systemClock,
  telemetry: observed.telemetry,
};

/**
 * POST /cases/new: the application form submitted. The same use case as POST /cases, so the same
 * schema, checks and records; a refused form comes back with every problem next to its field.
 */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to submit a case");
  if (rmBranches(deps.directory, caller).length === 0) return notAnRm(caller);
  const form = readStaffForm(event);
  if (!form.ok) return form.response;
  const state = readFormState(form.value);
  const outcome = await submitCase(deps, toApplicationInput(state, caller), caller);
  return submitOutcomePage(outcome, (status, extra) =>
    formReply(event, deps.directory, caller, state, status, extra),
  );
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
