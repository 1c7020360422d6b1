import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** On every answer: never cached, never sniffed, never framed, no referrer (links carry signatures). */
const SECURITY_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

/** Pages carry no script; forms post only to ourselves; nobody may frame a page (clickjacking). */
const PAGE_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      ...SECURITY_HEADERS,
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

/** `allow` extends the page policy for a page that needs more (the local outbox frames mail bodies). */
export function html(
  statusCode: number,
  body: string,
  options: { allow?: string } = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": options.allow ? `${PAGE_POLICY}; ${options.allow}` : PAGE_POLICY,
      ...SECURITY_HEADERS,
    },
    body,
  };
}

/** One problem shape for every 4xx of the JSON API: a stable code and words a person can act on. */
export function problem(
  statusCode: number,
  code: string,
  message: string,
  errors?: unknown[],
  headers?: Record<string, string>,
): APIGatewayProxyStructuredResultV2 {
  return json(statusCode, errors ? { code, message, errors } : { code, message }, headers);
}
