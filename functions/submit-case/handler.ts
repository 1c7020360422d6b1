import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { httpErrors } from "../shared/http/errors";
import { parseJsonBody } from "../shared/http/request";
import { problem } from "../shared/http/responses";
import { submitOutcomeResponse } from "../shared/http/submit-response";
import { callerIdentity } from "../shared/identity";
import { runtime } from "../shared/runtime";
import { submitCase } from "../shared/workflow/submit";

const depsReady = runtime();

/** POST /cases: a relationship manager submits an application in their own name. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const deps = await depsReady;
  const caller = callerIdentity(event);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to submit a case");
  const body = parseJsonBody(event);
  if (!body.ok) return problem(400, "BAD_JSON", body.error, [{ path: "$", message: body.error }]);
  return submitOutcomeResponse(await submitCase(deps, body.value, caller), 201);
}

export const handler = middy(lambdaHandler).use(httpErrors());
