import type { ServerResponse } from "node:http";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { MalformedLambdaResultError } from "./errors";
import type { LambdaHttpResult } from "./types";

export interface HttpReply {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

const JSON_TYPE = "application/json";

export function jsonReply(statusCode: number, body: unknown): HttpReply {
  return {
    statusCode,
    headers: { "content-type": JSON_TYPE },
    cookies: [],
    body: Buffer.from(JSON.stringify(body)),
  };
}

function isStructured(result: LambdaHttpResult): result is APIGatewayProxyStructuredResultV2 {
  return typeof result === "object" && result !== null && "statusCode" in result;
}

/**
 * Payload v2.0 response rules: a result with `statusCode` is taken field by field; anything else
 * is the body of a 200 JSON reply (a string verbatim, other values serialised).
 */
export function toReply(result: LambdaHttpResult | null | undefined): HttpReply {
  if (result === null || result === undefined || !isStructured(result)) {
    const body = typeof result === "string" ? result : JSON.stringify(result ?? null);
    return { statusCode: 200, headers: { "content-type": JSON_TYPE }, cookies: [], body: Buffer.from(body) };
  }
  const statusCode = result.statusCode ?? 200;
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new MalformedLambdaResultError(`statusCode ${String(result.statusCode)} is not an HTTP status`);
  }
  if (result.body !== undefined && typeof result.body !== "string") {
    throw new MalformedLambdaResultError("body must be a string; serialise JSON in the handler");
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  const raw = result.body ?? "";
  return {
    statusCode,
    headers,
    cookies: result.cookies ?? [],
    body: result.isBase64Encoded ? Buffer.from(raw, "base64") : Buffer.from(raw, "utf8"),
  };
}

export function writeReply(res: ServerResponse, reply: HttpReply): void {
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  if (reply.cookies.length > 0) res.setHeader("set-cookie", reply.cookies);
  res.setHeader("content-length", reply.body.length);
  res.statusCode = reply.statusCode;
  res.end(reply.body);
}
