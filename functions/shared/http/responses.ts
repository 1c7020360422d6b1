import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

const SECURITY_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

export function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { "content-type": "application/json; charset=utf-8", ...SECURITY_HEADERS },
    body: JSON.stringify(body),
  };
}

export function html(statusCode: number, body: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: {
      "content-type": "text/html; charset=utf-8",
      // Pages carry no script; forms post only to ourselves; nobody may frame an approval page.
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      "x-frame-options": "DENY",
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
): APIGatewayProxyStructuredResultV2 {
  return json(statusCode, errors ? { code, message, errors } : { code, message });
}
