export { GatewayListenError, IntegrationTimeoutError, MalformedLambdaResultError } from "./errors";
export { LOCAL_USER_HEADER, startGateway } from "./server";
export type {
  GatewayLogEntry,
  GatewayOptions,
  JwtRoute,
  LambdaHttpResult,
  PublicRoute,
  Route,
  RunningGateway,
} from "./types";
