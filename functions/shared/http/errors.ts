import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { problem } from "./responses";

/**
 * The one place a thrown error becomes an HTTP response: expected outcomes never get here (handlers
 * return them as values), so anything caught is a bug or an outage — logged in full, answered with
 * a 5xx that leaks nothing.
 */
export function httpErrors(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return {
    onError: async (request) => {
      const error = request.error;
      const name = error instanceof Error ? error.name : "Error";
      const transient =
        name === "TransientError" ||
        name === "ProvisionedThroughputExceededException" ||
        name === "ThrottlingException";
      console.error(
        JSON.stringify({
          level: "error",
          message: "request failed",
          name,
          error: String(error),
          requestId: request.context?.awsRequestId,
        }),
      );
      request.response = transient
        ? problem(503, "TRY_AGAIN", "the service is busy; nothing was changed, please try again")
        : problem(500, "INTERNAL_ERROR", "something went wrong on our side; check the case before retrying");
    },
  };
}
