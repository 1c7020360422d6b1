import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Application,
  type AuditEvent,
  assess,
  BUILT_IN_POLICY_VERSIONS,
  canonicalJson,
  chainEvents,
  createPolicyRegistry,
  DEFAULT_POLICY_ID,
  getPolicy,
  type TrailProblem,
} from "../../domain";
import rawPolicy from "../../domain/policy/versions/sme-standard-2026.2.json";
import { createCaseWriter } from "../../functions/adapters/aws/case-repo";
import { createCaseStore } from "../../functions/adapters/aws/case-store";
import { createDocumentClient } from "../../functions/adapters/aws/dynamo-client";
import { eventKey, stateKey } from "../../functions/adapters/aws/table";
import { createFileDigestStore } from "../../functions/adapters/local/file-digest-store";
import { auditCase } from "../../functions/app/audit/case-audit";
import { loadDigests } from "../../functions/app/audit/load-digests";
import { makeDueDigests } from "../../functions/app/audit/make-digests";
import { type TimelineRow, timeline } from "../../functions/app/audit/timeline";
import { auditCsv, auditJson } from "../../functions/shared/audit/export";
import { buildAuditDeps, type CliAuditDeps } from "../../infra/cli/audit-deps";
import { type DemoCase, runDemoCases } from "../../infra/local/demo-cases";
import { Driver } from "../../infra/local/driver";
import { localAwsClientConfig } from "../../infra/local/dynamodb-local";
import { type LocalStack, startStack } from "../../infra/local/stack";
import { seriousAccessibilityProblems } from "../support/axe";
import { DESKTOP, launchChromium, PHONE, scrollsSideways } from "../support/browser";
import { Scenario, smallCase } from "./harness";

const ROOT = join(import.meta.dirname, "..", "..");
let stack: LocalStack;
let s: Scenario;
let db: DynamoDBDocumentClient;
let deps: CliAuditDeps;
let demo: DemoCase[];
const table = () => process.env.TABLE_NAME as string;
const digestStore = () => {
  if (!deps.store) throw new Error("the runtime has no digest store");
  return deps.store;
};
/** What make-digest is given: the trails, the status index, and the digest store to read and extend. */
const digestDeps = () => ({
  trails: deps.trails,
  caseQueue: deps.caseQueue,
  digests: digestStore(),
  digestWrites: digestStore(),
  now: () => new Date(),
});
const digestNow = () => makeDueDigests(digestDeps(), { closeAtNow: true });

beforeAll(async () => {
  stack = await startStack({ inMemory: true, timeScale: 1 });
  const driver = new Driver(stack.url);
  s = new Scenario(driver);
  db = createDocumentClient(localAwsClientConfig(stack.dynamoEndpoint));
  deps = buildAuditDeps(process.env, db);
  demo = await runDemoCases(driver);
}, 180_000);

afterAll(async () => {
  db?.destroy();
  await stack?.stop();
});

/** A small case approved at manager and branch credit: nine events. */
async function approvedCase(): Promise<string> {
  const caseId = await s.submit(smallCase());
  await s.decide("mgr.wang", caseId, "approve");
  await s.decide("bc.liu", caseId, "approve");
  await s.waitStatus(caseId, "APPROVED");
  return caseId;
}

async function item(caseId: string, seq: number): Promise<Record<string, unknown>> {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: eventKey(caseId, seq) }));
  if (!Item) throw new Error(`no event ${seq} in ${caseId}`);
  return Item;
}

async function firstProblem(
  caseId: string,
  withDigests = false,
): Promise<Pick<TrailProblem, "kind" | "seq" | "caughtBy"> | null> {
  const audit = await auditCase({ ...deps, digests: withDigests ? deps.digests : null }, caseId);
  const p = audit?.verdict.problems[0];
  return p ? { kind: p.kind, seq: p.seq, caughtBy: p.caughtBy } : null;
}

describe("the demo's cases, audited", () => {
  it("verify from genesis, reproduce every recorded assessment under its policy version, and break no rule", async () => {
    expect(demo.map((c) => c.status)).toEqual(["APPROVED", "APPROVED", "APPROVED", "APPROVED"]);
    for (const c of demo) {
      const audit = await auditCase(deps, c.caseId);
      expect(audit?.verdict.ok, c.title).toBe(true);
      expect(audit?.replay.ok).toBe(true);
      expect(audit?.state?.status).toBe("APPROVED");
      expect(audit?.reproductions.map((r) => [r.outcome, r.policyVersion])).toEqual([
        ["REPRODUCED", DEFAULT_POLICY_ID],
      ]);
      expect(audit?.violations).toEqual([]);
    }
  });

  it("still reproduce after the default policy has moved to a new version", async () => {
    const next = structuredClone(rawPolicy);
    next.id = "sme-standard-2027.1";
    next.limits.pctOfSales.B = "0.35";
    next.route.branchCreditAuthority = "20000000";
    const policies = createPolicyRegistry({ ...BUILT_IN_POLICY_VERSIONS, [next.id]: next }, next.id);
    for (const c of demo) {
      const audit = await auditCase({ ...deps, policies }, c.caseId);
      expect(
        audit?.reproductions.map((r) => r.outcome),
        c.title,
      ).toEqual(["REPRODUCED"]);
    }
    // Had someone edited the recorded version in place instead, reproduction would refuse it.
    const edited = createPolicyRegistry(
      { [DEFAULT_POLICY_ID]: { ...next, id: DEFAULT_POLICY_ID } },
      DEFAULT_POLICY_ID,
    );
    const b2 = await auditCase({ ...deps, policies: edited }, demo[0]?.caseId ?? "");
    expect(b2?.reproductions[0]?.outcome).toBe("POLICY_CHANGED");
  });

  it("reproduces, through `audit reproduce`, a case the previous release recorded under 2026.1", async () => {
    // What the release before 2026.2 wrote: the application and its 2026.1 assessment, appended
    // through the same case repository the workflow uses.
    const app = smallCase();
    const assessment = assess(app, getPolicy("sme-standard-2026.1"));
    const repo = createCaseWriter(
      { store: createCaseStore({ client: db, tableName: table() }), client: db, tableName: table() },
      () => new Date(),
      [],
    );
    const caseId = `CASE-V2026-1-${process.pid}`;
    const appended = await repo.append(caseId, { state: undefined, count: 0 }, [
      {
        event: { type: "CASE_SUBMITTED", payload: { caseVersion: 1, application: app } },
        actor: app.submittedBy,
      },
      { event: { type: "CASE_ASSESSED", payload: { caseVersion: 1, assessment } }, actor: "system" },
    ]);
    expect(appended.ok).toBe(true);
    // The real default would assess it differently (its conditions), so only the recorded version reproduces it.
    expect(DEFAULT_POLICY_ID).toBe("sme-standard-2026.2");
    expect(canonicalJson(assess(app, getPolicy()))).not.toBe(canonicalJson(assessment));

    const cli = await promisify(execFile)(
      join(ROOT, "node_modules", ".bin", "tsx"),
      ["infra/cli/audit.ts", "reproduce", caseId],
      { cwd: ROOT, env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint } },
    ).catch((e: { code: number; stdout: string }) => e);
    expect("code" in cli ? cli.code : 0).toBe(0);
    expect(cli.stdout).toContain(
      "✓ version 1 (event 2) under sme-standard-2026.1: byte-identical under sme-standard-2026.1",
    );
  });

  it("compares policies over the latest application of every case in the store (assess --compare --cases)", async () => {
    // A returned case resubmitted with an equipment facility: only its latest application counts.
    const first = smallCase();
    const resubmittedId = await s.submit(first);
    await s.decide("mgr.wang", resubmittedId, "return", "add the equipment");
    await s.waitStatus(resubmittedId, "RETURNED");
    const revised: Application = {
      ...first,
      facilities: [...first.facilities, { type: "equipment", amount: "1000000.00", tenorMonths: 36 }],
    };
    const again = await s.driver.request("PUT", `/cases/${resubmittedId}`, {
      user: first.submittedBy,
      json: revised,
    });
    expect(again.status).toBe(200);
    await s.waitStatus(resubmittedId, "IN_APPROVAL");

    // The same applications, read independently through the HTTP API as an auditor, into a JSONL file.
    const ids = new Set<string>();
    for (const status of [
      "SUBMITTED",
      "IN_APPROVAL",
      "STALLED",
      "APPROVED",
      "DECLINED",
      "RETURNED",
      "FAILED",
    ]) {
      const r = await s.driver.request<{ cases: { caseId: string }[] }>(
        "GET",
        `/cases?status=${status}&limit=200`,
        {
          user: "au.he",
        },
      );
      for (const c of r.body.cases) ids.add(c.caseId);
    }
    const latest: unknown[] = [];
    for (const id of [...ids].sort()) {
      const r = await s.driver.request<{ events: { type: string; payload: { application?: unknown } }[] }>(
        "GET",
        `/cases/${id}/history`,
        { user: "au.he" },
      );
      latest.push(r.body.events.filter((e) => e.type === "CASE_SUBMITTED").at(-1)?.payload.application);
    }
    const file = join(mkdtempSync(join(tmpdir(), "compare-")), "store.jsonl");
    writeFileSync(file, `${latest.map((a) => JSON.stringify(a)).join("\n")}\n`);

    const assessCli = (args: string[]) =>
      promisify(execFile)(join(ROOT, "node_modules", ".bin", "tsx"), ["infra/cli/assess.ts", ...args], {
        cwd: ROOT,
        env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint },
      });
    const fromStore = await assessCli(["--compare", "sme-standard-2026.1", "--cases", "--format", "json"]);
    const fromFile = await assessCli(["--compare", "sme-standard-2026.1", file, "--format", "json"]);
    const impact = JSON.parse(fromStore.stdout);
    expect(impact.applications).toBe(ids.size);
    expect(impact.applications).toBeGreaterThanOrEqual(demo.length + 2);
    expect(impact).toEqual(JSON.parse(fromFile.stdout));
    expect(impact.conditions.codes).toContainEqual(expect.objectContaining({ code: "EQUIPMENT_PLEDGED" }));
  });
});

describe("tampering with the table through the AWS SDK", () => {
  it("verifies an untouched case, against its head and against the digest", async () => {
    const caseId = await approvedCase();
    await makeDueDigests(digestDeps(), { closeAtNow: true });
    expect(await firstProblem(caseId, true)).toBeNull();
    const audit = await auditCase(deps, caseId);
    expect(audit?.digests.anchoredIn.length).toBeGreaterThan(0);
    expect(audit?.ok).toBe(true);
    if (!audit) throw new Error("no audit");

    // The exports carry the same verdicts, and the JSON every stored item with its hashes.
    const rows = timeline(audit, deps.directory.nameOf);
    const json = JSON.parse(auditJson(audit, rows)) as { ok: boolean; items: { event: AuditEvent }[] };
    expect(json.ok).toBe(true);
    expect(json.items.map((i) => i.event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(json.items[9]?.event.hash).toBe(audit.trail.state?.headHash);
    const csv = auditCsv(rows).trimEnd().split("\r\n");
    expect(csv[0]).toBe(
      "seq,at,actor,actorName,type,what,policyVersion,check,anchoredIn,problem,hash,prevHash,key",
    );
    expect(csv).toHaveLength(11);
    expect(csv[4]).toMatch(/^4,[^,]+,mgr\.wang,Wang Wei,DECISION_RECORDED,.*,sme-standard-2026\.2,VERIFIED,/);
    // A comment that looks like a spreadsheet formula stays text.
    expect(auditCsv([{ ...(rows[3] as TimelineRow), what: "=HYPERLINK(1)" }])).toContain(",'=HYPERLINK(1),");
  });

  it("catches a changed payload, naming the event", async () => {
    const caseId = await approvedCase();
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: eventKey(caseId, 4),
        UpdateExpression: "SET payload.#c = :c",
        ExpressionAttributeNames: { "#c": "comment" },
        ExpressionAttributeValues: { ":c": "approved, see the side letter" },
      }),
    );
    expect(await firstProblem(caseId)).toEqual({ kind: "CHANGED", seq: 4, caughtBy: "chain" });
  });

  it("catches a deleted event, naming it", async () => {
    const caseId = await approvedCase();
    await db.send(new DeleteCommand({ TableName: table(), Key: eventKey(caseId, 5) }));
    expect(await firstProblem(caseId)).toEqual({ kind: "MISSING", seq: 5, caughtBy: "chain" });
  });

  it("catches two swapped events, naming the first", async () => {
    const caseId = await approvedCase();
    const [third, fourth] = [await item(caseId, 3), await item(caseId, 4)];
    await db.send(new PutCommand({ TableName: table(), Item: { ...fourth, ...eventKey(caseId, 3) } }));
    await db.send(new PutCommand({ TableName: table(), Item: { ...third, ...eventKey(caseId, 4) } }));
    expect(await firstProblem(caseId)).toEqual({ kind: "REORDERED", seq: 3, caughtBy: "chain" });
  });

  it("catches an inserted event, naming it", async () => {
    const caseId = await approvedCase();
    const before = await item(caseId, 4);
    const later = await Promise.all([5, 6, 7, 8, 9, 10].map((seq) => item(caseId, seq)));
    // A forged approval chained onto event 4 with a correct hash; the later events move up one.
    const [forged] = chainEvents({ caseId, seq: 4, hash: String(before.hash) }, [
      {
        type: "DECISION_RECORDED",
        at: String(before.at),
        actor: "ho.zhang",
        payload: {
          stage: "MANAGER",
          approvalId: "APR-forged",
          approverId: "ho.zhang",
          decision: "approve",
          comment: "",
        },
      },
    ]) as [AuditEvent];
    for (const old of later.reverse()) {
      const seq = Number(old.seq) + 1;
      await db.send(new PutCommand({ TableName: table(), Item: { ...old, ...eventKey(caseId, seq), seq } }));
    }
    await db.send(new PutCommand({ TableName: table(), Item: { ...forged, ...eventKey(caseId, 5) } }));
    expect(await firstProblem(caseId)).toEqual({ kind: "INSERTED", seq: 5, caughtBy: "chain" });
  });

  it("catches a whole chain rewritten after an event, head included, by the digest alone", async () => {
    const caseId = await approvedCase();
    const made = await makeDueDigests(digestDeps(), { closeAtNow: true });
    expect(made.at(-1)?.cases).toBeGreaterThan(0);

    // Whoever can write the table rewrites the manager's comment and recomputes every hash after it.
    const original = await Promise.all([4, 5, 6, 7, 8, 9, 10].map((seq) => item(caseId, seq)));
    const third = await item(caseId, 3);
    const rewritten = chainEvents(
      { caseId, seq: 3, hash: String(third.hash) },
      original.map((o, i) => ({
        type: String(o.type),
        at: String(o.at),
        actor: String(o.actor),
        payload:
          i === 0
            ? { ...(o.payload as object), comment: "approved as agreed by phone" }
            : (o.payload as Record<string, unknown>),
      })),
    );
    for (const e of rewritten)
      await db.send(new PutCommand({ TableName: table(), Item: { ...e, ...eventKey(caseId, e.seq) } }));
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: stateKey(caseId),
        UpdateExpression: "SET headHash = :h",
        ExpressionAttributeValues: { ":h": rewritten.at(-1)?.hash },
      }),
    );

    expect(await firstProblem(caseId)).toBeNull();
    expect(await firstProblem(caseId, true)).toEqual({ kind: "CHANGED", seq: 4, caughtBy: "digest" });
    const audit = await auditCase(deps, caseId);
    expect(audit?.verdict.problems[0]?.digest).toBe(made.at(-1)?.name);
    // The digests themselves are intact and chained from the first one the runtime made at start.
    const { digests } = await loadDigests(createFileDigestStore(stack.digestDir));
    expect(digests.length).toBeGreaterThanOrEqual(2);
    expect(audit?.digests.chainProblems).toEqual([]);

    // The same through the CLI and the auditor's page.
    const cli = await promisify(execFile)(
      join(ROOT, "node_modules", ".bin", "tsx"),
      ["infra/cli/audit.ts", "verify", caseId, "--digest"],
      {
        cwd: ROOT,
        env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint },
      },
    ).catch((e: { code: number; stdout: string }) => e);
    expect("code" in cli ? cli.code : 0).toBe(1);
    expect(cli.stdout).toContain("event 4 CHANGED");
    expect(cli.stdout).toContain("NOT VERIFIED: the first event that does not verify is event 4 (CHANGED)");

    const page = await s.driver.request<string>("GET", `/cases/${caseId}/audit`, { user: "au.he" });
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<li class="bad" data-seq="4" data-check="CHANGED">/);
    expect(page.text).toContain("Not verified: event 4 differs from the version anchored in digest");
  });

  it("records in the digest a trail that no longer verifies, and anchors it only up to the break", async () => {
    const caseId = await approvedCase();
    await db.send(new DeleteCommand({ TableName: table(), Key: eventKey(caseId, 6) }));
    const made = await digestNow();
    const last = made.at(-1);
    expect(last?.problems).toContainEqual(expect.objectContaining({ caseId, seq: 6, kind: "MISSING" }));
    const { digests } = await loadDigests(digestStore());
    const entry = digests.at(-1)?.digest.cases.find((c) => c.caseId === caseId);
    expect(entry?.headSeq).toBe(5);
  });

  it("refuses to replay past the last event, naming it, instead of showing the final state", async () => {
    const caseId = await approvedCase();
    const run = (args: string[]) =>
      promisify(execFile)(join(ROOT, "node_modules", ".bin", "tsx"), ["infra/cli/audit.ts", ...args], {
        cwd: ROOT,
        env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint },
      }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const beyond = await run(["replay", caseId, "--seq", "99"]);
    expect(beyond.code).toBe(2);
    expect(beyond.stdout).toBe("");
    expect(beyond.stderr.trimEnd().split("\n")).toEqual([
      expect.stringContaining(`--seq 99 is past the last event of ${caseId}, which is event 10`),
    ]);
    const within = await run(["replay", caseId, "--seq", "10"]);
    expect(within.code).toBe(0);
    expect(JSON.parse(within.stdout)).toMatchObject({ events: 10, state: { status: "APPROVED" } });
  });

  it("shows the audit page to auditors and the case's readers only", async () => {
    const caseId = demo[1]?.caseId ?? "";
    const as = (user: string) => s.driver.request<string>("GET", `/cases/${caseId}/audit`, { user });
    expect((await as("au.he")).status).toBe(200);
    expect((await as("rm.chen")).status).toBe(200);
    expect((await as("rm.huang")).status).toBe(404);
    expect((await s.driver.request<string>("GET", `/cases/${caseId}/audit`)).status).toBe(401);
    expect((await s.driver.request<string>("GET", "/cases/CASE-nope/audit", { user: "au.he" })).status).toBe(
      404,
    );
  });
});

describe("the auditor's page in a real browser", () => {
  it("shows a badge per event: anchored, changed, and what cannot be verified after the break", async () => {
    const caseId = await approvedCase();
    await digestNow();
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: eventKey(caseId, 7),
        UpdateExpression: "SET actor = :a",
        ExpressionAttributeValues: { ":a": "bc.sun" },
      }),
    );
    const browser = await launchChromium();
    try {
      // An auditor on a phone.
      const page = await browser.newPage({ viewport: PHONE, extraHTTPHeaders: { "x-user": "au.he" } });
      const response = await page.goto(`${stack.url}/cases/${caseId}/audit`);
      expect(response?.status()).toBe(200);
      expect(await page.locator("#verdict").innerText()).toContain("Not verified: event 7 was changed");
      const badge = (seq: number) => page.locator(`li[data-seq="${seq}"] .badge`).innerText();
      expect(await badge(1)).toMatch(/✓ verified\s+⚓ anchored/);
      expect(await badge(6)).toMatch(/✓ verified/);
      expect(await badge(7)).toBe("✗ changed");
      expect(await badge(8)).toContain("not verifiable after the break");
      expect(await page.locator('li[data-seq="7"] .meta').innerText()).toContain("bc.sun");
      expect(await page.locator("ol.timeline > li").count()).toBe(10);
      // Nothing wider than the phone: no sideways scrolling to read a hash.
      expect(await scrollsSideways(page)).toBe(false);
      // Times in the bank's zone, the UTC instant in the title.
      const time = page.locator('li[data-seq="1"] .meta time');
      expect(await time.innerText()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT([+-]\d{1,2}(:\d\d)?)?$/);
      expect(await time.getAttribute("title")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(UTC\)$/);
      expect(await seriousAccessibilityProblems(page)).toEqual([]);

      const clean = await page.goto(`${stack.url}/cases/${demo[0]?.caseId}/audit`);
      expect(clean?.status()).toBe(200);
      expect(await page.locator("#verdict").innerText()).toMatch(/^Verified: the trail is intact/);
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      // An auditor at a desk.
      await page.setViewportSize(DESKTOP);
      expect(await scrollsSideways(page)).toBe(false);
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
