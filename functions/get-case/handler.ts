import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { caseView } from "../app/workflow/queries";
import { httpErrors } from "../shared/http/errors";
import { readableCase } from "../shared/http/readable-case";
import { json } from "../shared/http/responses";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { directory } from "../wiring/directory";
import { observe } from "../wiring/observe";

const observed = observe("get-case");
const deps = { cases: caseReader(), directory: directory(), ...systemClock, telemetry: observed.telemetry };

/** GET /cases/{id}: status, stage, assessment summary and who the case waits for. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const found = await readableCase(deps, event);
  return found.ok ? json(200, caseView(found.state)) : found.response;
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
