import {
  DescribeExecutionCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import type { Decision, RunStatus } from "../../../domain";
import type { TaskDelivery, WorkflowEnginePort, WorkflowRunsPort } from "./ports";

/** Errors by which Step Functions says a task is no longer waiting: reconciled, not failed. */
const CLOSED = new Set(["TaskTimedOut", "TaskDoesNotExist", "InvalidToken"]);

/**
 * The workflow engine through the real Step Functions client; locally the same client is pointed at
 * the embedded endpoint with AWS_ENDPOINT_URL_SFN, so this adapter does not know where it runs.
 */
export function createSfnEngine(stateMachineArn: string, client = new SFNClient({})): WorkflowEnginePort {
  return {
    async startExecution(name, input) {
      const out = await client.send(
        new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
      );
      return { executionArn: out.executionArn ?? "" };
    },
    async sendOutcome(taskToken: string, outcome: Decision): Promise<TaskDelivery> {
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ outcome }) }));
        return "DELIVERED";
      } catch (e) {
        if (e instanceof Error && CLOSED.has(e.name)) return "ALREADY_CLOSED";
        throw e;
      }
    },
  };
}

/** arn:…:stateMachine:NAME → arn:…:execution:NAME:RUN, as Step Functions names an execution. */
export function executionArn(stateMachineArn: string, runName: string): string {
  return `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${runName}`;
}

const RUN_STATUSES = new Set<RunStatus>(["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"]);

/** What the reconciler asks of Step Functions about one case's run, and how it stops a stuck one. */
export function createSfnRuns(stateMachineArn: string, client = new SFNClient({})): WorkflowRunsPort {
  return {
    async status(name) {
      try {
        const out = await client.send(
          new DescribeExecutionCommand({ executionArn: executionArn(stateMachineArn, name) }),
        );
        const status = out.status as RunStatus | undefined;
        // PENDING_REDRIVE and any status added later read as not running: the reconciler restarts.
        return status && RUN_STATUSES.has(status) ? status : "ABORTED";
      } catch (e) {
        if (e instanceof Error && e.name === "ExecutionDoesNotExist") return "MISSING";
        throw e;
      }
    },
    async stop(name, cause) {
      await client.send(
        new StopExecutionCommand({
          executionArn: executionArn(stateMachineArn, name),
          error: "Reconciled",
          cause,
        }),
      );
    },
  };
}
