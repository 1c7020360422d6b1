import { SfnError } from "./errors";
import type { ExecutionHistory } from "./history";
import type { ExecStatus, ExecutionRecord, SfnStore } from "./store";

const END_EVENTS: Record<ExecStatus, string> = {
  SUCCEEDED: "ExecutionSucceeded",
  FAILED: "ExecutionFailed",
  ABORTED: "ExecutionAborted",
  TIMED_OUT: "ExecutionTimedOut",
  RUNNING: "",
};

/**
 * Every execution, in memory for describe and list, and persisted at each point a restart needs: when
 * it starts, at each Task it enters (its cursor, where a restart resumes) and when it ends.
 */
export class Executions {
  private records = new Map<string, ExecutionRecord>();

  constructor(
    private readonly store: Pick<SfnStore, "putExecution" | "executions">,
    private readonly history: ExecutionHistory,
  ) {}

  /** Loads every persisted execution; returns them for the caller to resume those still running. */
  async load(): Promise<ExecutionRecord[]> {
    const all = await this.store.executions();
    for (const e of all) this.records.set(e.arn, e);
    return all;
  }

  find(arn: string): ExecutionRecord | undefined {
    return this.records.get(arn);
  }

  get(arn: string): ExecutionRecord {
    const e = this.records.get(arn);
    if (!e) throw new SfnError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
    return e;
  }

  list(machineArn: string, status?: string): ExecutionRecord[] {
    return [...this.records.values()]
      .filter((e) => e.machineArn === machineArn && (!status || e.status === status))
      .sort((a, b) => b.startDate - a.startDate);
  }

  async start(record: ExecutionRecord, roleArn: string): Promise<void> {
    this.records.set(record.arn, record);
    await this.store.putExecution(record);
    await this.history.append(record, "ExecutionStarted", {
      executionStartedEventDetails: { input: record.input, roleArn },
    });
  }

  /** The Task the execution has entered, with its raw input: where a restart resumes it. */
  async enterTask(record: ExecutionRecord, state: string, rawInput: unknown): Promise<void> {
    record.cursor = { state, rawInput };
    await this.store.putExecution(record);
  }

  async finish(
    record: ExecutionRecord,
    status: ExecStatus,
    fields: { output?: string; error?: string; cause?: string },
  ): Promise<void> {
    if (record.status !== "RUNNING") return;
    record.status = status;
    record.stopDate = Date.now();
    if (fields.output !== undefined) record.output = fields.output;
    if (fields.error !== undefined) record.error = fields.error;
    if (fields.cause !== undefined) record.cause = fields.cause;
    delete record.cursor;
    await this.store.putExecution(record);
    const details =
      status === "SUCCEEDED"
        ? { executionSucceededEventDetails: { output: record.output } }
        : status === "FAILED"
          ? { executionFailedEventDetails: { error: record.error, cause: record.cause } }
          : { executionAbortedEventDetails: { error: record.error, cause: record.cause } };
    await this.history.append(record, END_EVENTS[status], details);
  }
}
