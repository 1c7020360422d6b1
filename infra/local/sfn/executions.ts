import { SfnError } from "./errors";
import type { ExecutionHistory } from "./history";
import type { ExecStatus, ExecutionRecord, OpenWait, SfnStore } from "./store";

const SAVE_RETRY_FIRST_MS = 100;
const SAVE_RETRY_MAX_MS = 2_000;

const END_EVENTS: Record<ExecStatus, string> = {
  SUCCEEDED: "ExecutionSucceeded",
  FAILED: "ExecutionFailed",
  ABORTED: "ExecutionAborted",
  TIMED_OUT: "ExecutionTimedOut",
  RUNNING: "",
};

/**
 * Every execution, in memory for describe and list, and saved (its record with the history events
 * appended since, in one request) only where a restart needs it. A restart resumes a running
 * execution at its saved cursor, running the Lambda steps since then again (each is idempotent), so
 * the saved cursor only has to be a state from which running again is right:
 *
 * - when it starts, before StartExecution answers: it then exists, and runs from the start;
 * - when a waitForTaskToken task begins, before its handler sees the token: the token is what the
 *   product keeps, and a restart must wait on that very token again;
 * - when the first Task after such a wait begins, once the wait is over: a restart must not open a
 *   stage again that was decided, timed out or escalated meanwhile;
 * - when it ends, so that a restart leaves it alone.
 *
 * Lambda tasks in between are not saved: a crash there resumes at the last saved Task and runs them
 * again. A crash after a wait was settled but before the next save resumes the wait with the same
 * token; the product's open-stage step, run again with it, sends the outcome it recorded.
 */
export class Executions {
  private records = new Map<string, ExecutionRecord>();
  /** Saves of one execution run one after the other, each writing its latest record. */
  private saving = new Map<string, Promise<void>>();
  /** Executions whose saved cursor is a wait that has ended since. */
  private waitEnded = new Set<string>();
  /** Set by the engine's stop: saves still retrying through an outage give up. */
  private stopping = false;

  constructor(
    private readonly store: Pick<SfnStore, "save">,
    private readonly history: ExecutionHistory,
  ) {}

  /** Executions loaded from the store by the engine. */
  adopt(records: readonly ExecutionRecord[]): void {
    for (const e of records) this.records.set(e.arn, e);
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
    this.history.append(record, "ExecutionStarted", {
      executionStartedEventDetails: { input: record.input, roleArn },
    });
    try {
      await this.save(record);
    } catch (e) {
      // Not started after all: the caller is told so, and a retry with the same name may start it.
      this.records.delete(record.arn);
      this.history.forget(record.arn);
      throw e;
    }
  }

  /** A Lambda task begins; saved only when the last saved cursor is a wait that has ended. */
  async enterTask(record: ExecutionRecord, state: string, rawInput: unknown): Promise<void> {
    record.cursor = { state, rawInput };
    if (this.waitEnded.has(record.arn)) await this.saveThroughOutage(record);
  }

  /** A waitForTaskToken task begins, waiting on `wait.token`: saved before anyone sees the token. */
  async enterWait(record: ExecutionRecord, rawInput: unknown, wait: OpenWait): Promise<void> {
    record.cursor = { state: wait.state, rawInput };
    record.wait = wait;
    record.tokens = [...(record.tokens ?? []), wait.token];
    await this.saveThroughOutage(record);
  }

  /** A resumed task waits again on the token it was saved with: nothing new to save. */
  resumeWait(record: ExecutionRecord, rawInput: unknown, wait: OpenWait): void {
    record.cursor = { state: wait.state, rawInput };
    record.wait = wait;
  }

  /** Whether the running execution's open wait is on `token` (saved so, or resumed with it). */
  waitsOn(arn: string, token: string): boolean {
    const record = this.records.get(arn);
    return record?.status === "RUNNING" && record.wait?.token === token;
  }

  /** The task waiting on `token` is over (settled, timed out, failed or stopped). */
  waitOver(arn: string, token: string): void {
    const record = this.records.get(arn);
    if (record?.wait?.token !== token) return;
    delete record.wait;
    this.waitEnded.add(arn);
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
    delete record.wait;
    const details =
      status === "SUCCEEDED"
        ? { executionSucceededEventDetails: { output: record.output } }
        : status === "FAILED"
          ? { executionFailedEventDetails: { error: record.error, cause: record.cause } }
          : { executionAbortedEventDetails: { error: record.error, cause: record.cause } };
    this.history.append(record, END_EVENTS[status], details);
    await this.saveThroughOutage(record);
  }

  async drain(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.saving.values()]);
  }

  /**
   * A save the running execution depends on waits for the store to come back (the runtime restarts
   * DynamoDB Local on its data) instead of failing: Step Functions' own bookkeeping never fails a
   * task on AWS, and here a failed save would reach the machine's Catch as a task error and end the
   * case FAILED for an outage of a few seconds.
   */
  private async saveThroughOutage(record: ExecutionRecord): Promise<void> {
    for (let pause = SAVE_RETRY_FIRST_MS; ; pause = Math.min(pause * 2, SAVE_RETRY_MAX_MS)) {
      try {
        return await this.save(record);
      } catch (e) {
        if (this.stopping) throw e;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private save(record: ExecutionRecord): Promise<void> {
    const previous = this.saving.get(record.arn) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        // What is written is the record as it is now, with every event appended up to now.
        const events = this.history.take(record.arn);
        const ended = this.waitEnded.has(record.arn);
        this.waitEnded.delete(record.arn);
        try {
          // Serialised as the request is built: later changes to the record are the next save's.
          await this.store.save(record, events);
        } catch (e) {
          this.history.unsent(record.arn, events);
          if (ended) this.waitEnded.add(record.arn);
          throw e;
        }
        this.history.saved(record.arn, events);
      });
    this.saving.set(record.arn, next);
    const forget = () => {
      if (this.saving.get(record.arn) === next) this.saving.delete(record.arn);
    };
    next.then(forget, forget);
    return next;
  }
}
