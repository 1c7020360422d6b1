import { readFileSync } from "node:fs";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerIdentity } from "../../functions/shared/identity";
import { startGateway } from "../../infra/local/gateway/server";
import type { GatewayLogEntry, Route, RunningGateway } from "../../infra/local/gateway/types";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The payload-v2.0 example from the API Gateway developer guide (JWT authorizer variant). */
const awsExample = JSON.parse(
  readFileSync(new URL("../fixtures/gateway/http-api-v2-jwt-event.json", import.meta.url), "utf8"),
) as { [key: string]: Json };

/** Present on AWS only with mutual TLS or stage variables configured; neither exists locally. */
const ABSENT_LOCALLY = new Set(["requestContext.authentication", "stageVariables"]);
/** Maps whose keys are request data, not event structure. */
const DATA_MAPS = new Set([
  "headers",
  "queryStringParameters",
  "pathParameters",
  "requestContext.authorizer.jwt.claims",
]);
/** An ID token has no scopes: AWS sends null where the example (an access token) has a list. */
const NULLABLE_LISTS = new Set(["requestContext.authorizer.jwt.scopes"]);

function shape(value: Json | undefined, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (value === null || value === undefined || typeof value !== "object" || Array.isArray(value)) return out;
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (ABSENT_LOCALLY.has(path)) continue;
    const list = Array.isArray(child) || (child === null && NULLABLE_LISTS.has(path));
    out.set(path, list ? "array" : child === null ? "null" : typeof child);
    if (!DATA_MAPS.has(path)) for (const [p, t] of shape(child, path)) out.set(p, t);
  }
  return out;
}

const events: APIGatewayProxyEventV2[] = [];
const contexts: Context[] = [];
const logs: GatewayLogEntry[] = [];

const record = async (event: APIGatewayProxyEventV2, context: Context) => {
  events.push(event);
  contexts.push(context);
  return {
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ok: true }),
  };
};

const routes: Route[] = [
  { method: "POST", path: "/cases/{id}", auth: "jwt", handler: record },
  { method: "GET", path: "/cases/{id}", auth: "jwt", handler: record },
  { method: "GET", path: "/cases/queue", auth: "jwt", handler: async () => ({ route: "literal" }) },
  { method: "GET", path: "/files/{path+}", auth: "none", handler: record },
  { method: "POST", path: "/upload", auth: "none", handler: record },
  {
    method: "GET",
    path: "/whoami",
    auth: "jwt",
    handler: async (event) => ({ caller: callerIdentity(event) ?? null }),
  },
  {
    method: "GET",
    path: "/public/whoami",
    auth: "none",
    handler: async (event) => ({ caller: callerIdentity(event) ?? null }),
  },
  {
    method: "GET",
    path: "/boom",
    auth: "none",
    handler: async () => {
      throw new Error("kaboom");
    },
  },
  { method: "GET", path: "/bad-status", auth: "none", handler: async () => ({ statusCode: 99 }) },
  { method: "GET", path: "/text", auth: "none", handler: async () => "plain words" },
  {
    method: "GET",
    path: "/binary",
    auth: "none",
    handler: async () => ({
      statusCode: 200,
      headers: { "content-type": "image/png" },
      body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]).toString("base64"),
      isBase64Encoded: true,
    }),
  },
  {
    method: "GET",
    path: "/session",
    auth: "none",
    handler: async (event) => ({
      statusCode: 201,
      headers: { "Content-Type": "text/plain", "X-Trace": "abc", "x-count": 3 },
      cookies: ["session=s1; Path=/; HttpOnly", "theme=dark; Path=/"],
      body: `got ${(event.cookies ?? []).join("|")}`,
    }),
  },
];

let gw: RunningGateway;
let slow: RunningGateway;

beforeAll(async () => {
  gw = await startGateway({ port: 0, routes, log: (e) => logs.push(e) });
  slow = await startGateway({
    port: 0,
    integrationTimeoutMs: 50,
    log: (e) => logs.push(e),
    routes: [{ method: "GET", path: "/hang", auth: "none", handler: () => new Promise(() => {}) }],
  });
});

afterAll(async () => {
  await gw?.stop();
  await slow?.stop();
});

function lastEvent(): APIGatewayProxyEventV2 {
  const event = events.at(-1);
  if (!event) throw new Error("no event recorded");
  return event;
}

describe("local gateway: request → payload v2.0 event", () => {
  it("builds an event with the same fields, nesting and types as API Gateway's documented example", async () => {
    const res = await fetch(`${gw.url}/cases/CASE-1?parameter1=value1&parameter1=value2&parameter2=value`, {
      method: "POST",
      headers: { "x-user": "rm.zhang", "content-type": "application/json", cookie: "cookie1=a; cookie2=b" },
      body: JSON.stringify({ hello: "lambda" }),
    });
    expect(res.status).toBe(200);
    const local = JSON.parse(JSON.stringify(lastEvent())) as { [key: string]: Json };
    expect([...shape(local)].sort()).toEqual([...shape(awsExample)].sort());
  });

  it("fills route key, raw path, query (duplicates comma-joined), path parameters and body", async () => {
    await fetch(`${gw.url}/cases/CASE%2042?b=2&a=1&a=x%20y`, {
      method: "POST",
      headers: { "x-user": "rm.zhang", "content-type": "application/json" },
      body: '{"amount":"5000000.00"}',
    });
    const e = lastEvent();
    expect(e.version).toBe("2.0");
    expect(e.routeKey).toBe("POST /cases/{id}");
    expect(e.requestContext.routeKey).toBe("POST /cases/{id}");
    expect(e.rawPath).toBe("/cases/CASE%2042");
    expect(e.requestContext.http.path).toBe("/cases/CASE%2042");
    expect(e.rawQueryString).toBe("b=2&a=1&a=x%20y");
    expect(e.queryStringParameters).toEqual({ b: "2", a: "1,x y" });
    expect(e.pathParameters).toEqual({ id: "CASE 42" });
    expect(e.body).toBe('{"amount":"5000000.00"}');
    expect(e.isBase64Encoded).toBe(false);
    expect(e.requestContext.http.method).toBe("POST");
    expect(e.requestContext.http.sourceIp).toBe("127.0.0.1");
    expect(e.requestContext.stage).toBe("$default");
    expect(e.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(e.requestContext.timeEpoch - Date.now())).toBeLessThan(60_000);
  });

  it("lowercases header names, joins repeated headers with commas and moves cookies out of headers", async () => {
    const headers = new Headers({
      "X-Custom-Thing": "one",
      "User-Agent": "test-agent/1.0",
      Cookie: "a=1; b=2",
    });
    headers.append("X-Multi", "v1");
    headers.append("X-Multi", "v2");
    await fetch(`${gw.url}/cases/C1`, { headers: { ...Object.fromEntries(headers), "x-user": "u1" } });
    const e = lastEvent();
    expect(e.headers["x-custom-thing"]).toBe("one");
    expect(e.headers["x-multi"]).toBe("v1, v2");
    expect(e.headers.cookie).toBeUndefined();
    expect(e.cookies).toEqual(["a=1", "b=2"]);
    expect(e.requestContext.http.userAgent).toBe("test-agent/1.0");
    expect(Object.keys(e.headers).every((k) => k === k.toLowerCase())).toBe(true);
    expect(e.queryStringParameters).toBeUndefined();
    expect(e.body).toBeUndefined();
  });

  it("base64-encodes binary and form bodies, as HTTP APIs do", async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 255]);
    await fetch(`${gw.url}/upload`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: bytes,
    });
    expect(lastEvent().isBase64Encoded).toBe(true);
    expect(Buffer.from(lastEvent().body ?? "", "base64")).toEqual(bytes);

    await fetch(`${gw.url}/upload`, {
      method: "POST",
      body: new URLSearchParams({ decision: "approve", c: "ok & fine" }),
    });
    const form = lastEvent();
    expect(form.isBase64Encoded).toBe(true);
    expect(Buffer.from(form.body ?? "", "base64").toString("utf8")).toBe("decision=approve&c=ok+%26+fine");
  });

  it("matches greedy path variables and prefers a literal route over a parameter", async () => {
    await fetch(`${gw.url}/files/a/b/c.txt`);
    expect(lastEvent().pathParameters).toEqual({ path: "a/b/c.txt" });
    const literal = await fetch(`${gw.url}/cases/queue`, { headers: { "x-user": "ca.ma" } });
    expect(await literal.json()).toEqual({ route: "literal" });
  });

  it("gives each invocation a Lambda context with a request id and a running deadline", async () => {
    await fetch(`${gw.url}/files/x`);
    const context = contexts.at(-1);
    expect(context?.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context?.functionName).toBe("GET /files/{path+}");
    expect(context?.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(context?.getRemainingTimeInMillis()).toBeLessThanOrEqual(30_000);
  });
});

describe("local gateway: identity", () => {
  it("puts X-User into the JWT authorizer's claims on jwt routes", async () => {
    const res = await fetch(`${gw.url}/cases/C7`, { headers: { "x-user": "mgr.wang" } });
    expect(res.status).toBe(200);
    const ctx = lastEvent().requestContext;
    expect("authorizer" in ctx && ctx.authorizer).toEqual({
      jwt: { claims: { sub: "mgr.wang", "cognito:username": "mgr.wang" }, scopes: null },
    });
    expect(await (await fetch(`${gw.url}/whoami`, { headers: { "x-user": "mgr.wang" } })).json()).toEqual({
      caller: "mgr.wang",
    });
  });

  it("answers 401 like API Gateway when a jwt route is called without X-User, without running the handler", async () => {
    const before = events.length;
    const res = await fetch(`${gw.url}/cases/C7`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: "Unauthorized" });
    expect(events.length).toBe(before);
  });

  it("gives public routes no authorizer, so X-User cannot impersonate anyone there", async () => {
    const res = await fetch(`${gw.url}/public/whoami`, { headers: { "x-user": "mgr.wang" } });
    expect(await res.json()).toEqual({ caller: null });
    await fetch(`${gw.url}/files/f`, { headers: { "x-user": "mgr.wang" } });
    expect("authorizer" in lastEvent().requestContext).toBe(false);
  });

  it("reads the Cognito username before the opaque sub", () => {
    const event = {
      requestContext: {
        authorizer: { jwt: { claims: { sub: "9f1c-uuid", username: "bc.liu" }, scopes: null } },
      },
    } as unknown as APIGatewayProxyEventV2;
    expect(callerIdentity(event)).toBe("bc.liu");
  });
});

describe("local gateway: responses and failures", () => {
  it("round-trips status, headers and cookies as separate Set-Cookie headers", async () => {
    const res = await fetch(`${gw.url}/session`, { headers: { cookie: "prev=1" } });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(res.headers.get("x-trace")).toBe("abc");
    expect(res.headers.get("x-count")).toBe("3");
    expect(res.headers.getSetCookie()).toEqual(["session=s1; Path=/; HttpOnly", "theme=dark; Path=/"]);
    expect(await res.text()).toBe("got prev=1");
  });

  it("turns a plain object or string result into a 200 JSON reply", async () => {
    const obj = await fetch(`${gw.url}/public/whoami`);
    expect(obj.status).toBe(200);
    expect(obj.headers.get("content-type")).toBe("application/json");
    expect(await obj.json()).toEqual({ caller: null });
    const text = await fetch(`${gw.url}/text`);
    expect(text.headers.get("content-type")).toBe("application/json");
    expect(await text.text()).toBe("plain words");
  });

  it("decodes base64 response bodies into bytes", async () => {
    const res = await fetch(`${gw.url}/binary`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]));
  });

  it("answers 404 Not Found for an unknown path or a method with no route", async () => {
    for (const [method, path] of [
      ["GET", "/nope"],
      ["DELETE", "/cases/C1"],
      ["GET", "/cases/C1/extra"],
    ] as const) {
      const res = await fetch(`${gw.url}${path}`, { method, headers: { "x-user": "u" } });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ message: "Not Found" });
    }
  });

  it("answers 500 and logs the error when a handler throws or returns an unmappable result", async () => {
    const res = await fetch(`${gw.url}/boom`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: "Internal Server Error" });
    expect(
      logs.some((l) => l.level === "error" && l.routeKey === "GET /boom" && l.error?.includes("kaboom")),
    ).toBe(true);
    const bad = await fetch(`${gw.url}/bad-status`);
    expect(bad.status).toBe(500);
    expect(logs.some((l) => l.error?.includes("MalformedLambdaResultError"))).toBe(true);
  });

  it("answers 413 for a body over 1 MB without running the handler", async () => {
    const before = events.length;
    const res = await fetch(`${gw.url}/upload`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: Buffer.alloc(1024 * 1024 + 1, 7),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ message: "Request Entity Too Large" });
    expect(events.length).toBe(before);
    const ok = await fetch(`${gw.url}/upload`, { method: "POST", body: Buffer.alloc(1024 * 1024, 7) });
    expect(ok.status).toBe(200);
  });

  it("answers 503 when a handler outlives the integration timeout", async () => {
    const res = await fetch(`${slow.url}/hang`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ message: "Service Unavailable" });
  });

  it("refuses to start on a port that is taken, with a stable code", async () => {
    await expect(startGateway({ port: gw.port, routes: [] })).rejects.toMatchObject({
      name: "GatewayListenError",
      code: "PORT_IN_USE",
    });
  });
});
