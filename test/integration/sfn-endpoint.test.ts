import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../functions/adapters/aws/dynamo-client";
import { waitFor } from "../../infra/local/driver";
import {
  type DynamoDbLocal,
  localAwsClientConfig,
  startDynamoDbLocal,
} from "../../infra/local/dynamodb-local";
import { freePort } from "../../infra/local/ports";
import { LocalEngine } from "../../infra/local/sfn/engine";
import { startSfnServer } from "../../infra/local/sfn/server";
import { createSfnStore, sfnTableDefinition } from "../../infra/local/sfn/store";
import { ensureTables } from "../../infra/local/tables";

const ASL = readFileSync(join(import.meta.dirname, "..", "fixtures", "asl", "toy.asl.json"), "utf8");
const TABLE = "local-sfn-test";
// One second of task timeout takes a millisecond.
const TIME_SCALE = 1000;

let dynamo: DynamoDbLocal;
let sfnPort: number;
const parked = new Map<string, string>();
let flakyFailures = 0;

const lambdas = {
  double: async (event: unknown) => {
    const n = (event as { n: number }).n;
    if (n < 0) throw Object.assign(new Error("negative input"), { name: "BadInput" });
    if (flakyFailures > 0) {
      flakyFailures--;
      throw Object.assign(new Error("try again"), { name: "Flaky" });
    }
    return { n: n * 2 };
  },
  park: async (event: unknown) => {
    const e = event as { token: string; id: string };
    parked.set(e.id, e.token);
    return {};
  },
};

async function startEndpoint() {
  const store = createSfnStore(createDocumentClient(localAwsClientConfig(dynamo.endpoint)), TABLE);
  const engine = new LocalEngine(store, lambdas, TIME_SCALE);
  await engine.load();
  const server = await startSfnServer(engine, sfnPort);
  const client = new SFNClient({ ...localAwsClientConfig(server.endpoint), maxAttempts: 1 });
  return {
    client,
    stop: async () => {
      client.destroy();
      await server.stop();
      await engine.stop();
    },
  };
}

let endpoint: Awaited<ReturnType<typeof startEndpoint>>;
let machineArn: string;

beforeAll(async () => {
  dynamo = await startDynamoDbLocal({});
  sfnPort = await freePort();
  const raw = new DynamoDBClient(localAwsClientConfig(dynamo.endpoint));
  await ensureTables(raw, [{ definition: sfnTableDefinition(TABLE) }]);
  raw.destroy();
  endpoint = await startEndpoint();
  const created = await endpoint.client.send(
    new CreateStateMachineCommand({
      name: "toy",
      definition: ASL,
      roleArn: "arn:aws:iam::000000000000:role/x",
    }),
  );
  machineArn = created.stateMachineArn ?? "";
}, 60_000);

afterAll(async () => {
  await endpoint?.stop();
  await dynamo?.stop();
});

async function finished(executionArn: string): Promise<DescribeExecutionCommandOutput> {
  return waitFor(`${executionArn} to finish`, async () => {
    const d = await endpoint.client.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === "RUNNING" ? undefined : d;
  });
}

async function start(name: string, input: object) {
  const out = await endpoint.client.send(
    new StartExecutionCommand({ stateMachineArn: machineArn, name, input: JSON.stringify(input) }),
  );
  return out.executionArn ?? "";
}

describe("the local Step Functions endpoint, through the real SFN client", () => {
  it("runs lambda:invoke with ResultSelector and completes a waitForTaskToken task on SendTaskSuccess", async () => {
    const arn = await start("ok-1", { n: 21, id: "ok-1", timeout: 3600 });
    const token = await waitFor("the parked token", async () => parked.get("ok-1"));
    await endpoint.client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await endpoint.client.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ yes: true }) }),
    );
    const done = await finished(arn);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.output ?? "{}")).toMatchObject({ doubled: { n: 42 }, answer: { yes: true } });
    const history = await endpoint.client.send(new GetExecutionHistoryCommand({ executionArn: arn }));
    const types = (history.events ?? []).map((e) => e.type);
    expect(types[0]).toBe("ExecutionStarted");
    expect(types.at(-1)).toBe("ExecutionSucceeded");
    expect(types).toContain("TaskSucceeded");
  });

  it("answers TaskTimedOut to a second SendTaskSuccess and InvalidToken / TaskDoesNotExist to bad tokens", async () => {
    const arn = await start("twice-1", { n: 1, id: "twice-1", timeout: 3600 });
    const token = await waitFor("the parked token", async () => parked.get("twice-1"));
    await endpoint.client.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" }));
    await expect(
      endpoint.client.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    await expect(
      endpoint.client.send(new SendTaskSuccessCommand({ taskToken: "nope", output: "{}" })),
    ).rejects.toBeInstanceOf(InvalidToken);
    await expect(
      endpoint.client.send(new SendTaskSuccessCommand({ taskToken: "x".repeat(64), output: "{}" })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);
    expect((await finished(arn)).status).toBe("SUCCEEDED");
  });

  it("fires a task timeout from TimeoutSecondsPath, scaled, into the state's Catch", async () => {
    const arn = await start("timeout-1", { n: 1, id: "timeout-1", timeout: 2 });
    const done = await finished(arn);
    expect(JSON.parse(done.output ?? "{}")).toMatchObject({
      outcome: "timed out",
      timedOut: { Error: "States.Timeout" },
    });
    const token = parked.get("timeout-1") ?? "";
    await expect(
      endpoint.client.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it("retries a transient error and catches a permanent one by its name", async () => {
    flakyFailures = 1;
    const retried = await start("retry-1", { n: 5, id: "retry-1", timeout: 3600 });
    const token = await waitFor("the parked token", async () => parked.get("retry-1"));
    // Reaching the wait means Double succeeded on its retry.
    expect(flakyFailures).toBe(0);
    await endpoint.client.send(
      new SendTaskFailureCommand({ taskToken: token, error: "Declined", cause: "no" }),
    );
    const failedAtWait = await finished(retried);
    expect(failedAtWait.status).toBe("FAILED");
    expect(failedAtWait.error).toBe("Declined");
    const history = await endpoint.client.send(new GetExecutionHistoryCommand({ executionArn: retried }));
    expect((history.events ?? []).filter((e) => e.type === "TaskFailed").length).toBeGreaterThanOrEqual(1);

    const caught = await start("catch-1", { n: -1, id: "catch-1", timeout: 3600 });
    const done = await finished(caught);
    expect(done.status).toBe("FAILED");
    expect(done.error).toBe("Toy.Failed");
  });

  it("refuses a second execution of the same name with other input, and stops executions", async () => {
    const arn = await start("dup-1", { n: 1, id: "dup-1", timeout: 3600 });
    // As on AWS: the same name with the same input while running is idempotent.
    expect(await start("dup-1", { n: 1, id: "dup-1", timeout: 3600 })).toBe(arn);
    await expect(
      endpoint.client.send(
        new StartExecutionCommand({
          stateMachineArn: machineArn,
          name: "dup-1",
          input: JSON.stringify({ n: 3 }),
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await waitFor("the parked token", async () => parked.get("dup-1"));
    await endpoint.client.send(
      new StopExecutionCommand({ executionArn: arn, error: "Operator", cause: "test" }),
    );
    expect((await endpoint.client.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe(
      "ABORTED",
    );
    const list = await endpoint.client.send(
      new ListExecutionsCommand({ stateMachineArn: machineArn, statusFilter: "ABORTED" }),
    );
    expect(list.executions?.map((e) => e.name)).toContain("dup-1");
    await expect(
      endpoint.client.send(new StartExecutionCommand({ stateMachineArn: `${machineArn}-nope`, input: "{}" })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
  });

  it("resumes a waiting execution after a restart of the endpoint, with the same token", async () => {
    const arn = await start("restart-1", { n: 4, id: "restart-1", timeout: 3600 });
    const token = await waitFor("the parked token", async () => parked.get("restart-1"));
    await endpoint.stop();
    endpoint = await startEndpoint();
    await endpoint.client.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ after: "restart" }) }),
    );
    const done = await finished(arn);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.output ?? "{}")).toMatchObject({
      doubled: { n: 8 },
      answer: { after: "restart" },
    });
  });
});
