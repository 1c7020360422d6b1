import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { resubmitCase } from "../app/workflow/submit";
import { RESUBMIT_TITLE } from "../shared/application-form/page";
import { formReply, readStaffForm } from "../shared/application-form/respond";
import { submitOutcomePage } from "../shared/application-form/submitted";
import { readFormState, toApplicationInput } from "../shared/application-form/values";
import { httpErrors } from "../shared/http/errors";
import { problem } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { caseWriter } from "../wiring/case-writes";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { directory } from "../wiring/directory";
import { observe } from "../wiring/observe";
import { workflowStarts } from "../wiring/workflow-starts";

const observed = observe("case-resubmit-form");
const deps = {
  cases: caseReader(),
  caseWrites: caseWriter("lockRelease"),
  directory: directory(),
  workflowStarts: workflowStarts(),
  ...systemClock,
  telemetry: observed.telemetry,
};

/** POST /cases/{id}/resubmit: the edited form of a returned case, through the same use case as PUT /cases/{id}. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to resubmit a case");
  const form = readStaffForm(event);
  if (!form.ok) return form.response;
  const caseId = event.pathParameters?.id ?? "";
  const state = readFormState(form.value);
  const outcome = await resubmitCase(deps, caseId, toApplicationInput(state, caller), caller);
  return submitOutcomePage(outcome, (status, extra) =>
    formReply(event, deps.directory, caller, state, status, {
      ...extra,
      title: RESUBMIT_TITLE,
      submitAction: `/cases/${encodeURIComponent(caseId)}/resubmit`,
    }),
  );
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
