import { TRANSIENT_ERROR } from "../../domain/errors";

/**
 * Errors that mean "a service we depend on is down or overloaded right now", as opposed to a bug:
 * the request changed nothing it could not finish, and the same request may succeed later. The SDK
 * has already retried these before they reach us.
 */

/** Socket-level failures to reach a service (the store restarting, a dropped connection). */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/** Service errors AWS documents as transient (DynamoDB, Step Functions) and the SDK's own timeout, and ours. */
const TRANSIENT_NAMES = new Set([
  TRANSIENT_ERROR,
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "TimeoutError",
]);

/** Seconds a client should wait before retrying (the Retry-After of a 503). */
export const RETRY_AFTER_SECONDS = 5;

export function isUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
    if (TRANSIENT_NAMES.has(e.name)) return true;
  }
  return false;
}
