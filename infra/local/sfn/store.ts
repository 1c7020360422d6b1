import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { keyValueTableDefinition } from "../../../functions/adapters/aws/table";

/**
 * The emulator's own state (what AWS keeps inside Step Functions), in a DynamoDB Local table so that
 * waiting executions survive a restart: state machines, executions with their cursor, history, and
 * the task tokens they wait on.
 */

export interface MachineRecord {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  createdAt: number;
}

export type ExecStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

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
  /** The Task state last entered and its raw input: where a restart resumes. */
  cursor?: { state: string; rawInput: unknown };
  eventCount: number;
}

export interface TokenRecord {
  token: string;
  executionArn: string;
  state: string;
  /** Epoch ms at which the task times out (already scaled), or null for no timeout. */
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

export function createSfnStore(client: DynamoDBDocumentClient, TableName: string) {
  const get = async <T>(pk: string, sk: string): Promise<T | undefined> =>
    (await client.send(new GetCommand({ TableName, Key: { pk, sk }, ConsistentRead: true }))).Item?.data as
      | T
      | undefined;
  const put = (pk: string, sk: string, data: unknown, kind: string) =>
    client.send(new PutCommand({ TableName, Item: { pk, sk, kind, data } }));

  async function scanKind<T>(kind: string): Promise<T[]> {
    const out: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      // The emulator's own table, read once at start-up: not a request path of the product.
      const page = await client.send(
        new ScanCommand({
          TableName,
          FilterExpression: "kind = :k",
          ExpressionAttributeValues: { ":k": kind },
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) out.push(item.data as T);
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  return {
    putMachine: (m: MachineRecord) => put(`SM#${m.arn}`, "DEF", m, "machine"),
    machines: () => scanKind<MachineRecord>("machine"),
    putExecution: (e: ExecutionRecord) => put(`EX#${e.arn}`, "META", e, "execution"),
    executions: () => scanKind<ExecutionRecord>("execution"),
    putHistory: (arn: string, h: HistoryRecord) =>
      put(`EX#${arn}`, `EVT#${String(h.id).padStart(8, "0")}`, h, "history"),
    async history(arn: string): Promise<HistoryRecord[]> {
      const out: HistoryRecord[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :evt)",
            ExpressionAttributeValues: { ":pk": `EX#${arn}`, ":evt": "EVT#" },
            ExclusiveStartKey: start,
            ConsistentRead: true,
          }),
        );
        for (const item of page.Items ?? []) out.push(item.data as HistoryRecord);
        start = page.LastEvaluatedKey;
      } while (start);
      return out;
    },
    putToken: (t: TokenRecord) => put(`TK#${t.token}`, "TOKEN", t, "token"),
    getToken: (token: string) => get<TokenRecord>(`TK#${token}`, "TOKEN"),
    tokens: () => scanKind<TokenRecord>("token"),
    /** WAITING → DONE exactly once: whoever wins (send, timeout, stop) settles the task. */
    async closeToken(token: string): Promise<boolean> {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: `TK#${token}`, sk: "TOKEN" },
            UpdateExpression: "SET #d.#s = :done",
            ConditionExpression: "#d.#s = :waiting",
            ExpressionAttributeNames: { "#d": "data", "#s": "status" },
            ExpressionAttributeValues: { ":done": "DONE", ":waiting": "WAITING" },
          }),
        );
        return true;
      } catch (e) {
        if (e instanceof Error && e.name === "ConditionalCheckFailedException") return false;
        throw e;
      }
    },
  };
}

export type SfnStore = ReturnType<typeof createSfnStore>;
