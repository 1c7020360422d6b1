import type { MiddlewareObj } from "@middy/core";
import { TransientError } from "../../domain/errors";
import { isUnavailable } from "./unavailable";

/**
 * A state machine step that met an outage (the store restarting, a throttled service) fails with
 * TransientError, the name the state machine retries with patience; anything else is a bug or a
 * broken invariant, which the state machine records as the case's failure. Without this, a store
 * restarting under a step would fail the case for good.
 */
export function transientOutages(): MiddlewareObj {
  return {
    onError: (request) => {
      const error = request.error;
      if (error instanceof TransientError || !isUnavailable(error)) return;
      const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      request.error = new TransientError("SERVICE_UNAVAILABLE", `a service was unavailable: ${what}`, {
        cause: error,
      });
    },
  };
}
