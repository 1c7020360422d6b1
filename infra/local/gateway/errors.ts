import { CodedError } from "../../../domain/errors";

/** The gateway could not listen: most often another process (or another `npm start`) holds the port. */
export class GatewayListenError extends CodedError {
  override readonly name = "GatewayListenError";
  constructor(
    override readonly code: "PORT_IN_USE" | "LISTEN_FAILED",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** A handler returned something API Gateway would refuse to map (it answers 500 then, so do we). */
export class MalformedLambdaResultError extends CodedError {
  override readonly name = "MalformedLambdaResultError";
  constructor(message: string) {
    super("MALFORMED_LAMBDA_RESULT", message);
  }
}

/** The integration did not answer within API Gateway's timeout. */
export class IntegrationTimeoutError extends CodedError {
  override readonly name = "IntegrationTimeoutError";
  constructor(message: string) {
    super("INTEGRATION_TIMEOUT", message);
  }
}
