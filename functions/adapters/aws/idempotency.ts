import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { CodedError } from "../../../domain/errors";
import * as z from "../../../domain/zod";
import type { IdempotencyKeys, IdempotencyRecord } from "../../app/ports";
import type { TransactItem } from "./dynamo-client";
import { idempotencyItemKey } from "./table";

/**
 * A key is kept a day: long enough for any client's retries, and after that the application's lock
 * still refuses a second open case for the same application.
 */
export const IDEMPOTENCY_TTL_SECONDS = 86_400;

const itemSchema = z.object({
  caller: z.string(),
  key: z.string(),
  requestHash: z.string(),
  caseId: z.string(),
});

/**
 * Written in the transaction of the case's first event, on condition no such key exists: the key and
 * the case commit together or not at all, so a crash at any instant leaves either both or neither.
 */
export function putIdempotencyItem(
  tableName: string,
  record: IdempotencyRecord,
  caseId: string,
  at: string,
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...idempotencyItemKey(record.caller, record.key),
        ...record,
        caseId,
        at,
        ttl: Math.floor(Date.parse(at) / 1000) + IDEMPOTENCY_TTL_SECONDS,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** Port `idempotencyKeys`. */
export function createIdempotencyKeys(table: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): IdempotencyKeys {
  return {
    async find(caller, key) {
      const { Item } = await table.client.send(
        new GetCommand({
          TableName: table.tableName,
          Key: idempotencyItemKey(caller, key),
          ConsistentRead: true,
        }),
      );
      if (!Item) return undefined;
      const parsed = itemSchema.safeParse(Item);
      if (!parsed.success) {
        throw new CodedError("CORRUPT_IDEMPOTENCY_ITEM", `malformed idempotency item ${String(Item.pk)}`, {
          cause: parsed.error,
        });
      }
      return parsed.data;
    },
  };
}
