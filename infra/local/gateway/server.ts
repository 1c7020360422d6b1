import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import { cookieOf, SESSION_COOKIE, verifySession, wantsPage } from "../../../functions/shared/session";
import { isUnavailable, RETRY_AFTER_SECONDS } from "../../../functions/shared/unavailable";
import { createLambdaContext } from "./context";
import { GatewayListenError, IntegrationTimeoutError } from "./errors";
import { buildEvent } from "./event";
import { readBody } from "./request-body";
import { type HttpReply, jsonReply, toReply, writeReply } from "./response";
import { compileRoutes, matchRoute, type RouteMatch } from "./router";
import type { GatewayLogEntry, GatewayOptions, LambdaHttpResult, Route, RunningGateway } from "./types";

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_INTEGRATION_TIMEOUT_MS = 30_000;
/** The header the local gateway trusts in place of a verified JWT. */
export const LOCAL_USER_HEADER = "x-user";

function defaultLog(entry: GatewayLogEntry): void {
  console.error(JSON.stringify({ ...entry, source: "local-gateway" }));
}

/** The claims a Cognito-issued ID token would carry for this user, as the JWT authorizer passes them on. */
function localJwtEvent(event: APIGatewayProxyEventV2, user: string): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    ...event,
    requestContext: {
      ...event.requestContext,
      authorizer: { jwt: { claims: { sub: user, "cognito:username": user }, scopes: null } },
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number, routeKey: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new IntegrationTimeoutError(`${routeKey} did not answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Where the API's authorizer stands on AWS: X-User for scripts, else a valid session cookie (signed
 * with the runtime's session secret); neither, and the route is refused before any handler runs.
 */
function callerOf(event: APIGatewayProxyEventV2, sessionSecret: string | undefined): string | undefined {
  const header = event.headers[LOCAL_USER_HEADER]?.trim();
  if (header) return header;
  return sessionSecret
    ? verifySession(cookieOf(event, SESSION_COOKIE), sessionSecret, new Date())
    : undefined;
}

function invoke(
  route: Route,
  event: APIGatewayProxyEventV2,
  context: Context,
  sessionSecret: string | undefined,
): Promise<LambdaHttpResult> | "UNAUTHORIZED" {
  if (route.auth === "none") return route.handler(event, context);
  const user = callerOf(event, sessionSecret);
  if (!user) return "UNAUTHORIZED";
  return route.handler(localJwtEvent(event, user), context);
}

/** A browser without a session goes to sign in and comes back; a script still gets 401 JSON. */
function unauthorized(event: APIGatewayProxyEventV2): HttpReply {
  if (!wantsPage(event)) return jsonReply(401, { message: "Unauthorized" });
  const back = event.rawQueryString ? `${event.rawPath}?${event.rawQueryString}` : event.rawPath;
  return {
    statusCode: 303,
    headers: { location: `/signin?next=${encodeURIComponent(back)}`, "cache-control": "no-store" },
    cookies: [],
    body: Buffer.alloc(0),
  };
}

export function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const compiled = compileRoutes([...options.routes, ...(options.extraRoutes ?? [])]);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = options.integrationTimeoutMs ?? DEFAULT_INTEGRATION_TIMEOUT_MS;
  const log = options.log ?? defaultLog;
  const host = options.host ?? "127.0.0.1";

  async function dispatch(req: IncomingMessage, match: RouteMatch, body: Buffer): Promise<HttpReply> {
    const { route, routeKey } = match.compiled;
    const event = buildEvent({ req, body, routeKey, pathParameters: match.pathParameters, now: new Date() });
    const context = createLambdaContext(route.name ?? routeKey, timeoutMs);
    try {
      const pending = invoke(route, event, context, options.sessionSecret);
      if (pending === "UNAUTHORIZED") return unauthorized(event);
      return toReply(await withTimeout(pending, timeoutMs, routeKey));
    } catch (error) {
      const requestId = event.requestContext.requestId;
      const detail = error instanceof Error ? (error.stack ?? String(error)) : String(error);
      log({ level: "error", message: "integration failed", routeKey, requestId, error: detail });
      if (error instanceof IntegrationTimeoutError) return jsonReply(503, { message: "Service Unavailable" });
      // A local route without the handlers' error middleware (the outbox) while DynamoDB Local restarts.
      if (isUnavailable(error)) {
        const reply = jsonReply(503, { message: "Service Unavailable" });
        return { ...reply, headers: { ...reply.headers, "retry-after": String(RETRY_AFTER_SECONDS) } };
      }
      return jsonReply(500, { message: "Internal Server Error" });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const rawPath = url.split("?")[0] ?? "/";
    const match = matchRoute(compiled, req.method ?? "GET", rawPath);
    const read = await readBody(req, maxBodyBytes);
    if (!read.ok) return writeReply(res, jsonReply(413, { message: "Request Entity Too Large" }));
    if (!match) return writeReply(res, jsonReply(404, { message: "Not Found" }));
    writeReply(res, await dispatch(req, match, read.body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log({ level: "error", message: "gateway failure", error: String(error) });
      if (!res.headersSent) writeReply(res, jsonReply(500, { message: "Internal Server Error" }));
      else res.destroy();
    });
  });

  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const where = `${host}:${options.port}`;
      reject(
        error.code === "EADDRINUSE"
          ? new GatewayListenError(
              "PORT_IN_USE",
              `port ${where} is already in use; stop the other process or set PORT`,
              { cause: error },
            )
          : new GatewayListenError("LISTEN_FAILED", `cannot listen on ${where}: ${error.message}`, {
              cause: error,
            }),
      );
    });
    server.listen(options.port, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
        port,
        stop: () =>
          new Promise<void>((done, fail) => {
            // Keep-alive sockets (fetch pools them) would otherwise hold close() open indefinitely.
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
