import "./polyfills";
import { randomBytes, randomUUID } from "node:crypto";
import { ExecutionAbortedError, StateMachine } from "aws-local-stepfunctions";
import {
  type Definition,
  LAMBDA_INVOKE,
  LAMBDA_INVOKE_WAIT,
  parseDefinition,
  prepare,
  RAW_INPUT_KEY,
  readPath,
  replaceDeep,
  type TaskInfo,
  TOKEN_PLACEHOLDER,
} from "./definition";
import { SfnError, TaskError } from "./errors";
import type { ExecStatus, ExecutionRecord, HistoryRecord, MachineRecord, SfnStore } from "./store";

export type LocalLambda = (event: unknown, context: unknown) => Promise<unknown>;

const REGION = "us-east-1";
const ACCOUNT = "000000000000";

interface Waiter {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
  executionArn: string;
}

interface Running {
  record: ExecutionRecord;
  abort: () => void;
  /**
   * Set when resuming after a restart: the waiting task keeps its token and deadline and invokes its
   * handler again with them, since a crash may have come before the handler did its work.
   */
  resume?: { state: string; token: string; deadline: number | null };
  done: Promise<void>;
}

function functionName(ref: unknown): string {
  const text = String(ref ?? "");
  // arn:aws:lambda:region:account:function:NAME[:qualifier] or a plain name
  const m = /function:([^:]+)/.exec(text);
  return m?.[1] ?? text;
}

function lambdaContext(name: string) {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => 60_000,
  };
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{40,}$/;
/** When the store cannot be written at a task's deadline, the timeout is tried again this much later. */
const RETRY_TIMEOUT_MS = 1000;

/**
 * Executions of ASL state machines with aws-local-stepfunctions, their history and their task
 * tokens, persisted through `store` so a new engine on the same data resumes what was waiting.
 */
export class LocalEngine {
  private machines = new Map<string, MachineRecord>();
  private executions = new Map<string, ExecutionRecord>();
  private running = new Map<string, Running>();
  private waiters = new Map<string, Waiter>();
  private historyQueue = new Map<string, Promise<void>>();

  constructor(
    private readonly store: SfnStore,
    private readonly lambdas: Record<string, LocalLambda>,
    private readonly timeScale: number,
  ) {}

  /** Loads persisted machines and executions; resumes every execution that was running. */
  async load(): Promise<void> {
    for (const m of await this.store.machines()) this.machines.set(m.arn, m);
    const tokens = await this.store.tokens();
    for (const e of await this.store.executions()) {
      this.executions.set(e.arn, e);
      if (e.status !== "RUNNING") continue;
      // Stopped before its first task was recorded: run it from the start (every step is idempotent).
      if (!e.cursor) {
        this.launch(e, undefined, JSON.parse(e.input), undefined);
        continue;
      }
      const waiting = tokens.find(
        (t) => t.executionArn === e.arn && t.status === "WAITING" && t.state === e.cursor?.state,
      );
      this.launch(
        e,
        e.cursor.state,
        e.cursor.rawInput,
        waiting ? { state: waiting.state, token: waiting.token, deadline: waiting.deadline } : undefined,
      );
    }
  }

  async stop(): Promise<void> {
    for (const w of this.waiters.values()) if (w.timer) clearTimeout(w.timer);
    this.waiters.clear();
    const done = [...this.running.values()].map((r) => {
      r.abort();
      return r.done;
    });
    await Promise.allSettled(done);
    await Promise.allSettled([...this.historyQueue.values()]);
  }

  // --- state machines -------------------------------------------------------------------------

  async createStateMachine(name: string, definition: string, roleArn: string): Promise<MachineRecord> {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name))
      throw new SfnError("InvalidName", `invalid state machine name: ${name}`);
    try {
      const def = parseDefinition(definition);
      new StateMachine(prepare(def).definition as never, { validationOptions: { checkArn: false } });
    } catch (e) {
      throw new SfnError("InvalidDefinition", e instanceof Error ? e.message : String(e));
    }
    const arn = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
    const existing = this.machines.get(arn);
    if (existing && existing.definition !== definition) {
      // AWS refuses a different definition under an existing name; locally the newest file wins so a
      // restart after editing the ASL picks it up. Running executions keep the definition they began with.
    }
    const record: MachineRecord = {
      arn,
      name,
      definition,
      roleArn,
      createdAt: existing?.createdAt ?? Date.now(),
    };
    this.machines.set(arn, record);
    await this.store.putMachine(record);
    return record;
  }

  machine(arn: string): MachineRecord {
    const m = this.machines.get(arn);
    if (!m) throw new SfnError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
    return m;
  }

  listMachines(): MachineRecord[] {
    return [...this.machines.values()];
  }

  // --- executions -----------------------------------------------------------------------------

  async startExecution(
    machineArn: string,
    name: string | undefined,
    input: string | undefined,
  ): Promise<ExecutionRecord> {
    const machine = this.machine(machineArn);
    const execName = name ?? randomUUID();
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(execName))
      throw new SfnError("InvalidName", `invalid execution name: ${execName}`);
    const inputText = input ?? "{}";
    let parsed: unknown;
    try {
      parsed = JSON.parse(inputText);
    } catch {
      throw new SfnError("InvalidExecutionInput", "the execution input is not valid JSON");
    }
    const arn = `arn:aws:states:${REGION}:${ACCOUNT}:execution:${machine.name}:${execName}`;
    const existing = this.executions.get(arn);
    if (existing) {
      // As on AWS: the same name and input while running is idempotent; anything else conflicts.
      if (existing.status === "RUNNING" && existing.input === inputText) return existing;
      throw new SfnError("ExecutionAlreadyExists", `Execution Already Exists: '${arn}'`);
    }
    const record: ExecutionRecord = {
      arn,
      machineArn,
      name: execName,
      status: "RUNNING",
      input: inputText,
      startDate: Date.now(),
      eventCount: 0,
    };
    this.executions.set(arn, record);
    await this.store.putExecution(record);
    await this.history(record, "ExecutionStarted", {
      executionStartedEventDetails: { input: inputText, roleArn: machine.roleArn },
    });
    this.launch(record, undefined, parsed, undefined);
    return record;
  }

  describe(arn: string): ExecutionRecord {
    const e = this.executions.get(arn);
    if (!e) throw new SfnError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
    return e;
  }

  list(machineArn: string, status?: string): ExecutionRecord[] {
    this.machine(machineArn);
    return [...this.executions.values()]
      .filter((e) => e.machineArn === machineArn && (!status || e.status === status))
      .sort((a, b) => b.startDate - a.startDate);
  }

  async historyOf(arn: string): Promise<HistoryRecord[]> {
    this.describe(arn);
    await this.historyQueue.get(arn);
    return this.store.history(arn);
  }

  async stopExecution(arn: string, error?: string, cause?: string): Promise<number> {
    const e = this.describe(arn);
    if (e.status !== "RUNNING") return e.stopDate ?? Date.now();
    for (const [token, w] of this.waiters) {
      if (w.executionArn === arn) {
        if (w.timer) clearTimeout(w.timer);
        this.waiters.delete(token);
        await this.store.closeToken(token);
      }
    }
    this.running.get(arn)?.abort();
    await this.finish(e, "ABORTED", { error, cause });
    return e.stopDate ?? Date.now();
  }

  // --- task tokens ----------------------------------------------------------------------------

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

  async sendTaskSuccess(token: string, output: string): Promise<void> {
    let value: unknown;
    try {
      value = JSON.parse(output);
    } catch {
      throw new SfnError("InvalidOutput", "the task output is not valid JSON");
    }
    (await this.settle(token)).resolve(value);
  }

  async sendTaskFailure(token: string, error = "", cause = ""): Promise<void> {
    (await this.settle(token)).reject(new TaskError(error, cause));
  }

  async sendTaskHeartbeat(token: string): Promise<void> {
    if (!TOKEN_PATTERN.test(token)) throw new SfnError("InvalidToken", "Invalid Token");
    const record = await this.store.getToken(token);
    if (!record) throw new SfnError("TaskDoesNotExist", "Task Does Not Exist");
    if (record.status !== "WAITING") throw new SfnError("TaskTimedOut", "Task Timed Out");
  }

  // --- running ----------------------------------------------------------------------------------

  private launch(
    record: ExecutionRecord,
    startAt: string | undefined,
    input: unknown,
    resume: Running["resume"],
  ): void {
    const machine = this.machine(record.machineArn);
    const { definition, tasks } = prepare(parseDefinition(machine.definition), startAt);
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [name, info] of Object.entries(tasks))
      handlers[name] = (processed) => this.runTask(record.arn, name, info, processed);
    const retryIntervalOverrides = this.timeScale === 1 ? undefined : this.scaledRetries(definition);
    // A resumed run starts mid-machine, so states before it look unreachable: the definition was
    // validated when the machine was created.
    const sm = new StateMachine(definition as never, {
      validationOptions: startAt === undefined ? { checkArn: false } : { noValidate: true },
    });
    const run = sm.run(input as never, {
      overrides: {
        taskResourceLocalHandlers: handlers as never,
        ...(retryIntervalOverrides ? { retryIntervalOverrides } : {}),
      },
      context: {
        Execution: {
          Id: record.arn,
          Name: record.name,
          StartTime: new Date(record.startDate).toISOString(),
          Input: JSON.parse(record.input),
        },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: TOKEN_PLACEHOLDER },
      } as never,
    });
    const done = this.watch(record, run.result, run.eventLogs);
    this.running.set(record.arn, { record, abort: run.abort, resume, done });
  }

  private scaledRetries(definition: Definition): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const [name, st] of Object.entries(definition.States)) {
      const retry = st.Retry as { IntervalSeconds?: number }[] | undefined;
      if (retry) out[name] = retry.map((r) => ((r.IntervalSeconds ?? 1) * 1000) / this.timeScale);
    }
    return out;
  }

  private async watch(
    record: ExecutionRecord,
    result: Promise<unknown>,
    logs: AsyncGenerator<unknown>,
  ): Promise<void> {
    const consume = (async () => {
      for await (const log of logs) {
        const l = log as {
          type: string;
          state?: { name: string; type: string; input?: unknown; output?: unknown };
        };
        if (l.type === "StateEntered" && l.state) {
          await this.history(record, `${l.state.type}StateEntered`, {
            stateEnteredEventDetails: { name: l.state.name, input: JSON.stringify(l.state.input ?? null) },
          });
        } else if (l.type === "StateExited" && l.state) {
          await this.history(record, `${l.state.type}StateExited`, {
            stateExitedEventDetails: { name: l.state.name, output: JSON.stringify(l.state.output ?? null) },
          });
        }
      }
    })().catch(() => undefined);
    try {
      const output = await result;
      await consume;
      await this.finish(record, "SUCCEEDED", { output: JSON.stringify(output ?? null) });
    } catch (e) {
      await consume;
      if (e instanceof ExecutionAbortedError || record.status !== "RUNNING") return;
      const cause = (e as { cause?: { name?: string; message?: string } }).cause;
      await this.finish(record, "FAILED", {
        error: cause?.name ?? "States.Runtime",
        cause: cause?.message ?? String(e),
      });
    } finally {
      this.running.delete(record.arn);
    }
  }

  private async finish(
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
    const type = {
      SUCCEEDED: "ExecutionSucceeded",
      FAILED: "ExecutionFailed",
      ABORTED: "ExecutionAborted",
      TIMED_OUT: "ExecutionTimedOut",
      RUNNING: "",
    }[status];
    const details =
      status === "SUCCEEDED"
        ? { executionSucceededEventDetails: { output: record.output } }
        : status === "FAILED"
          ? { executionFailedEventDetails: { error: record.error, cause: record.cause } }
          : { executionAbortedEventDetails: { error: record.error, cause: record.cause } };
    await this.history(record, type, details);
  }

  /** History events are written in order per execution, without holding up the execution. */
  private history(record: ExecutionRecord, type: string, details?: Record<string, unknown>): Promise<void> {
    const previous = this.historyQueue.get(record.arn) ?? Promise.resolve();
    const next = previous.then(async () => {
      record.eventCount += 1;
      await this.store.putHistory(record.arn, {
        id: record.eventCount,
        type,
        timestamp: Date.now(),
        ...(details ? { details } : {}),
      });
    });
    this.historyQueue.set(
      record.arn,
      next.catch(() => undefined),
    );
    return next;
  }

  private async runTask(
    executionArn: string,
    state: string,
    info: TaskInfo,
    processed: unknown,
  ): Promise<unknown> {
    const record = this.describe(executionArn);
    const { [RAW_INPUT_KEY]: rawInput, ...params } = (processed ?? {}) as Record<string, unknown>;
    record.cursor = { state, rawInput };
    await this.store.putExecution(record);
    if (info.resource === LAMBDA_INVOKE) return this.invoke(record, state, params);
    if (info.resource === LAMBDA_INVOKE_WAIT) return this.waitForToken(record, state, info, rawInput, params);
    throw new TaskError("States.Runtime", `resource ${info.resource} is not supported by the local endpoint`);
  }

  private async invoke(
    record: ExecutionRecord,
    state: string,
    params: Record<string, unknown>,
  ): Promise<unknown> {
    const name = functionName(params.FunctionName);
    const fn = this.lambdas[name];
    await this.history(record, "TaskScheduled", {
      taskScheduledEventDetails: {
        resource: "lambda:invoke",
        parameters: JSON.stringify(params),
        resourceType: "lambda",
        state,
      },
    });
    if (!fn) throw new TaskError("Lambda.ResourceNotFoundException", `Function not found: ${name}`);
    try {
      // Through JSON both ways, as a real invocation serializes its payload and result.
      const payload = await fn(JSON.parse(JSON.stringify(params.Payload ?? {})), lambdaContext(name));
      const result = payload === undefined ? null : JSON.parse(JSON.stringify(payload));
      await this.history(record, "TaskSucceeded", {
        taskSucceededEventDetails: { resource: "lambda:invoke", resourceType: "lambda" },
      });
      return {
        ExecutedVersion: "$LATEST",
        Payload: result,
        StatusCode: 200,
        SdkHttpMetadata: { HttpStatusCode: 200 },
        SdkResponseMetadata: { RequestId: randomUUID() },
      };
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      const errorType = err.name || "Error";
      await this.history(record, "TaskFailed", {
        taskFailedEventDetails: { error: errorType, cause: err.message },
      });
      throw new TaskError(errorType, JSON.stringify({ errorType, errorMessage: err.message }));
    }
  }

  /** The task's timeout; a store outage at that moment postpones it instead of losing it. */
  private armTimeout(record: ExecutionRecord, token: string, waiter: Waiter, deadline: number): void {
    waiter.timer = setTimeout(
      async () => {
        try {
          if (!(await this.store.closeToken(token))) return;
        } catch {
          if (this.waiters.get(token) === waiter)
            this.armTimeout(record, token, waiter, Date.now() + RETRY_TIMEOUT_MS);
          return;
        }
        this.waiters.delete(token);
        await this.history(record, "TaskTimedOut", {
          taskTimedOutEventDetails: { error: "States.Timeout", resourceType: "lambda" },
        }).catch(() => undefined);
        waiter.reject(new TaskError("States.Timeout", "the task timed out"));
      },
      Math.max(0, deadline - Date.now()),
    );
  }

  private async waitForToken(
    record: ExecutionRecord,
    state: string,
    info: TaskInfo,
    rawInput: unknown,
    params: Record<string, unknown>,
  ): Promise<unknown> {
    const running = this.running.get(record.arn);
    const resume = running?.resume?.state === state ? running.resume : undefined;
    if (running && resume) running.resume = undefined;

    let token: string;
    let deadline: number | null;
    if (resume) {
      token = resume.token;
      deadline = resume.deadline;
    } else {
      token = randomBytes(48).toString("base64url");
      const seconds =
        info.timeoutSeconds ??
        (info.timeoutSecondsPath ? readPath(rawInput, info.timeoutSecondsPath) : undefined);
      if (
        seconds !== undefined &&
        (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 1)
      ) {
        throw new TaskError(
          "States.Runtime",
          `TimeoutSecondsPath ${info.timeoutSecondsPath} gave ${JSON.stringify(seconds)}, not a positive integer`,
        );
      }
      deadline = typeof seconds === "number" ? Date.now() + (seconds * 1000) / this.timeScale : null;
      await this.store.putToken({ token, executionArn: record.arn, state, deadline, status: "WAITING" });
    }

    // The waiter exists before the handler runs: a decision may come back before the handler returns.
    const waiter: Waiter = { resolve: () => undefined, reject: () => undefined, executionArn: record.arn };
    const outcome = new Promise<unknown>((resolve, reject) => {
      waiter.resolve = resolve;
      waiter.reject = reject;
    });
    this.waiters.set(token, waiter);
    // The timeout can fire before `outcome` is awaited.
    outcome.catch(() => undefined);

    try {
      // Also on a resume: the crash may have come after the token was stored and before (or while) the
      // handler ran; handlers take a token they have already seen as a repeat and finish their work.
      await this.invoke(
        record,
        state,
        replaceDeep(params, TOKEN_PLACEHOLDER, token) as Record<string, unknown>,
      );
    } catch (e) {
      this.waiters.delete(token);
      await this.store.closeToken(token);
      throw e;
    }
    // Armed once the handler has opened the stage, so a deadline that passed while the runtime was down
    // still offers the stage first, then escalates.
    if (deadline !== null && this.waiters.get(token) === waiter)
      this.armTimeout(record, token, waiter, deadline);
    const value = await outcome;
    await this.history(record, "TaskSucceeded", {
      taskSucceededEventDetails: {
        resource: "lambda:invoke.waitForTaskToken",
        output: JSON.stringify(value),
      },
    });
    return value;
  }
}
