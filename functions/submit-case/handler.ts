import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { httpErrors } from "../shared/http/errors";
import { readJsonBody } from "../shared/http/request";
import { problem } from "../shared/http/responses";
import { submitOutcomeResponse } from "../shared/http/submit-response";
import { identifyCaller } from "../shared/identity";
import { runtime } from "../shared/runtime";
import { submitCase } from "../shared/workflow/submit";

const depsReady = runtime();

/** POST /cases: a relationship manager submits an application in their own name. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const deps = await depsReady;
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to submit a case");
  const body = readJsonBody(event);
  if (!body.ok) return body.response;
  return submitOutcomeResponse(await submitCase(deps, body.value, caller), 201);
}

export const handler = middy(lambdaHandler).use(httpErrors());
