import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { KeyedOutcome } from "../../app/workflow/submit";
import { json, problem } from "./responses";

export function submitOutcomeResponse(
  outcome: KeyedOutcome,
  createdStatus: number,
): APIGatewayProxyStructuredResultV2 {
  const response = answer(outcome, createdStatus);
  if (outcome.replayed) response.headers = { ...response.headers, "idempotent-replayed": "true" };
  return response;
}

function answer(outcome: KeyedOutcome, createdStatus: number): APIGatewayProxyStructuredResultV2 {
  switch (outcome.kind) {
    case "CREATED":
      return json(createdStatus, {
        caseId: outcome.caseId,
        caseVersion: outcome.caseVersion,
        status: outcome.status,
      });
    case "INVALID":
      return problem(
        400,
        "INVALID_APPLICATION",
        `the application has ${outcome.errors.length} problem(s); nothing was stored`,
        outcome.errors,
      );
    case "FORBIDDEN":
      return problem(403, "FORBIDDEN", outcome.message);
    case "CONFLICT":
      return problem(409, "CONFLICT", outcome.message);
    case "NOT_FOUND":
      return problem(404, "NOT_FOUND", outcome.message);
    case "ENGINE_UNAVAILABLE":
      return json(503, { code: "ENGINE_UNAVAILABLE", message: outcome.message, caseId: outcome.caseId });
    case "KEY_REUSED":
      return problem(422, "IDEMPOTENCY_KEY_REUSED", outcome.message);
  }
}
