import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { Decision } from "../../../domain";
import type { TaskDelivery, WorkflowEnginePort } from "./ports";

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
