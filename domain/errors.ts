/**
 * The one error base of the project. A thrown error is a bug, a broken invariant, bad configuration
 * or an outage — never an expected outcome, which is a value — and carries a stable `code` that
 * callers, logs and tests match on (never the prose). Domain, store, mailer, wiring and workflow all
 * throw this class; a subclass exists only where a caller must tell it apart by its `name`.
 *
 * `name` is a literal on each class, never the constructor's name: bundles are minified.
 */
export class CodedError extends Error {
  override readonly name: string = "CodedError";
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The domain's name for the coded error (its callers read `DomainError`; it is the same class). */
export { CodedError as DomainError };

/** The error names the state machine's Retry and Catch match on: statemachines/approval.asl.json names these and only these. */
export const TRANSIENT_ERROR = "TransientError";
export const ASL_ERROR_NAMES: readonly string[] = [TRANSIENT_ERROR];

/**
 * Worth trying again in a moment, and only that: a write that kept losing its race to other writers,
 * or a service that is down right now. The state machine retries it by name (TRANSIENT_ERROR) and the
 * HTTP edge answers 503 with Retry-After.
 */
export class TransientError extends CodedError {
  override readonly name = TRANSIENT_ERROR;
}
