import { CodedError } from "../../domain/errors";
import { createEventBridgeBus } from "../adapters/aws/eventbridge-bus";
import type { DomainEventBus } from "../app/ports";
import { ENV } from "./config";

/**
 * Port `domainEvents`: the stack's EventBridge bus (EVENT_BUS_NAME), with the credentials Lambda puts
 * in the environment. The embedded runtime has no bus: its webhook dispatcher delivers the same events.
 */
export function domainEventBus(env: NodeJS.ProcessEnv = process.env): DomainEventBus {
  const busName = env[ENV.eventBusName];
  const { AWS_REGION: region, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!busName || !region || !accessKeyId || !secretAccessKey)
    throw new CodedError(
      "EVENT_BUS_MISSING",
      `domain events need ${ENV.eventBusName}, AWS_REGION and credentials`,
    );
  return createEventBridgeBus({
    busName,
    region,
    credentials: { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN },
    ...(env.AWS_ENDPOINT_URL_EVENTBRIDGE ? { endpoint: env.AWS_ENDPOINT_URL_EVENTBRIDGE } : {}),
  });
}
