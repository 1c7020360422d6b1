import { createSfnStarts } from "../adapters/aws/sfn-engine";
import type { WorkflowStarts } from "../app/ports";
import { sfnClient, stateMachineArn } from "./state-machine";

/** Port `workflowStarts`. */
export function workflowStarts(): WorkflowStarts {
  return createSfnStarts(sfnClient(), stateMachineArn());
}
