import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { CodedError } from "../../domain/errors";
import * as z from "../../domain/zod";
import { httpErrors } from "../shared/http/errors";
import { problem } from "../shared/http/responses";
import { ENV } from "../wiring/config";
import { observe } from "../wiring/observe";

const observed = observe("method-not-allowed");

/** Which methods each path answers, from the catalog, as the runtime (CDK or the local stack) passes it. */
const routeMethods = readRouteMethods(process.env[ENV.routeMethods]);

function readRouteMethods(text: string | undefined): Record<string, string[]> {
  const schema = z.record(
    z.string().check(z.startsWith("/")),
    z.array(z.enum(["GET", "POST", "PUT"])).check(z.minLength(1)),
  );
  let value: unknown;
  try {
    value = JSON.parse(text ?? "");
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new CodedError(
      "CONFIG_INVALID",
      'function configuration is invalid: ROUTE_METHODS must map each path to its methods, e.g. {"/cases":["GET","POST"]}',
    );
  return parsed.data;
}

/**
 * `ANY <path>` on every path of the API: a method no function serves there gets 405 and the Allow
 * header, instead of a 404 that would say the path does not exist.
 */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const path = event.routeKey.replace(/^ANY /, "");
  const allow = (routeMethods[path] ?? []).join(", ");
  return problem(
    405,
    "METHOD_NOT_ALLOWED",
    `${event.requestContext.http.method} is not allowed on ${path}; allowed: ${allow}`,
    undefined,
    { allow },
  );
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
