import { randomBytes } from "node:crypto";
import { SfnError, TaskError } from "./errors";
import type { ExecutionHistory } from "./history";
import type { ExecutionRecord, SfnStore } from "./store";

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{40,}$/;
/** When the store cannot be written at a task's deadline, the timeout is tried again this much later. */
const RETRY_TIMEOUT_MS = 1000;

/** A task waiting for its token: settled once, by SendTask*, its timeout or a stop. */
interface Waiter {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
  executionArn: string;
}

/**
 * The task tokens of waitForTaskToken tasks: issued and stored before the task's handler sees them,
 * closed exactly once (WAITING → DONE in the store) by whoever settles the task first.
 */
export class TaskTokens {
  private waiters = new Map<string, Waiter>();

  constructor(
    private readonly store: Pick<SfnStore, "putToken" | "getToken" | "closeToken">,
    private readonly history: ExecutionHistory,
  ) {}

  async issue(executionArn: string, state: string, deadline: number | null): Promise<string> {
    const token = randomBytes(48).toString("base64url");
    await this.store.putToken({ token, executionArn, state, deadline, status: "WAITING" });
    return token;
  }

  /**
   * The task starts waiting on `token`; the promise settles with the task's outcome. The waiter exists
   * before the handler runs: a decision may come back before the handler returns.
   */
  wait(token: string, executionArn: string): Promise<unknown> {
    const waiter: Waiter = { resolve: () => undefined, reject: () => undefined, executionArn };
    const outcome = new Promise<unknown>((resolve, reject) => {
      waiter.resolve = resolve;
      waiter.reject = reject;
    });
    this.waiters.set(token, waiter);
    // The timeout can fire before the outcome is awaited.
    outcome.catch(() => undefined);
    return outcome;
  }

  /** The task failed before it could be settled (its handler threw): nobody may settle it any more. */
  async abandon(token: string): Promise<void> {
    this.waiters.delete(token);
    await this.store.closeToken(token);
  }

  /** The task's timeout; a store outage at that moment postpones it instead of losing it. */
  arm(record: ExecutionRecord, token: string, deadline: number): void {
    const waiter = this.waiters.get(token);
    if (!waiter) return;
    waiter.timer = setTimeout(
      async () => {
        try {
          if (!(await this.store.closeToken(token))) return;
        } catch {
          if (this.waiters.get(token) === waiter) this.arm(record, token, Date.now() + RETRY_TIMEOUT_MS);
          return;
        }
        this.waiters.delete(token);
        await this.history
          .append(record, "TaskTimedOut", {
            taskTimedOutEventDetails: { error: "States.Timeout", resourceType: "lambda" },
          })
          .catch(() => undefined);
        waiter.reject(new TaskError("States.Timeout", "the task timed out"));
      },
      Math.max(0, deadline - Date.now()),
    );
  }

  async succeed(token: string, value: unknown): Promise<void> {
    (await this.settle(token)).resolve(value);
  }

  async fail(token: string, error: TaskError): Promise<void> {
    (await this.settle(token)).reject(error);
  }

  async heartbeat(token: string): Promise<void> {
    if (!TOKEN_PATTERN.test(token)) throw new SfnError("InvalidToken", "Invalid Token");
    const record = await this.store.getToken(token);
    if (!record) throw new SfnError("TaskDoesNotExist", "Task Does Not Exist");
    if (record.status !== "WAITING") throw new SfnError("TaskTimedOut", "Task Timed Out");
  }

  /** A stopped execution's tasks stop waiting. */
  async closeAllOf(executionArn: string): Promise<void> {
    for (const [token, w] of this.waiters) {
      if (w.executionArn !== executionArn) continue;
      if (w.timer) clearTimeout(w.timer);
      this.waiters.delete(token);
      await this.store.closeToken(token);
    }
  }

  stop(): void {
    for (const w of this.waiters.values()) if (w.timer) clearTimeout(w.timer);
    this.waiters.clear();
  }

  private async settle(token: string): Promise<Waiter> {
    if (!TOKEN_PATTERN.test(token)) throw new SfnError("InvalidToken", "Invalid Token");
    const record = await this.store.getToken(token);
    if (!record) throw new SfnError("TaskDoesNotExist", "Task Does Not Exist");
    // AWS answers TaskTimedOut for a token whose task has already finished, however it finished.
    if (record.status !== "WAITING") throw new SfnError("TaskTimedOut", "Task Timed Out");
    const waiter = this.waiters.get(token);
    // Not waiting again yet after a restart: the token stays open, and the resumed task's handler, run
    // again with this token, delivers the outcome the caller has recorded.
    if (!waiter) throw new SfnError("TaskDoesNotExist", "the execution waiting on this token is not running");
    if (!(await this.store.closeToken(token))) throw new SfnError("TaskTimedOut", "Task Timed Out");
    if (waiter.timer) clearTimeout(waiter.timer);
    this.waiters.delete(token);
    return waiter;
  }
}
