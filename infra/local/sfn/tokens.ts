import { randomBytes } from "node:crypto";
import { SfnError, TaskError } from "./errors";
import type { Executions } from "./executions";
import type { ExecutionHistory } from "./history";
import type { ExecutionRecord } from "./store";

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{40,}$/;

/** A task waiting for its token: settled once, by SendTask*, its timeout, its handler failing or a stop. */
interface Waiter {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
  executionArn: string;
}

/**
 * The task tokens of waitForTaskToken tasks. Which tokens exist and which task waits on each is held
 * here, in memory: the engine is the only writer of its state, and a token is saved with its
 * execution before its handler sees it (executions.ts), so a restart knows it again. Settling needs
 * no write: JavaScript runs one settle at a time, and the first one removes the waiter.
 */
export class TaskTokens {
  /** Every token issued (or loaded), with the execution it belongs to. */
  private issued = new Map<string, string>();
  private waiters = new Map<string, Waiter>();

  constructor(
    private readonly history: ExecutionHistory,
    /** Where an execution's open wait is kept: told when it is over, however it ended. */
    private readonly executions: Pick<Executions, "waitOver" | "waitsOn">,
  ) {}

  issue(executionArn: string): string {
    const token = randomBytes(48).toString("base64url");
    this.issued.set(token, executionArn);
    return token;
  }

  /** Tokens of executions loaded from the store. */
  know(token: string, executionArn: string): void {
    this.issued.set(token, executionArn);
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
  abandon(token: string): void {
    const waiter = this.take(token);
    if (waiter) this.over(waiter.executionArn, token);
  }

  /** The task's timeout, armed once its handler has run. */
  arm(record: ExecutionRecord, token: string, deadline: number): void {
    const waiter = this.waiters.get(token);
    if (!waiter) return;
    waiter.timer = setTimeout(
      () => {
        if (this.take(token) !== waiter) return;
        this.over(waiter.executionArn, token);
        this.history.append(record, "TaskTimedOut", {
          taskTimedOutEventDetails: { error: "States.Timeout", resourceType: "lambda" },
        });
        waiter.reject(new TaskError("States.Timeout", "the task timed out"));
      },
      Math.max(0, deadline - Date.now()),
    );
  }

  succeed(token: string, value: unknown): void {
    this.settle(token).resolve(value);
  }

  fail(token: string, error: TaskError): void {
    this.settle(token).reject(error);
  }

  heartbeat(token: string): void {
    this.check(token);
  }

  /** A stopped execution's tasks stop waiting. */
  closeAllOf(executionArn: string): void {
    for (const [token, w] of this.waiters) {
      if (w.executionArn !== executionArn) continue;
      this.take(token);
      this.over(executionArn, token);
    }
  }

  stop(): void {
    for (const w of this.waiters.values()) if (w.timer) clearTimeout(w.timer);
    this.waiters.clear();
  }

  private take(token: string): Waiter | undefined {
    const waiter = this.waiters.get(token);
    if (!waiter) return undefined;
    if (waiter.timer) clearTimeout(waiter.timer);
    this.waiters.delete(token);
    return waiter;
  }

  /** The waiter of a token that is still waiting, or the error AWS answers for it. */
  private check(token: string): Waiter {
    if (!TOKEN_PATTERN.test(token)) throw new SfnError("InvalidToken", "Invalid Token");
    const executionArn = this.issued.get(token);
    if (!executionArn) throw new SfnError("TaskDoesNotExist", "Task Does Not Exist");
    const waiter = this.waiters.get(token);
    if (waiter) return waiter;
    if (this.executions.waitsOn(executionArn, token))
      // Not waiting again yet after a restart: the token stays open, and the resumed task's handler, run
      // again with this token, delivers the outcome the caller has recorded.
      throw new SfnError("TaskDoesNotExist", "the execution waiting on this token is not running");
    // AWS answers TaskTimedOut for a token whose task has already finished, however it finished.
    throw new SfnError("TaskTimedOut", "Task Timed Out");
  }

  private settle(token: string): Waiter {
    const waiter = this.check(token);
    this.take(token);
    this.over(waiter.executionArn, token);
    return waiter;
  }

  private over(executionArn: string, token: string): void {
    this.executions.waitOver(executionArn, token);
  }
}
