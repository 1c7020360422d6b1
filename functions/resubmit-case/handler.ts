import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { resubmitCase } from "../app/workflow/submit";
import { httpErrors } from "../shared/http/errors";
import { readJsonBody } from "../shared/http/request";
import { problem } from "../shared/http/responses";
import { submitOutcomeResponse } from "../shared/http/submit-response";
import { identifyCaller } from "../shared/identity";
import { caseWriter } from "../wiring/case-writes";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { directory } from "../wiring/directory";
import { observe } from "../wiring/observe";
import { workflowStarts } from "../wiring/workflow-starts";

const observed = observe("resubmit-case");
const deps = {
  cases: caseReader(),
  caseWrites: caseWriter("lockRelease"),
  directory: directory(),
  workflowStarts: workflowStarts(),
  ...systemClock,
  telemetry: observed.telemetry,
};

/** PUT /cases/{id}: a RETURNED case, revised, becomes its next version and starts again. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to resubmit a case");
  const body = readJsonBody(event);
  if (!body.ok) return body.response;
  return submitOutcomeResponse(
    await resubmitCase(deps, event.pathParameters?.id ?? "", body.value, caller),
    200,
  );
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
