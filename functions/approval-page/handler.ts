import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { approvalPage } from "../shared/html/approval-page";
import { httpErrors } from "../shared/http/errors";
import { refusalPage } from "../shared/http/link-pages";
import { linkParams } from "../shared/http/link-params";
import { html } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { csrfToken } from "../shared/links";
import { runtime } from "../shared/runtime";
import { checkLink } from "../shared/workflow/decide";

const depsReady = runtime();

/** GET /approvals/{approvalId}: shows the case and the form. Reads only: mail scanners prefetch links. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const deps = await depsReady;
  const link = linkParams(event, undefined);
  const checked = await checkLink(deps, link, identifyCaller(event, deps.directory));
  if (checked.kind !== "OK") return refusalPage(checked);
  const loaded = await deps.cases.load(checked.approval.caseId);
  if (!loaded) return refusalPage({ kind: "NOT_FOUND" });
  const form = {
    action: `/approvals/${encodeURIComponent(link.approvalId)}`,
    csrf: csrfToken(link.approvalId, link.sig, deps.links.signingKey()),
    hidden: { a: link.approverId, s: link.stage, e: String(link.expiresAt), sig: link.sig },
  };
  return html(200, approvalPage(loaded.state, loaded.events, checked.approval, form));
}

export const handler = middy(lambdaHandler).use(httpErrors());
