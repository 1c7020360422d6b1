import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { latestApplication } from "../app/workflow/comments";
import { RESUBMIT_TITLE } from "../shared/application-form/page";
import { formReply } from "../shared/application-form/respond";
import { fromApplication } from "../shared/application-form/values";
import { notice } from "../shared/html/layout";
import { httpErrors } from "../shared/http/errors";
import { readableCase } from "../shared/http/readable-case";
import { html } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { caseReader } from "../wiring/cases";
import { directory } from "../wiring/directory";
import { observe } from "../wiring/observe";

const observed = observe("case-edit");
const deps = { cases: caseReader(), directory: directory() };

/** GET /cases/{id}/edit: a returned case's last version in the form, for its RM to revise and resubmit. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const found = await readableCase(deps, event);
  if (!found.ok) return found.response;
  const caller = identifyCaller(event, deps.directory) ?? "";
  const { state } = found;
  const app = latestApplication(found.events);
  if (state.submittedBy !== caller || state.status !== "RETURNED" || !app)
    return html(
      409,
      notice(
        "bad",
        "This case cannot be edited",
        `Only ${state.submittedBy}, who submitted it, may revise a RETURNED case; it is ${state.status}.`,
      ),
    );
  return formReply(event, deps.directory, caller, fromApplication(app), 200, {
    title: RESUBMIT_TITLE,
    submitAction: `/cases/${encodeURIComponent(state.caseId)}/resubmit`,
  });
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
