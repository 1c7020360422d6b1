import { createSfnTaskAnswers } from "../adapters/aws/sfn-engine";
import type { TaskAnswers } from "../app/ports";
import { sfnClient } from "./state-machine";

/** Port `taskAnswers`: a task token names its run, so no state machine ARN is needed. */
export function taskAnswers(): TaskAnswers {
  return createSfnTaskAnswers(sfnClient());
}
