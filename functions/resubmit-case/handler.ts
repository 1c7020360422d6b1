import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { httpErrors } from "../shared/http/errors";
import { readJsonBody } from "../shared/http/request";
import { problem } from "../shared/http/responses";
import { submitOutcomeResponse } from "../shared/http/submit-response";
import { identifyCaller } from "../shared/identity";
import { runtime } from "../shared/runtime";
import { resubmitCase } from "../shared/workflow/submit";

const depsReady = runtime();

/** PUT /cases/{id}: a RETURNED case, revised, becomes its next version and starts again. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const deps = await depsReady;
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to resubmit a case");
  const body = readJsonBody(event);
  if (!body.ok) return body.response;
  return submitOutcomeResponse(
    await resubmitCase(deps, event.pathParameters?.id ?? "", body.value, caller),
    200,
  );
}

export const handler = middy(lambdaHandler).use(httpErrors());
