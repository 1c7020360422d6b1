import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { listOutbox } from "../../../functions/shared/mailer/outbox";
import type { PublicRoute } from "../gateway/types";
import { outboxPage, toEntry } from "./pages";

const MAX_LIMIT = 1000;

function limitOf(event: APIGatewayProxyEventV2, fallback: number): number {
  const n = Number(event.queryStringParameters?.limit);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_LIMIT) : fallback;
}

const NO_STORE = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

/**
 * Local-only pages over the outbox table. The page's own CSP allows no script anywhere; frames are
 * only the srcdoc mail bodies, which inherit it.
 */
export function outboxRoutes(deps: { client: DynamoDBDocumentClient; tableName: string }): PublicRoute[] {
  const json = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const messages = await listOutbox(deps.client, deps.tableName, limitOf(event, MAX_LIMIT));
    return {
      statusCode: 200,
      headers: { "content-type": "application/json; charset=utf-8", ...NO_STORE },
      body: JSON.stringify(messages.map(toEntry)),
    };
  };
  const page = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const messages = await listOutbox(deps.client, deps.tableName, limitOf(event, 50));
    return {
      statusCode: 200,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy":
          "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'",
        ...NO_STORE,
      },
      body: outboxPage(messages.map(toEntry)),
    };
  };
  return [
    { method: "GET", path: "/outbox", auth: "none", name: "local-outbox-page", handler: page },
    { method: "GET", path: "/outbox.json", auth: "none", name: "local-outbox-json", handler: json },
  ];
}
