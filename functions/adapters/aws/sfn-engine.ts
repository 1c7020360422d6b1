import {
  DescribeExecutionCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import type { RunStatus } from "../../../domain";
import type { TaskAnswers, TaskDelivery, WorkflowRuns, WorkflowStarts } from "../../app/ports";

/**
 * The workflow engine through the real Step Functions client; locally the same client is pointed at
 * the embedded endpoint with AWS_ENDPOINT_URL_SFN, so these adapters do not know where they run.
 */

/** Port `workflowStarts`. */
export function createSfnStarts(client: SFNClient, stateMachineArn: string): WorkflowStarts {
  return {
    async startExecution(name, input) {
      const out = await client.send(
        new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
      );
      return { executionArn: out.executionArn ?? "" };
    },
  };
}

/** Errors by which Step Functions says a task is no longer waiting: reconciled, not failed. */
const CLOSED = new Set(["TaskTimedOut", "TaskDoesNotExist", "InvalidToken"]);

/** Port `taskAnswers`. */
export function createSfnTaskAnswers(client: SFNClient): TaskAnswers {
  return {
    async sendOutcome(taskToken, outcome): Promise<TaskDelivery> {
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

/** Port `workflowRuns`: what the reconciler asks of Step Functions about one case's run, and how it stops a stuck one. */
export function createSfnRuns(client: SFNClient, stateMachineArn: string): WorkflowRuns {
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
