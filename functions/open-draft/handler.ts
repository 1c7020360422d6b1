import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { formReply, notAnRm, rmBranches } from "../shared/application-form/respond";
import { DRAFT_ID, formFromJson } from "../shared/application-form/values";
import { notice } from "../shared/html/layout";
import { httpErrors } from "../shared/http/errors";
import { html, problem } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { directory } from "../wiring/directory";
import { drafts } from "../wiring/drafts";
import { observe } from "../wiring/observe";

const observed = observe("open-draft");
const deps = { directory: directory(), drafts: drafts() };

/** GET /drafts/{draftId}: one of the caller's own drafts, back in the form. Reads only. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to open a draft");
  if (rmBranches(deps.directory, caller).length === 0) return notAnRm(caller);
  const draftId = event.pathParameters?.draftId ?? "";
  // Only an id this product hands out is looked up (a 5,000-character "id" is not a key the table takes).
  const draft = DRAFT_ID.test(draftId) ? await deps.drafts.get(caller, draftId) : undefined;
  if (!draft) return html(404, notice("bad", "No such draft", `You have no draft ${draftId}.`));
  return formReply(event, deps.directory, caller, formFromJson(draft.form), 200, {
    title: "New application (draft)",
  });
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
