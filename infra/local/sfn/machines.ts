import "./polyfills";
import { StateMachine } from "aws-local-stepfunctions";
import { parseDefinition, prepare } from "./definition";
import { SfnError } from "./errors";
import { ACCOUNT, REGION } from "./lambda";
import type { MachineRecord, SfnStore } from "./store";

export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

/** The state machines: checked when created, kept in memory, persisted so a restart knows them. */
export class MachineRegistry {
  private machines = new Map<string, MachineRecord>();

  constructor(private readonly store: Pick<SfnStore, "putMachine">) {}

  /** Machines loaded from the store by the engine. */
  adopt(records: readonly MachineRecord[]): void {
    for (const m of records) this.machines.set(m.arn, m);
  }

  async create(name: string, definition: string, roleArn: string): Promise<MachineRecord> {
    if (!NAME_PATTERN.test(name)) throw new SfnError("InvalidName", `invalid state machine name: ${name}`);
    try {
      const def = parseDefinition(definition);
      new StateMachine(prepare(def).definition as never, { validationOptions: { checkArn: false } });
    } catch (e) {
      throw new SfnError("InvalidDefinition", e instanceof Error ? e.message : String(e));
    }
    const arn = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
    // AWS refuses a different definition under an existing name; locally the newest file wins so a
    // restart after editing the ASL picks it up. Running executions keep the definition they began with.
    const existing = this.machines.get(arn);
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

  get(arn: string): MachineRecord {
    const m = this.machines.get(arn);
    if (!m) throw new SfnError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
    return m;
  }

  list(): MachineRecord[] {
    return [...this.machines.values()];
  }
}
