import { randomUUID } from "node:crypto";
import { TaskError } from "./errors";
import type { ExecutionHistory } from "./history";
import type { ExecutionRecord } from "./store";

/** A Lambda handler of the product, run in this process. */
export type LocalLambda = (event: unknown, context: unknown) => Promise<unknown>;

export const REGION = "us-east-1";
export const ACCOUNT = "000000000000";

function functionName(ref: unknown): string {
  const text = String(ref ?? "");
  // arn:aws:lambda:region:account:function:NAME[:qualifier] or a plain name
  const m = /function:([^:]+)/.exec(text);
  return m?.[1] ?? text;
}

function lambdaContext(name: string) {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => 60_000,
  };
}

/**
 * The `lambda:invoke` integration: the payload and the result go through JSON as a real invocation
 * serializes them, the answer has the integration's envelope, and an error reaches Retry and Catch
 * under its name, with the task's events in the execution's history.
 */
export class LambdaInvoker {
  constructor(
    private readonly lambdas: Record<string, LocalLambda>,
    private readonly history: ExecutionHistory,
  ) {}

  async invoke(record: ExecutionRecord, state: string, params: Record<string, unknown>): Promise<unknown> {
    const name = functionName(params.FunctionName);
    const fn = this.lambdas[name];
    this.history.append(record, "TaskScheduled", {
      taskScheduledEventDetails: {
        resource: "lambda:invoke",
        parameters: JSON.stringify(params),
        resourceType: "lambda",
        state,
      },
    });
    if (!fn) throw new TaskError("Lambda.ResourceNotFoundException", `Function not found: ${name}`);
    try {
      const payload = await fn(JSON.parse(JSON.stringify(params.Payload ?? {})), lambdaContext(name));
      const result = payload === undefined ? null : JSON.parse(JSON.stringify(payload));
      this.history.append(record, "TaskSucceeded", {
        taskSucceededEventDetails: { resource: "lambda:invoke", resourceType: "lambda" },
      });
      return {
        ExecutedVersion: "$LATEST",
        Payload: result,
        StatusCode: 200,
        SdkHttpMetadata: { HttpStatusCode: 200 },
        SdkResponseMetadata: { RequestId: randomUUID() },
      };
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      const errorType = err.name || "Error";
      this.history.append(record, "TaskFailed", {
        taskFailedEventDetails: { error: errorType, cause: err.message },
      });
      throw new TaskError(errorType, JSON.stringify({ errorType, errorMessage: err.message }));
    }
  }
}
