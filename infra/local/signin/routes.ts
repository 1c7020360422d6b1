import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Directory } from "../../../functions/app/directory";
import { notice } from "../../../functions/shared/html/layout";
import { readFormBody } from "../../../functions/shared/http/request";
import { html } from "../../../functions/shared/http/responses";
import {
  CSRF_COOKIE,
  clearCookie,
  csrfMatches,
  newCsrfToken,
  pageCsrf,
  SESSION_COOKIE,
  SESSION_SECONDS,
  safeNext,
  setCookie,
  signSession,
} from "../../../functions/shared/session";
import type { PublicRoute } from "../gateway/types";
import { signInPage, signOutPage } from "./pages";

/** The embedded runtime serves plain http on loopback, so its cookies cannot be Secure. */
const SECURE = false;

type Reply = APIGatewayProxyStructuredResultV2;

function withCookies(reply: Reply, cookies: string[]): Reply {
  return cookies.length === 0 ? reply : { ...reply, cookies: [...(reply.cookies ?? []), ...cookies] };
}

const seeOther = (location: string, cookies: string[]): Reply => ({
  statusCode: 303,
  headers: { location, "cache-control": "no-store" },
  cookies,
  body: "",
});

const refused = (status: number, text: string): Reply =>
  html(status, notice("bad", "You were not signed in", text));

/**
 * Local sign-in: lists the directory's users and signs the chosen one in with a session cookie the
 * gateway verifies (see functions/shared/session.ts). The whole flow is a form post with a CSRF token.
 */
export function signInRoutes(deps: {
  directory: Directory;
  sessionSecret: string;
  now?: () => Date;
}): PublicRoute[] {
  const now = deps.now ?? (() => new Date());
  const page = async (event: APIGatewayProxyEventV2): Promise<Reply> => {
    const csrf = pageCsrf(event);
    const next = safeNext(event.queryStringParameters?.next);
    return withCookies(html(200, signInPage(deps.directory, next, csrf.token)), csrf.cookies);
  };
  const signIn = async (event: APIGatewayProxyEventV2): Promise<Reply> => {
    const form = readFormBody(event);
    if (!form.ok) return form.response;
    if (!csrfMatches(event, form.value))
      return refused(403, "The sign-in form had expired. Open the sign-in page again and choose your name.");
    const user = deps.directory.canonicalId(form.value.get("user") ?? "");
    if (!user) return refused(400, "Choose one of the listed users.");
    const expiresAt = Math.floor(now().getTime() / 1000) + SESSION_SECONDS;
    // A fresh CSRF token with the new session: one planted before sign-in is worth nothing after it.
    return seeOther(safeNext(form.value.get("next")), [
      setCookie(SESSION_COOKIE, signSession(user, expiresAt, deps.sessionSecret), SESSION_SECONDS, SECURE),
      setCookie(CSRF_COOKIE, newCsrfToken(), SESSION_SECONDS, SECURE),
    ]);
  };
  const signOutConfirm = async (event: APIGatewayProxyEventV2): Promise<Reply> => {
    const csrf = pageCsrf(event);
    return withCookies(html(200, signOutPage(csrf.token)), csrf.cookies);
  };
  const signOut = async (event: APIGatewayProxyEventV2): Promise<Reply> => {
    const form = readFormBody(event);
    if (!form.ok) return form.response;
    if (!csrfMatches(event, form.value)) return refused(403, "The sign-out form had expired; open it again.");
    return seeOther("/signin", [clearCookie(SESSION_COOKIE, SECURE), clearCookie(CSRF_COOKIE, SECURE)]);
  };
  return [
    { method: "GET", path: "/signin", auth: "none", name: "local-signin-page", handler: page },
    { method: "POST", path: "/signin", auth: "none", name: "local-signin", handler: signIn },
    { method: "GET", path: "/signout", auth: "none", name: "local-signout-page", handler: signOutConfirm },
    { method: "POST", path: "/signout", auth: "none", name: "local-signout", handler: signOut },
  ];
}
