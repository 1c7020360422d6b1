import "./polyfills";
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
import { TaskError } from "./errors";
import type { Executions } from "./executions";
import type { ExecutionHistory } from "./history";
import type { LambdaInvoker } from "./lambda";
import type { MachineRegistry } from "./machines";
import type { ExecutionRecord, OpenWait } from "./store";
import type { TaskTokens } from "./tokens";

interface Running {
  abort: () => void;
  /**
   * Where a resumed execution's waiting task picks up after a restart: it keeps its token and deadline
   * and invokes its handler again with them, since a crash may have come before the handler did its work.
   */
  resume?: OpenWait;
  done: Promise<void>;
}

export interface RunnerDeps {
  machines: MachineRegistry;
  executions: Executions;
  history: ExecutionHistory;
  tokens: TaskTokens;
  invoker: LambdaInvoker;
  /** 3600 makes an hour of task timeout (and of retry interval) pass in a second. */
  timeScale: number;
}

/**
 * Runs executions with aws-local-stepfunctions: its events become the execution's history, its Task
 * states call back here (the Lambda integrations and task tokens), and its result ends the execution.
 */
export class Runner {
  private running = new Map<string, Running>();
  private machinesByDefinition = new Map<
    string,
    { sm: StateMachine; tasks: Record<string, TaskInfo>; retryIntervalOverrides?: Record<string, number[]> }
  >();

  constructor(private readonly deps: RunnerDeps) {}

  launch(record: ExecutionRecord, startAt: string | undefined, input: unknown, resume?: OpenWait): void {
    const machine = this.deps.machines.get(record.machineArn);
    const { sm, tasks, retryIntervalOverrides } = this.compiled(machine.definition, startAt);
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [name, info] of Object.entries(tasks))
      handlers[name] = (processed) => this.runTask(record, name, info, processed);
    // Registered before the run starts: its first Task may begin before sm.run returns.
    const entry: Running = { abort: () => undefined, ...(resume ? { resume } : {}), done: Promise.resolve() };
    this.running.set(record.arn, entry);
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
    entry.abort = run.abort;
    entry.done = this.watch(record, run.result, run.eventLogs);
  }

  /**
   * The library's machine for a definition (and a state to start at, when resuming), built once: the
   * definition was validated when the machine was created (machines.ts), and validating it again per
   * execution was a tenth of the runtime's CPU under load.
   */
  private compiled(text: string, startAt: string | undefined) {
    const key = `${startAt ?? ""}\n${text}`;
    const known = this.machinesByDefinition.get(key);
    if (known) return known;
    const { definition, tasks } = prepare(parseDefinition(text), startAt);
    const built = {
      sm: new StateMachine(definition as never, { validationOptions: { noValidate: true } }),
      tasks,
      retryIntervalOverrides: this.deps.timeScale === 1 ? undefined : this.scaledRetries(definition),
    };
    this.machinesByDefinition.set(key, built);
    return built;
  }

  abort(arn: string): void {
    this.running.get(arn)?.abort();
  }

  async stop(): Promise<void> {
    const done = [...this.running.values()].map((r) => {
      r.abort();
      return r.done;
    });
    await Promise.allSettled(done);
  }

  private scaledRetries(definition: Definition): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const [name, st] of Object.entries(definition.States)) {
      const retry = st.Retry as { IntervalSeconds?: number }[] | undefined;
      if (retry) out[name] = retry.map((r) => ((r.IntervalSeconds ?? 1) * 1000) / this.deps.timeScale);
    }
    return out;
  }

  private async watch(
    record: ExecutionRecord,
    result: Promise<unknown>,
    logs: AsyncGenerator<unknown>,
  ): Promise<void> {
    const { history, executions } = this.deps;
    const consume = (async () => {
      for await (const log of logs) {
        const l = log as {
          type: string;
          state?: { name: string; type: string; input?: unknown; output?: unknown };
        };
        if (l.type === "StateEntered" && l.state) {
          history.append(record, `${l.state.type}StateEntered`, {
            stateEnteredEventDetails: { name: l.state.name, input: JSON.stringify(l.state.input ?? null) },
          });
        } else if (l.type === "StateExited" && l.state) {
          history.append(record, `${l.state.type}StateExited`, {
            stateExitedEventDetails: { name: l.state.name, output: JSON.stringify(l.state.output ?? null) },
          });
        }
      }
    })().catch(() => undefined);
    try {
      const output = await result;
      await consume;
      await executions.finish(record, "SUCCEEDED", { output: JSON.stringify(output ?? null) });
    } catch (e) {
      await consume;
      if (e instanceof ExecutionAbortedError || record.status !== "RUNNING") return;
      const cause = (e as { cause?: { name?: string; message?: string } }).cause;
      await executions.finish(record, "FAILED", {
        error: cause?.name ?? "States.Runtime",
        cause: cause?.message ?? String(e),
      });
    } finally {
      this.running.delete(record.arn);
    }
  }

  private async runTask(
    record: ExecutionRecord,
    state: string,
    info: TaskInfo,
    processed: unknown,
  ): Promise<unknown> {
    const { [RAW_INPUT_KEY]: rawInput, ...params } = (processed ?? {}) as Record<string, unknown>;
    if (info.resource === LAMBDA_INVOKE) {
      await this.deps.executions.enterTask(record, state, rawInput);
      return this.deps.invoker.invoke(record, state, params);
    }
    if (info.resource === LAMBDA_INVOKE_WAIT) return this.waitForToken(record, state, info, rawInput, params);
    throw new TaskError("States.Runtime", `resource ${info.resource} is not supported by the local endpoint`);
  }

  private deadlineOf(info: TaskInfo, rawInput: unknown): number | null {
    const seconds =
      info.timeoutSeconds ??
      (info.timeoutSecondsPath ? readPath(rawInput, info.timeoutSecondsPath) : undefined);
    if (seconds !== undefined && (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 1)) {
      throw new TaskError(
        "States.Runtime",
        `TimeoutSecondsPath ${info.timeoutSecondsPath} gave ${JSON.stringify(seconds)}, not a positive integer`,
      );
    }
    return typeof seconds === "number" ? Date.now() + (seconds * 1000) / this.deps.timeScale : null;
  }

  private async waitForToken(
    record: ExecutionRecord,
    state: string,
    info: TaskInfo,
    rawInput: unknown,
    params: Record<string, unknown>,
  ): Promise<unknown> {
    const { tokens, invoker, history, executions } = this.deps;
    const running = this.running.get(record.arn);
    const resume = running?.resume?.state === state ? running.resume : undefined;
    if (running && resume) running.resume = undefined;

    let wait: OpenWait;
    if (resume) {
      wait = resume;
      executions.resumeWait(record, rawInput, wait);
    } else {
      wait = { state, deadline: this.deadlineOf(info, rawInput), token: tokens.issue(record.arn) };
      await executions.enterWait(record, rawInput, wait);
    }
    const { token, deadline } = wait;
    const outcome = tokens.wait(token, record.arn);
    try {
      // Also on a resume: the crash may have come after the token was saved and before (or while) the
      // handler ran; handlers take a token they have already seen as a repeat and finish their work.
      await invoker.invoke(
        record,
        state,
        replaceDeep(params, TOKEN_PLACEHOLDER, token) as Record<string, unknown>,
      );
    } catch (e) {
      tokens.abandon(token);
      throw e;
    }
    // Armed once the handler has opened the stage, so a deadline that passed while the runtime was down
    // still offers the stage first, then escalates.
    if (deadline !== null) tokens.arm(record, token, deadline);
    const value = await outcome;
    history.append(record, "TaskSucceeded", {
      taskSucceededEventDetails: {
        resource: "lambda:invoke.waitForTaskToken",
        output: JSON.stringify(value),
      },
    });
    return value;
  }
}
