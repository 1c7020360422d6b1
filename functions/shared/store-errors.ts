/** A misuse of the store or a corrupt item: a bug, thrown, with a stable code to match on. */
export class StoreError extends Error {
  override readonly name = "StoreError";
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Missing or invalid configuration: thrown at load so a cold start fails instead of a request. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
