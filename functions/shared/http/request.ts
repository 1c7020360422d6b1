import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { err, ok, type Result } from "../../../domain";

/** The body as text, whatever the gateway did with it. */
export function bodyText(event: APIGatewayProxyEventV2): string {
  if (!event.body) return "";
  return event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
}

export function parseJsonBody(event: APIGatewayProxyEventV2): Result<unknown, string> {
  const text = bodyText(event);
  if (text.trim() === "") return err("the request body is empty; send the application as JSON");
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    return err(`the request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function parseForm(event: APIGatewayProxyEventV2): URLSearchParams {
  return new URLSearchParams(bodyText(event));
}
