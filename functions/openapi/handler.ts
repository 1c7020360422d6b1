import middy from "@middy/core";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import document from "../../docs/openapi.json";
import { httpErrors } from "../shared/http/errors";
import { json } from "../shared/http/responses";
import { observe } from "../wiring/observe";

const observed = observe("openapi");

/** GET /openapi.json: the API's OpenAPI 3.1 document, as generated into docs/ (npm run openapi). */
async function lambdaHandler(): Promise<APIGatewayProxyStructuredResultV2> {
  return json(200, document);
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
