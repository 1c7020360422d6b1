import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { httpErrors } from "../shared/http/errors";
import { json, problem } from "../shared/http/responses";
import { callerIdentity } from "../shared/identity";
import { runtime } from "../shared/runtime";
import { caseView, mayRead } from "../shared/workflow/queries";

const depsReady = runtime();

/** GET /cases/{id}: status, stage, assessment summary and who the case waits for. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const deps = await depsReady;
  const caller = callerIdentity(event);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to read cases");
  const id = event.pathParameters?.id ?? "";
  const loaded = await deps.cases.load(id);
  if (!loaded || !mayRead(deps, loaded.state, caller))
    return problem(404, "NOT_FOUND", `no case ${id} visible to ${caller}`);
  return json(200, caseView(loaded.state));
}

export const handler = middy(lambdaHandler).use(httpErrors());
