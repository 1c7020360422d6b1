import { createSfnRuns } from "../adapters/aws/sfn-engine";
import type { WorkflowRuns } from "../app/ports";
import { sfnClient, stateMachineArn } from "./state-machine";

/** Port `workflowRuns`. */
export function workflowRuns(): WorkflowRuns {
  return createSfnRuns(sfnClient(), stateMachineArn());
}
