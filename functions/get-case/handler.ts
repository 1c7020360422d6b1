import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { httpErrors } from "../shared/http/errors";
import { readableCase } from "../shared/http/readable-case";
import { json } from "../shared/http/responses";
import { runtime } from "../shared/runtime";
import { caseView } from "../shared/workflow/queries";

const depsReady = runtime();

/** GET /cases/{id}: status, stage, assessment summary and who the case waits for. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const found = await readableCase(await depsReady, event);
  return found.ok ? json(200, caseView(found.state)) : found.response;
}

export const handler = middy(lambdaHandler).use(httpErrors());
