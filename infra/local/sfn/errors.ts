/** AWS's Step Functions error names, so SDK clients raise the same exception classes as on AWS. */
export type SfnErrorName =
  | "StateMachineDoesNotExist"
  | "StateMachineAlreadyExists"
  | "ExecutionDoesNotExist"
  | "ExecutionAlreadyExists"
  | "InvalidToken"
  | "TaskDoesNotExist"
  | "TaskTimedOut"
  | "InvalidDefinition"
  | "InvalidArn"
  | "InvalidName"
  | "InvalidExecutionInput"
  | "InvalidOutput"
  | "ValidationException"
  | "UnknownOperationException";

export class SfnError extends Error {
  constructor(
    readonly type: SfnErrorName,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/** A task ended by an error the state machine's Retry/Catch match on by name, as on AWS. */
export class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}
