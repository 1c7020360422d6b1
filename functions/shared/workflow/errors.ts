/** Thrown by workflow steps; the name is what the state machine's Retry/Catch match on. */
export class TransientError extends Error {
  override readonly name = "TransientError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A broken invariant in a workflow step: not retried, caught by the state machine and recorded. */
export class WorkflowError extends Error {
  override readonly name = "WorkflowError";
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
