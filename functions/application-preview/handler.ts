import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { assess, getPolicy } from "../../domain";
import { parseApplication } from "../../domain/application/parse";
import { RESUBMIT_PATH, RESUBMIT_TITLE, SUBMIT_TARGET_FIELD } from "../shared/application-form/page";
import { formReply, notAnRm, readStaffForm, rmBranches } from "../shared/application-form/respond";
import { applyRowAction, readFormState, toApplicationInput } from "../shared/application-form/values";
import { httpErrors } from "../shared/http/errors";
import { problem } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { directory } from "../wiring/directory";
import { observe } from "../wiring/observe";

const observed = observe("application-preview");
const deps = { directory: directory() };

/**
 * POST /cases/preview: the form's buttons that store nothing. "preview" validates the application with
 * the API's schema and shows the domain's assessment; "add:…"/"remove:…" re-render the form with a row
 * more or less, keeping everything typed. This function has no access to the table at all.
 */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to file an application");
  if (rmBranches(deps.directory, caller).length === 0) return notAnRm(caller);
  const form = readStaffForm(event);
  if (!form.ok) return form.response;
  const action = form.value.get("action") ?? "preview";
  const state = readFormState(form.value);
  // The form of a returned case keeps posting its resubmission; any other target is the new-case form.
  const target = form.value.get(SUBMIT_TARGET_FIELD) ?? "";
  const edit = RESUBMIT_PATH.test(target) ? { title: RESUBMIT_TITLE, submitAction: target } : {};
  if (action !== "preview")
    return formReply(event, deps.directory, caller, applyRowAction(state, action), 200, edit);
  const parsed = parseApplication(toApplicationInput(state, caller));
  if (!parsed.ok)
    return formReply(event, deps.directory, caller, state, 400, { ...edit, problems: parsed.error });
  return formReply(event, deps.directory, caller, state, 200, {
    ...edit,
    preview: assess(parsed.value, getPolicy()),
  });
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
