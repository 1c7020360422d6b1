import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";

/**
 * Cognito ID tokens name the user in `cognito:username`, access tokens in `username`; `sub` is an
 * opaque UUID and only the last resort. The directory keys users by username, so order matters.
 */
const IDENTITY_CLAIMS = ["cognito:username", "username", "sub"] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * Who is calling, from the claims the JWT authorizer verified; undefined on public routes (e-mailed
 * links), where the handler must rely on what the link itself proves. Never read X-User here: on
 * AWS anybody can send that header.
 */
export function callerIdentity(
  event: APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer,
): string | undefined {
  const context: unknown = event.requestContext;
  if (!isRecord(context) || !isRecord(context.authorizer) || !isRecord(context.authorizer.jwt))
    return undefined;
  const claims = context.authorizer.jwt.claims;
  if (!isRecord(claims)) return undefined;
  for (const name of IDENTITY_CLAIMS) {
    const value = claims[name];
    if (typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return undefined;
}

/**
 * The caller as the directory spells them. Sign-in ignores case (Cognito, and people typing
 * `RM.CHEN`), so the match does too; everything downstream (the submitter check, four eyes, the
 * trail) then compares and records one canonical id. A caller the directory does not know stays as
 * given: they hold no role, so every check refuses them anyway.
 */
export function identifyCaller(
  event: APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer,
  directory: { canonicalId(userId: string): string | undefined },
): string | undefined {
  const claimed = callerIdentity(event);
  return claimed === undefined ? undefined : (directory.canonicalId(claimed) ?? claimed);
}
