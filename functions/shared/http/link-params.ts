import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { csrfToken } from "../../app/links";
import type { LinkParams } from "../../app/workflow/decide";

/** The signed link's fields, from the query (GET) or the form's hidden fields (POST). */
export function linkParams(event: APIGatewayProxyEventV2, fields: URLSearchParams | undefined): LinkParams {
  const q = event.queryStringParameters ?? {};
  const pick = (name: string) => fields?.get(name) ?? q[name] ?? "";
  return {
    approvalId: event.pathParameters?.approvalId ?? "",
    approverId: pick("a"),
    stage: pick("s"),
    expiresAt: Number(pick("e")) || 0,
    sig: pick("sig"),
  };
}

/** Where the decision page's forms post, with the link's fields and its CSRF token carried hidden. */
export function decisionFormTarget(
  link: LinkParams,
  signingKey: Parameters<typeof csrfToken>[2],
): { action: string; csrf: string; hidden: Record<string, string>; back: string } {
  const hidden = { a: link.approverId, s: link.stage, e: String(link.expiresAt), sig: link.sig };
  const action = `/approvals/${encodeURIComponent(link.approvalId)}`;
  return {
    action,
    csrf: csrfToken(link.approvalId, link.sig, signingKey),
    hidden,
    back: `${action}?${new URLSearchParams(hidden).toString()}`,
  };
}
