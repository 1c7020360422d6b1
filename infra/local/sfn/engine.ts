import { randomUUID } from "node:crypto";
import { SfnError, TaskError } from "./errors";
import { Executions } from "./executions";
import { ExecutionHistory } from "./history";
import { ACCOUNT, LambdaInvoker, type LocalLambda, REGION } from "./lambda";
import { MachineRegistry, NAME_PATTERN } from "./machines";
import { Runner } from "./run";
import type { ExecutionRecord, HistoryRecord, MachineRecord, SfnStore } from "./store";
import { TaskTokens } from "./tokens";

export type { LocalLambda } from "./lambda";

/**
 * The local Step Functions service behind the JSON protocol (server.ts): state machines
 * (machines.ts), executions run by aws-local-stepfunctions (run.ts) and persisted (executions.ts)
 * with their history (history.ts), the Lambda integration (lambda.ts) and task tokens (tokens.ts).
 * What a restart needs is saved through `store`, so a new engine on the same data resumes what was
 * waiting (executions.ts says when it saves, and why no more often).
 */
export class LocalEngine {
  private readonly machines: MachineRegistry;
  private readonly executions: Executions;
  private readonly history: ExecutionHistory;
  private readonly tokens: TaskTokens;
  private readonly runner: Runner;

  constructor(
    private readonly store: SfnStore,
    lambdas: Record<string, LocalLambda>,
    timeScale: number,
  ) {
    this.machines = new MachineRegistry(store);
    this.history = new ExecutionHistory(store);
    this.executions = new Executions(store, this.history);
    this.tokens = new TaskTokens(this.history, this.executions);
    this.runner = new Runner({
      machines: this.machines,
      executions: this.executions,
      history: this.history,
      tokens: this.tokens,
      invoker: new LambdaInvoker(lambdas, this.history),
      timeScale,
    });
  }

  /** Loads persisted machines and executions; resumes every execution that was running. */
  async load(): Promise<void> {
    const saved = await this.store.load();
    this.machines.adopt(saved.machines);
    this.executions.adopt(saved.executions);
    for (const t of saved.legacyTokens) this.tokens.know(t.token, t.executionArn);
    for (const e of saved.executions) {
      for (const token of e.tokens ?? []) this.tokens.know(token, e.arn);
      if (e.status !== "RUNNING") continue;
      // Stopped before its first wait was saved: run it from the start (every step is idempotent).
      if (!e.cursor) {
        this.runner.launch(e, undefined, JSON.parse(e.input));
        continue;
      }
      const state = e.cursor.state;
      const legacy = saved.legacyTokens.find(
        (t) => t.executionArn === e.arn && t.status === "WAITING" && t.state === state,
      );
      if (!e.wait && legacy) e.wait = { state, token: legacy.token, deadline: legacy.deadline };
      this.runner.launch(e, state, e.cursor.rawInput, e.wait?.state === state ? e.wait : undefined);
    }
  }

  async stop(): Promise<void> {
    this.tokens.stop();
    await this.runner.stop();
    await this.executions.drain();
  }

  createStateMachine(name: string, definition: string, roleArn: string): Promise<MachineRecord> {
    return this.machines.create(name, definition, roleArn);
  }

  machine(arn: string): MachineRecord {
    return this.machines.get(arn);
  }

  listMachines(): MachineRecord[] {
    return this.machines.list();
  }

  async startExecution(
    machineArn: string,
    name: string | undefined,
    input: string | undefined,
  ): Promise<ExecutionRecord> {
    const machine = this.machines.get(machineArn);
    const execName = name ?? randomUUID();
    if (!NAME_PATTERN.test(execName))
      throw new SfnError("InvalidName", `invalid execution name: ${execName}`);
    const inputText = input ?? "{}";
    let parsed: unknown;
    try {
      parsed = JSON.parse(inputText);
    } catch {
      throw new SfnError("InvalidExecutionInput", "the execution input is not valid JSON");
    }
    const arn = `arn:aws:states:${REGION}:${ACCOUNT}:execution:${machine.name}:${execName}`;
    const existing = this.executions.find(arn);
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
    await this.executions.start(record, machine.roleArn);
    this.runner.launch(record, undefined, parsed);
    return record;
  }

  describe(arn: string): ExecutionRecord {
    return this.executions.get(arn);
  }

  list(machineArn: string, status?: string): ExecutionRecord[] {
    this.machines.get(machineArn);
    return this.executions.list(machineArn, status);
  }

  async historyOf(arn: string): Promise<HistoryRecord[]> {
    this.executions.get(arn);
    return this.history.of(arn);
  }

  async stopExecution(arn: string, error?: string, cause?: string): Promise<number> {
    const e = this.executions.get(arn);
    if (e.status !== "RUNNING") return e.stopDate ?? Date.now();
    this.tokens.closeAllOf(arn);
    this.runner.abort(arn);
    await this.executions.finish(e, "ABORTED", { error, cause });
    return e.stopDate ?? Date.now();
  }

  async sendTaskSuccess(token: string, output: string): Promise<void> {
    let value: unknown;
    try {
      value = JSON.parse(output);
    } catch {
      throw new SfnError("InvalidOutput", "the task output is not valid JSON");
    }
    this.tokens.succeed(token, value);
  }

  async sendTaskFailure(token: string, error = "", cause = ""): Promise<void> {
    this.tokens.fail(token, new TaskError(error, cause));
  }

  async sendTaskHeartbeat(token: string): Promise<void> {
    this.tokens.heartbeat(token);
  }
}
