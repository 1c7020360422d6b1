import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/lib-dynamodb";
import { keyValueTableDefinition } from "../../../functions/adapters/aws/table";

/**
 * The emulator's own state (what AWS keeps inside Step Functions), in a DynamoDB Local table so that
 * waiting executions survive a restart. An execution is one item (its record: status, the Task a
 * restart resumes at, the token it waits on) and its history is a series of chunk items; both are
 * written together, in one request, only at the points a restart needs (executions.ts).
 *
 * Items (pk / sk):
 *   SM#<arn> / DEF            a state machine
 *   EX#<arn> / META           an execution's record
 *   EX#<arn> / HIST#<first>   history events <first>… written by one save
 * Data written by earlier versions (EX#<arn> / EVT#<id> events, TK#<token> / TOKEN tokens) is read too.
 */

export interface MachineRecord {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  createdAt: number;
}

export type ExecStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

/** A waitForTaskToken task waiting on its token. */
export interface OpenWait {
  state: string;
  token: string;
  /** Epoch ms at which the task times out (already scaled), or null for no timeout. */
  deadline: number | null;
}

export interface ExecutionRecord {
  arn: string;
  machineArn: string;
  name: string;
  status: ExecStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate?: number;
  /** The Task state entered and its raw input: where a restart resumes. */
  cursor?: { state: string; rawInput: unknown };
  /** The token the Task at the cursor waits on, while it waits. */
  wait?: OpenWait;
  /** Every token the execution has issued, so a late SendTask* is told the task is over. */
  tokens?: string[];
  /** Ids given to history events so far. */
  eventCount: number;
}

/** A task token as versions before the single execution item kept it, read when resuming their data. */
export interface LegacyTokenRecord {
  token: string;
  executionArn: string;
  state: string;
  deadline: number | null;
  status: "WAITING" | "DONE";
}

export interface HistoryRecord {
  id: number;
  type: string;
  timestamp: number;
  details?: Record<string, unknown>;
}

export function sfnTableDefinition(tableName: string): CreateTableCommandInput {
  return keyValueTableDefinition(tableName);
}

/** DynamoDB's item limit is 400 KB; a save's events are split into chunks well below it. */
const CHUNK_BYTES = 300_000;
const HISTORY_PREFIX = "HIST#";
const LEGACY_EVENT_PREFIX = "EVT#";
const MAX_BATCH_ATTEMPTS = 8;

const paddedId = (id: number) => String(id).padStart(8, "0");

/**
 * Records are stored as one JSON string attribute, not as nested maps: DynamoDB Local spends its time
 * in JSON (de)serialising attribute trees, and a history chunk as a map tree is thousands of them.
 * Items written as maps by earlier versions are read as they are.
 */
const encode = (value: unknown) => JSON.stringify(value);
const decode = <T>(data: unknown): T => (typeof data === "string" ? JSON.parse(data) : data) as T;

function chunks(events: readonly HistoryRecord[]): HistoryRecord[][] {
  const out: HistoryRecord[][] = [];
  let current: HistoryRecord[] = [];
  let size = 0;
  for (const e of events) {
    const bytes = Buffer.byteLength(JSON.stringify(e));
    if (current.length > 0 && size + bytes > CHUNK_BYTES) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(e);
    size += bytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export function createSfnStore(client: DynamoDBDocumentClient, TableName: string) {
  async function batchWrite(items: Record<string, unknown>[]): Promise<void> {
    let pending: BatchWriteCommandInput["RequestItems"] = {
      [TableName]: items.map((Item) => ({ PutRequest: { Item } })),
    };
    for (let attempt = 1; pending && Object.keys(pending).length > 0; attempt++) {
      if (attempt > MAX_BATCH_ATTEMPTS) throw new Error("the emulator's state could not be written");
      const out: { UnprocessedItems?: BatchWriteCommandInput["RequestItems"] } = await client.send(
        new BatchWriteCommand({ RequestItems: pending }),
      );
      pending = out.UnprocessedItems;
    }
  }

  async function queryAll(pk: string): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": pk },
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  return {
    putMachine: (m: MachineRecord) =>
      client.send(
        new PutCommand({
          TableName,
          Item: { pk: `SM#${m.arn}`, sk: "DEF", kind: "machine", data: encode(m) },
        }),
      ),

    /** The execution's record and the history events not yet written, in one request. */
    save: (e: ExecutionRecord, events: readonly HistoryRecord[]) =>
      batchWrite([
        { pk: `EX#${e.arn}`, sk: "META", kind: "execution", data: encode(e) },
        ...chunks(events).map((c) => ({
          pk: `EX#${e.arn}`,
          sk: `${HISTORY_PREFIX}${paddedId(c[0]?.id ?? 0)}`,
          kind: "history",
          data: encode(c),
        })),
      ]),

    /** Everything a starting engine needs, in one pass (the emulator's own table, read once at start-up). */
    async load(): Promise<{
      machines: MachineRecord[];
      executions: ExecutionRecord[];
      legacyTokens: LegacyTokenRecord[];
    }> {
      const found = {
        machines: [] as MachineRecord[],
        executions: [] as ExecutionRecord[],
        legacyTokens: [] as LegacyTokenRecord[],
      };
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName,
            FilterExpression: "kind IN (:m, :e, :t)",
            ExpressionAttributeValues: { ":m": "machine", ":e": "execution", ":t": "token" },
            ExclusiveStartKey: start,
            ConsistentRead: true,
          }),
        );
        for (const item of page.Items ?? []) {
          if (item.kind === "machine") found.machines.push(decode<MachineRecord>(item.data));
          else if (item.kind === "execution") found.executions.push(decode<ExecutionRecord>(item.data));
          else found.legacyTokens.push(decode<LegacyTokenRecord>(item.data));
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return found;
    },

    /** The execution's written history, in order. */
    async history(arn: string): Promise<HistoryRecord[]> {
      const out: HistoryRecord[] = [];
      for (const item of await queryAll(`EX#${arn}`)) {
        const sk = String(item.sk);
        if (sk.startsWith(HISTORY_PREFIX)) out.push(...decode<HistoryRecord[]>(item.data));
        else if (sk.startsWith(LEGACY_EVENT_PREFIX)) out.push(decode<HistoryRecord>(item.data));
      }
      return out.sort((a, b) => a.id - b.id);
    },
  };
}

export type SfnStore = ReturnType<typeof createSfnStore>;
