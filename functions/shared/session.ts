import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { APIGatewayProxyEventV2 } from "aws-lambda";

/**
 * The browser's session and its CSRF token, as cookies. The session cookie names the signed-in user
 * and is signed with the runtime's session secret (locally generated into the data directory at the
 * first start, never in the repository); whoever verifies it (the local gateway, standing where the
 * API's authorizer stands on AWS) passes the user on as claims, so identifyCaller resolves a session
 * exactly as it resolves X-User or a JWT. The CSRF cookie is a random value the pages copy into every
 * form they render; a post is accepted only when the form's copy equals the cookie (double submit), and
 * a cross-site page can neither read the cookie nor make the browser send it (SameSite).
 */

export const SESSION_COOKIE = "sme_session";
export const CSRF_COOKIE = "sme_csrf";
export const CSRF_FIELD = "csrf";
/** A working day and a bit: staff sign in each morning. */
export const SESSION_SECONDS = 12 * 60 * 60;

function mac(secret: string, fields: readonly (string | number)[]): string {
  return createHmac("sha256", secret)
    .update(JSON.stringify(["session/v1", ...fields]), "utf8")
    .digest("base64url");
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `<user, base64url>.<expiry epoch seconds>.<mac>`: the user id is encoded, so no character of it can forge a separator. */
export function signSession(userId: string, expiresAt: number, secret: string): string {
  const user = Buffer.from(userId, "utf8").toString("base64url");
  return `${user}.${expiresAt}.${mac(secret, [userId, expiresAt])}`;
}

/** The signed-in user, or undefined for a missing, forged or expired session. */
export function verifySession(value: string | undefined, secret: string, now: Date): string | undefined {
  const [user, expiry, sig, ...rest] = (value ?? "").split(".");
  if (!user || !expiry || !sig || rest.length > 0 || !/^\d{1,12}$/.test(expiry)) return undefined;
  const userId = Buffer.from(user, "base64url").toString("utf8");
  const expiresAt = Number(expiry);
  if (!same(mac(secret, [userId, expiresAt]), sig)) return undefined;
  return now.getTime() < expiresAt * 1000 && userId.trim() !== "" ? userId : undefined;
}

/** A cookie of the request by name, from payload v2's `cookies` (or a raw Cookie header). */
export function cookieOf(
  event: Pick<APIGatewayProxyEventV2, "cookies" | "headers">,
  name: string,
): string | undefined {
  const all = event.cookies ?? (event.headers?.cookie ?? "").split(";");
  for (const raw of all) {
    const at = raw.indexOf("=");
    if (at > 0 && raw.slice(0, at).trim() === name) return raw.slice(at + 1).trim();
  }
  return undefined;
}

/** HttpOnly and SameSite=Lax always; Secure whenever the site is served over https (always on AWS). */
export function setCookie(name: string, value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function clearCookie(name: string, secure: boolean): string {
  return setCookie(name, "", 0, secure);
}

export function newCsrfToken(): string {
  return randomBytes(24).toString("base64url");
}

/** True only when the form carries the same token as the request's CSRF cookie. */
export function csrfMatches(
  event: Pick<APIGatewayProxyEventV2, "cookies" | "headers">,
  form: URLSearchParams,
): boolean {
  const cookie = cookieOf(event, CSRF_COOKIE);
  const field = form.get(CSRF_FIELD);
  return cookie !== undefined && cookie !== "" && field !== null && same(cookie, field);
}

/**
 * Where to go after signing in: a path on this site only. Anything else (`//evil.example`, `/\evil`,
 * a scheme) falls back to the home page, so the sign-in page cannot be used as an open redirect.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.includes("\\")) return "/";
  if ([...next].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return "/";
  return next;
}

/** A browser asking for a page (not a script asking for JSON): it gets sent to sign in, never a bare 401. */
export function wantsPage(event: Pick<APIGatewayProxyEventV2, "headers" | "requestContext">): boolean {
  const accept = event.headers?.accept ?? "";
  return event.requestContext.http.method === "GET" && accept.includes("text/html");
}

/** Cookies are Secure whenever the request came over https (always on AWS; never on the loopback runtime). */
export function overHttps(event: Pick<APIGatewayProxyEventV2, "headers">): boolean {
  return (event.headers?.["x-forwarded-proto"] ?? "").split(",")[0]?.trim() === "https";
}

/**
 * The CSRF token a page's form carries: the browser's, or a fresh one set with the page (a script
 * signed in by X-User, or a cookie that expired), so every rendered form can be posted back.
 */
export function pageCsrf(event: Pick<APIGatewayProxyEventV2, "cookies" | "headers">): {
  token: string;
  cookies: string[];
} {
  const existing = cookieOf(event, CSRF_COOKIE);
  if (existing) return { token: existing, cookies: [] };
  const token = newCsrfToken();
  return { token, cookies: [setCookie(CSRF_COOKIE, token, SESSION_SECONDS, overHttps(event))] };
}
