import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyTrail } from "../../domain/audit/verify";
import { checkCreditTrail } from "../../domain/monitoring";
import { POLICIES } from "../../domain/policy/registry";
import { createCreditReader } from "../../functions/adapters/aws/credit-store";
import { createDocumentClient } from "../../functions/adapters/aws/dynamo-client";
import { creditEventKey } from "../../functions/adapters/aws/table";
import { asCreditEvents } from "../../functions/app/monitoring/credit";
import type { CreditReader } from "../../functions/app/ports";
import { BANK_TIME_ZONE } from "../../functions/shared/html/time-zone";
import { Driver } from "../../infra/local/driver";
import { localAwsClientConfig } from "../../infra/local/dynamodb-local";
import { type LocalStack, startStack } from "../../infra/local/stack";
import { seriousAccessibilityProblems } from "../support/axe";
import { DESKTOP, launchChromium, PHONE, scrollsSideways } from "../support/browser";
import { itemCount, Scenario, smallCase } from "./harness";

const ROOT = resolve(__dirname, "..", "..");
const QUIET = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "monitoring", "quiet.json"), "utf8"))
  .snapshot as Record<string, unknown>;

/** The quiet snapshot with a new id and the fields given changed (top level and `current`). */
function snapshot(id: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(QUIET), snapshotId: id, ...patch };
}

interface Recorded {
  creditId: string;
  snapshotId: string;
  tier: string | null;
  raised: { from: string | null; to: string; dueAt: string } | null;
  duplicate: boolean;
  warning: { tier: string | null; signals: { code: string }[]; proposedClassification: string };
}

let stack: LocalStack;
let s: Scenario;
let driver: Driver;
let db: DynamoDBClient;
let credits: CreditReader;
let approved: string;

beforeAll(async () => {
  stack = await startStack({ inMemory: true, timeScale: 1 });
  driver = new Driver(stack.url);
  s = new Scenario(driver);
  db = new DynamoDBClient(localAwsClientConfig(stack.dynamoEndpoint));
  credits = createCreditReader({
    client: createDocumentClient(localAwsClientConfig(stack.dynamoEndpoint)),
    tableName: process.env.TABLE_NAME as string,
  });
  approved = await s.submit(smallCase());
  await s.waitStatus(approved, "IN_APPROVAL");
  await s.decide("mgr.wang", approved, "approve");
  await s.decide("bc.liu", approved, "approve");
  await s.waitStatus(approved, "APPROVED");
  // Its outcome mailed: the workflow writes nothing more, so item counts below are this file's alone.
  await s.settled(approved);
}, 180_000);

afterAll(async () => {
  db?.destroy();
  await stack?.stop();
});

const post = (caseId: string, json: unknown, user = "ca.ma") =>
  driver.request<Recorded & { code?: string; errors?: { path: string; message: string }[] }>(
    "POST",
    `/loans/${caseId}/snapshots`,
    { user, json },
  );

interface BatchReply {
  code?: string;
  recorded: number;
  duplicates: number;
  refused: number;
  lines: {
    line: number;
    status: string;
    code?: string;
    snapshotId: string | null;
    errors?: { path: string }[];
  }[];
}

/** A batch upload as a system client sends it: the raw body with its media type. */
async function upload(body: string, type: string) {
  const res = await fetch(`${stack.url}/loans/snapshots`, {
    method: "POST",
    headers: { "content-type": type, "x-user": "ca.ma" },
    body,
  });
  return { status: res.status, body: (await res.json()) as BatchReply };
}

/** The credit's trail checked as an auditor would: the hash chain, then every monitoring rule. */
async function auditCredit(caseId: string) {
  const trail = await credits.trail(caseId);
  const verdict = verifyTrail(caseId, trail.items);
  const events = asCreditEvents(await credits.events(caseId));
  return { verdict, events, violations: checkCreditTrail(caseId, events, POLICIES) };
}

describe("snapshot ingestion on an approved credit", () => {
  it("refuses a bad snapshot by JSON path and stores nothing", async () => {
    const before = await itemCount(db);
    const r = await post(approved, {
      ...snapshot("MON-BAD"),
      daysPastDue: -1,
      current: { ...(QUIET.current as object), inventory: "lots" },
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("INVALID_SNAPSHOT");
    const paths = (r.body.errors ?? []).map((e) => e.path);
    expect(paths).toContain("$.daysPastDue");
    expect(paths).toContain("$.current.inventory");
    expect(await itemCount(db)).toBe(before);
  });

  it("refuses a caller who is not the branch's credit administration, and a case not approved", async () => {
    const before = await itemCount(db);
    const rm = await post(approved, snapshot("MON-RM"), "rm.chen");
    expect(rm.status).toBe(403);
    const open = await s.submit(smallCase());
    // Parked (its approvers mailed), so nothing writes for it while the items are counted.
    await s.settled(open);
    const countOpen = await itemCount(db);
    const early = await post(open, snapshot("MON-EARLY"));
    expect(early.status).toBe(409);
    expect(early.body.code).toBe("NOT_APPROVED");
    expect(await itemCount(db)).toBe(countOpen);
    expect((await post("CASE-NOPE", snapshot("MON-NONE"))).status).toBe(404);
    expect(before).toBeLessThan(countOpen);
  });

  it("opens the credit with its first snapshot, raises blue → yellow → red, never lowers, and answers a resent snapshot with its warning", async () => {
    const quiet = await post(approved, snapshot("MON-E2E-1"));
    expect(quiet.status).toBe(201);
    expect(quiet.body.tier).toBeNull();
    expect(quiet.body.raised).toBeNull();
    expect(quiet.body.warning.proposedClassification).toBe("normal");

    const yellow = await post(approved, snapshot("MON-E2E-2", { daysPastDue: 31 }));
    expect(yellow.status).toBe(201);
    expect(yellow.body.warning.tier).toBe("yellow");
    expect(yellow.body.raised).toMatchObject({ from: null, to: "yellow" });
    expect(yellow.body.tier).toBe("yellow");

    const before = await itemCount(db);
    const again = await post(approved, snapshot("MON-E2E-2", { daysPastDue: 31 }));
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(again.body.warning).toEqual(yellow.body.warning);
    expect(await itemCount(db)).toBe(before);

    const red = await post(approved, snapshot("MON-E2E-3", { mainAccountFrozen: true }));
    expect(red.status).toBe(201);
    expect(red.body.raised).toMatchObject({ from: "yellow", to: "red" });

    const blue = await post(approved, snapshot("MON-E2E-4", { daysPastDue: 2 }));
    expect(blue.status).toBe(201);
    expect(blue.body.warning.tier).toBe("blue");
    expect(blue.body.raised).toBeNull();
    expect(blue.body.tier).toBe("red");

    const { verdict, events, violations } = await auditCredit(approved);
    expect(events.map((e) => e.type)).toEqual([
      "CREDIT_OPENED",
      "SNAPSHOT_RECORDED",
      "SNAPSHOT_RECORDED",
      "WARNING_RAISED",
      "SNAPSHOT_RECORDED",
      "WARNING_RAISED",
      "SNAPSHOT_RECORDED",
    ]);
    expect(verdict.problems).toEqual([]);
    expect(violations).toEqual([]);
    const opened = events[0];
    expect(opened?.type === "CREDIT_OPENED" && opened.payload.approvedLimit).toBe("5000000.00");
  });

  it("records concurrent snapshots of one credit each once, on one unbroken chain", async () => {
    const ids = ["MON-RACE-1", "MON-RACE-2", "MON-RACE-3"];
    const replies = await Promise.all(ids.map((id) => post(approved, snapshot(id))));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201]);
    const { verdict, events } = await auditCredit(approved);
    const recorded = events.flatMap((e) =>
      e.type === "SNAPSHOT_RECORDED" ? [e.payload.snapshot.snapshotId] : [],
    );
    for (const id of ids) expect(recorded.filter((x) => x === id)).toHaveLength(1);
    expect(verdict.problems).toEqual([]);
  });

  it("records a JSON-lines upload line by line: good lines recorded, each refused line answered by number and path", async () => {
    const before = await itemCount(db);
    const body = [
      JSON.stringify({ caseId: approved, ...snapshot("MON-B-1") }),
      "",
      JSON.stringify({ caseId: approved, ...snapshot("MON-B-2", { daysPastDue: "x" }) }),
      "{not json",
      JSON.stringify(snapshot("MON-B-3")),
      JSON.stringify({ caseId: "CASE-NOPE", ...snapshot("MON-B-4") }),
      JSON.stringify({ caseId: approved, ...snapshot("MON-B-1") }),
    ].join("\n");
    const r = await upload(body, "application/x-ndjson");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ recorded: 1, duplicates: 1, refused: 4 });
    const by = Object.fromEntries(r.body.lines.map((l) => [l.line, l]));
    expect(by[1]).toMatchObject({ status: "RECORDED", snapshotId: "MON-B-1" });
    expect(by[3]).toMatchObject({ status: "REFUSED", code: "INVALID_SNAPSHOT" });
    expect(by[3]?.errors?.map((e) => e.path)).toEqual(["$.daysPastDue"]);
    expect(by[4]).toMatchObject({ status: "REFUSED", code: "INVALID_LINE" });
    expect(by[5]?.errors?.[0]?.path).toBe("$.caseId");
    expect(by[6]).toMatchObject({ status: "REFUSED", code: "NOT_FOUND" });
    expect(by[7]).toMatchObject({ status: "DUPLICATE" });
    expect(await itemCount(db)).toBe(before + 1);
  });

  it("records a CSV upload whose headers are the snapshot's paths, and refuses a header naming no field", async () => {
    const q = QUIET as Record<string, Record<string, unknown>>;
    const cur = q.current as Record<string, unknown>;
    const head = [
      "caseId,snapshotId,asOf,borrower.name,borrower.sector,borrower.industryCode,approvedLimit,daysPastDue",
      "current.revenue,current.grossProfit,current.currentAssets,current.inventory,current.currentLiabilities",
      "current.receivableDays,current.largestCustomerShare,current.finishedGoodsTurnover",
      "previousYear.revenue,previousYear.grossProfit,settlementReceipts12m,mainAccountFrozen,circleMemberInDefault",
    ].join(",");
    const row = (id: string, days: number) =>
      [
        approved,
        id,
        QUIET.asOf,
        q.borrower?.name,
        q.borrower?.sector,
        q.borrower?.industryCode,
        QUIET.approvedLimit,
        days,
        cur.revenue,
        cur.grossProfit,
        cur.currentAssets,
        cur.inventory,
        cur.currentLiabilities,
        cur.receivableDays,
        cur.largestCustomerShare,
        cur.finishedGoodsTurnover,
        q.previousYear?.revenue,
        q.previousYear?.grossProfit,
        QUIET.settlementReceipts12m,
        "false",
        "false",
      ].join(",");
    const r = await upload([head, row("MON-C-1", 0), row("MON-C-2", -3)].join("\r\n"), "text/csv");
    expect(r.status).toBe(200);
    expect(r.body, JSON.stringify(r.body.lines)).toMatchObject({ recorded: 1, refused: 1 });
    expect(r.body.lines[1]).toMatchObject({ line: 3, status: "REFUSED" });
    expect(r.body.lines[1]?.errors?.map((e) => e.path)).toEqual(["$.daysPastDue"]);
    const bad = await upload(`caseId,snapshotId,colour\n${approved},MON-C-3,red`, "text/csv");
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("BAD_CSV");
    const { verdict } = await auditCredit(approved);
    expect(verdict.problems).toEqual([]);
  });

  it("records people's actions on the credit: the response owed, a classification by two people, an exit plan whose limit only goes down, a clearing with a reason", async () => {
    const act = (action: string, json: unknown, user = "ca.ma") =>
      driver.request<{ code?: string; message?: string; events?: { type: string }[] }>(
        "POST",
        `/loans/${approved}/actions/${action}`,
        { user, json },
      );
    const wrong = await act("respond", { tier: "yellow", actions: ["REPAYMENT_PLAN"], note: "" });
    expect(wrong.status, JSON.stringify(wrong.body)).toBe(409);
    expect(wrong.body.message).toContain("the warning is red");
    expect(
      (await act("respond", { tier: "red", actions: ["COLLATERAL_DISPOSAL"], note: "started" })).status,
    ).toBe(201);
    expect((await act("respond", { tier: "red", actions: [] }, "ca.ma")).status).toBe(400);

    expect(
      (
        await act(
          "propose-classification",
          { category: "substandard", reason: "red, frozen account" },
          "rm.chen",
        )
      ).status,
    ).toBe(201);
    expect(
      (await act("decide-classification", { headOfficeApprovedBy: null, reason: "agreed" }, "rm.chen"))
        .status,
    ).toBe(403);
    const decided = await act("decide-classification", { headOfficeApprovedBy: null, reason: "agreed" });
    expect(decided.status).toBe(201);
    expect(decided.body.events?.map((e) => e.type)).toEqual(["CLASSIFICATION_DECIDED"]);
    expect((await act("propose-classification", { category: "doubtful", reason: "worse" })).status).toBe(201);
    const sameHands = await act("decide-classification", { headOfficeApprovedBy: null, reason: "mine" });
    expect(sameHands.status).toBe(409);
    expect(sameHands.body.code).toBe("FOUR_EYES");

    const plan = {
      milestones: [{ id: "M1", description: "reduce the line", owner: "ca.ma", due: "2027-03-31" }],
    };
    expect((await act("open-exit-plan", plan)).status).toBe(201);
    expect((await act("open-exit-plan", plan)).status).toBe(409);
    expect((await act("record-reduction", { amount: "1000000.00", note: "repaid" })).status).toBe(201);
    expect((await act("record-reduction", { amount: "99000000.00", note: "too much" })).status).toBe(409);
    expect((await act("clear", { to: null, reason: "" })).status).toBe(400);
    expect((await act("clear", { to: "red", reason: "same" })).status).toBe(409);
    expect((await act("clear", { to: null, reason: "collateral sold, account unfrozen" })).status).toBe(201);

    const view = await driver.request<Record<string, unknown>>("GET", `/loans/${approved}`, {
      user: "rm.chen",
    });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      tier: null,
      limit: "4000000.00",
      classification: { category: "substandard" },
      proposal: { category: "doubtful", proposedBy: "ca.ma" },
    });
    expect((await driver.request("GET", `/loans/${approved}`, { user: "mgr.wang" })).status).toBe(404);
    const { verdict, violations } = await auditCredit(approved);
    expect(verdict.problems).toEqual([]);
    expect(violations).toEqual([]);
  });

  it("passes audit verify and audit check on the credit, and names a tampered credit event", async () => {
    const run = (args: string[]) =>
      promisify(execFile)(join(ROOT, "node_modules", ".bin", "tsx"), ["infra/cli/audit.ts", ...args], {
        cwd: ROOT,
        env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint },
      }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const verify = await run(["verify", approved]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/✓ the credit's trail verified from genesis through event \d+/);
    const check = await run(["check", approved]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain("✓ no monitoring event of the credit broke a rule of its time");

    // An insider rewrites the credit's second event (the first snapshot's warning) in place.
    const doc = createDocumentClient(localAwsClientConfig(stack.dynamoEndpoint));
    await doc.send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME as string,
        Key: creditEventKey(approved, 2),
        UpdateExpression: "SET actor = :a",
        ExpressionAttributeValues: { ":a": "someone.else" },
      }),
    );
    doc.destroy();
    const tampered = await run(["verify", approved]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain("✗ the credit's trail does not verify");
  });

  it("shows the credit as a page that fits a phone and a laptop, with no serious accessibility problem", async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({
        viewport: PHONE,
        extraHTTPHeaders: { "x-user": "rm.chen" },
      });
      const page = await context.newPage();
      const response = await page.goto(`${stack.url}/loans/${approved}`);
      expect(response?.status()).toBe(200);
      expect(await page.locator("h1").innerText()).toMatch(/^Credit /);
      expect(await page.locator("dd .money").first().innerText()).toMatch(/^\d{1,3}(,\d{3})*\.\d\d CNY$/);
      expect(
        await page.locator("#snapshots ~ * tbody tr, section:has(#snapshots) tbody tr").count(),
      ).toBeGreaterThan(5);
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport);
        expect(await scrollsSideways(page), `${viewport.width} px`).toBe(false);
        expect(await seriousAccessibilityProblems(page), `${viewport.width} px`).toEqual([]);
        await page.screenshot({ path: `/tmp/14r-credit-${viewport.width}.png`, fullPage: true });
      }
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("lists the credit on the warning list and in the monthly classification report (JSON, CSV and pages that fit a phone)", async () => {
    const raised = await post(approved, snapshot("MON-LIST-1", { daysPastDue: 40 }));
    expect(raised.body.raised).toMatchObject({ from: null, to: "yellow" });
    const list = await driver.request<{ warnings: { creditId: string; tier: string; response: string }[] }>(
      "GET",
      "/warnings",
      { user: "ca.ma" },
    );
    expect(list.status).toBe(200);
    expect(list.body.warnings).toContainEqual(
      expect.objectContaining({ creditId: approved, tier: "yellow", response: "pending" }),
    );
    const other = await driver.request<{ warnings: unknown[] }>("GET", "/warnings", { user: "mgr.wang" });
    expect(other.body.warnings).toEqual([]);

    // The bank's day (Asia/Shanghai by default), which is what a report's date means.
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: BANK_TIME_ZONE }).format(new Date());
    const report = await driver.request<{ rows: { creditId: string; category: string }[] }>(
      "GET",
      `/reports/classification?report=CLASSIFICATION_MONTHLY&date=${today}`,
      { user: "ca.ma" },
    );
    expect(report.status).toBe(200);
    expect(report.body.rows).toContainEqual(
      expect.objectContaining({ creditId: approved, category: "substandard" }),
    );
    const past = await driver.request<{ rows: unknown[] }>(
      "GET",
      "/reports/classification?report=CLASSIFICATION_MONTHLY&date=2026-01-31",
      { user: "ca.ma" },
    );
    expect(past.body.rows).toEqual([]);
    const csv = await fetch(
      `${stack.url}/reports/classification?report=CLASSIFICATION_MONTHLY&date=${today}&format=csv`,
      { headers: { "x-user": "ca.ma" } },
    );
    const text = await csv.text();
    expect(text.split("\n")[0]).toBe(
      "creditId,borrowerName,branch,relationshipManager,category,decidedAt,tier,limit",
    );
    expect(text).toContain(`${approved},`);
    expect(
      (await driver.request("GET", "/reports/classification?report=NOPE", { user: "ca.ma" })).status,
    ).toBe(400);

    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: PHONE, extraHTTPHeaders: { "x-user": "ca.ma" } });
      const page = await context.newPage();
      for (const [name, path] of [
        ["warnings", "/warnings"],
        ["report", `/reports/classification?report=CLASSIFICATION_MONTHLY&date=${today}`],
      ] as const) {
        expect((await page.goto(`${stack.url}${path}`))?.status()).toBe(200);
        expect(await page.locator(`a[href="/loans/${approved}"]`).count()).toBe(1);
        for (const viewport of [PHONE, DESKTOP]) {
          await page.setViewportSize(viewport);
          expect(await scrollsSideways(page), `${name} ${viewport.width} px`).toBe(false);
          expect(await seriousAccessibilityProblems(page), `${name} ${viewport.width} px`).toEqual([]);
          await page.screenshot({ path: `/tmp/14r-${name}-${viewport.width}.png`, fullPage: true });
        }
      }
    } finally {
      await browser.close();
    }
  }, 90_000);
});
