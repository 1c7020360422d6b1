import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { notAnRm, readStaffForm, rmBranches } from "../shared/application-form/respond";
import { DRAFT_ID, DRAFT_ID_FIELD, formToJson, readFormState } from "../shared/application-form/values";
import { httpErrors } from "../shared/http/errors";
import { problem } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { systemClock } from "../wiring/clock";
import { directory } from "../wiring/directory";
import { draftWrites } from "../wiring/draft-writes";
import { observe } from "../wiring/observe";

const observed = observe("save-draft");
const deps = { directory: directory(), draftWrites: draftWrites(), ...systemClock };

/**
 * POST /drafts: the application form saved as it is, problems and all (a draft is unfinished by
 * nature; the schema judges it at preview and submission). Saving again replaces the same draft.
 */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to save a draft");
  if (rmBranches(deps.directory, caller).length === 0) return notAnRm(caller);
  const form = readStaffForm(event);
  if (!form.ok) return form.response;
  const state = readFormState(form.value);
  const given = state.values.get(DRAFT_ID_FIELD) ?? "";
  const draftId = DRAFT_ID.test(given) ? given : deps.newId("DRAFT");
  state.values.set(DRAFT_ID_FIELD, draftId);
  await deps.draftWrites.save(caller, {
    draftId,
    form: formToJson(state),
    label: (state.values.get("borrower.name") ?? "").trim().slice(0, 200),
    savedAt: deps.now().toISOString(),
  });
  observed.telemetry.info("draft saved", { draftId });
  return {
    statusCode: 303,
    headers: { location: `/drafts/${encodeURIComponent(draftId)}`, "cache-control": "no-store" },
    body: "",
  };
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
