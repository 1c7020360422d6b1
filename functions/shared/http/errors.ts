import type { MiddlewareObj } from "@middy/core";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
} from "aws-lambda";
import type { Telemetry } from "../../app/ports";
import { isUnavailable, RETRY_AFTER_SECONDS } from "../unavailable";
import { problem } from "./responses";

/** A 503 says when to come back: clients and proxies honour Retry-After instead of hammering. */
function withRetryAfter(response: APIGatewayProxyStructuredResultV2): APIGatewayProxyStructuredResultV2 {
  return { ...response, headers: { ...response.headers, "retry-after": String(RETRY_AFTER_SECONDS) } };
}

/**
 * The one place a thrown error becomes an HTTP response: expected outcomes never get here (handlers
 * return them as values), so anything caught is a bug or an outage — logged in full, answered with
 * a 5xx that leaks nothing.
 */
export function httpErrors(
  telemetry: Pick<Telemetry, "error">,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return {
    onError: async (request) => {
      const error = request.error;
      const transient = isUnavailable(error);
      telemetry.error(
        transient ? "request failed: a service is unavailable" : "request failed",
        { route: request.event?.routeKey },
        error,
      );
      request.response = transient
        ? withRetryAfter(
            problem(503, "TRY_AGAIN", "the service is busy or restarting; please try again shortly"),
          )
        : problem(500, "INTERNAL_ERROR", "something went wrong on our side; check the case before retrying");
    },
  };
}
