import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { creditView } from "../app/monitoring/credit-view";
import { creditPage } from "../shared/html/credit-page";
import { wantsHtml } from "../shared/http/accept";
import { httpErrors } from "../shared/http/errors";
import { html, json, problem } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { systemClock } from "../wiring/clock";
import { creditReader } from "../wiring/credits";
import { directory } from "../wiring/directory";
import { observe } from "../wiring/observe";

const observed = observe("get-credit");
const deps = {
  credits: creditReader(),
  directory: directory(),
  ...systemClock,
  telemetry: observed.telemetry,
};

/** GET /loans/{caseId}: a monitored credit (HTML for a browser, JSON otherwise): tier, warning, classification, covenants, exit plan, events. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to read credits");
  const caseId = event.pathParameters?.caseId ?? "";
  const out = await creditView(deps, caseId, caller);
  if (out.kind !== "FOUND")
    return problem(404, "NOT_FOUND", `no monitored credit ${out.caseId} visible to ${caller}`);
  return wantsHtml(event) ? html(200, creditPage(out.view)) : json(200, out.view);
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
