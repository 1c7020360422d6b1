import { setTimeout as delay } from "node:timers/promises";
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type UpdateTimeToLiveCommandInput,
} from "@aws-sdk/client-dynamodb";
import { CodedError } from "../../domain/errors";

/** A table the local runtime needs, with its TTL switch (TTL is a separate call after CreateTable). */
export interface TableSpec {
  definition: CreateTableCommandInput;
  ttl?: UpdateTimeToLiveCommandInput;
}

export class TableSetupError extends CodedError {
  override readonly name = "TableSetupError";
  constructor(message: string) {
    super("TABLE_NOT_ACTIVE", message);
  }
}

function tableName(spec: TableSpec): string {
  const name = spec.definition.TableName;
  if (!name) throw new TypeError("table definition without TableName");
  return name;
}

async function status(client: DynamoDBClient, name: string): Promise<string | undefined> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: name }));
    return out.Table?.TableStatus;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function waitActive(client: DynamoDBClient, name: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
    if ((await status(client, name)) === "ACTIVE") return;
    if (Date.now() > deadline) throw new TableSetupError(`table ${name} is not ACTIVE after ${timeoutMs} ms`);
    await delay(pause);
  }
}

/**
 * Creates the tables that are missing and waits until each is ACTIVE; existing tables (a persisted
 * data directory) are left as they are, so a restart keeps its data. Returns the names it created.
 * Accepts bare CreateTable inputs or `{ definition, ttl }` specs.
 */
export async function ensureTables(
  client: DynamoDBClient,
  definitions: ReadonlyArray<TableSpec | CreateTableCommandInput>,
  timeoutMs = 30_000,
): Promise<string[]> {
  const created: string[] = [];
  for (const entry of definitions) {
    const spec: TableSpec = "definition" in entry ? entry : { definition: entry };
    const name = tableName(spec);
    let createdHere = false;
    if ((await status(client, name)) === undefined) {
      try {
        await client.send(new CreateTableCommand(spec.definition));
        createdHere = true;
        created.push(name);
      } catch (error) {
        // Another process starting at the same moment created it first: that is the outcome we wanted.
        if (!(error instanceof ResourceInUseException)) throw error;
      }
    }
    await waitActive(client, name, timeoutMs);
    if (spec.ttl && createdHere) await client.send(new UpdateTimeToLiveCommand(spec.ttl));
  }
  return created;
}
