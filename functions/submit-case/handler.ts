import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { submitCase } from "../app/workflow/submit";
import { httpErrors } from "../shared/http/errors";
import { readIdempotencyKey } from "../shared/http/idempotency-key";
import { readJsonBody } from "../shared/http/request";
import { problem } from "../shared/http/responses";
import { submitOutcomeResponse } from "../shared/http/submit-response";
import { identifyCaller } from "../shared/identity";
import { caseWriter } from "../wiring/case-writes";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { directory } from "../wiring/directory";
import { idempotencyKeys } from "../wiring/idempotency-keys";
import { observe } from "../wiring/observe";
import { workflowStarts } from "../wiring/workflow-starts";

const observed = observe("submit-case");
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
 * POST /cases: a relationship manager submits an application in their own name. With an
 * Idempotency-Key, a retry of the same request gets the first answer again (marked
 * `idempotent-replayed: true`), and the same key with another body gets 422.
 */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to submit a case");
  const key = readIdempotencyKey(event);
  if (!key.ok) return key.response;
  const body = readJsonBody(event);
  if (!body.ok) return body.response;
  return submitOutcomeResponse(await submitCase(deps, body.value, caller, key.value), 201);
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
