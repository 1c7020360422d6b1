/**
 * The runtime under load: the very stack `npm start` composes (stack.ts), in its own process so the
 * bench's clients do not share its CPU, with two observers added from outside the product: every
 * DynamoDB and Step Functions request of the process is counted from the wire (tap.ts, meter.ts),
 * and every catalog handler's invocations are timed. The bench talks to it over the IPC channel:
 * "reset" starts a measured window, "snapshot" returns what was counted since, "stop" ends it.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { appTableDefinition } from "../../../functions/adapters/aws/table";
import { APP_TABLE } from "../../../infra/local/defaults";
import type { LocalLambda } from "../../../infra/local/sfn/engine";
import { startStack } from "../../../infra/local/stack";
import { DynamoMeter, type IndexKeys } from "./meter";
import { tapSdkRequests } from "./tap";

export interface HandlerTimes {
  /** Milliseconds of each invocation, in order. */
  durations: number[];
  errors: number;
}

export interface Snapshot {
  dynamo: ReturnType<DynamoMeter["snapshot"]>;
  /** DynamoDB requests (and JSON bytes both ways) by the handler that made them ("-" outside any), table and operation. */
  byHandler: Record<string, { requests: number; bytes: number }>;
  /** Step Functions API calls made by the product (StartExecution, SendTaskSuccess…), by operation. */
  sfn: Record<string, number>;
  handlers: Record<string, HandlerTimes>;
  /** Items and bytes added to each table over the window (DynamoDB's item sizes). */
  stored: Record<string, { items: number; bytes: number }>;
  cpu: NodeJS.CpuUsage;
}

export type Command = { type: "reset" } | { type: "snapshot" } | { type: "stop" };
export type Message =
  | { type: "up"; url: string; sfnEndpoint: string; dynamoEndpoint: string }
  | { type: "snapshot"; snapshot: Snapshot }
  | { type: "failed"; error: string };

function indexKeysOf(tableName: string): Record<string, IndexKeys> {
  const definition = appTableDefinition(tableName);
  const keys: IndexKeys = {};
  for (const gsi of definition.GlobalSecondaryIndexes ?? [])
    keys[gsi.IndexName ?? ""] = (gsi.KeySchema ?? []).map((k) => k.AttributeName ?? "");
  return { [tableName]: keys };
}

const meter = new DynamoMeter(indexKeysOf(APP_TABLE));
let sfn: Record<string, number> = {};
let handlers: Record<string, HandlerTimes> = {};
let byHandler: Record<string, { requests: number; bytes: number }> = {};
/** The catalog function whose invocation a request belongs to. */
const invocation = new AsyncLocalStorage<string>();

tapSdkRequests((target, request, response) => {
  const [service, operation = ""] = target.split(".");
  if (service === "AWSStepFunctions") sfn[operation] = (sfn[operation] ?? 0) + 1;
  else if (service?.startsWith("DynamoDB")) {
    const table = meter.record(operation, request.body, response.body, response.status < 300, response.ms);
    const key = `${invocation.getStore() ?? "-"} ${table}:${operation}`;
    const tally = byHandler[key] ?? { requests: 0, bytes: 0 };
    byHandler[key] = tally;
    tally.requests += 1;
    tally.bytes += Buffer.byteLength(request.body) + Buffer.byteLength(response.body);
  }
});

function timed(name: string, handler: LocalLambda): LocalLambda {
  return async (event, context) => {
    const times = handlers[name] ?? { durations: [], errors: 0 };
    handlers[name] = times;
    const start = performance.now();
    try {
      return await invocation.run(name, () => handler(event, context));
    } catch (e) {
      times.errors++;
      throw e;
    } finally {
      times.durations.push(performance.now() - start);
    }
  };
}

const send = (m: Message) => process.send?.(m);

async function main() {
  const env = process.env;
  const stack = await startStack({
    dataDir: env.DATA_DIR,
    timeScale: 1,
    ports: { gateway: Number(env.PORT), sfn: Number(env.SFN_PORT), dynamo: Number(env.DYNAMODB_PORT) },
    wrapHandler: timed,
    onFatal: (error) => {
      send({ type: "failed", error: error.message });
      process.exit(1);
    },
  });
  let cpuAtReset = process.cpuUsage();
  let storedAtReset = meter.storage();
  process.on("message", async (command: Command) => {
    if (command.type === "reset") {
      meter.reset();
      sfn = {};
      handlers = {};
      byHandler = {};
      cpuAtReset = process.cpuUsage();
      storedAtReset = meter.storage();
    } else if (command.type === "snapshot") {
      send({
        type: "snapshot",
        snapshot: {
          dynamo: meter.snapshot(),
          byHandler: { ...byHandler },
          sfn: { ...sfn },
          handlers,
          stored: Object.fromEntries(
            Object.entries(meter.storage()).map(([table, now]) => [
              table,
              {
                items: now.items - (storedAtReset[table]?.items ?? 0),
                bytes: now.bytes - (storedAtReset[table]?.bytes ?? 0),
              },
            ]),
          ),
          cpu: process.cpuUsage(cpuAtReset),
        },
      });
    } else if (command.type === "stop") {
      await stack.stop();
      // A normal exit, so --cpu-prof writes its profile.
      process.exit(0);
    }
  });
  send({ type: "up", url: stack.url, sfnEndpoint: stack.sfnEndpoint, dynamoEndpoint: stack.dynamoEndpoint });
}

main().catch((e: unknown) => {
  send({ type: "failed", error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exit(1);
});
