import { describe, expect, it } from "vitest";
import { Executions } from "../../infra/local/sfn/executions";
import { ExecutionHistory } from "../../infra/local/sfn/history";
import type { ExecutionRecord, HistoryRecord } from "../../infra/local/sfn/store";

/** A store that refuses its first `outage` saves, as DynamoDB Local does while the runtime restarts it. */
function flakyStore(outage: number) {
  const saved: { status: string; cursor?: string; events: number[] }[] = [];
  let refused = 0;
  return {
    saved,
    refusals: () => refused,
    history: async (): Promise<HistoryRecord[]> => [],
    save: async (record: ExecutionRecord, events: readonly HistoryRecord[]) => {
      if (refused < outage) {
        refused += 1;
        throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), { code: "ECONNREFUSED" });
      }
      saved.push({
        status: record.status,
        ...(record.cursor ? { cursor: record.cursor.state } : {}),
        events: events.map((e) => e.id),
      });
    },
  };
}

function running(): ExecutionRecord {
  return {
    arn: "arn:aws:states:us-east-1:000000000000:execution:m:e1",
    machineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:m",
    name: "e1",
    status: "RUNNING",
    input: "{}",
    startDate: 0,
    eventCount: 0,
  };
}

describe("the local engine's saves during a store outage", () => {
  it("wait for the store to come back instead of failing the running task", async () => {
    const store = flakyStore(3);
    const history = new ExecutionHistory(store);
    const executions = new Executions(store, history);
    const record = running();
    history.append(record, "ExecutionStarted");

    await executions.enterWait(record, {}, { state: "OpenStage", token: "t1", deadline: null });

    expect(store.refusals()).toBe(3);
    expect(store.saved).toEqual([{ status: "RUNNING", cursor: "OpenStage", events: [1] }]);
  });

  it("still tell StartExecution's caller that the store is down, so nothing half-started runs", async () => {
    const store = flakyStore(1);
    const executions = new Executions(store, new ExecutionHistory(store));
    await expect(executions.start(running(), "role")).rejects.toThrow(/ECONNREFUSED/);
    expect(executions.find(running().arn)).toBeUndefined();
  });

  it("give up once the engine stops, rather than retrying forever", async () => {
    const store = flakyStore(Number.POSITIVE_INFINITY);
    const executions = new Executions(store, new ExecutionHistory(store));
    const finishing = executions.finish(running(), "SUCCEEDED", { output: "{}" });
    await executions.drain();
    await expect(finishing).rejects.toThrow(/ECONNREFUSED/);
  });
});
