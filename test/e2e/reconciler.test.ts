import { SFNClient, StopExecutionCommand } from "@aws-sdk/client-sfn";
import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assess, getPolicy, replay } from "../../domain";
import { createCaseReader, createCaseWriter } from "../../functions/adapters/aws/case-repo";
import { createCaseStore } from "../../functions/adapters/aws/case-store";
import { createDocumentClient } from "../../functions/adapters/aws/dynamo-client";
import { executionArn } from "../../functions/adapters/aws/sfn-engine";
import { approvalKey } from "../../functions/adapters/aws/table";
import type { CaseReader, CaseWriter } from "../../functions/app/ports";
import { Driver } from "../../infra/local/driver";
import { localAwsClientConfig } from "../../infra/local/dynamodb-local";
import { type LocalStack, startStack } from "../../infra/local/stack";
import { EMAIL, Scenario, smallCase } from "./harness";

/**
 * The reconciler against cases broken by hand the ways a crash or an outage breaks them. Every case
 * counts as old enough to judge (RECOVERY_STUCK_AFTER_SECONDS=0), so a healthy case in the same
 * store shows that only the stuck ones are touched.
 */

type Reconcile = (event: unknown, context: unknown) => Promise<{ examined: number; repaired: string[] }>;

let stack: LocalStack;
let s: Scenario;
let driver: Driver;
let db: DynamoDBDocumentClient;
let cases: CaseReader & CaseWriter<"lockTake">;
let reconcile: Reconcile;
const table = () => process.env.TABLE_NAME as string;

beforeAll(async () => {
  process.env.RECOVERY_STUCK_AFTER_SECONDS = "0";
  stack = await startStack({ inMemory: true, timeScale: 1 });
  driver = new Driver(stack.url);
  s = new Scenario(driver);
  db = createDocumentClient(localAwsClientConfig(stack.dynamoEndpoint));
  const caseTable = {
    store: createCaseStore({ client: db, tableName: table() }),
    client: db,
    tableName: table(),
  };
  cases = { ...createCaseReader(caseTable), ...createCaseWriter(caseTable, () => new Date(), ["lockTake"]) };
  // The catalog's handler, loaded as the runtime loaded it (its configuration is read at load).
  reconcile = ((await import("../../functions/reconcile-cases/handler")) as { handler: Reconcile }).handler;
}, 120_000);

afterAll(async () => {
  db?.destroy();
  await stack?.stop();
});

const run = () => reconcile({}, { functionName: "reconcile-cases" });

async function types(caseId: string): Promise<string[]> {
  return (await s.history(caseId)).map((e) => e.type);
}

/** The case finding 1 left behind: submitted and assessed, no stage ever opened, no workflow run. */
async function neverOpened(): Promise<string> {
  const app = smallCase();
  const caseId = `CASE-hand-${app.applicationId}`;
  const submitted = await cases.append(
    caseId,
    { state: undefined, count: 0 },
    [
      {
        event: { type: "CASE_SUBMITTED", payload: { caseVersion: 1, application: app } },
        actor: app.submittedBy,
      },
    ],
    { takeLock: app.applicationId },
  );
  if (!submitted.ok) throw new Error("could not submit by hand");
  const assessment = assess(app, getPolicy());
  const assessed = await cases.append(caseId, { state: submitted.state, count: 1 }, [
    { event: { type: "CASE_ASSESSED", payload: { caseVersion: 1, assessment } }, actor: "system" },
  ]);
  if (!assessed.ok) throw new Error("could not assess by hand");
  return caseId;
}

describe("the reconciler", () => {
  it("repairs only the stuck cases, each with a recorded event, and they complete from the primary's links", async () => {
    const healthy = await s.submit(smallCase());
    await s.link("mgr.wang", healthy);

    const orphan = await neverOpened();

    const unmailed = await s.submit(smallCase());
    await driver.mailTo(EMAIL("mgr.wang"), unmailed);
    const [pending] = (await s.view(unmailed)).pendingApprovers;
    expect(pending).toBe("mgr.wang");
    const loaded = await cases.load(unmailed);
    const approvalId = loaded?.state.pendingApprovals[0]?.approvalId as string;
    // As if the runtime died between the stage's write and its mail: the mail mark is gone.
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: approvalKey(approvalId),
        UpdateExpression: "REMOVE mailedAt",
      }),
    );

    const dead = await s.submit(smallCase());
    const deadLink = await s.link("mgr.wang", dead);
    // Its workflow run dies while the manager still has the link.
    const sfn = new SFNClient(localAwsClientConfig(stack.sfnEndpoint));
    await sfn.send(
      new StopExecutionCommand({
        executionArn: executionArn(stack.stateMachineArn, `${dead}-v1`),
        cause: "test",
      }),
    );
    sfn.destroy();

    const first = await run();
    expect(first.repaired.sort()).toEqual([orphan, unmailed, dead].sort());
    expect(await types(healthy)).not.toContain("CASE_RECOVERED");

    // The never-opened case: its workflow restarted from the recorded state, the primary asked.
    await driver.mailTo(EMAIL("mgr.wang"), orphan);
    expect((await types(orphan)).slice(0, 4)).toEqual([
      "CASE_SUBMITTED",
      "CASE_ASSESSED",
      "CASE_RECOVERED",
      "STAGE_OPENED",
    ]);
    const orphanEvents = (await cases.load(orphan))?.events ?? [];
    const recovered = replay(orphan, orphanEvents).steps.find((st) => st.event.type === "CASE_RECOVERED");
    expect(recovered?.event.actor).toBe("reconciler");
    expect(recovered?.changes).toContain("workflowRun: 0 → 1");
    await s.decide("mgr.wang", orphan, "approve");
    await s.decide("bc.liu", orphan, "approve");
    await s.waitStatus(orphan, "APPROVED");

    // The unmailed approver is mailed again, with a link to the same approval.
    expect((await types(unmailed)).at(-1)).toBe("CASE_RECOVERED");
    const mails = (await driver.outbox()).filter(
      (m) => m.to.includes(EMAIL("mgr.wang")) && m.text.includes(unmailed),
    );
    expect(mails).toHaveLength(2);
    expect(mails.every((m) => driver.approvalLink(m).includes(approvalId))).toBe(true);

    // The dead run is replaced; the link mailed before still decides, through the new run.
    expect(await types(dead)).toContain("CASE_RECOVERED");
    expect((await driver.decide(deadLink, "approve", "after the restart")).status).toBe(200);
    await s.decide("bc.liu", dead, "approve");
    await s.waitStatus(dead, "APPROVED");

    // Nothing is stuck any more: a second pass repairs nothing.
    const second = await run();
    expect(second.repaired).toEqual([]);
    expect(second.examined).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
