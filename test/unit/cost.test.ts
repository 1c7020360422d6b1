import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  COST_PAGE,
  COUNTS_FILE,
  LAMBDA_MEMORY_MB,
  PRICES,
  perCaseLines,
  renderCostPage,
  storageLines,
} from "../../scripts/cost-model";
import { type LoadCounts, uncounted } from "../bench/load/counts";
import { DynamoMeter, itemSize } from "../bench/load/meter";

const ROOT = join(import.meta.dirname, "..", "..");

function counts(perCase: Partial<LoadCounts["perCase"]>): LoadCounts {
  return {
    measuredAt: "2026-01-01T00:00:00.000Z",
    command: "npm run bench:load -- 1 1",
    node: "v20",
    cpus: 2,
    loadAverage: { before: [0, 0, 0], after: [0, 0, 0] },
    cases: 1,
    concurrency: 1,
    warmup: 0,
    results: {} as LoadCounts["results"],
    perCase: { ...uncounted(), ...perCase },
  };
}

const op = (requests: number, wcu: number, rcu: number) => ({
  requests,
  wcu,
  rcu,
  items: 0,
  meanMs: 0,
  sentKB: 0,
  receivedKB: 0,
});

describe("the cost of a case", () => {
  it("prices each counted unit at its list price", () => {
    const lines = perCaseLines(
      counts({
        stateTransitions: 14,
        lambda: { a: { invocations: 2, meanMs: 50, p50Ms: 50, p95Ms: 60, billedMs: 100 } },
        dynamo: {
          product: { PutItem: op(2, 4, 0), Query: op(3, 0, 2.5) },
          mail: {},
          engine: { BatchWriteItem: op(6, 12, 0) },
          runtime: {},
          harness: {},
        },
        mails: 3,
        apiRequests: 5,
      }),
    );
    const cost = Object.fromEntries(lines.map((l) => [l.item.split(" (")[0], l]));
    expect(cost["Step Functions state transitions"]?.usd).toBeCloseTo(14 * 0.000025, 12);
    expect(cost["Lambda invocations"]?.usd).toBeCloseTo(2 * 0.0000002, 12);
    // 100 ms at 512 MB is 0.05 GB-s.
    expect(cost["Lambda duration"]?.quantity).toBeCloseTo(0.05, 12);
    // The engine's own writes are Step Functions' business on AWS, not DynamoDB's.
    expect(cost["DynamoDB writes"]?.quantity).toBe(4);
    expect(cost["DynamoDB reads"]?.usd).toBeCloseTo((2.5 * 0.125) / 1e6, 12);
    expect(cost.Mails?.usd).toBeCloseTo(0.0003, 12);
    expect(cost["API Gateway requests"]?.usd).toBeCloseTo(0.000005, 12);
    const [storage] = storageLines(counts({ stored: { items: 10, kilobytes: 1024 } }));
    expect(storage?.quantity).toBeCloseTo(1_000_000 / 1024, 6);
    expect(PRICES.readOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("uses the memory the CDK stack gives every function", () => {
    const construct = readFileSync(join(ROOT, "infra", "aws", "constructs", "project-function.ts"), "utf8");
    expect(/memorySize: props\.memorySize \?\? (\d+)/.exec(construct)?.[1]).toBe(String(LAMBDA_MEMORY_MB));
  });

  it("docs/cost.md is what `npm run cost` makes of docs/cost-counts.json", () => {
    const measured = JSON.parse(readFileSync(COUNTS_FILE, "utf8")) as LoadCounts;
    expect(readFileSync(COST_PAGE, "utf8")).toBe(renderCostPage(measured));
  });
});

describe("capacity units as DynamoDB on demand bills them", () => {
  const S = (s: string) => ({ S: s });
  const item = (pk: string, bytes: number, extra: Record<string, unknown> = {}) => ({
    pk: S(pk),
    sk: S("X"),
    data: S("x".repeat(bytes)),
    ...extra,
  });

  it("sizes items by DynamoDB's rules, attribute names included", () => {
    expect(itemSize({ ab: S("xyz") })).toBe(5);
    expect(itemSize({ n: { N: "12345" } })).toBe(1 + 4);
    expect(itemSize({ m: { M: { a: S("b") } } })).toBe(1 + 3 + 2 + 1);
    expect(itemSize({ l: { L: [S("ab"), { BOOL: true }] } })).toBe(1 + 3 + (1 + 2) + (1 + 1));
  });

  it("bills a kilobyte per write unit, twice in a transaction, and half a 4 KB unit per eventual read", () => {
    const meter = new DynamoMeter({ t: { byStatus: ["g1", "g2"] } });
    const put = JSON.stringify({ TableName: "t", Item: item("a", 1500) });
    meter.record("PutItem", put, "{}", true);
    const transact = JSON.stringify({
      TransactItems: [
        { Put: { TableName: "t", Item: item("b", 100) } },
        { Put: { TableName: "t", Item: item("c", 100) } },
      ],
    });
    meter.record("TransactWriteItems", transact, "{}", true);
    const found = { Items: [item("a", 5000)] };
    meter.record(
      "Query",
      JSON.stringify({ TableName: "t", ConsistentRead: true }),
      JSON.stringify(found),
      true,
    );
    meter.record("Query", JSON.stringify({ TableName: "t" }), JSON.stringify(found), true);
    const t = meter.snapshot();
    expect(t["t:PutItem"]).toMatchObject({ requests: 1, wcu: 2 });
    expect(t["t:TransactWriteItems"]).toMatchObject({ requests: 1, wcu: 4 });
    expect(t["t:Query"]).toMatchObject({ requests: 2, rcu: 2 + 1 });
  });

  it("adds a write per index that holds the item, two when its index key moves", () => {
    const meter = new DynamoMeter({ t: { byStatus: ["g1", "g2"] } });
    const put = (g2: string) =>
      JSON.stringify({ TableName: "t", Item: item("a", 100, { g1: S("STATUS"), g2: S(g2) }) });
    meter.record("PutItem", put("1"), "{}", true);
    expect(meter.snapshot()["t:PutItem"]?.wcu).toBe(1 + 1);
    meter.reset();
    meter.record("PutItem", put("2"), "{}", true);
    expect(meter.snapshot()["t:PutItem"]?.wcu).toBe(1 + 2);
    meter.reset();
    meter.record("PutItem", JSON.stringify({ TableName: "t", Item: item("plain", 100) }), "{}", true);
    expect(meter.snapshot()["t:PutItem"]?.wcu).toBe(1);
  });
});
