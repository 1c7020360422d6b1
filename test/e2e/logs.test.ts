import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../functions/adapters/aws/dynamo-client";
import { approvalKey } from "../../functions/adapters/aws/table";
import { METRICS } from "../../functions/app/ports";
import { APP_TABLE } from "../../infra/local/defaults";
import { Driver } from "../../infra/local/driver";
import { localAwsClientConfig } from "../../infra/local/dynamodb-local";
import { freePorts } from "../../infra/local/stack";
import { Scenario, smallCase } from "./harness";
import { type RuntimeProcess, spawnRuntime } from "./runtime-process";

/**
 * One demo case through `npm start`, as a person runs it, with its log read as an operator reads
 * CloudWatch: a structured line with the case id at each step, and nowhere a credential — not a task
 * token, a link signature, a CSRF token, a whole link or the signing key.
 */

interface Line {
  level?: string;
  message?: string;
  service?: string;
  timestamp?: string;
  caseId?: string;
  approvalId?: string;
  correlation_id?: string;
  _aws?: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] };
  [key: string]: unknown;
}

let runtime: RuntimeProcess;
let dataDir: string;
let caseId: string;
let output: string;
const secrets: { what: string; value: string }[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "logs-"));
  const ports = await freePorts();
  runtime = await spawnRuntime({
    dataDir,
    ports,
    env: { LOG_FORMAT: "json", POWERTOOLS_LOG_LEVEL: "INFO" },
    keepBytes: 20_000_000,
  });
  const driver = new Driver(runtime.url);
  const s = new Scenario(driver);
  caseId = await s.submit(smallCase());
  await s.waitStatus(caseId, "IN_APPROVAL");
  for (const approver of ["mgr.wang", "bc.liu"]) {
    const link = await s.link(approver, caseId);
    const page = await driver.open(link);
    if (!page.form) throw new Error(`no form for ${approver}: ${page.status}`);
    expect((await driver.submitForm(page.form, "approve", "reviewed")).status).toBe(200);
    secrets.push({ what: "an approval link", value: link });
    secrets.push({ what: "a link signature", value: new URL(link).searchParams.get("sig") ?? "" });
    secrets.push({ what: "a CSRF token", value: page.form.fields.csrf ?? "" });
    // A second click is refused: its lines must not carry the link either.
    expect((await driver.open(link)).status).toBe(409);
  }
  await s.waitStatus(caseId, "APPROVED");
  await s.settled(caseId);

  const db = createDocumentClient(localAwsClientConfig(`http://127.0.0.1:${ports.dynamo}`));
  const history = await s.history(caseId);
  for (const e of history as { type: string; payload?: { approvals?: { approvalId: string }[] } }[]) {
    for (const a of e.payload?.approvals ?? []) {
      const { Item } = await db.send(
        new GetCommand({ TableName: APP_TABLE, Key: approvalKey(a.approvalId) }),
      );
      secrets.push({ what: "a task token", value: String(Item?.taskToken ?? "") });
    }
  }
  db.destroy();
  secrets.push({
    what: "the link-signing key",
    value: readFileSync(join(dataDir, "link-signing-key"), "utf8").trim(),
  });
  await runtime.stop();
  output = runtime.output();
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const lines = (): Line[] =>
  output
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Line];
      } catch {
        return [];
      }
    });

describe("the log of one demo case under npm start", () => {
  it("has a structured line with the case id at every step, from the function that took it", () => {
    const ofCase = lines().filter((l) => l.caseId === caseId);
    const steps = ofCase.map((l) => `${l.service}: ${l.message}`);
    expect(steps).toEqual(
      expect.arrayContaining([
        "submit-case: case submitted",
        "assess-case: case assessed",
        "next-stage: next stage",
        "open-stage: stage opened",
        "open-stage: approval mail sent",
        "approval-decision: decision recorded",
        "next-stage: every stage approved",
        "finalize-case: case finalized",
      ]),
    );
    for (const l of ofCase) {
      expect(l, JSON.stringify(l)).toMatchObject({
        level: expect.any(String),
        timestamp: expect.any(String),
      });
      // Steps carry their run's name, routes the API request id: one id follows a request or a run.
      expect(l.correlation_id, JSON.stringify(l)).toEqual(expect.any(String));
    }
    const stepLines = ofCase.filter((l) =>
      ["assess-case", "next-stage", "open-stage", "finalize-case"].includes(String(l.service)),
    );
    expect(new Set(stepLines.map((l) => l.correlation_id))).toEqual(new Set([`${caseId}-v1`]));
    const decisions = ofCase.filter((l) => l.message === "decision recorded");
    expect(decisions.map((l) => l.approvalId)).toEqual([expect.any(String), expect.any(String)]);
  });

  it("writes the business metrics as embedded-metric-format lines", () => {
    const metrics = lines().flatMap((l) =>
      (l._aws?.CloudWatchMetrics ?? []).flatMap((m) => m.Metrics.map((x) => ({ name: x.Name, line: l }))),
    );
    expect(metrics.filter((m) => m.name === METRICS.casesSubmitted).map((m) => m.line.service)).toEqual([
      "submit-case",
    ]);
    expect(metrics.filter((m) => m.name === METRICS.stageDecided).map((m) => m.line.outcome)).toEqual([
      "approve",
      "approve",
    ]);
    expect(metrics.filter((m) => m.name === METRICS.decisionLatency)).toHaveLength(2);
  });

  it("never writes a task token, a link signature, a CSRF token, a link or the signing key", () => {
    expect(secrets.filter((s) => s.value.length < 16)).toEqual([]);
    expect(secrets.filter((s) => s.what === "a task token")).toHaveLength(2);
    expect(output.length).toBeGreaterThan(1000);
    expect(secrets.filter((s) => output.includes(s.value)).map((s) => s.what)).toEqual([]);
  });
});
