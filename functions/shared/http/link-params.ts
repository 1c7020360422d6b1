import type { APIGatewayProxyEventV2 } from "aws-lambda";
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
