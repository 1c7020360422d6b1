import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { SubmitOutcome } from "../../app/workflow/submit";
import type { FormPageView } from "./page";

type Reply = APIGatewayProxyStructuredResultV2;
type FormAgain = (status: number, extra: Pick<FormPageView, "problems" | "message">) => Reply;

const seeOther = (location: string): Reply => ({
  statusCode: 303,
  headers: { location, "cache-control": "no-store" },
  body: "",
});

/** After a form submission: the case page when the case exists, else the form again saying why. */
export function submitOutcomePage(outcome: SubmitOutcome, formAgain: FormAgain): Reply {
  switch (outcome.kind) {
    case "CREATED":
      return seeOther(`/cases/${encodeURIComponent(outcome.caseId)}`);
    // The case is recorded; its workflow starts when the engine is back (the reconciler sees to it).
    case "ENGINE_UNAVAILABLE":
      return seeOther(`/cases/${encodeURIComponent(outcome.caseId)}`);
    case "INVALID":
      return formAgain(400, { problems: outcome.errors });
    case "FORBIDDEN":
      return formAgain(403, { message: `Not submitted: ${outcome.message}.` });
    case "CONFLICT":
      return formAgain(409, { message: `Not submitted: ${outcome.message}.` });
    case "NOT_FOUND":
      return formAgain(404, { message: `Not submitted: ${outcome.message}.` });
    // Only a request with an Idempotency-Key meets this, and the form sends none.
    case "KEY_REUSED":
      return formAgain(422, { message: `Not submitted: ${outcome.message}.` });
  }
}
