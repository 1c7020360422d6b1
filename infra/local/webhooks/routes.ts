import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Directory } from "../../../functions/app/directory";
import { json, problem } from "../../../functions/shared/http/responses";
import { identifyCaller } from "../../../functions/shared/identity";
import type { JwtRoute } from "../gateway/types";
import type { WebhookStore } from "./store";

const MAX_LIMIT = 1000;

/**
 * GET /events: the webhook delivery log, newest first — every attempt with its outcome, the
 * receiver's status or the error, and when a failed one is retried. Local only (on AWS the bus, its
 * DLQ and their metrics say the same); for credit administration and auditors.
 */
export function webhookRoutes(deps: { log: WebhookStore; directory: Directory }): JwtRoute[] {
  const list = async (
    event: APIGatewayProxyEventV2WithJWTAuthorizer,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const caller = identifyCaller(event, deps.directory);
    if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to read the delivery log");
    const allowed = deps.directory
      .rolesOf(caller)
      .some((g) => g.role === "CREDIT_ADMIN" || g.role === "AUDITOR");
    if (!allowed)
      return problem(403, "FORBIDDEN", `${caller} is neither credit administration nor an auditor`);
    const n = Number(event.queryStringParameters?.limit ?? 100);
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT)
      return problem(400, "BAD_LIMIT", `limit must be a whole number from 1 to ${MAX_LIMIT}`);
    const caseId = event.queryStringParameters?.caseId;
    const deliveries = (await deps.log.recent(caseId ? MAX_LIMIT : n))
      .filter((d) => !caseId || d.caseId === caseId)
      .slice(0, n);
    return json(200, { deliveries });
  };
  return [{ method: "GET", path: "/events", auth: "jwt", name: "local-webhook-log", handler: list }];
}
