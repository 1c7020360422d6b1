import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { LocalEngine } from "./engine";
import { SfnError } from "./errors";
import type { ExecutionRecord } from "./store";

/**
 * The Step Functions JSON protocol (POST /, X-Amz-Target: AWSStepFunctions.<Op>) for the operations the
 * product uses, so an unmodified @aws-sdk/client-sfn works against the local engine.
 */

type Body = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function required(body: Body, field: string): string {
  const v = str(body[field]);
  if (!v)
    throw new SfnError("ValidationException", `1 validation error detected: '${field}' must not be null`);
  return v;
}

function epochSeconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

function describeExecution(e: ExecutionRecord) {
  return {
    executionArn: e.arn,
    stateMachineArn: e.machineArn,
    name: e.name,
    status: e.status,
    startDate: epochSeconds(e.startDate),
    stopDate: epochSeconds(e.stopDate),
    input: e.input,
    output: e.output,
    error: e.error,
    cause: e.cause,
  };
}

async function dispatch(engine: LocalEngine, op: string, body: Body): Promise<unknown> {
  switch (op) {
    case "CreateStateMachine": {
      const m = await engine.createStateMachine(
        required(body, "name"),
        required(body, "definition"),
        str(body.roleArn) ?? "arn:aws:iam::000000000000:role/local",
      );
      return { stateMachineArn: m.arn, creationDate: epochSeconds(m.createdAt) };
    }
    case "DescribeStateMachine": {
      const m = engine.machine(required(body, "stateMachineArn"));
      return {
        stateMachineArn: m.arn,
        name: m.name,
        status: "ACTIVE",
        definition: m.definition,
        roleArn: m.roleArn,
        type: "STANDARD",
        creationDate: epochSeconds(m.createdAt),
      };
    }
    case "ListStateMachines":
      return {
        stateMachines: engine.listMachines().map((m) => ({
          stateMachineArn: m.arn,
          name: m.name,
          type: "STANDARD",
          creationDate: epochSeconds(m.createdAt),
        })),
      };
    case "StartExecution": {
      const e = await engine.startExecution(
        required(body, "stateMachineArn"),
        str(body.name),
        str(body.input),
      );
      return { executionArn: e.arn, startDate: epochSeconds(e.startDate) };
    }
    case "DescribeExecution":
      return describeExecution(engine.describe(required(body, "executionArn")));
    case "ListExecutions": {
      const list = engine.list(required(body, "stateMachineArn"), str(body.statusFilter));
      return {
        executions: list.map((e) => ({
          executionArn: e.arn,
          stateMachineArn: e.machineArn,
          name: e.name,
          status: e.status,
          startDate: epochSeconds(e.startDate),
          stopDate: epochSeconds(e.stopDate),
        })),
      };
    }
    case "GetExecutionHistory": {
      const events = await engine.historyOf(required(body, "executionArn"));
      const ordered = body.reverseOrder === true ? [...events].reverse() : events;
      return {
        events: ordered.map((h) => ({
          id: h.id,
          previousEventId: h.id - 1,
          timestamp: epochSeconds(h.timestamp),
          type: h.type,
          ...(h.details ?? {}),
        })),
      };
    }
    case "StopExecution":
      return {
        stopDate: epochSeconds(
          await engine.stopExecution(required(body, "executionArn"), str(body.error), str(body.cause)),
        ),
      };
    case "SendTaskSuccess":
      await engine.sendTaskSuccess(required(body, "taskToken"), required(body, "output"));
      return {};
    case "SendTaskFailure":
      await engine.sendTaskFailure(required(body, "taskToken"), str(body.error), str(body.cause));
      return {};
    case "SendTaskHeartbeat":
      await engine.sendTaskHeartbeat(required(body, "taskToken"));
      return {};
    default:
      throw new SfnError(
        "UnknownOperationException",
        `operation ${op} is not supported by the local endpoint`,
      );
  }
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/x-amz-json-1.0" });
  res.end(JSON.stringify(body));
}

function readJson(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve(text ? (JSON.parse(text) as Body) : {});
      } catch {
        reject(new SfnError("ValidationException", "the request body is not JSON"));
      }
    });
    req.on("error", reject);
  });
}

export async function startSfnServer(
  engine: LocalEngine,
  port: number,
): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const op = target.startsWith("AWSStepFunctions.") ? target.slice("AWSStepFunctions.".length) : "";
    try {
      reply(res, 200, await dispatch(engine, op, await readJson(req)));
    } catch (e) {
      if (e instanceof SfnError)
        return reply(res, 400, {
          __type: `com.amazonaws.swf.service.v2.model#${e.type}`,
          message: e.message,
        });
      console.error(
        JSON.stringify({
          level: "error",
          message: "local step functions: internal error",
          op,
          error: String(e),
        }),
      );
      reply(res, 500, { __type: "InternalFailure", message: "internal error in the local endpoint" });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
