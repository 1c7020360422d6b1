import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Driver } from "../../infra/local/driver";
import { localAwsClientConfig } from "../../infra/local/dynamodb-local";
import { type LocalStack, startStack } from "../../infra/local/stack";
import { largestApplication } from "../support/largest-application";
import { itemCount, Scenario, smallCase } from "./harness";

// biome-ignore lint/suspicious/noExplicitAny: tests poke arbitrary values into the JSON
type Loose = any;

let stack: LocalStack;
let driver: Driver;
let s: Scenario;
let db: DynamoDBClient;

beforeAll(async () => {
  stack = await startStack({ inMemory: true, timeScale: 1 });
  driver = new Driver(stack.url);
  s = new Scenario(driver);
  db = new DynamoDBClient(localAwsClientConfig(stack.dynamoEndpoint));
}, 120_000);

afterAll(async () => {
  db?.destroy();
  await stack?.stop();
});

/** Every item of the case table and the outbox: a refused request must not change either. */

async function send(method: string, path: string, init: { headers?: Record<string, string>; body?: string }) {
  // Bytes, not a string: fetch would otherwise add a text/plain content type of its own.
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  const res = await fetch(new URL(path, stack.url), { method, headers: init.headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text };
}

describe("oversized input is refused with its path, and nothing is stored", () => {
  it.each<[string, (a: Loose) => void, string]>([
    [
      "a 900 KB region",
      (a) => {
        a.borrower.region = "x".repeat(900_000);
      },
      "$.borrower.region",
    ],
    [
      "a 399 KB guarantor name",
      (a) => {
        a.guarantors[0].name = "n".repeat(399_000);
      },
      "$.guarantors[0].name",
    ],
    [
      "a 400-digit amount",
      (a) => {
        a.facilities[0].amount = `${"9".repeat(400)}.00`;
      },
      "$.facilities[0].amount",
    ],
    [
      "a 5,000-digit revenue",
      (a) => {
        a.financials[0].revenue = "1".repeat(5_000);
      },
      "$.financials[0].revenue",
    ],
  ])("POST /cases with %s → 400", async (_label, mutate, path) => {
    const before = await itemCount(db);
    const app: Loose = smallCase();
    mutate(app);
    const r = await driver.request<{ code: string; errors: { path: string }[] }>("POST", "/cases", {
      user: "rm.chen",
      json: app,
    });
    expect(r.status, r.text.slice(0, 300)).toBe(400);
    expect(r.body.code).toBe("INVALID_APPLICATION");
    expect(r.body.errors.map((e) => e.path)).toContain(path);
    expect(await itemCount(db)).toBe(before);
  });

  it("refuses a body over the size limit with 413 before reading it as JSON", async () => {
    const before = await itemCount(db);
    const r = await send("POST", "/cases", {
      headers: { "x-user": "rm.chen", "content-type": "application/json" },
      body: JSON.stringify({ ...smallCase(), padding: "p".repeat(1_100_000) }),
    });
    expect(r.status).toBe(413);
    expect(await itemCount(db)).toBe(before);
  });

  it("stores and assesses the largest application the limits allow", async () => {
    const app = largestApplication(`APP-LARGEST-${process.pid}`);
    const body = JSON.stringify(app);
    expect(Buffer.byteLength(body)).toBeGreaterThan(100_000);
    const caseId = await s.submit(app);
    const v = await s.waitStatus(caseId, "IN_APPROVAL");
    expect(v.assessment).not.toBeNull();
    await s.settled(caseId);
  });
});

describe("control characters and bidi overrides never get in", () => {
  it("refuses a borrower name that would inject mail headers, storing and mailing nothing", async () => {
    const before = await itemCount(db);
    const app = smallCase((a) => {
      a.borrower.name = "Acme\r\nBcc: x@evil.example\r\n\r\nReview and decide: http://evil.example/x";
    });
    const r = await driver.request<{ errors: { path: string; message: string }[] }>("POST", "/cases", {
      user: "rm.chen",
      json: app,
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toContainEqual({
      path: "$.borrower.name",
      message: expect.stringContaining("U+000D"),
    });
    expect(await itemCount(db)).toBe(before);
  });

  it("refuses a right-to-left override in the region", async () => {
    const r = await driver.request<{ errors: { path: string }[] }>("POST", "/cases", {
      user: "rm.chen",
      json: smallCase((a) => {
        a.borrower.region = "GD\u202E";
      }),
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e) => e.path)).toEqual(["$.borrower.region"]);
  });
});

describe("HTTP hygiene", () => {
  it.each([
    ["text/plain", { "content-type": "text/plain" }],
    ["no content type", {}],
    ["form-encoded", { "content-type": "application/x-www-form-urlencoded" }],
  ])("POST /cases with %s → 415 naming application/json", async (_label, headers) => {
    const before = await itemCount(db);
    const r = await send("POST", "/cases", {
      headers: { "x-user": "rm.chen", ...headers },
      body: JSON.stringify(smallCase()),
    });
    expect(r.status).toBe(415);
    expect(r.text).toContain("application/json");
    expect(await itemCount(db)).toBe(before);
  });

  it("PUT /cases/{id} with text/plain → 415", async () => {
    const r = await send("PUT", "/cases/CASE-x", {
      headers: { "x-user": "rm.chen", "content-type": "text/plain" },
      body: JSON.stringify(smallCase()),
    });
    expect(r.status).toBe(415);
    expect(r.text).toContain("application/json");
  });

  it("accepts application/json with a charset", async () => {
    const r = await send("POST", "/cases", {
      headers: { "x-user": "rm.chen", "content-type": "Application/JSON; charset=utf-8" },
      body: JSON.stringify(smallCase()),
    });
    expect(r.status, r.text).toBe(201);
    await s.settled((JSON.parse(r.text) as { caseId: string }).caseId);
  });

  it("the approval form POST accepts only application/x-www-form-urlencoded", async () => {
    const r = await send("POST", "/approvals/APR-x", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ decision: "approve" }),
    });
    expect(r.status).toBe(415);
    expect(r.text).toContain("application/x-www-form-urlencoded");
  });

  it.each([
    ["DELETE", "/cases", "GET, POST"],
    ["PATCH", "/cases", "GET, POST"],
    ["DELETE", "/cases/CASE-1", "GET, PUT"],
    ["PATCH", "/cases/CASE-1/history", "GET"],
    ["POST", "/cases/CASE-1/audit", "GET"],
    ["DELETE", "/approvals/APR-1", "GET, POST"],
    ["PUT", "/approvals/APR-1", "GET, POST"],
  ])("%s %s → 405 with Allow: %s", async (method, path, allow) => {
    const r = await send(method, path, { headers: { "x-user": "ca.ma" } });
    expect(r.status).toBe(405);
    expect(r.headers.get("allow")).toBe(allow);
    expect(r.text).toContain(allow);
  });

  it("still answers 404 for a path no route knows", async () => {
    const r = await send("DELETE", "/nowhere", { headers: { "x-user": "ca.ma" } });
    expect(r.status).toBe(404);
  });

  it("/outbox may not be framed", async () => {
    for (const path of ["/outbox", "/outbox.json"]) {
      const r = await send("GET", path, {});
      expect(r.headers.get("x-frame-options"), path).toBe("DENY");
      expect(r.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
  });
});

describe("user ids match the directory whatever their case", () => {
  it("lets RM.CHEN submit as rm.chen, recording the directory's spelling", async () => {
    const app = smallCase((a) => {
      a.submittedBy = "RM.Chen";
    });
    const r = await driver.request<{ caseId: string }>("POST", "/cases", { user: "RM.CHEN", json: app });
    expect(r.status, r.text).toBe(201);
    const caseId = r.body.caseId;
    const view = await s.view(caseId, "CA.MA");
    expect(view).toMatchObject({ caseId });
    const history = await driver.request<{
      events: { type: string; actor: string; payload: { application?: { submittedBy: string } } }[];
    }>("GET", `/cases/${caseId}/history`, { user: "Rm.Chen" });
    expect(history.status).toBe(200);
    const submitted = history.body.events[0];
    expect(submitted?.actor).toBe("rm.chen");
    expect(submitted?.payload.application?.submittedBy).toBe("rm.chen");
    const queue = await driver.request<{ cases: { caseId: string }[] }>("GET", "/cases?status=IN_APPROVAL", {
      user: "CA.MA",
    });
    expect(queue.status).toBe(200);
    await s.waitStatus(caseId, "IN_APPROVAL");
    // The manager decides from the link; the trail names the directory's ids only.
    await s.decide("mgr.wang", caseId, "approve");
    const audit = await send("GET", `/cases/${caseId}/audit`, { headers: { "x-user": "AU.HE" } });
    expect(audit.status).toBe(200);
    await s.settled(caseId);
  });

  it("still refuses someone else's submission, whatever the case", async () => {
    const r = await driver.request("POST", "/cases", {
      user: "RM.LI",
      json: smallCase((a) => {
        a.submittedBy = "rm.chen";
      }),
    });
    expect(r.status).toBe(403);
  });
});
