import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { DecideOutcome } from "../../app/workflow/decide";
import { notice } from "../html/layout";
import { Time } from "../html/time";
import { html } from "./responses";

/** Every refusal of a link gets its own clear page, and none of them changes anything. */
export function refusalPage(
  outcome: Exclude<DecideOutcome, { kind: "RECORDED" }>,
): APIGatewayProxyStructuredResultV2 {
  switch (outcome.kind) {
    case "BAD_LINK":
      return outcome.reason === "EXPIRED"
        ? html(
            410,
            notice(
              "warn",
              "This link has expired",
              "The time to decide on this link has passed. If the case still needs you, a new link will be sent.",
            ),
          )
        : html(
            403,
            notice(
              "bad",
              "This link is not valid",
              "The link is incomplete or was altered. Open it again from the original e-mail.",
            ),
          );
    case "NOT_FOUND":
      return html(
        404,
        notice(
          "bad",
          "Approval not found",
          "There is no such approval. Open the link from the original e-mail.",
        ),
      );
    case "WRONG_PERSON":
      return html(403, notice("bad", "This link is for someone else", outcome.message));
    case "ALREADY_DECIDED":
      return html(
        409,
        notice(
          "info",
          "Already decided",
          <>
            You already decided "{outcome.approval.decision ?? ""}" on{" "}
            <Time iso={outcome.approval.decidedAt ?? ""} />. Nothing was changed.
          </>,
        ),
      );
    case "CLOSED":
      return html(
        409,
        notice(
          "warn",
          "This approval is closed",
          "The stage was reassigned or already decided by others, so this link no longer works. Nothing was changed.",
        ),
      );
    case "FOUR_EYES":
      return html(403, notice("bad", "You may not decide on this case", outcome.message));
    case "BAD_REQUEST":
      return html(400, notice("bad", "The decision was not recorded", outcome.message));
  }
}
