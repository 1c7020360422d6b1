import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
  Context,
} from "aws-lambda";

/** What a Lambda behind an HTTP API may return: API Gateway infers a 200 JSON reply from anything but a structured result. */
export type LambdaHttpResult = APIGatewayProxyResultV2<object>;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" | "ANY";

interface RouteBase {
  method: HttpMethod;
  /** An HTTP API route path: literal segments, `{name}` for one segment, `{name+}` (last) for the rest. */
  path: string;
  /** Shown in logs and as the Lambda context's functionName; defaults to the route key. */
  name?: string;
}

/**
 * A route behind the JWT authorizer: the event always carries claims, exactly as on AWS, so a
 * handler typed for either event shape can be mounted here.
 */
export interface JwtRoute extends RouteBase {
  auth: "jwt";
  handler: (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<LambdaHttpResult>;
}

/** A public route (e-mailed links, the local outbox): the event has no authorizer at all, as on AWS. */
export interface PublicRoute extends RouteBase {
  auth: "none";
  handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<LambdaHttpResult>;
}

export type Route = JwtRoute | PublicRoute;

export interface GatewayLogEntry {
  level: "error" | "warn";
  message: string;
  routeKey?: string;
  requestId?: string;
  error?: string;
}

export interface GatewayOptions {
  port: number;
  /** Loopback by default: the local gateway trusts X-User, so it must not face a network. */
  host?: string;
  /** The API's routes: the ones the CDK stack also puts behind API Gateway. */
  routes: readonly Route[];
  /** Local-only routes (the outbox pages) that have no counterpart on AWS. */
  extraRoutes?: readonly Route[];
  /** Larger bodies get 413 before any handler runs. */
  maxBodyBytes?: number;
  /** API Gateway gives up on an integration after 30 s with 503; so does the local gateway. */
  integrationTimeoutMs?: number;
  log?: (entry: GatewayLogEntry) => void;
  /** Verifies browser session cookies (set by the local sign-in page); without it only X-User signs in. */
  sessionSecret?: string;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}
