import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { APIGatewayEventRequestContextV2, APIGatewayProxyEventV2 } from "aws-lambda";

export const LOCAL_ACCOUNT_ID = "000000000000";
const LOCAL_API_ID = "local";

/**
 * API Gateway HTTP APIs hand text bodies to Lambda as-is and base64-encode everything else —
 * including form posts, which surprises handlers that forget to decode; mirroring it here makes
 * that bug show up locally instead of on AWS.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return (
    type.startsWith("text/") ||
    type === "application/json" ||
    type.endsWith("+json") ||
    type === "application/xml" ||
    type.endsWith("+xml") ||
    type === "application/javascript"
  );
}

/** Duplicate headers are joined with commas and cookies move to `cookies`, as in payload v2.0. */
function collectHeaders(rawHeaders: string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? "").toLowerCase();
    const value = rawHeaders[i + 1] ?? "";
    if (name === "cookie") {
      cookies.push(
        ...value
          .split(";")
          .map((c) => c.trim())
          .filter((c) => c !== ""),
      );
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return { headers, cookies };
}

function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === "") return undefined;
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    params[key] = key in params ? `${params[key]},${value}` : value;
  }
  return params;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** requestContext.time uses the access-log format, e.g. `12/Mar/2020:19:03:58 +0000`. */
export function clfTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function sourceIp(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
}

export interface EventInput {
  req: IncomingMessage;
  body: Buffer;
  routeKey: string;
  pathParameters: Record<string, string> | undefined;
  now: Date;
}

/** The payload-v2.0 event API Gateway would send for this request, minus the authorizer (added per route). */
export function buildEvent({ req, body, routeKey, pathParameters, now }: EventInput): APIGatewayProxyEventV2 {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const rawPath = q === -1 ? url : url.slice(0, q);
  const rawQueryString = q === -1 ? "" : url.slice(q + 1);
  const { headers, cookies } = collectHeaders(req.rawHeaders);
  const ip = sourceIp(req);
  headers["x-forwarded-for"] = headers["x-forwarded-for"] ? `${headers["x-forwarded-for"]}, ${ip}` : ip;
  headers["x-forwarded-proto"] = "http";
  headers["x-forwarded-port"] = String(req.socket.localPort ?? "");
  headers["x-amzn-trace-id"] ??=
    `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString("hex")}`;

  const domainName = (headers.host ?? "localhost").replace(/:\d+$/, "");
  const requestContext: APIGatewayEventRequestContextV2 = {
    accountId: LOCAL_ACCOUNT_ID,
    apiId: LOCAL_API_ID,
    domainName,
    domainPrefix: domainName.split(".")[0] ?? domainName,
    http: {
      method: req.method ?? "GET",
      path: rawPath,
      protocol: `HTTP/${req.httpVersion}`,
      sourceIp: ip,
      userAgent: headers["user-agent"] ?? "",
    },
    // API Gateway's request ids are short base64 strings, not UUIDs; keep the look so logs read the same.
    requestId: `${randomBytes(10).toString("base64").replace(/=+$/, "")}=`,
    routeKey,
    stage: "$default",
    time: clfTime(now),
    timeEpoch: now.getTime(),
  };

  const text = isTextContentType(headers["content-type"]);
  const event: APIGatewayProxyEventV2 = {
    version: "2.0",
    routeKey,
    rawPath,
    rawQueryString,
    headers,
    requestContext,
    isBase64Encoded: body.length > 0 && !text,
  };
  if (cookies.length > 0) event.cookies = cookies;
  const query = queryParameters(rawQueryString);
  if (query) event.queryStringParameters = query;
  if (pathParameters) event.pathParameters = pathParameters;
  if (body.length > 0) event.body = text ? body.toString("utf8") : body.toString("base64");
  return event;
}
