import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { warningsFor } from "../app/monitoring/reports";
import { warningsPage } from "../shared/html/monitoring-lists";
import { wantsHtml } from "../shared/http/accept";
import { httpErrors } from "../shared/http/errors";
import { html, json, problem } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { caseQueue } from "../wiring/case-queue";
import { systemClock } from "../wiring/clock";
import { creditReader } from "../wiring/credits";
import { directory } from "../wiring/directory";
import { observe } from "../wiring/observe";

const observed = observe("list-warnings");
const deps = {
  caseQueue: caseQueue(),
  credits: creditReader(),
  directory: directory(),
  ...systemClock,
  telemetry: observed.telemetry,
};

/** GET /warnings: the credits on the warning list the caller reads, nearest deadline first (HTML or JSON). */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to read the warning list");
  const { now, rows } = await warningsFor(deps, caller);
  return wantsHtml(event) ? html(200, warningsPage(rows)) : json(200, { now, warnings: rows });
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
