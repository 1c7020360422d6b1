import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DomainEvent, domainEvents } from "../../domain/events/domain-events";
import { domainEventSchema } from "../../domain/events/schemas";
import { type CaseStore, createCaseStore } from "../../functions/adapters/aws/case-store";
import { createDocumentClient } from "../../functions/adapters/aws/dynamo-client";
import { APP_TABLE } from "../../infra/local/defaults";
import { Driver, waitFor } from "../../infra/local/driver";
import { localAwsClientConfig } from "../../infra/local/dynamodb-local";
import { freePort } from "../../infra/local/ports";
import { type LocalStack, startStack } from "../../infra/local/stack";
import { startWebhookDispatcher } from "../../infra/local/webhooks/dispatcher";
import { SIGNATURE_HEADERS, verify } from "../../infra/local/webhooks/signature";
import { createWebhookStore, type DeliveryAttempt, WEBHOOK_TABLE } from "../../infra/local/webhooks/store";
import { requestChecker, responseChecker } from "../support/openapi";
import { Scenario, smallCase } from "./harness";

/**
 * The bank's other systems against `npm start`: an Idempotency-Key on POST /cases, and domain events
 * delivered to a webhook receiver on loopback — real HTTP, real signatures, one stack for the file.
 */

const SECRET = "test-webhook-secret-0123456789";

interface Received {
  event: DomainEvent;
  verified: boolean;
  headerId: string;
}

/** A webhook receiver on a fixed port, which the test can take down and bring back. */
class Receiver {
  readonly received: Received[] = [];
  private server: Server | undefined;
  constructor(readonly port: number) {}

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      void body(req).then((text) => {
        const id = String(req.headers[SIGNATURE_HEADERS.id]);
        const timestamp = Number(req.headers[SIGNATURE_HEADERS.timestamp]);
        const signature = String(req.headers[SIGNATURE_HEADERS.signature]);
        this.received.push({
          event: JSON.parse(text) as DomainEvent,
          verified: verify(SECRET, id, timestamp, text, signature),
          headerId: id,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  of(caseId: string): Received[] {
    return this.received.filter((r) => r.event.caseId === caseId);
  }
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      text += chunk;
    });
    req.on("end", () => resolve(text));
  });
}

let stack: LocalStack;
let driver: Driver;
let s: Scenario;
let receiver: Receiver;
let store: CaseStore;
let client: ReturnType<typeof createDocumentClient>;

beforeAll(async () => {
  receiver = new Receiver(await freePort());
  await receiver.up();
  stack = await startStack({
    inMemory: true,
    webhooks: [
      {
        name: "core-banking",
        url: `http://127.0.0.1:${receiver.port}/hooks/credit`,
        secret: SECRET,
        retryBaseMs: 100,
        retryMaxMs: 400,
      },
    ],
    webhookPollMs: 100,
  });
  driver = new Driver(stack.url);
  s = new Scenario(driver);
  client = createDocumentClient(localAwsClientConfig(stack.dynamoEndpoint));
  store = createCaseStore({ client, tableName: APP_TABLE });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.down();
});

async function approve(caseId: string): Promise<void> {
  await s.waitStatus(caseId, "IN_APPROVAL");
  await s.decide("mgr.wang", caseId, "approve");
  await s.decide("bc.liu", caseId, "approve");
  await s.waitStatus(caseId, "APPROVED");
}

/** The domain events the case's stored trail gives, as a consumer must receive them. */
async function expected(caseId: string): Promise<DomainEvent[]> {
  return domainEvents(await store.readEvents(caseId));
}

async function deliveries(caseId: string): Promise<DeliveryAttempt[]> {
  const r = await driver.request<{ deliveries: DeliveryAttempt[] }>("GET", `/events?caseId=${caseId}`, {
    user: "au.he",
  });
  if (r.status !== 200) throw new Error(`GET /events: ${r.status} ${r.text}`);
  answered.push({ method: "GET", path: "/events", status: r.status, body: r.body });
  return r.body.deliveries;
}

function post(body: unknown, key?: string, user = "rm.chen") {
  return fetch(new URL("/cases", stack.url), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-user": user,
      ...(key === undefined ? {} : { "idempotency-key": key }),
    },
    body: JSON.stringify(body),
  });
}

/** Every answer the tests below read, checked against GET /openapi.json at the end. */
const answered: { method: string; path: string; status: number; body: unknown }[] = [];

async function recorded(method: string, path: string, r: Response): Promise<unknown> {
  const body = await r.json();
  answered.push({ method, path, status: r.status, body });
  return body;
}

describe("an Idempotency-Key on POST /cases", () => {
  it("answers a retry with the same case and status code, and refuses the key with another body (422)", async () => {
    const app = smallCase();
    const first = await post(app, "retry-1");
    const firstBody = (await recorded("POST", "/cases", first)) as { caseId: string };
    expect(first.status).toBe(201);
    const again = await post(app, "retry-1");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await recorded("POST", "/cases", again)).toEqual(firstBody);

    const other = await post(smallCase(), "retry-1");
    expect(other.status).toBe(422);
    const problem = (await recorded("POST", "/cases", other)) as { code: string; message: string };
    expect(problem.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(problem.message).toContain(firstBody.caseId);

    const bad = await post(app, "has a space");
    expect(bad.status).toBe(400);
    expect(((await recorded("POST", "/cases", bad)) as { code: string }).code).toBe(
      "INVALID_IDEMPOTENCY_KEY",
    );
  });

  it("gives racing retries one case", async () => {
    const app = smallCase();
    const answers = await Promise.all([post(app, "race-1"), post(app, "race-1"), post(app, "race-1")]);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { caseId: string }[];
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(bodies.map((b) => b.caseId)).size).toBe(1);
  });
});

describe("domain events to a webhook", () => {
  it("delivers every event of a demo case in trail order, signed, and logs each delivery", async () => {
    const caseId = await s.submit(smallCase());
    await approve(caseId);
    const want = await expected(caseId);
    expect(want.map((e) => e.type)).toEqual([
      "CaseSubmitted",
      "CaseAssessed",
      "StageDecided",
      "StageDecided",
      "CaseApproved",
    ]);
    await waitFor(`the receiver to get ${caseId}'s CaseApproved`, async () =>
      receiver.of(caseId).some((r) => r.event.type === "CaseApproved") ? true : undefined,
    );
    const got = receiver.of(caseId);
    expect(got.map((r) => r.event)).toEqual(want);
    expect(got.every((r) => r.verified && r.headerId === r.event.id)).toBe(true);
    for (const r of got)
      expect(domainEventSchema(r.event.type).safeParse(r.event).success, r.event.type).toBe(true);

    const log = await deliveries(caseId);
    expect(log.filter((d) => d.outcome === "DELIVERED").map((d) => d.seq)).toEqual(
      want.map((e) => e.seq).reverse(),
    );
    const forbidden = await driver.request("GET", "/events", { user: "rm.chen" });
    expect(forbidden.status).toBe(403);
  }, 120_000);

  it("retries while the receiver is down and then delivers in order, duplicates recognisable by seq", async () => {
    await receiver.down();
    const caseId = await s.submit(smallCase());
    await waitFor(`two failed deliveries for ${caseId}`, async () => {
      const failed = (await deliveries(caseId)).filter((d) => d.outcome === "FAILED");
      return failed.length >= 2 ? failed : undefined;
    });
    await approve(caseId);
    await receiver.up();
    await waitFor(`the receiver to get ${caseId}'s CaseApproved`, async () =>
      receiver.of(caseId).some((r) => r.event.type === "CaseApproved") ? true : undefined,
    );
    const got = receiver.of(caseId);
    expect(got.every((r) => r.verified)).toBe(true);
    // At least once: a consumer drops what it has seen by (caseId, seq); what remains is the trail's order.
    const seen = new Set<number>();
    const distinct = got.filter((r) => !seen.has(r.event.seq) && seen.add(r.event.seq));
    expect(distinct.map((r) => r.event)).toEqual(await expected(caseId));
    for (const r of got) expect(r.event).toEqual(distinct.find((d) => d.event.seq === r.event.seq)?.event);
    const failed = (await deliveries(caseId)).filter((d) => d.outcome === "FAILED");
    expect(failed.every((d) => d.seq === failed[0]?.seq && d.error && d.retryAt)).toBe(true);
  }, 120_000);

  it("goes on after a restart where it stopped: cursors are in the table, nothing delivered is sent again", async () => {
    // A second webhook served by dispatchers of our own, so the test can stop one and start another
    // (a restart of the runtime) while the stack's own dispatcher goes on with its webhook.
    const other = new Receiver(await freePort());
    await other.up();
    const hook = {
      name: "warehouse",
      url: `http://127.0.0.1:${other.port}/`,
      secret: SECRET,
      retryBaseMs: 100,
      retryMaxMs: 400,
    };
    const log = createWebhookStore(client, WEBHOOK_TABLE);
    const start = () => startWebhookDispatcher({ store, log, webhooks: [hook], pollMs: 100 });
    try {
      const caseId = await s.submit(smallCase());
      const first = start();
      await waitFor(`${caseId}'s CaseAssessed`, async () =>
        other.of(caseId).some((r) => r.event.type === "CaseAssessed") ? true : undefined,
      );
      await first.stop();
      const before = other.of(caseId).length;
      await approve(caseId);
      const second = start();
      try {
        await waitFor(`${caseId}'s CaseApproved`, async () =>
          other.of(caseId).some((r) => r.event.type === "CaseApproved") ? true : undefined,
        );
      } finally {
        await second.stop();
      }
      const got = other.of(caseId).map((r) => r.event);
      expect(before).toBe(2);
      expect(got).toEqual(await expected(caseId));
    } finally {
      await other.down();
    }
  }, 120_000);
});

describe("GET /openapi.json", () => {
  it("serves the document, and every answer these tests read conforms to it", async () => {
    const r = await driver.request<Record<string, unknown>>("GET", "/openapi.json", { user: "rm.chen" });
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe("3.1.0");
    const caseId = await s.submit(smallCase());
    const view = await driver.request("GET", `/cases/${caseId}`, { user: "ca.ma" });
    answered.push({ method: "GET", path: "/cases/{id}", status: view.status, body: view.body });
    // What these tests send conforms too.
    expect(requestChecker(r.body)("POST", "/cases", smallCase())).toEqual([]);
    const check = responseChecker(r.body);
    expect(answered.length).toBeGreaterThan(5);
    expect(new Set(answered.map((a) => a.status))).toEqual(new Set([201, 422, 400, 200]));
    for (const a of answered)
      expect(check(a.method, a.path, a.status, a.body), `${a.method} ${a.path} ${a.status}`).toEqual([]);
  });
});
