import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { z } from "zod";
import { httpErrors } from "../shared/http/errors";
import { problem } from "../shared/http/responses";

/** Which methods each path answers, from the catalog, as the runtime (CDK or the local stack) passes it. */
const routeMethods = readRouteMethods(process.env.ROUTE_METHODS);

function readRouteMethods(text: string | undefined): Record<string, string[]> {
  const schema = z.record(z.string().startsWith("/"), z.array(z.enum(["GET", "POST", "PUT"])).min(1));
  let value: unknown;
  try {
    value = JSON.parse(text ?? "");
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new Error(
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

export const handler = middy(lambdaHandler).use(httpErrors());
