/** The gateway could not listen: most often another process (or another `npm start`) holds the port. */
export class GatewayListenError extends Error {
  override readonly name = "GatewayListenError";
  constructor(
    readonly code: "PORT_IN_USE" | "LISTEN_FAILED",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A handler returned something API Gateway would refuse to map (it answers 500 then, so do we). */
export class MalformedLambdaResultError extends Error {
  override readonly name = "MalformedLambdaResultError";
  readonly code = "MALFORMED_LAMBDA_RESULT";
}

/** The integration did not answer within API Gateway's timeout. */
export class IntegrationTimeoutError extends Error {
  override readonly name = "IntegrationTimeoutError";
  readonly code = "INTEGRATION_TIMEOUT";
}
