import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { firstMessageIdAt } from "../../../functions/adapters/local/message-id";
import { listOutbox } from "../../../functions/adapters/local/outbox-mailer";
import { html, json, problem } from "../../../functions/shared/http/responses";
import type { PublicRoute } from "../gateway/types";
import { outboxPage, toEntry } from "./pages";

const MAX_LIMIT = 1000;

function limitOf(event: APIGatewayProxyEventV2, fallback: number): number {
  const n = Number(event.queryStringParameters?.limit);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_LIMIT) : fallback;
}

/**
 * Local-only pages over the outbox table, with the approval pages' headers: no script anywhere, and
 * nobody may frame them. The only frames are the page's own srcdoc mail bodies, which inherit its policy.
 */
export function outboxRoutes(deps: { client: DynamoDBDocumentClient; tableName: string }): PublicRoute[] {
  const list = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    // ?since=<ISO instant>: only the mails sent from then on, oldest first (what a poller needs).
    const since = event.queryStringParameters?.since;
    const sinceMs = since === undefined ? undefined : Date.parse(since);
    if (sinceMs !== undefined && Number.isNaN(sinceMs))
      return problem(400, "BAD_SINCE", "since must be an ISO 8601 instant, e.g. 2026-01-31T08:00:00Z");
    const sinceId = sinceMs === undefined ? undefined : firstMessageIdAt(sinceMs);
    const messages = await listOutbox(deps.client, deps.tableName, limitOf(event, MAX_LIMIT), sinceId);
    return json(200, messages.map(toEntry));
  };
  const page = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const messages = await listOutbox(deps.client, deps.tableName, limitOf(event, 50));
    return html(200, outboxPage(messages.map(toEntry)), { allow: "img-src 'self' data:; frame-src 'self'" });
  };
  return [
    { method: "GET", path: "/outbox", auth: "none", name: "local-outbox-page", handler: page },
    { method: "GET", path: "/outbox.json", auth: "none", name: "local-outbox-json", handler: list },
  ];
}
