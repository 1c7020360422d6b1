import { type AttributeValue, QueryCommand } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, NumberValue } from "@aws-sdk/lib-dynamodb";
import { CodedError, type Exposure, type PortfolioRegistry } from "../../../domain";
import type {
  BookedExposure,
  BookPort,
  CounterState,
  ExposureCommit,
  ReservationMove,
} from "../../app/ports";
import type { TransactItem } from "./dynamo-client";
import { BOOK_COUNTERS_PK, BOOK_EXPOSURES_PK, counterKey, exposureKey } from "./table";

/**
 * The loan book in the single table (docs/portfolio.md): one item per counter with numbers `used` and
 * `reserved`, one item per approved exposure. DynamoDB numbers are exact decimals; they are written as
 * NumberValue and read from the raw attribute's text, so money never passes through a JS number.
 */

const ZERO_STATE: CounterState = { used: "0.00", reserved: "0.00" };

const num = (text: string) => NumberValue.from(text);

/** A DynamoDB number's text as a 2-decimal string ("1.5" → "1.50"; DynamoDB drops trailing zeros). */
function moneyOf(attribute: AttributeValue | undefined): string {
  const text = attribute?.N ?? "0";
  const [whole = "0", fraction = ""] = text.split(".");
  return `${whole}.${fraction.padEnd(2, "0")}`;
}

async function queryRaw(
  client: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    // The low-level command through the same client: items come back unconverted, numbers as text.
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: pk } },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

function parseExposureItem(item: Record<string, AttributeValue>): BookedExposure {
  // Written only by commitItems from a checked Exposure; the classic zod schema stays out of bundles.
  const exposure = JSON.parse(item.exposure?.S ?? "null") as Exposure | null;
  if (!exposure || typeof exposure.caseId !== "string")
    throw new CodedError("BAD_BOOK_ITEM", `exposure ${item.sk?.S} does not parse`);
  return {
    caseId: item.sk?.S ?? "",
    planId: item.planId?.S ?? "",
    planHash: item.planHash?.S ?? "",
    exposure,
    committedAt: item.committedAt?.S ?? "",
    ...(item.releasedAt?.S ? { releasedAt: item.releasedAt.S } : {}),
  };
}

/** Port `book`. */
export function createBook(deps: {
  client: DynamoDBDocumentClient;
  tableName: string;
  plans: PortfolioRegistry;
}): BookPort {
  const { client, tableName, plans } = deps;
  async function allCounters(): Promise<Record<string, CounterState>> {
    const out: Record<string, CounterState> = {};
    for (const item of await queryRaw(client, tableName, BOOK_COUNTERS_PK)) {
      const id = item.sk?.S;
      if (id) out[id] = { used: moneyOf(item.used), reserved: moneyOf(item.reserved) };
    }
    return out;
  }
  return {
    plans,
    allCounters,
    async counters(ids) {
      // One query of the counters' partition: a case touches a handful, the book holds dozens.
      const all = await allCounters();
      return Object.fromEntries(ids.map((id) => [id, all[id] ?? ZERO_STATE]));
    },
    async exposures() {
      const items = await queryRaw(client, tableName, BOOK_EXPOSURES_PK);
      return items.map(parseExposureItem).filter((e) => e.releasedAt === undefined);
    },
  };
}

/** Unconditional moves of reserved amounts: a reservation shows pending demand, it holds no headroom. */
export function reservationItems(tableName: string, moves: readonly ReservationMove[]): TransactItem[] {
  return moves.map((m) => ({
    Update: {
      TableName: tableName,
      Key: counterKey(m.counter),
      UpdateExpression: "ADD #reserved :add",
      ExpressionAttributeNames: { "#reserved": "reserved" },
      ExpressionAttributeValues: { ":add": num(m.add) },
    },
  }));
}

/**
 * The exposure put once, then one update per counter: ADD to `used`, the case's own reservation off
 * `reserved`, on condition `used` is at most `maxBefore` (limit − add) unless the delta has none.
 * Returns the items and, for each, the counter it updates (null for the exposure), so a failed
 * condition can be named.
 */
export function commitItems(
  tableName: string,
  caseId: string,
  commit: ExposureCommit,
  at: string,
): { items: TransactItem[]; counters: (string | null)[] } {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: {
          ...exposureKey(caseId),
          planId: commit.planId,
          planHash: commit.planHash,
          exposure: JSON.stringify(commit.exposure),
          committedAt: at,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  ];
  for (const d of commit.deltas) {
    const values: Record<string, unknown> = {
      ":add": num(d.add),
      ":unreserve": num(`-${d.unreserve}`.replace(/^--/, "")),
    };
    if (d.maxBefore !== null) values[":maxBefore"] = num(d.maxBefore);
    items.push({
      Update: {
        TableName: tableName,
        Key: counterKey(d.counter),
        UpdateExpression: "ADD #used :add, #reserved :unreserve",
        ...(d.maxBefore === null
          ? {}
          : { ConditionExpression: "attribute_not_exists(#used) OR #used <= :maxBefore" }),
        ExpressionAttributeNames: { "#used": "used", "#reserved": "reserved" },
        ExpressionAttributeValues: values,
      },
    });
  }
  return { items, counters: [null, ...commit.deltas.map((d) => d.counter)] };
}
