import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { httpErrors } from "../shared/http/errors";
import { parseJsonBody } from "../shared/http/request";
import { problem } from "../shared/http/responses";
import { submitOutcomeResponse } from "../shared/http/submit-response";
import { callerIdentity } from "../shared/identity";
import { runtime } from "../shared/runtime";
import { resubmitCase } from "../shared/workflow/submit";

const depsReady = runtime();

/** PUT /cases/{id}: a RETURNED case, revised, becomes its next version and starts again. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const deps = await depsReady;
  const caller = callerIdentity(event);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to resubmit a case");
  const body = parseJsonBody(event);
  if (!body.ok) return problem(400, "BAD_JSON", body.error, [{ path: "$", message: body.error }]);
  return submitOutcomeResponse(
    await resubmitCase(deps, event.pathParameters?.id ?? "", body.value, caller),
    200,
  );
}

export const handler = middy(lambdaHandler).use(httpErrors());
