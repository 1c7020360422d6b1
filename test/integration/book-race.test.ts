import { randomUUID } from "node:crypto";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Application, registryWithPlanFile } from "../../domain";
import { Dec } from "../../domain/decimal";
import { createBook } from "../../functions/adapters/aws/book";
import { type CaseTable, createCaseReader, createCaseWriter } from "../../functions/adapters/aws/case-repo";
import { createCaseStore } from "../../functions/adapters/aws/case-store";
import { createDocumentClient } from "../../functions/adapters/aws/dynamo-client";
import { appTableDefinition } from "../../functions/adapters/aws/table";
import { assessStep } from "../../functions/app/workflow/assess";
import { commitExposureStep } from "../../functions/app/workflow/commit-exposure";
import { localAwsClientConfig, startDynamoDbLocal } from "../../infra/local/dynamodb-local";
import { fixture } from "../support/applications";
import { memoryTelemetry, testClock } from "../support/memory-ports";
import { planFile } from "../support/portfolio";

/**
 * The commit race on DynamoDB Local, at the use-case level: the real case writer and book adapters,
 * the real transactions and conditions. The workflow around it (stages, mails) is covered end to end
 * in test/e2e/portfolio.test.ts; here the race itself runs often enough to show the counter never
 * passes its cap whatever the interleaving.
 */

const REPETITIONS = 50;
const LOAN = "5000000.00";
const HEADROOM = new Dec("8000000.00");

let stop: () => Promise<void> = async () => {};
let table: CaseTable;
let client: ReturnType<typeof createDocumentClient>;
const tableName = `book-race-${randomUUID()}`;

beforeAll(async () => {
  const local = await startDynamoDbLocal({});
  stop = local.stop;
  const config = localAwsClientConfig(local.endpoint);
  const admin = new DynamoDBClient(config);
  await admin.send(new CreateTableCommand(appTableDefinition(tableName)));
  admin.destroy();
  client = createDocumentClient(config);
  table = { client, tableName, store: createCaseStore({ client, tableName }) };
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await stop();
});

/** A plan whose program has `limit` in all (hard): each repetition gets 8,000,000 of headroom. */
function plansWithProgram(id: string, limit: string) {
  const data = planFile();
  data.planId = id;
  data.programLimit = { ...data.programLimit, amount: limit, hard: true };
  const plans = registryWithPlanFile(data);
  if (!plans.ok) throw new Error(JSON.stringify(plans.error));
  return plans.value;
}

function loan(caseId: string): Application {
  const app = fixture("a2-wholesale");
  app.applicationId = `APP-${caseId}`;
  app.facilities = [{ type: "working_capital", amount: LOAN, tenorMonths: 12 }];
  return app;
}

/** A random number of event-loop turns: the two commits start in a different interleaving each time. */
async function jitter(): Promise<void> {
  const turns = Math.floor(Math.random() * 40);
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("two approvals racing for the last headroom of a hard cap, on DynamoDB Local", () => {
  it(`commits exactly one of the two and never passes the cap (${REPETITIONS} repetitions)`, async () => {
    const clock = testClock();
    const probe = createBook({
      client,
      tableName,
      plans: plansWithProgram("sme-portfolio-2026.1-race0", "1.00"),
    });
    for (let round = 1; round <= REPETITIONS; round++) {
      const before = new Dec((await probe.counters(["PROGRAM"])).PROGRAM?.used ?? "0.00");
      const limit = before.plus(HEADROOM);
      const book = createBook({
        client,
        tableName,
        plans: plansWithProgram(`sme-portfolio-2026.1-race${round}`, limit.toFixed(2)),
      });
      const deps = {
        cases: createCaseReader(table),
        caseWrites: createCaseWriter(table, clock.now, ["bookReserve", "bookCommit"] as const),
        book,
        ...clock,
        telemetry: memoryTelemetry(),
      };
      const ids = [`RACE-${round}-A`, `RACE-${round}-B`];
      for (const caseId of ids) {
        const submitted = await deps.caseWrites.append(caseId, { state: undefined, count: 0 }, [
          {
            event: { type: "CASE_SUBMITTED", payload: { caseVersion: 1, application: loan(caseId) } },
            actor: "rm.chen",
          },
        ]);
        expect(submitted.ok).toBe(true);
        await assessStep(deps, { caseId, caseVersion: 1 });
        // Every stage of its route approves (the second carries PORTFOLIO_LIMIT, so head office too).
        const loaded = await deps.cases.load(caseId);
        if (!loaded) throw new Error(`${caseId} vanished`);
        const decided = await deps.caseWrites.append(
          caseId,
          { state: loaded.state, count: loaded.state.eventCount },
          loaded.state.route.map((stage) => ({
            event: { type: "STAGE_DECIDED" as const, payload: { stage, outcome: "approve" as const } },
            actor: "system",
          })),
        );
        expect(decided.ok).toBe(true);
      }

      const results = await Promise.all(
        ids.map(async (caseId) => {
          await jitter();
          return commitExposureStep(deps, { caseId });
        }),
      );

      expect(
        results.filter((r) => r.committed),
        `round ${round}`,
      ).toHaveLength(1);
      const after = new Dec((await probe.counters(["PROGRAM"])).PROGRAM?.used ?? "0.00");
      expect(after.toFixed(2), `round ${round}`).toBe(before.plus(LOAN).toFixed(2));
      expect(after.lte(limit), `round ${round}`).toBe(true);
      const loser = ids[results.findIndex((r) => !r.committed)] ?? "";
      const trail = (await deps.cases.load(loser))?.events.map((e) => e.type) ?? [];
      expect(trail).toContain("PORTFOLIO_COMMIT_REFUSED");
      expect(trail).not.toContain("EXPOSURE_COMMITTED");
    }
    // Every committed exposure is in the book, once.
    expect((await probe.exposures()).length).toBe(REPETITIONS);
  }, 240_000);
});
