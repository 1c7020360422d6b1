import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { POLICIES } from "../../domain";
import { auditCase } from "../app/audit/case-audit";
import { timeline } from "../app/audit/timeline";
import { mayRead } from "../app/workflow/queries";
import { auditPage } from "../shared/html/audit-page";
import { notice } from "../shared/html/layout";
import { httpErrors } from "../shared/http/errors";
import { html } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { systemClock } from "../wiring/clock";
import { digestReader } from "../wiring/digests";
import { directory } from "../wiring/directory";
import { observe } from "../wiring/observe";
import { trailReader } from "../wiring/trails";

const observed = observe("case-audit");
const deps = {
  trails: trailReader(),
  digests: digestReader(),
  directory: directory(),
  policies: POLICIES,
  now: systemClock.now,
};

/**
 * GET /cases/{id}/audit: the verified timeline. Auditors see every case; anyone else sees the cases
 * they may read, and a case they may not see answers 404 like a missing one.
 */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return html(401, notice("bad", "Sign in", "Sign in to read audit trails."));
  const id = event.pathParameters?.id ?? "";
  const audit = await auditCase(deps, id);
  const allowed =
    audit !== undefined &&
    (deps.directory.rolesOf(caller).some((g) => g.role === "AUDITOR") ||
      (audit.state !== undefined && mayRead(deps, audit.state, caller)));
  if (!audit || !allowed)
    return html(404, notice("bad", "No such case", `There is no case ${id} visible to ${caller}.`));
  return html(200, auditPage(audit, timeline(audit, deps.directory.nameOf)));
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
