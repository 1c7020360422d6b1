import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { recordCreditAction } from "../app/monitoring/record-action";
import { httpErrors } from "../shared/http/errors";
import { readJsonBody } from "../shared/http/request";
import { json, problem } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { systemClock } from "../wiring/clock";
import { creditWriter } from "../wiring/credit-writes";
import { creditReader } from "../wiring/credits";
import { directory } from "../wiring/directory";
import { observe } from "../wiring/observe";

const observed = observe("credit-action");
const deps = {
  credits: creditReader(),
  creditWrites: creditWriter(),
  directory: directory(),
  ...systemClock,
  telemetry: observed.telemetry,
};

/**
 * POST /loans/{caseId}/actions/{action}: a person's action on a monitored credit (respond, clear,
 * propose-classification, decide-classification, open-exit-plan, record-reduction), recorded in their
 * name or refused with the policy's reasons.
 */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to act on a credit");
  const body = readJsonBody(event);
  if (!body.ok) return body.response;
  const caseId = event.pathParameters?.caseId ?? "";
  const action = event.pathParameters?.action ?? "";
  const out = await recordCreditAction(deps, caseId, action, body.value, caller);
  switch (out.kind) {
    case "RECORDED":
      return json(201, { creditId: out.creditId, events: out.events });
    case "INVALID":
      return problem(400, "INVALID_ACTION", "the action's body is invalid; nothing was recorded", out.errors);
    case "REFUSED":
      return problem(
        409,
        out.code,
        out.problems.join("; "),
        out.problems.map((message) => ({ path: "$", message })),
      );
    case "UNKNOWN_ACTION":
      return problem(404, "UNKNOWN_ACTION", `no credit action ${out.action}`);
    case "NOT_FOUND":
      return problem(404, "NOT_FOUND", `no monitored credit ${out.caseId}`);
    case "FORBIDDEN":
      return problem(403, "FORBIDDEN", out.message);
  }
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
