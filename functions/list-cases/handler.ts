import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { CaseStatus } from "../../domain";
import { caseView, QUEUE_STATUSES, readableQueue } from "../app/workflow/queries";
import { httpErrors } from "../shared/http/errors";
import { json, problem } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { caseQueue } from "../wiring/case-queue";
import { directory } from "../wiring/directory";
import { observe } from "../wiring/observe";

const observed = observe("list-cases");
const deps = { caseQueue: caseQueue(), directory: directory() };

/** GET /cases?status=…: the queue for credit administration (a GSI query, never a scan). */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to read cases");
  const status = event.queryStringParameters?.status ?? "";
  if (!QUEUE_STATUSES.includes(status as CaseStatus)) {
    return problem(400, "BAD_STATUS", `status must be one of ${QUEUE_STATUSES.join(", ")}`, [
      { path: "status", message: `must be one of ${QUEUE_STATUSES.join(", ")}` },
    ]);
  }
  const limitText = event.queryStringParameters?.limit ?? "50";
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    return problem(400, "BAD_LIMIT", "limit must be a whole number from 1 to 200", [
      { path: "limit", message: "must be 1 to 200" },
    ]);
  }
  const cases = await readableQueue(deps, caller, status as CaseStatus, limit);
  return json(200, { status, cases: cases.map(caseView) });
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
