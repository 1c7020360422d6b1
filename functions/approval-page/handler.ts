import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { checkLink } from "../app/workflow/decide";
import { approvalPage } from "../shared/html/approval-page";
import { httpErrors } from "../shared/http/errors";
import { refusalPage } from "../shared/http/link-pages";
import { decisionFormTarget, linkParams } from "../shared/http/link-params";
import { html } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { approvalReader } from "../wiring/approvals";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { directory } from "../wiring/directory";
import { links } from "../wiring/links";
import { observe } from "../wiring/observe";

const observed = observe("approval-page");
const depsReady = links().then((keys) => ({
  cases: caseReader(),
  approvals: approvalReader(),
  directory: directory(),
  links: keys,
  ...systemClock,
  telemetry: observed.telemetry,
}));

/** GET /approvals/{approvalId}: shows the case and the form. Reads only: mail scanners prefetch links. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const deps = await depsReady;
  const link = linkParams(event, undefined);
  const checked = await checkLink(deps, link, identifyCaller(event, deps.directory));
  if (checked.kind !== "OK") {
    observed.telemetry.info("approval link refused", { approvalId: link.approvalId, refusal: checked.kind });
    return refusalPage(checked);
  }
  const loaded = await deps.cases.load(checked.approval.caseId);
  if (!loaded) return refusalPage({ kind: "NOT_FOUND" });
  const form = decisionFormTarget(link, deps.links.signingKey());
  observed.telemetry.info("approval page shown", {
    caseId: loaded.state.caseId,
    approvalId: link.approvalId,
  });
  return html(200, approvalPage(loaded.state, loaded.events, checked.approval, form));
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
