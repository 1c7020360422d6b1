import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../functions/adapters/aws/dynamo-client";
import { createSesMailer } from "../../functions/adapters/aws/ses-mailer";
import { createMessageIdFactory } from "../../functions/adapters/local/message-id";
import { createOutboxMailer, listOutbox } from "../../functions/adapters/local/outbox-mailer";
import { outboxTableDefinition } from "../../functions/adapters/local/outbox-table";
import type { MailMessage } from "../../functions/app/ports";
import { mailer as createMailerFromEnv, readMailerConfig } from "../../functions/wiring/mailer";
import {
  type DynamoDbLocal,
  localAwsClientConfig,
  startDynamoDbLocal,
} from "../../infra/local/dynamodb-local";
import { startGateway } from "../../infra/local/gateway/server";
import type { RunningGateway } from "../../infra/local/gateway/types";
import { outboxRoutes } from "../../infra/local/outbox/routes";
import { ensureTables } from "../../infra/local/tables";

const TABLE = "local-outbox";
const APPROVAL_URL = "http://127.0.0.1:3000/approvals/APR-1?approver=mgr.wang&stage=MANAGER&sig=abc";

function approvalMail(n: number): MailMessage {
  return {
    to: ["mgr.wang@bank.example"],
    subject: `[Credit] Manager review #${n}`,
    text: `Review and decide: ${APPROVAL_URL}.\nCase: http://127.0.0.1:3000/cases/CASE-${n}`,
    html: `<p>Dear Wang,</p><p><a href="${APPROVAL_URL.replace(/&/g, "&amp;")}" style="color:#fff">Review and decide</a></p>`,
  };
}

interface Started {
  db: DynamoDbLocal;
  raw: DynamoDBClient;
  docs: DynamoDBDocumentClient;
}

async function startDb(dataDir?: string): Promise<Started> {
  const db = await startDynamoDbLocal(dataDir ? { dataDir } : {});
  const raw = new DynamoDBClient(localAwsClientConfig(db.endpoint));
  return { db, raw, docs: createDocumentClient(localAwsClientConfig(db.endpoint)) };
}

async function stopDb(s: Started | undefined): Promise<void> {
  s?.docs.destroy();
  s?.raw.destroy();
  await s?.db.stop();
}

describe("outbox mailer on DynamoDB Local", () => {
  let s: Started;
  let gw: RunningGateway;

  beforeAll(async () => {
    s = await startDb();
    await ensureTables(s.raw, [outboxTableDefinition(TABLE)]);
    gw = await startGateway({
      port: 0,
      routes: [],
      extraRoutes: outboxRoutes({ client: s.docs, tableName: TABLE }),
    });
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await stopDb(s);
  });

  it("creates missing tables once and leaves existing ones alone", async () => {
    expect(await ensureTables(s.raw, [outboxTableDefinition(TABLE)])).toEqual([]);
    expect(await ensureTables(s.raw, [{ definition: outboxTableDefinition("another-outbox") }])).toEqual([
      "another-outbox",
    ]);
  });

  it("stores each mail and lists them newest first, to any client of the same database", async () => {
    const mailer = createMailerFromEnv({ MAILER: "outbox", OUTBOX_TABLE: TABLE }, { dynamo: s.docs });
    const sent = [];
    for (const n of [1, 2, 3]) sent.push((await mailer.send(approvalMail(n))).messageId);

    const other = createDocumentClient(localAwsClientConfig(s.db.endpoint));
    const listed = await listOutbox(other, TABLE);
    other.destroy();
    expect(listed.slice(0, 3).map((m) => m.id)).toEqual([...sent].reverse());
    const newest = listed[0];
    expect(newest?.subject).toBe("[Credit] Manager review #3");
    expect(newest?.to).toEqual(["mgr.wang@bank.example"]);
    expect(newest?.html).toContain("Review and decide");
    expect(Number.isNaN(Date.parse(newest?.at ?? ""))).toBe(false);
  });

  it("refuses a mail without recipients before writing anything", async () => {
    const mailer = createOutboxMailer({ client: s.docs, tableName: TABLE });
    const before = (await listOutbox(s.docs, TABLE)).length;
    await expect(mailer.send({ ...approvalMail(9), to: [] })).rejects.toMatchObject({ code: "MAIL_INVALID" });
    expect((await listOutbox(s.docs, TABLE)).length).toBe(before);
  });

  it("GET /outbox.json lists mails newest first with the links found in each, entities decoded", async () => {
    const mailer = createOutboxMailer({ client: s.docs, tableName: TABLE });
    const { messageId } = await mailer.send(approvalMail(4));
    const res = await fetch(`${gw.url}/outbox.json`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; links: string[]; to: string[]; text: string }[];
    expect(body[0]?.id).toBe(messageId);
    expect(body[0]?.links).toEqual([APPROVAL_URL, "http://127.0.0.1:3000/cases/CASE-4"]);
    const limited = (await (await fetch(`${gw.url}/outbox.json?limit=2`)).json()) as unknown[];
    expect(limited).toHaveLength(2);
  });

  it("GET /outbox renders each mail with a clickable link and escapes what the mail contains", async () => {
    const mailer = createOutboxMailer({ client: s.docs, tableName: TABLE });
    await mailer.send({
      ...approvalMail(5),
      subject: "<script>alert(1)</script> & co",
      html: `<p onclick="x()">Hi</p><a href="${APPROVAL_URL.replace(/&/g, "&amp;")}">Review</a>`,
    });
    const res = await fetch(`${gw.url}/outbox`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    const escapedUrl = APPROVAL_URL.replace(/&/g, "&amp;");
    // A real anchor in the page itself, which a browser (or Playwright) can click.
    expect(html).toContain(`<a href="${escapedUrl}" rel="noreferrer">`);
    // Escaped by the renderer: `<` and `&` in text, and the quote too in attributes (`>` is inert there).
    expect(html).toContain("<h2>&lt;script>alert(1)&lt;/script> &amp; co</h2>");
    expect(html).not.toContain("<script>");
    // The mail's own HTML only ever appears inside the sandboxed frame's attribute.
    expect(html).toMatch(
      /<iframe title="mail body" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="[^"<]*&lt;p onclick=&quot;x\(\)&quot;>Hi/,
    );
    expect(html).not.toContain('<p onclick="x()">');
  });

  it("neutralises control characters at the port: none reaches the subject, a body keeps only its line breaks", async () => {
    const mailer = createOutboxMailer({ client: s.docs, tableName: TABLE });
    const { messageId } = await mailer.send({
      ...approvalMail(6),
      subject: "[Credit] Acme\r\nBcc: x@evil.example\u0000 \u202Eevil",
      text: "Line 1\r\nLine 2\rforged\u0000 \u202Eevil\u0085",
      html: "<p>Acme \u202Eevil\u0000</p>",
    });
    const stored = (await listOutbox(s.docs, TABLE)).find((m) => m.id === messageId);
    expect(stored?.subject).toBe("[Credit] Acme[U+000D][U+000A]Bcc: x@evil.example[U+0000] [U+202E]evil");
    expect(stored?.text).toBe("Line 1\nLine 2[U+000D]forged[U+0000] [U+202E]evil[U+0085]");
    expect(stored?.html).toBe("<p>Acme [U+202E]evil[U+0000]</p>");
  });

  it("GET /outbox.json?since= lists only the mails sent from that instant on, oldest first", async () => {
    // Mails from a clock a day ahead: nothing sent by the other tests can fall on or after `since`.
    const since = Date.now() + 86_400_000;
    let tick = 0;
    const mailer = createOutboxMailer({
      client: s.docs,
      tableName: TABLE,
      now: () => new Date(since + tick++),
    });
    const ids = [];
    for (const n of [6, 7, 8]) ids.push((await mailer.send(approvalMail(n))).messageId);
    const at = encodeURIComponent(new Date(since).toISOString());
    const res = await fetch(`${gw.url}/outbox.json?since=${at}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }[]).map((m) => m.id)).toEqual(ids);
    const later = encodeURIComponent(new Date(since + 1).toISOString());
    const fromSecond = (await (await fetch(`${gw.url}/outbox.json?since=${later}&limit=1`)).json()) as {
      id: string;
    }[];
    expect(fromSecond.map((m) => m.id)).toEqual(ids.slice(1, 2));
    const bad = await fetch(`${gw.url}/outbox.json?since=yesterday`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe("BAD_SINCE");
  });

  it("GET /outbox and /outbox.json may not be framed", async () => {
    for (const path of ["/outbox", "/outbox.json"]) {
      const res = await fetch(`${gw.url}${path}`);
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
  });
});

describe("outbox durability", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "outbox-durable-"));
  let current: Started | undefined;

  afterAll(async () => {
    await stopDb(current);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps mails across a restart of DynamoDB Local on the same data directory", async () => {
    current = await startDb(dataDir);
    await ensureTables(current.raw, [outboxTableDefinition(TABLE)]);
    const { messageId } = await createOutboxMailer({ client: current.docs, tableName: TABLE }).send(
      approvalMail(7),
    );
    await stopDb(current);

    current = await startDb(dataDir);
    expect(await ensureTables(current.raw, [outboxTableDefinition(TABLE)])).toEqual([]);
    const listed = await listOutbox(current.docs, TABLE);
    expect(listed.map((m) => m.id)).toEqual([messageId]);
  }, 60_000);
});

describe("SES adapter", () => {
  let server: Server;
  let endpoint: string;
  const requests: { method?: string; url?: string; body: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    // A loopback stand-in for the SES v2 REST endpoint: what the real SDK sends is what we assert on.
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        requests.push({
          method: req.method,
          url: req.url,
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
        });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ MessageId: "ses-msg-1" }));
      });
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()));
  });

  it("sends text and HTML parts from the configured address with sanitised tags", async () => {
    const client = new SESv2Client({ ...localAwsClientConfig(endpoint), maxAttempts: 1 });
    const mailer = createSesMailer({ client, from: "credit@bank.example", configurationSet: "credit" });
    const out = await mailer.send({ ...approvalMail(1), tags: { caseId: "CASE 1/x", stage: "MANAGER" } });
    client.destroy();
    expect(out).toEqual({ messageId: "ses-msg-1" });
    const sent = requests[0];
    expect(sent?.method).toBe("POST");
    expect(sent?.url).toBe("/v2/email/outbound-emails");
    expect(sent?.body).toMatchObject({
      FromEmailAddress: "credit@bank.example",
      Destination: { ToAddresses: ["mgr.wang@bank.example"] },
      ConfigurationSetName: "credit",
      Content: {
        Simple: {
          Subject: { Data: "[Credit] Manager review #1", Charset: "UTF-8" },
          Body: { Text: { Data: approvalMail(1).text }, Html: { Data: approvalMail(1).html } },
        },
      },
      EmailTags: [
        { Name: "caseId", Value: "CASE_1_x" },
        { Name: "stage", Value: "MANAGER" },
      ],
    });
  });
});

describe("SES adapter with hostile values", () => {
  it("sends a subject without control characters, whatever the caller composed", async () => {
    const captured: unknown[] = [];
    const client = {
      send: async (command: { input: unknown }) => {
        captured.push(command.input);
        return { MessageId: "ses-msg-2" };
      },
    } as unknown as SESv2Client;
    const mailer = createSesMailer({ client, from: "credit@bank.example" });
    await mailer.send({
      ...approvalMail(2),
      subject: "[Credit] Acme\r\nBcc: x@evil.example",
      text: "Dear\r\nBcc:\u202E",
    });
    expect(captured[0]).toMatchObject({
      Content: {
        Simple: {
          Subject: { Data: "[Credit] Acme[U+000D][U+000A]Bcc: x@evil.example" },
          Body: { Text: { Data: "Dear\nBcc:[U+202E]" } },
        },
      },
    });
  });
});

describe("mailer configuration", () => {
  it("requires an explicit MAILER and a sender address for SES", () => {
    expect(() => readMailerConfig({})).toThrow(expect.objectContaining({ code: "MAILER_CONFIG_INVALID" }));
    expect(() => readMailerConfig({ MAILER: "ses" })).toThrow(
      expect.objectContaining({ code: "MAILER_CONFIG_INVALID" }),
    );
    expect(readMailerConfig({ MAILER: "ses", MAIL_FROM: "credit@bank.example" })).toMatchObject({
      MAILER: "ses",
    });
    expect(readMailerConfig({ MAILER: "outbox" })).toEqual({
      MAILER: "outbox",
      OUTBOX_TABLE: "local-outbox",
    });
  });

  it("mints message ids that sort in send order, even within one millisecond", () => {
    const next = createMessageIdFactory(() => 1_700_000_000_000);
    const ids = Array.from({ length: 50 }, () => next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(50);
    expect(ids[0]).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
